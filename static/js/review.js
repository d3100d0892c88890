/* The review queue: keyboard shortcuts and the htmx glue.
 * Every action is a plain POST form, so the queue works without this file;
 * with it, j/k move between cards, c/e/r/m act on the current one, x selects
 * it for bulk reject, and ? shows the shortcuts. */
(function () {
  "use strict";

  // htmx swaps only 2xx answers; a conflict (409) or bad input (422) carries the card or form saying why.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  var currentId = null;

  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".queue .card")); }
  function isPending(card) { return !card.classList.contains("resolved"); }
  function current() { return currentId ? document.getElementById(currentId) : null; }

  function mark(card, focus) {
    cards().forEach(function (c) { c.classList.remove("current"); });
    if (!card) { currentId = null; return; }
    card.classList.add("current");
    currentId = card.id;
    if (focus) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest" });
    }
  }

  // The next pending card from `from` in direction `step` (1 or -1); from null, the first.
  function neighbour(from, step) {
    var list = cards(), index = from ? list.indexOf(from) : (step > 0 ? -1 : list.length);
    for (var i = index + step; i >= 0 && i < list.length; i += step) {
      if (isPending(list[i])) { return list[i]; }
    }
    return null;
  }

  function move(step) {
    var next = neighbour(current(), step);
    if (next) { mark(next, true); }
    else if (step > 0) {
      var more = document.querySelector(".pager a[rel=next]");
      if (more && !neighbour(null, 1)) { more.focus(); }
    }
  }

  function within(card, selector) { return card ? card.querySelector(selector) : null; }

  function openDetails(card, selector, focusSelector) {
    var details = within(card, selector);
    if (!details) { return; }
    details.open = true;
    var field = details.querySelector(focusSelector);
    if (field) { field.focus(); }
  }

  var actions = {
    j: function () { move(1); },
    k: function () { move(-1); },
    c: function (card) { var b = within(card, ".act-confirm"); if (b) { b.click(); } },
    e: function (card) { var a = within(card, ".act-edit"); if (a) { a.click(); } },
    r: function (card) { openDetails(card, ".act-reject", "select"); },
    m: function (card) {
      var first = within(card, ".merge-into");
      if (first) { first.focus(); } else { openDetails(card, ".act-merge", "input[name=into]"); }
    },
    x: function (card) {
      var box = within(card, ".pick");
      if (box) { box.checked = !box.checked; box.dispatchEvent(new Event("change", { bubbles: true })); }
    }
  };

  function help() { return document.getElementById("review-help"); }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable=true]")) {
      if (event.key === "Escape") { target.blur(); if (current()) { current().focus(); } }
      return;
    }
    var dialog = help();
    if (event.key === "?") {
      if (dialog && !dialog.open) { dialog.showModal(); } else if (dialog) { dialog.close(); }
      event.preventDefault();
      return;
    }
    if (dialog && dialog.open) { return; }
    var act = actions[event.key];
    if (!act) { return; }
    var card = current();
    if (!card && event.key !== "j" && event.key !== "k") { return; }  // never act on a card not chosen
    event.preventDefault();
    act(card);
  });

  // A click or tab into a card makes it the current one.
  document.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".queue .card");
    if (card && card.id !== currentId) { mark(card, false); }
  });

  // After a swap: a form gets focus, a card that left the queue hands over to the next one.
  document.addEventListener("htmx:afterSettle", function () {
    var card = current();
    if (!card) { return; }
    if (card.classList.contains("editing")) {
      card.classList.add("current");
      var first = card.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    } else if (!isPending(card)) {
      var next = neighbour(card, 1) || neighbour(card, -1);
      card.classList.remove("current");
      if (next) { mark(next, true); } else { card.focus(); }
    } else {
      mark(card, true);
    }
    countPicked();
  });

  function countPicked() {
    var out = document.getElementById("picked-count");
    if (out) { out.textContent = document.querySelectorAll(".queue .card .pick:checked").length; }
  }
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("pick")) { countPicked(); }
    // Day precision: the event spans that one day.
    var form = event.target.closest && event.target.closest(".edit-form");
    if (form) {
      var precision = form.querySelector("select[name$=date_precision]");
      var day = form.querySelector("input[name$='-date']");
      if (precision && day && precision.value === "day" && day.value) {
        form.querySelector("input[name$=date_min]").value = day.value;
        form.querySelector("input[name$=date_max]").value = day.value;
      }
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".help-open")) {
      var dialog = help();
      if (dialog) { dialog.showModal(); }
    }
  });

  function start() {
    var first = neighbour(null, 1);
    if (first) { mark(first, false); }
    countPicked();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
