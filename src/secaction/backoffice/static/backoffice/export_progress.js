// Progress of a large CSV export: polls the JSON status URL and updates the <progress> bar.
// Without JavaScript the page shows the same figures and a refresh link instead.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("export-bar");
  var count = document.getElementById("export-count");
  var label = document.getElementById("export-status");
  var refresh = document.getElementById("export-refresh");
  var download = document.getElementById("export-download");
  var failed = document.getElementById("export-failed");
  if (refresh) { refresh.hidden = true; }

  function show(s) {
    if (bar) { bar.max = Math.max(1, s.rows_total); bar.value = s.rows_done; }
    if (count) { count.textContent = s.rows_done + " / " + s.rows_total; }
    if (label) { label.textContent = s.status_label; }
    if (s.status === "done" && download) { download.hidden = false; }
    if (s.status === "failed" && failed) { failed.hidden = false; }
    return s.status === "queued" || s.status === "running";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (s) { if (show(s)) { window.setTimeout(poll, 1500); } })
      .catch(function () { if (refresh) { refresh.hidden = false; } });
  }
  window.setTimeout(poll, 500);
})();
