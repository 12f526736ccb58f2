// Registration form: ask the server for possible existing people while the agent types
// (same phone, same ID, similar name across scripts), so they link instead of duplicating.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("person-form");
    if (!form || !form.dataset.suggestUrl) return;
    var target = document.getElementById("person-suggestions");
    var timer = null;
    function val(name) { var el = form.elements[name]; return el ? el.value.trim() : ""; }
    function ask() {
      var name = [val("given_name_ar"), val("family_name_ar")].join(" ").trim() ||
                 [val("given_name_latin"), val("family_name_latin")].join(" ").trim();
      var params = new URLSearchParams({ national_id: val("national_id"), phone: val("phone"), name: name });
      fetch(form.dataset.suggestUrl + "?" + params.toString(), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () { /* offline: no suggestions */ });
    }
    form.addEventListener("input", function (event) {
      if (!/name|national_id|phone/.test(event.target.name || "")) return;
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });
  });
})();
