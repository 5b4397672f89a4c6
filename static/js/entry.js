// Data-entry grid: the percentage computed live from numerator and denominator, and Enter
// moving to the next field instead of submitting half a form.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var lang = document.documentElement.lang || "vi";
  var format = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 2 });

  function parse(text) {
    var t = (text || "").trim().replace(/\s/g, "");
    if (!t) { return NaN; }
    if (lang === "vi") {
      if (t.indexOf(",") >= 0 || /^\d{1,3}(\.\d{3})+$/.test(t)) { t = t.replace(/\./g, "").replace(",", "."); }
    } else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) {
      t = t.replace(/,/g, "");
    }
    return /^-?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : NaN;
  }

  function update(cell) {
    var n = parse(cell.querySelector("[data-role=numerator]").value);
    var d = parse(cell.querySelector("[data-role=denominator]").value);
    var out = cell.querySelector("[data-role=percentage]");
    if (isNaN(n) || isNaN(d) || d <= 0) { out.textContent = ""; return; }
    out.textContent = format.format((n / d) * 100) + "%";
    out.classList.toggle("text-danger", n > d);
  }

  form.querySelectorAll("[data-parts]").forEach(function (cell) {
    cell.addEventListener("input", function () { update(cell); });
  });

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") { return; }
    event.preventDefault();
    var fields = Array.prototype.slice.call(form.querySelectorAll("input:not([type=hidden]):not([disabled]), textarea:not([disabled])"));
    var next = fields[fields.indexOf(event.target) + 1];
    if (next) { next.focus(); }
  });
}());
