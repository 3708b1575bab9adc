// Dashboard charts (Chart.js, vendored). The figures come from a json_script block; every chart has a
// table with the same figures next to it for screen readers and printing.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var s = data.series;
  var blue = "#0d6efd", grey = "#6c757d", red = "#dc3545", green = "#198754", amber = "#ffc107", light = "#ced4da";

  function vn(value, percent) {
    if (value === null || value === undefined) { return "—"; }
    var parts = (Math.round(value * 10) / 10).toString().split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.join(",") + (percent ? "%" : "");
  }

  data.targets.forEach(function (t) {
    var canvas = document.getElementById(t.id);
    if (!canvas) { return; }
    var flat = function (value) { return t.labels.map(function () { return value; }); };
    var datasets = [
      // Bars coloured by whether the period met the target (the table says it in words too).
      { type: "bar", label: s.result, data: t.results, order: 2, maxBarThickness: 64,
        backgroundColor: t.met.map(function (m) { return m === true ? green : m === false ? red : blue; }) },
      { type: "line", label: s.ytd, data: t.ytd, borderColor: grey, backgroundColor: grey, spanGaps: true, order: 1 },
    ];
    if (t.target !== null) {
      datasets.push({ type: "line", label: s.target, data: flat(t.target), borderColor: red, borderDash: [6, 4],
                      pointRadius: 0, fill: false, order: 0 });
    }
    if (t.upper !== null) {
      datasets.push({ type: "line", label: s.upper, data: flat(t.upper), borderColor: amber, borderDash: [2, 3],
                      pointRadius: 0, fill: false, order: 0 });
    }
    new window.Chart(canvas, {
      data: { labels: t.labels, datasets: datasets },
      options: {
        // The box around the canvas sets the height (CSS .chart-box): readable with one bar (a yearly
        // target) or four, on a desktop or a phone, instead of a height that follows a narrow width.
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, suggestedMax: t.percent ? 100 : undefined,
                       ticks: { callback: function (v) { return vn(v, t.percent); } } } },
        plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + vn(ctx.parsed.y, t.percent); } } } },
      },
    });
  });

  var units = document.getElementById("chart-units");
  if (units && data.units.labels.length) {
    new window.Chart(units, {
      type: "bar",
      data: {
        labels: data.units.labels,
        datasets: [
          { label: s.met, data: data.units.met, backgroundColor: green },
          { label: s.missed, data: data.units.missed, backgroundColor: red },
          { label: s.pending, data: data.units.pending, backgroundColor: amber },
          { label: s.nodata, data: data.units.nodata, backgroundColor: light },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        aspectRatio: Math.max(0.8, 1100 / (data.units.labels.length * 30 + 80)),
        animation: false,
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
      },
    });
  }
})();
