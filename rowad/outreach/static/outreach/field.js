// Rowad outreach — field capture that loses nothing.
//
// Registration page: each submission gets a client UUID and goes into a queue kept in
// localStorage (rowad/queue.js, loaded before this file); the queue is sent to the batch
// API now, on the `online` event, and by a retry timer, until the server has answered for every item. The server is idempotent
// by UUID, so sending an item twice (network retry, double tap) registers it once.
// Counter page: every tap is a tally entry queued the same way.
// No inline script (CSP): everything is wired by data attributes.
(function () {
  "use strict";

  // The queue, the UUIDs and the JSON posts are shared: rowad/core/static/rowad/queue.js.
  var Queue = window.Rowad.Queue, uuid4 = window.Rowad.uuid4, postJSON = window.Rowad.postJSON;

  // ---- registration page ------------------------------------------------------------
  function initRegistration(form) {
    var status = document.getElementById("queue-status");
    var saved = document.getElementById("queue-saved");
    var rejected = document.getElementById("queue-rejected");
    var counter = document.getElementById("registration-count");
    var kind = form.dataset.placeKind, placeId = parseInt(form.dataset.placeId, 10);
    var key = "rowad.outreach.registrations";

    function showStatus(count, state) {
      status.hidden = count === 0 && state !== "offline";
      status.className = "alert py-2 small " + (state === "offline" || state === "login" ? "alert-warning" : "alert-secondary");
      var text = status.dataset["text" + (state === "offline" ? "Offline" : state === "login" ? "Login" : "Pending")];
      status.querySelector("[data-queue-text]").textContent = text;
      status.querySelector("[data-queue-count]").innerHTML = "<bdi dir=\"ltr\">" + count + "</bdi>";
    }

    function bump(n) {
      var value = parseInt(counter.textContent, 10) || 0;
      counter.innerHTML = "<bdi dir=\"ltr\">" + (value + n) + "</bdi>";
    }

    function describe(result) {
      if (result.detail) return result.detail;
      var errors = result.errors || {};
      return Object.keys(errors).map(function (k) { return [].concat(errors[k]).join(" "); }).join(" ");
    }

    var queue = new Queue(key, function (items) {
      return postJSON(form.dataset.batchUrl, { items: items }).then(function (response) {
        if (response.status === 401 || response.status === 403) throw { state: "login" };
        if (!response.ok) throw { state: "offline" };
        return response.json();
      }).then(function (body) {
        var created = 0;
        body.results.forEach(function (result, index) {
          // "duplicate": saved by an earlier try whose answer was lost, so not counted yet.
          if (result.status === "created" || result.status === "duplicate") created += 1;
          if (result.status === "invalid" || result.status === "refused") {
            var li = document.createElement("li");
            li.className = "alert alert-danger py-2 small";
            var item = items[index] || {};
            var name = [item.given_name_ar, item.family_name_ar, item.given_name_latin, item.family_name_latin].filter(Boolean).join(" ");
            li.textContent = rejected.dataset.textRejected + " " + name + " — " + describe(result);
            rejected.appendChild(li);
          }
        });
        if (created) bump(created);
        return { uuids: items.map(function (item) { return item.client_uuid; }) };
      });
    }, showStatus);

    // Suggestions while typing: link an existing person instead of creating a duplicate.
    var target = document.getElementById("registration-suggestions");
    var linked = document.getElementById("linked-person");
    var timer = null;
    function val(name) { var el = form.elements[name]; return el ? el.value.trim() : ""; }
    function ask() {
      if (navigator.onLine === false) return;
      var name = [val("given_name_ar"), val("family_name_ar")].join(" ").trim() ||
                 [val("given_name_latin"), val("family_name_latin")].join(" ").trim();
      var params = new URLSearchParams({ phone: val("phone"), name: name });
      fetch(form.dataset.suggestUrl + "?" + params.toString(), { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () { /* offline: no suggestions */ });
    }
    form.addEventListener("input", function (event) {
      if (!/name|phone/.test(event.target.name || "")) return;
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });
    target.addEventListener("click", function (event) {
      var button = event.target.closest("[data-link-person]");
      if (!button) return;
      form.elements.person_id.value = button.dataset.linkPerson;
      linked.querySelector("[data-linked-name]").textContent = button.dataset.linkName;
      linked.hidden = false;
      target.innerHTML = "";
    });
    linked.querySelector("[data-unlink]").addEventListener("click", function () {
      form.elements.person_id.value = "";
      linked.hidden = true;
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = ["given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin", "phone",
                    "birth_date", "sex", "province", "specialty", "idea"];
      var item = { client_uuid: form.elements.client_uuid.value, captured_at: new Date().toISOString(),
                   consent: form.elements.consent.checked };
      item[kind] = placeId;
      fields.forEach(function (name) {
        var el = form.elements[name];
        if (el && el.value.trim()) item[name] = el.value.trim();
      });
      if (form.elements.person_id.value) item.person_id = parseInt(form.elements.person_id.value, 10);
      if (item.specialty) item.specialty = form.elements.specialty.selectedOptions[0].dataset.code || item.specialty;
      if (item.province) item.province = parseInt(item.province, 10);
      var hasName = item.person_id || ["given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin"].some(function (n) { return item[n]; });
      if (!hasName) { alert(form.dataset.textNeedName); return; }
      if (!item.consent) { alert(form.dataset.textNeedConsent); return; }
      queue.push(item);
      var name = [item.given_name_ar, item.family_name_ar, item.given_name_latin, item.family_name_latin].filter(Boolean).join(" ") ||
                 linked.querySelector("[data-linked-name]").textContent;
      saved.hidden = false;
      saved.textContent = saved.dataset.textSaved + " " + name;
      form.reset();
      form.elements.person_id.value = "";
      linked.hidden = true;
      target.innerHTML = "";
      form.elements.client_uuid.value = uuid4();
      var first = form.elements.given_name_ar || form.elements.given_name_latin;
      if (first) first.focus();
    });

    window.addEventListener("online", function () { queue.flush(); });
    window.addEventListener("offline", function () { showStatus(queue.items().length, "offline"); });
    showStatus(queue.items().length, navigator.onLine === false ? "offline" : "pending");
    queue.flush();
  }

  // ---- counter page -----------------------------------------------------------------
  function initCounter(root) {
    var kind = root.dataset.placeKind, placeId = parseInt(root.dataset.placeId, 10);
    var today = document.getElementById("today-total");
    var all = document.getElementById("all-total");
    var pending = document.getElementById("tally-pending");
    function add(el, n) {
      var value = (parseInt(el.textContent, 10) || 0) + n;
      el.innerHTML = el.id === "all-total" ? String(value) : "<bdi dir=\"ltr\">" + value + "</bdi>";
    }
    function localDay() {
      var d = new Date();
      return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    }
    var queue = new Queue("rowad.outreach.tallies", function (items) {
      // One entry per request: the tally API answers each UUID (201 new, 200 already had).
      var item = items[0];
      return postJSON(root.dataset.tallyUrl, item).then(function (response) {
        if (response.status === 401 || response.status === 403) throw { state: "login" };
        if (response.status >= 500) throw { state: "offline" };
        return { uuids: [item.client_uuid] };
      });
    }, function (count) {
      pending.hidden = count === 0;
      pending.querySelector("[data-queue-count]").textContent = count;
    });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-count]");
      if (!button) return;
      var n = parseInt(button.dataset.count, 10);
      var item = { client_uuid: uuid4(), day: localDay(), count: n };
      item[kind] = placeId;
      queue.push(item);
      add(today, n);
      add(all, n);
    });
    window.addEventListener("online", function () { queue.flush(); });
    queue.flush();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("registration-form");
    if (form && form.dataset.batchUrl) initRegistration(form);
    var counter = document.getElementById("counter");
    if (counter && counter.dataset.tallyUrl) initCounter(counter);
  });
})();
