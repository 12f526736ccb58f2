// Rowad outreach — field capture that loses nothing.
//
// Registration page: each submission gets a client UUID and goes into a queue kept,
// encrypted, in IndexedDB (rowad/queue.js, loaded before this file); the queue is sent to the batch
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

    function nameOf(item) {
      return [item.given_name_ar, item.family_name_ar, item.given_name_latin, item.family_name_latin].filter(Boolean).join(" ");
    }

    // What is waiting on this phone and what was sent, with when.
    var panel = document.getElementById("field-queue");
    function timeOf(iso) {
      if (!iso) return "";
      var d = new Date(iso);
      return d.toLocaleString(document.documentElement.lang || undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    }
    function row(label, text, when, css) {
      var li = document.createElement("li");
      li.className = "list-group-item px-0 d-flex justify-content-between gap-2 " + css;
      var who = document.createElement("bdi");
      who.setAttribute("dir", "auto");
      who.textContent = label;
      var at = document.createElement("span");
      at.className = "text-muted text-nowrap";
      at.textContent = text + " ";
      var stamp = document.createElement("bdi");
      stamp.textContent = timeOf(when);
      at.appendChild(stamp);
      li.appendChild(who);
      li.appendChild(at);
      return li;
    }
    function renderPanel() {
      if (!panel || !queue) return;
      var list = panel.querySelector("[data-queue-list]");
      list.textContent = "";
      queue.items().forEach(function (item) {
        list.appendChild(row(nameOf(item), panel.dataset.textQueued, item.captured_at, "queued-item"));
      });
      queue.sent().slice(0, 10).forEach(function (entry) {
        var refused = entry.status === "refused";
        list.appendChild(row(entry.label, refused ? panel.dataset.textRefused : panel.dataset.textSent, entry.sent_at,
                             refused ? "sent-item text-danger" : "sent-item"));
      });
      panel.querySelector("[data-queue-empty]").hidden = list.children.length > 0;
    }

    // Errors next to their fields (no pop-up); cleared as soon as the field changes.
    function clearErrors() {
      Array.prototype.forEach.call(form.querySelectorAll("[data-js-error]"), function (el) { el.remove(); });
      Array.prototype.forEach.call(form.querySelectorAll(".is-invalid"), function (el) { el.classList.remove("is-invalid"); });
    }
    function fieldError(name, text) {
      var input = form.elements[name];
      if (!input) return;
      input.classList.add("is-invalid");
      var box = document.createElement("div");
      box.className = "invalid-feedback d-block";
      box.dataset.jsError = name;
      box.id = "id_" + name + "_js_error";
      box.textContent = text;
      input.setAttribute("aria-describedby", box.id);
      input.closest(".mb-3").appendChild(box);
    }

    function describe(result) {
      if (result.detail) return result.detail;
      var errors = result.errors || {};
      return Object.keys(errors).map(function (k) { return [].concat(errors[k]).join(" "); }).join(" ");
    }

    var queue = null;
    queue = new Queue(key, function (items) {
      return postJSON(form.dataset.batchUrl, { items: items }).then(function (response) {
        if (response.status === 401 || response.status === 403) throw { state: "login" };
        if (!response.ok) throw { state: "offline" };
        return response.json();
      }).then(function (body) {
        var created = 0, outcomes = {};
        body.results.forEach(function (result, index) {
          if (result.client_uuid) outcomes[result.client_uuid] = result.status === "invalid" || result.status === "refused" ? "refused" : "sent";
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
        return { uuids: items.map(function (item) { return item.client_uuid; }), outcomes: outcomes };
      });
    }, function (count, state) {
      showStatus(count, state);
      renderPanel();
    }, 50, { label: nameOf });

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
      clearErrors();
      var item = { client_uuid: form.elements.client_uuid.value, captured_at: new Date().toISOString(),
                   consent: form.elements.consent.checked, channel: form.dataset.channel || "field" };
      item[kind] = placeId;
      fields.forEach(function (name) {
        var el = form.elements[name];
        if (el && el.value.trim()) item[name] = el.value.trim();
      });
      if (form.elements.person_id.value) item.person_id = parseInt(form.elements.person_id.value, 10);
      if (item.specialty) item.specialty = form.elements.specialty.selectedOptions[0].dataset.code || item.specialty;
      if (item.province) item.province = parseInt(item.province, 10);
      var hasName = item.person_id || ["given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin"].some(function (n) { return item[n]; });
      if (!hasName) fieldError(form.elements.given_name_ar ? "given_name_ar" : "given_name_latin", form.dataset.textNeedName);
      if (!item.consent) fieldError("consent", form.dataset.textNeedConsent);
      if (!hasName || !item.consent) {
        var wrong = form.querySelector(".is-invalid");
        if (wrong) wrong.focus();
        return;
      }
      queue.push(item);
      var name = [item.given_name_ar, item.family_name_ar, item.given_name_latin, item.family_name_latin].filter(Boolean).join(" ") ||
                 linked.querySelector("[data-linked-name]").textContent;
      saved.hidden = false;
      saved.textContent = saved.dataset.textSaved + " " + name;
      var province = form.elements.province ? form.elements.province.value : "";
      form.reset();
      if (form.elements.province) form.elements.province.value = province; // the stop's, kept for the next visitor
      form.elements.person_id.value = "";
      linked.hidden = true;
      target.innerHTML = "";
      form.elements.client_uuid.value = uuid4();
      var first = form.elements.given_name_ar || form.elements.given_name_latin;
      if (first) first.focus();
    });

    window.addEventListener("online", function () { queue.flush(); });
    window.addEventListener("offline", function () { showStatus(queue.items().length, "offline"); });
    // How many items the phone holds once written (what survives a closed browser).
    document.addEventListener("rowad:queue-saved", function (event) {
      if (panel && event.detail && event.detail.key === key) panel.dataset.stored = String(event.detail.count);
    });
    form.addEventListener("input", function (event) {
      var box = form.querySelector("[data-js-error=\"" + event.target.name + "\"]");
      if (box) { box.remove(); event.target.classList.remove("is-invalid"); }
    });
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
