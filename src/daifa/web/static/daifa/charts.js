// Draws the charts of a page from JSON data blocks (json_script), so the page
// needs no inline script under its Content-Security-Policy. Legend texts come
// from the canvas's data-label-* attributes, translated by the page.
(function () {
  "use strict";
  var COLORS = ["#d9480f", "#1c7ed6", "#2b8a3e", "#862e9c", "#e67700"];

  function data(canvas) {
    var node = document.getElementById(canvas.dataset.source);
    return node ? JSON.parse(node.textContent) : null;
  }

  function sales(canvas, d) {
    var start = d.labels.indexOf(d.window_start);
    var recent = d.units.map(function (v, i) { return start >= 0 && i >= start ? v : null; });
    var baseline = d.labels.map(function () { return d.baseline; });
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: d.labels,
        datasets: [
          { label: canvas.getAttribute("aria-label"), data: d.units, borderColor: "#868e96", pointRadius: 0, borderWidth: 1 },
          { label: canvas.dataset.labelRecent || "30d", data: recent, borderColor: d.status === "fail" ? "#c92a2a" : "#2b8a3e", pointRadius: 0, borderWidth: 2 },
          { label: canvas.dataset.labelBaseline || "baseline / day", data: baseline, borderColor: "#1c7ed6", borderDash: [4, 4], pointRadius: 0, borderWidth: 1 }
        ]
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { ticks: { maxTicksLimit: 8 } } } }
    });
  }

  function radar(canvas, d) {
    return new Chart(canvas, {
      type: "radar",
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s, i) {
          return { label: s.label, data: s.values, borderColor: COLORS[i % COLORS.length], backgroundColor: "transparent", spanGaps: true };
        })
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { r: { min: 0, max: 100 } } }
    });
  }

  var DRAW = { sales: sales, radar: radar };

  function drawAll(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var d = data(canvas);
      if (d && DRAW[canvas.dataset.chart] && !canvas.dataset.drawn) {
        canvas.dataset.drawn = "1";
        DRAW[canvas.dataset.chart](canvas, d);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
