// Small behaviours of every page, kept out of the HTML so that the Content-Security-Policy
// can forbid inline scripts and on*= handlers (docs/security.md). Each one is declared by a
// data- attribute in a template; pages work without this script.
(function () {
  "use strict";
  // An error summary takes the focus when the page shows it, so screen readers announce it.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
  // Print buttons (policy page, principles checklist).
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // Read-only fields holding a URL to copy: one click selects the whole of it.
  document.querySelectorAll("[data-select-on-click]").forEach(function (el) {
    el.addEventListener("click", function () { el.select(); });
  });
})();
