/* Draws the choropleth maps: every element with data-map="<id of a json_script element>".
   The geometry (GeoJSON keyed by GSO code) is fetched from the static files; the colours and
   the class of each unit come from the page, so the legend beside the map and the table below
   it say exactly what the map shows. A click opens the unit's page. */
(function () {
  "use strict";

  /* The box around the units that have a figure, so that the map opens on them (Ho Chi Minh
     City reaches out to Con Dao island; a programme's wards are a part of it). */
  function boundsOf(geo, codes) {
    var box = [180, -90, -180, 90];
    function visit(coordinates) {
      if (typeof coordinates[0] === "number") {
        box[0] = Math.min(box[0], coordinates[0]); box[2] = Math.max(box[2], coordinates[0]);
        box[1] = Math.max(box[1], coordinates[1]); box[3] = Math.min(box[3], coordinates[1]);
        return;
      }
      coordinates.forEach(visit);
    }
    geo.features.forEach(function (feature) {
      if (codes[feature.properties.code]) { visit(feature.geometry.coordinates); }
    });
    return box[0] <= box[2] ? [[box[0], box[1]], [box[2], box[3]]] : null;
  }

  function draw(element) {
    var data = JSON.parse(document.getElementById(element.dataset.map).textContent);
    fetch(data.geo, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geo) {
        var name = element.dataset.map;
        echarts.registerMap(name, geo);
        var links = {};
        data.units.forEach(function (unit) { if (unit.colour) { links[unit.code] = unit.link; } });
        var bounds = boundsOf(geo, links);
        data.units.forEach(function (unit) { links[unit.code] = unit.link; });
        var chart = echarts.init(element, null, { renderer: "svg" });
        chart.setOption({
          animation: false,
          tooltip: { trigger: "item", renderMode: "richText", formatter: function (p) {
            return p.data ? p.data.label + ": " + p.data.text : (p.name + ": " + data.noData);
          } },
          series: [{
            type: "map", map: name, nameProperty: "code", roam: true, selectedMode: false,
            boundingCoords: bounds || undefined,
            itemStyle: { areaColor: "#e9ecef", borderColor: "#6c757d", borderWidth: 0.5 },
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffc107" } },
            label: { show: false },
            data: data.units.map(function (unit) {
              return { name: unit.code, label: unit.name, text: unit.text, itemStyle: { areaColor: unit.colour || "#e9ecef" } };
            })
          }]
        });
        chart.on("click", function (params) {
          if (links[params.name]) { window.location.href = links[params.name]; }
        });
        window.addEventListener("resize", function () { chart.resize(); });
        element.dataset.rendered = "true";
      });
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
