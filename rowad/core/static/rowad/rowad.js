// Rowad behaviours, wired by data attributes (the Content-Security-Policy forbids inline script).
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      if (el.dataset.autosubmitBound) return;
      el.dataset.autosubmitBound = "1";
      el.addEventListener("change", function () { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); });
    });
    // One submission per form: a double click must not send twice.
    root.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      if (form.dataset.submitOnceBound) return;
      form.dataset.submitOnceBound = "1";
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitting) { event.preventDefault(); return; }
        form.dataset.submitting = "1";
        // A disabled button is left out of the form's data: keep the clicked button's
        // name and value (Accept / Decline…) in a hidden field before disabling it.
        var submitter = event.submitter;
        if (submitter && submitter.name) {
          var kept = document.createElement("input");
          kept.type = "hidden";
          kept.name = submitter.name;
          kept.value = submitter.value;
          form.appendChild(kept);
        }
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
