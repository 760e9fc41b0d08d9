// The mail-out's figures beside the progress bar (sent, failed, remaining, rate, estimated end): the bar
// itself is js/job_progress.js; this fills each element carrying data-progress-key="<key>" from the same
// JSON status URL, at the bar's pace, while the mail-out is running.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress][data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (s) {
        box.querySelectorAll("[data-progress-key]").forEach(function (el) {
          var value = s[el.getAttribute("data-progress-key")];
          if (value !== undefined && value !== null) { el.textContent = value; }
        });
        if (s.status === "queued" || s.status === "running") { window.setTimeout(poll, 1500); }
      })
      .catch(function () { /* job_progress.js shows the refresh link */ });
  }
  window.setTimeout(poll, 800);
})();
