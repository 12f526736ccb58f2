// Rowad training — the trainer's roll call on a phone, with or without network.
//
// One tap per trainee cycles present → late → absent → excused absence. Each change is a
// mark with a client UUID and the time it was taken, kept in the phone's encrypted IndexedDB queue
// (rowad/queue.js) and sent to the attendance API now, when the network returns, and by a
// retry timer. The server records each UUID once and keeps the latest mark of a
// half-day (by the phone's time), so resending never duplicates. A newer change to the
// same trainee replaces the one still waiting in the queue.
// No inline script (CSP): everything is wired by data attributes.
(function () {
  "use strict";

  var CYCLE = ["present", "late", "absent", "excused"];
  var ATTENDED = { present: true, late: true };
  var KEY = "rowad.training.attendance";

  function pad(n) { return String(n).padStart(2, "0"); }
  function nowTime() { var d = new Date(); return pad(d.getHours()) + ":" + pad(d.getMinutes()); }

  function init(root) {
    var day = root.dataset.day, half = root.dataset.half;
    var heldOther = parseInt(root.dataset.heldOther, 10) || 0;
    var slotHeld = root.dataset.slotHeld === "1";
    var status = document.getElementById("rollcall-status");
    var rows = {};
    root.querySelectorAll(".rollcall-row").forEach(function (row) { rows[row.dataset.enrolment] = row; });

    var labels = JSON.parse(root.dataset.labels), outcomes = JSON.parse(root.dataset.outcomes);
    function label(value) { return labels[value || ""] || value; }
    function outcome(value) { return outcomes[value] || value; }

    // The rate shown live: attended half-days over held ones, this half-day included once
    // it has started or has a mark.
    function showRate(row) {
      var value = row.dataset.status;
      var held = heldOther + (slotHeld || value ? 1 : 0);
      var attended = (parseInt(row.dataset.attendedOther, 10) || 0) + (ATTENDED[value] ? 1 : 0);
      // LRI … PDI: the number and its % sign stay in that order inside Arabic text.
      row.querySelector("[data-rate]").textContent = held ? "\u2066" + (Math.round(1000 * attended / held) / 10) + "%\u2069" : "—";
    }

    function render(row) {
      var value = row.dataset.status;
      var tap = row.querySelector("[data-tap]");
      tap.textContent = label(value);
      tap.className = "btn rollcall-tap rollcall-" + (value || "none");
      tap.setAttribute("aria-label", row.querySelector(".fw-semibold").textContent + " — " + label(value));
      row.querySelectorAll("[data-extra]").forEach(function (extra) {
        var kind = extra.dataset.extra;
        extra.hidden = !(kind === value || (kind === "absent" && value === "excused"));
      });
      showRate(row);
    }

    function markOf(row) {
      var value = row.dataset.status;
      var item = {
        client_uuid: window.Rowad.uuid4(),
        enrolment: parseInt(row.dataset.enrolment, 10),
        day: day, half_day: half, status: value,
        taken_at: new Date().toISOString()
      };
      if (value === "absent" || value === "excused") item.reason = row.querySelector("[data-reason]").value;
      if (value === "late") item.arrived_at = row.querySelector("[data-arrived]").value || null;
      return item;
    }

    function showStatus(count, state) {
      var text = state === "offline" ? root.dataset.textOffline : state === "login" ? root.dataset.textLogin : root.dataset.textPending;
      status.className = "small " + (state === "offline" || state === "login" ? "text-warning-emphasis fw-semibold" : count ? "text-muted" : "text-success");
      status.querySelector("[data-queue-text]").textContent = text;
      status.querySelector("[data-queue-count]").textContent = String(count);
    }

    var queue = new window.Rowad.Queue(KEY, function (items) {
      return window.Rowad.postJSON(root.dataset.apiUrl, { marks: items }).then(function (response) {
        if (response.status === 401 || response.status === 403) throw { state: "login" };
        if (!response.ok) throw { state: "offline" };
        return response.json();
      }).then(function (body) {
        body.results.forEach(function (result, index) {
          var item = items[index] || {};
          var row = item.day === day && item.half_day === half ? rows[String(item.enrolment)] : null;
          if (!row) return;
          row.querySelector("[data-row-error]").textContent = result.status === "refused" ? (result.detail || outcome("refused")) : "";
          // Recorded now or by an earlier try whose answer was lost: saved either way.
          var saved = result.status === "recorded" || result.status === "already_recorded" || result.status === "updated";
          row.querySelector("[data-row-state]").textContent =
            result.status === "refused" ? "" : "✓ " + (saved ? root.dataset.textSaved : outcome(result.status));
        });
        return { uuids: items.map(function (item) { return item.client_uuid; }) };
      });
    }, showStatus);

    // A newer change to a trainee's half-day replaces the mark still waiting for it.
    function enqueue(item) {
      var items = queue.items().filter(function (other) {
        return !(other.enrolment === item.enrolment && other.day === item.day && other.half_day === item.half_day);
      });
      items.push(item);
      queue.save(items);
      queue.flush();
    }

    function change(row, value) {
      row.dataset.status = value;
      if (value === "late") {
        var arrived = row.querySelector("[data-arrived]");
        if (!arrived.value) arrived.value = nowTime();
      }
      row.querySelector("[data-row-state]").textContent = "";
      row.querySelector("[data-row-error]").textContent = "";
      render(row);
      enqueue(markOf(row));
    }

    root.addEventListener("click", function (event) {
      var tap = event.target.closest("[data-tap]");
      if (tap) {
        var row = tap.closest(".rollcall-row");
        var next = CYCLE[(CYCLE.indexOf(row.dataset.status) + 1) % CYCLE.length];
        change(row, next);
        return;
      }
      if (event.target.closest("[data-all-present]")) {
        Object.keys(rows).forEach(function (id) { if (!rows[id].dataset.status) change(rows[id], "present"); });
      }
    });
    root.addEventListener("change", function (event) {
      if (!event.target.matches("[data-reason], [data-arrived]")) return;
      var row = event.target.closest(".rollcall-row");
      if (row.dataset.status) enqueue(markOf(row));
    });

    // Marks of this half-day still waiting (page reloaded, browser closed, phone
    // restarted before they were sent), once the queue has read them from the phone.
    function restore() {
      queue.items().forEach(function (item) {
        var row = item.day === day && item.half_day === half ? rows[String(item.enrolment)] : null;
        if (!row) return;
        row.dataset.status = item.status;
        if (item.reason) row.querySelector("[data-reason]").value = item.reason;
        if (item.arrived_at) row.querySelector("[data-arrived]").value = item.arrived_at.slice(0, 5);
      });
      Object.keys(rows).forEach(function (id) { render(rows[id]); });
    }
    restore();
    if (queue.ready) queue.ready.then(restore);

    window.addEventListener("online", function () { queue.flush(); });
    window.addEventListener("offline", function () { showStatus(queue.items().length, "offline"); });
    setInterval(function () { queue.flush(); }, 15000);
    showStatus(queue.items().length, navigator.onLine === false ? "offline" : "pending");
    queue.flush();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("rollcall");
    if (root && root.dataset.apiUrl) init(root);
  });
})();
