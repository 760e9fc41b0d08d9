// Conditional questions (surveys/_questions.html): a fieldset with data-show-if is shown only while the
// question it names has one of data-show-if-values chosen. Without this script every question stays
// visible with its note, and the server ignores answers whose condition is not met.
(function () {
  "use strict";
  var form = document.querySelector("[data-survey-form]");
  if (!form) return;
  var dependents = form.querySelectorAll("fieldset[data-show-if]");
  function chosen(name) {
    var values = [];
    form.querySelectorAll("input[name='" + name + "']").forEach(function (input) {
      if (input.checked) values.push(input.value);
    });
    return values;
  }
  function update() {
    dependents.forEach(function (fieldset) {
      var wanted = fieldset.getAttribute("data-show-if-values").split(" ");
      var controller = form.querySelector("fieldset [name='" + fieldset.getAttribute("data-show-if") + "']");
      var controllerHidden = controller && controller.closest("fieldset").hidden;
      var show = !controllerHidden && chosen(fieldset.getAttribute("data-show-if")).some(function (v) {
        return wanted.indexOf(v) !== -1;
      });
      fieldset.hidden = !show;
      var note = fieldset.querySelector("[data-condition-note]");
      if (note) note.hidden = true;
    });
  }
  form.addEventListener("change", update);
  update();
  update(); // a second pass settles chains (a condition on a question that is itself conditional)
})();
