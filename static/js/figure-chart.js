/* Draws the indicator charts: every element with data-chart="<id of a json_script element>".
   The data comes from the page (json_script), never inline script, so the CSP stays strict.
   Hollow points are provisional; the table beside the chart holds the same figures. */
(function () {
  "use strict";

  function numberFormat(language, unit) {
    var format = new Intl.NumberFormat(language === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 });
    return function (value) {
      if (value === null || value === undefined) { return "—"; }
      return format.format(value) + (unit === "%" ? "%" : "");
    };
  }

  function option(data) {
    var show = numberFormat(data.language, data.unit);
    var labels = data.labels;
    var series = [{
      name: labels.value,
      type: "line",
      connectNulls: false,
      symbolSize: 9,
      lineStyle: { width: 3, color: "#0d6efd" },
      itemStyle: { color: "#0d6efd" },
      data: data.values.map(function (value, index) {
        return { value: value, symbol: data.provisional[index] ? "emptyCircle" : "circle" };
      }),
      markLine: {
        silent: true,
        symbol: "none",
        lineStyle: { type: "dashed", color: "#198754" },
        label: { formatter: "{b}", position: "insideStartTop", color: "#146c43" },
        data: data.targets.map(function (target) { return { name: target.label, yAxis: target.value }; })
      }
    }];
    if (data.targets.length) {
      series.push({
        name: labels.target, type: "scatter", symbol: "diamond", symbolSize: 14,
        itemStyle: { color: "#198754" },
        data: data.targets.map(function (target) { return [target.year, target.value]; })
      });
    }
    if (data.required.length) {
      series.push({
        name: labels.required, type: "line", symbol: "none",
        lineStyle: { type: "dashed", color: "#6c757d" }, itemStyle: { color: "#6c757d" }, data: data.required
      });
    }
    if (data.projection.length) {
      series.push({
        name: labels.projection, type: "line", symbol: "triangle", symbolSize: 9,
        lineStyle: { type: "dotted", width: 3, color: "#b35c00" }, itemStyle: { color: "#b35c00" }, data: data.projection
      });
    }
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 48, containLabel: true },
      legend: { bottom: 0, type: "scroll" },
      tooltip: { trigger: "axis", valueFormatter: show, renderMode: "richText" },
      xAxis: { type: "category", data: data.years, boundaryGap: false },
      yAxis: { type: "value", scale: true, axisLabel: { formatter: show } },
      series: series
    };
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (!data.years.length) { element.hidden = true; return; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option(data));
    window.addEventListener("resize", function () { chart.resize(); });
    element.dataset.rendered = "true";
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
