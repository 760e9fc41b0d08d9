// Progress of a background job (a bulk upload, a large export): polls the JSON status URL of the element that
// carries data-job-progress="<prefix>" and updates the elements named <prefix>-bar, -count, -status, -download
// (shown when done; its <prefix>-result-link takes the status's result_url), -error (shown when failed, with the
// status's error text when it gives one), and every element inside it with data-progress-key="<key>" (the status's
// value for that key: a mail-out's sent, failed, rate ...). With data-reload-key="<key>" and data-reload-value, the page
// reloads once the status's <key> differs from that value, so buttons rendered for the old state are replaced (a
// mail-out that finished, was paused or cancelled elsewhere). Without JavaScript the page shows the same figures and its
// <prefix>-refresh link instead, which this script hides while it polls.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress]");
  if (!box) { return; }
  var prefix = box.getAttribute("data-job-progress");
  var url = box.getAttribute("data-status-url");
  function el(name) { return document.getElementById(prefix + "-" + name); }
  var bar = el("bar"), count = el("count"), label = el("status"), refresh = el("refresh");
  var download = el("download"), link = el("result-link"), error = el("error");
  if (refresh) { refresh.hidden = true; }

  function show(s) {
    if (bar) { bar.max = Math.max(1, s.rows_total); bar.value = s.rows_done; }
    if (count) { count.textContent = s.rows_done + " / " + s.rows_total; }
    if (label) { label.textContent = s.status_label; }
    box.querySelectorAll("[data-progress-key]").forEach(function (figure) {
      var value = s[figure.getAttribute("data-progress-key")];
      if (value !== undefined && value !== null) { figure.textContent = value; }
    });
    if (s.status === "done" && download) {
      if (link && s.result_url) { link.href = s.result_url; }
      download.hidden = false;
    }
    if (s.status === "failed" && error) {
      if (s.error) { error.textContent = s.error; }
      error.hidden = false;
    }
    return s.status === "queued" || s.status === "running";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (s) {
        var key = box.getAttribute("data-reload-key");
        if (key && s[key] !== undefined && String(s[key]) !== box.getAttribute("data-reload-value")) {
          window.location.reload();
          return;
        }
        if (show(s)) { window.setTimeout(poll, 1500); }
      })
      .catch(function () { if (refresh) { refresh.hidden = false; } });
  }
  window.setTimeout(poll, 500);
})();
