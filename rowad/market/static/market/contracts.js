// The contract form: "Add a milestone" appends a blank milestone from the formset's template.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("add-milestone");
  if (!button) return;
  button.addEventListener("click", function () {
    var total = document.getElementById("id_milestones-TOTAL_FORMS");
    var html = document.getElementById("milestone-empty").innerHTML.replace(/__prefix__/g, total.value);
    document.getElementById("milestone-forms").insertAdjacentHTML("beforeend", html);
    total.value = parseInt(total.value, 10) + 1;
  });
});
