// The charts of the figures pages (Apache ECharts, vendored). Each chart is a
// <div data-chart="funnel|bars|series|map" data-source="ID"> whose data the page gives in
// <script type="application/json" id="ID"> (json_script: the CSP forbids inline script).
// Every point carries its number, the number as the reader writes it (`text`) and the list
// of the records it counts (`url`): a click opens exactly those records. The tables under
// the charts give the same numbers; the charts are an addition.
(function () {
  "use strict";
  var rtl = document.documentElement.dir === "rtl";
  var font = getComputedStyle(document.body).fontFamily;
  var blue = "#0d6efd";

  function read(el) {
    var source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function textOf(points) {
    var texts = {};
    points.forEach(function (p) { texts[p.name] = p.text; });
    return texts;
  }

  function open(params) {
    if (params.data && params.data.url) window.location.href = params.data.url;
  }

  // Horizontal bars, one per category, first at the top; in RTL the bars grow from the right.
  // A funnel from 72 000 visitors to 4 enterprises is read on a logarithmic scale (the
  // labels keep the real numbers).
  function logScale(points) {
    var values = points.map(function (p) { return p.value; }).filter(function (v) { return v > 0; });
    return values.length > 1 && Math.max.apply(null, values) / Math.min.apply(null, values) > 50;
  }

  function horizontal(data, allowLog) {
    var texts = textOf(data.points);
    var log = allowLog && logScale(data.points);
    var room = { left: 8, right: 8, top: 8, bottom: 8, containLabel: true };
    room[rtl ? "left" : "right"] = 90;  // the value labels past the longest bar
    return {
      textStyle: { fontFamily: font },
      grid: room,
      tooltip: { trigger: "item", renderMode: "richText", formatter: function (p) { return p.name + ": " + p.data.text; } },
      xAxis: { type: log ? "log" : "value", min: log ? 0.5 : 0, inverse: rtl, axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: {
        type: "category", inverse: true, position: rtl ? "right" : "left",
        data: data.points.map(function (p) { return p.name; }),
        axisTick: { show: false },
        axisLabel: { width: 170, overflow: "truncate", fontSize: 12 }
      },
      series: [{
        type: "bar", barMaxWidth: 22, cursor: "pointer", itemStyle: { color: blue },
        data: data.points.map(function (p) {
          return { value: log && p.value < 1 ? null : p.value, name: p.name, text: p.text, url: p.url };
        }),
        label: {
          show: true, position: rtl ? "left" : "right", fontSize: 12,
          formatter: function (p) { return texts[p.name] || ""; }
        }
      }]
    };
  }

  // Vertical bars over time; in RTL time runs from the right.
  function series(data) {
    return {
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", renderMode: "richText", formatter: function (p) { return p.name + ": " + p.data.text; } },
      xAxis: { type: "category", inverse: rtl, data: data.points.map(function (p) { return p.name; }) },
      yAxis: { type: "value", position: rtl ? "right" : "left", minInterval: 1 },
      series: [{
        type: "bar", barMaxWidth: 28, cursor: "pointer", itemStyle: { color: blue },
        data: data.points.map(function (p) {
          return { value: p.value, name: p.name, text: p.text, url: p.url };
        }),
        label: { show: data.points.length <= 24, position: "top", fontSize: 11, formatter: function (p) { return p.data.text; } }
      }]
    };
  }

  function draw(el, option, onClick) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", onClick);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function missingMap(el) {
    el.hidden = true;
    var note = el.parentNode.querySelector("[data-map-missing]");
    if (note) note.hidden = false;
  }

  // The provinces coloured by the indicator's number; a click shows that province's page.
  function map(el, data) {
    if (!data.geo) { missingMap(el); return; }
    fetch(data.geo, { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (geo) {
        var nameKey = (document.documentElement.lang || "").indexOf("ar") === 0 ? "name_ar" : "name_fr";
        var names = {};
        geo.features.forEach(function (f) { names[f.properties.code] = f.properties[nameKey] || f.properties.code; });
        echarts.registerMap(data.map, geo);
        var values = data.points.map(function (p) { return p.value; });
        var max = Math.max.apply(null, values.concat([1]));
        draw(el, {
          textStyle: { fontFamily: font },
          tooltip: {
            trigger: "item", renderMode: "richText",
            formatter: function (p) {
              var name = p.data ? p.data.label : (names[p.name] || p.name);
              return p.data ? name + ": " + p.data.text : name;
            }
          },
          visualMap: {
            min: 0, max: max, left: rtl ? "right" : "left", bottom: 0, itemHeight: 100,
            calculable: false, text: [String(max), "0"], inRange: { color: ["#e7f0fe", "#0b5ed7"] }
          },
          series: [{
            type: "map", map: data.map, nameProperty: "code", roam: false, selectedMode: false,
            itemStyle: { areaColor: "#f1f3f5", borderColor: "#adb5bd", borderWidth: 0.5 },
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#ffc107" } },
            data: data.points.map(function (p) {
              return { name: p.code, value: p.value, text: p.text, url: p.select, label: p.name };
            })
          }]
        }, open);
      })
      .catch(function () { missingMap(el); });
  }

  function init() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = read(el);
      if (!data) return;
      var kind = el.dataset.chart;
      if (kind === "map") { map(el, data); return; }
      if (!data.points.length) { el.hidden = true; return; }
      if (kind !== "series") el.style.height = Math.max(120, data.points.length * 28 + 24) + "px";
      draw(el, kind === "series" ? series(data) : horizontal(data, kind === "funnel"), open);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
