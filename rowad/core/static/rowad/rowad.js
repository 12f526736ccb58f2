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
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
