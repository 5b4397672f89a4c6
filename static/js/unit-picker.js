// The template page's unit picker as a type-ahead: typing in the search box asks the server
// (reporting:import_unit_search, JSON, the units the user may import for) and refills the
// <select>. Without this file the "Find" button does the same by reloading the page.
// No inline script (the CSP forbids it); texts come from the page's data-* attributes.
(function () {
  "use strict";
  var picker = document.querySelector("[data-unit-picker]");
  if (!picker) { return; }
  var search = picker.querySelector("[data-unit-search]");
  var select = picker.querySelector("[data-unit-select]");
  var count = picker.querySelector("[data-unit-count]");
  var url = picker.getAttribute("data-search-url");
  var placeholder = select.options[0] ? select.options[0].cloneNode(true) : null;
  var timer = null;
  var asked = 0;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_all, name) { return String(values[name]); });
  }

  function show(data) {
    var chosen = select.value;
    select.textContent = "";
    if (placeholder) { select.appendChild(placeholder.cloneNode(true)); }
    var groups = {};
    data.results.forEach(function (unit) {
      var group = groups[unit.kind];
      if (!group) {
        group = document.createElement("optgroup");
        group.label = unit.kind;
        groups[unit.kind] = group;
        select.appendChild(group);
      }
      var option = document.createElement("option");
      option.value = unit.code;
      option.textContent = unit.label;
      if (unit.code === chosen) { option.selected = true; }
      group.appendChild(option);
    });
    // One match is the one meant: choose it, so that Download follows.
    if (data.results.length === 1) { select.value = data.results[0].code; }
    var shown = data.results.length.toLocaleString(document.documentElement.lang || undefined);
    var total = data.total.toLocaleString(document.documentElement.lang || undefined);
    count.textContent = format(count.getAttribute(data.more ? "data-more-text" : "data-all-text"), { shown: shown, total: total });
  }

  function ask() {
    var number = ++asked;
    fetch(url + "?q=" + encodeURIComponent(search.value.trim()), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && number === asked) { show(data); }  // an older, slower answer is dropped
    }).catch(function () { /* the Find button still works */ });
  }

  search.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 200);
  });
  search.addEventListener("keydown", function (event) {
    // Enter searches at once instead of submitting the form (which would try the download).
    if (event.key === "Enter") { event.preventDefault(); window.clearTimeout(timer); ask(); }
  });
})();
