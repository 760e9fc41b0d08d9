// Progressive enhancement for the questionnaire: a live "answered n / 25" bar.
// The form works the same without this script.
(function () {
  "use strict";
  var form = document.getElementById("dg-form");
  var box = document.getElementById("dg-progress");
  if (!form || !box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-count]");
  var total = parseInt(box.getAttribute("data-total"), 10);
  function update() {
    var names = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (el) { names[el.name] = true; });
    var n = Object.keys(names).length;
    bar.value = n;
    text.textContent = String(n);
  }
  box.hidden = false;
  form.addEventListener("change", update);
  update();
})();
