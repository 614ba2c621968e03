// Progressive enhancements of every page; the pages work without them.
(function () {
  "use strict";

  // Stacked table rows on narrow screens show each cell's column header (static/css/ksmm.css).
  function labelTableCells() {
    document.querySelectorAll("table.table").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headers.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var label = headers[column];
          if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  // A form that came back with errors: the summary at its top takes the focus and is read out.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  // A form saved on its own among others (the checklist's sections) says when it holds changes
  // that its button has not saved yet: saving another section would not keep them.
  function markUnsavedSections() {
    document.querySelectorAll("form[data-section]").forEach(function (form) {
      var unsaved = form.querySelector("[data-unsaved]");
      var saved = form.querySelector(".saved");
      if (!unsaved) { return; }
      function changed() {
        unsaved.hidden = false;
        if (saved) { saved.hidden = true; }
      }
      form.addEventListener("input", changed);
      form.addEventListener("change", changed);
    });
  }

  // A few minutes before the session would end for inactivity, offer to stay signed in.
  function watchSession() {
    var warning = document.getElementById("session-warning");
    if (!warning) { return; }
    var warnBefore = parseInt(warning.getAttribute("data-warn-before"), 10);
    var form = warning.querySelector("form");
    var soon = warning.querySelector("[data-session-soon]");
    var limit = warning.querySelector("[data-session-limit]");
    var ended = warning.querySelector("[data-session-ended]");
    var timers = [];

    // `renewable`: staying signed in can still help (false near the absolute limit of a session).
    function schedule(secondsLeft, renewable) {
      timers.forEach(clearTimeout);
      timers = [
        setTimeout(function () { show(renewable ? soon : limit); }, Math.max(0, secondsLeft - warnBefore) * 1000),
        setTimeout(function () { show(ended); }, secondsLeft * 1000)
      ];
    }
    function show(part) {
      [soon, limit, ended].forEach(function (each) { each.hidden = each !== part; });
      form.hidden = part !== soon;
      warning.hidden = false;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual"})
        .then(function (response) {
          if (!response.ok) { throw new Error("session"); }
          return response.json();
        })
        .then(function (answer) {
          warning.hidden = true;
          schedule(answer.expires_in, answer.expires_in > warnBefore);
        })
        .catch(function () { show(ended); });
    });
    schedule(parseInt(warning.getAttribute("data-expires-in"), 10), true);
  }

  function start() {
    labelTableCells();
    focusErrorSummary();
    markUnsavedSections();
    watchSession();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
