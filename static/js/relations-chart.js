// The pair page's chart (Chart.js): events per week or month stacked by PLOVER
// family, cooperation above zero and conflict below, with the mean Goldstein
// weight as a line on its own axis. Clicking a bar lists that period's events
// under the chart (the same links as the figures table, for keyboards).
// Family colours come from the stylesheet (--fam-*), the one place they are set.
(function () {
  "use strict";
  var canvas = document.getElementById("relations-chart");
  var source = document.getElementById("relations-data");
  if (!canvas || !source || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var css = getComputedStyle(document.documentElement);
  var periods = data.periods;
  var selected = data.selected ? periods.findIndex(function (p) { return p.start === data.selected; }) : -1;

  function colour(family, faded) {
    var value = css.getPropertyValue("--fam-" + family.toLowerCase()).trim() || "#888";
    return faded ? value + "55" : value;
  }

  function label(period) {
    var d = new Date(period.start + "T00:00:00");
    if (data.interval === "week") return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
    return d.toLocaleDateString("en-GB", { month: "short", year: "numeric" });
  }

  var bars = data.families
    .filter(function (f) { return periods.some(function (p) { return p.counts[f.value]; }); })
    .map(function (f) {
      var sign = f.tone === "conflict" ? -1 : 1;
      return {
        type: "bar", label: f.label, stack: "events", yAxisID: "y", order: 2,
        data: periods.map(function (p) { return sign * (p.counts[f.value] || 0); }),
        backgroundColor: periods.map(function (p, i) { return colour(f.value, selected >= 0 && i !== selected); }),
        borderWidth: 0,
      };
    });
  // One zero for both axes: the count axis is symmetric like the weight axis (−10…10).
  var reach = periods.reduce(function (most, p) {
    var up = 0, down = 0;
    data.families.forEach(function (f) {
      if (f.tone === "conflict") down += p.counts[f.value] || 0; else up += p.counts[f.value] || 0;
    });
    return Math.max(most, up, down);
  }, 1);
  var line = {
    type: "line", label: "Mean Goldstein weight", yAxisID: "g", order: 1,
    data: periods.map(function (p) { return p.goldstein; }),
    borderColor: "#14202e", backgroundColor: "#14202e", borderWidth: 2, pointRadius: periods.length > 120 ? 0 : 2,
    spanGaps: false, tension: 0.2,
  };

  function open(index) {
    var period = periods[index];
    if (!period) return;
    var params = new URLSearchParams(window.location.search);
    params.set("date_from", period.start);
    params.set("date_to", period.end);
    params.delete("before");
    params.delete("after");
    window.location.assign(window.location.pathname + "?" + params.toString() + "#pair-events");
  }

  var chart = new Chart(canvas, {
    data: { labels: periods.map(label), datasets: bars.concat([line]) },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0, color: "#3d4650" }, grid: { display: false } },
        y: {
          stacked: true, position: "left", min: -reach, max: reach,
          title: { display: true, text: "events (conflict below zero)", color: "#3d4650" },
          ticks: { precision: 0, color: "#3d4650", callback: function (v) { return Math.abs(v); } },
          grid: { color: function (c) { return c.tick.value === 0 ? "#1d232b" : "#e3e7eb"; } },
        },
        g: {
          position: "right", min: -10, max: 10,
          title: { display: true, text: "mean Goldstein weight", color: "#3d4650" },
          ticks: { color: "#3d4650" }, grid: { display: false },
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, color: "#1d232b" } },
        tooltip: {
          filter: function (item) { return item.raw !== 0 && item.raw !== null; },
          callbacks: {
            label: function (item) {
              if (item.dataset.yAxisID === "g") return "Mean Goldstein: " + item.raw;
              return item.dataset.label + ": " + Math.abs(item.raw);
            },
            footer: function (items) { return items.length ? "Click to list these events" : ""; },
          },
        },
      },
      onClick: function (event, elements, chart) {
        var hit = chart.getElementsAtEventForMode(event, "index", { intersect: false }, false);
        if (hit.length) open(hit[0].index);
      },
      onHover: function (event, elements) {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      },
    },
  });
  canvas.dataset.rendered = "true";
  window.trackerChart = chart; // for the browser tests
})();
