// The visual timeline: the filtered events on vis-timeline, one lane per pair
// or country. Items come from the page's JSON endpoint for the visible window,
// asked again (debounced) as the reader zooms and pans; clicking an item opens
// the event. Summaries are text from articles: escaped before vis-timeline,
// which renders item content as HTML, ever sees them.
(function () {
  "use strict";
  var root = document.getElementById("visual-timeline");
  if (!root || !window.vis) return;
  var status = document.getElementById("visual-status");
  var itemsUrl = root.dataset.itemsUrl;
  var items = new vis.DataSet();
  var groups = new vis.DataSet();
  var DAY = 24 * 3600 * 1000;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function isoDay(date) {
    var d = new Date(date);
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  var timeline = new vis.Timeline(root, items, groups, {
    stack: true,
    orientation: { axis: "top", item: "top" },
    zoomMin: 7 * DAY,
    zoomMax: 25 * 365 * DAY,
    maxHeight: 640,
    minHeight: 240,
    margin: { item: { horizontal: 2, vertical: 4 } },
    tooltip: { followMouse: true, overflowMethod: "cap" },
    groupOrder: function (a, b) { return (a.order || 0) - (b.order || 0); },
    selectable: true,
  });

  function show(data, fit) {
    items.clear();
    groups.clear();
    groups.add(data.groups.map(function (g, i) { return { id: g.id, content: escapeHtml(g.content), order: i }; }));
    items.add(data.items.map(function (item) {
      var when = item.precision === "day" ? item.start : item.precision + " known only";
      return {
        id: item.id, group: item.group, type: item.type, start: item.start, end: item.end,
        content: escapeHtml(item.content),
        title: escapeHtml(item.kind + " · " + when + " — " + item.content),
        className: "fam-" + item.family.toLowerCase() + (item.type === "range" ? " approx" : ""),
        url: item.url,
      };
    }));
    var note = data.count + " event" + (data.count === 1 ? "" : "s");
    if (data.first) note += " from " + data.first + " to " + data.last;
    if (data.sampled) note += " — a sample spread over this window (the latest of each period); zoom in to see every event";
    status.textContent = data.count ? note + "." : "No confirmed events in this window.";
    if (fit && data.count) timeline.fit({ animation: false });
  }

  var pending = null;
  function load(window_, fit) {
    var url = itemsUrl + (itemsUrl.indexOf("?") === -1 ? "?" : "&");
    if (window_) url += "start=" + isoDay(window_.start) + "&end=" + isoDay(window_.end);
    status.textContent = "Loading events…";
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("the server answered " + response.status);
        return response.json();
      })
      .then(function (data) { root.dataset.loaded = "true"; show(data, fit); })
      .catch(function (error) { if (error.name !== "AbortError") status.textContent = "Could not load events: " + error.message; });
  }

  var timer = null;
  timeline.on("rangechanged", function (props) {
    if (!props.byUser) return;
    clearTimeout(timer);
    timer = setTimeout(function () { load({ start: props.start, end: props.end }, false); }, 250);
  });

  timeline.on("click", function (props) {
    if (props.item === null || props.item === undefined) return;
    var item = items.get(props.item);
    if (item && item.url) window.location.href = item.url;
  });

  function move(fraction) {
    var range = timeline.getWindow();
    var shift = (range.end - range.start) * fraction;
    timeline.setWindow(range.start.valueOf() + shift, range.end.valueOf() + shift, { animation: false });
    load(timeline.getWindow(), false);
  }

  function zoom(inward) {
    if (inward) timeline.zoomIn(0.5, { animation: false }); else timeline.zoomOut(0.5, { animation: false });
    load(timeline.getWindow(), false);
  }

  document.querySelectorAll(".visual-tools [data-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.dataset.action;
      if (action === "zoom-in") zoom(true);
      else if (action === "zoom-out") zoom(false);
      else if (action === "earlier") move(-0.5);
      else if (action === "later") move(0.5);
      else if (action === "fit") timeline.fit();
    });
  });

  window.trackerTimeline = timeline; // for the browser tests
  load(null, true);
})();
