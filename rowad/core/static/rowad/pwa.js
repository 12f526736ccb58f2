// Rowad field app (docs/field-app.md): installs the service worker, keeps the user's
// field pages on the phone when "my stops" is opened online, shows how many items are
// still queued on this phone (any element with data-field-queue-count), and wipes the
// phone's field data (queue, keys, stored pages) when the user logs out.
(function () {
  "use strict";
  var script = document.currentScript;
  window.Rowad = window.Rowad || {};
  if (script) window.Rowad.fieldKeyUrl = script.dataset.keyUrl;

  function registerWorker() {
    if (!script || !script.dataset.sw || !("serviceWorker" in navigator)) return Promise.resolve(null);
    return navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function () { return null; });
  }

  // "My stops": store each linked field page now, while there is a network.
  function keepPagesOffline(root) {
    var urls = Array.prototype.map.call(root.querySelectorAll("[data-offline-page]"), function (a) {
      return a.getAttribute("href");
    });
    urls.push(window.location.pathname);
    if (!window.caches || navigator.onLine === false) return;
    var ready = window.Rowad.fieldKey ? window.Rowad.fieldKey().catch(function () { return null; }) : Promise.resolve();
    Promise.all([navigator.serviceWorker ? navigator.serviceWorker.ready : null, ready]).then(function () {
      return window.caches.open("rowad-pages");
    }).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) return cache.put(url, response);
          return null;
        });
      }));
    }).then(function () {
      root.dataset.offlineReady = "true";
      var note = root.querySelector("[data-offline-note]");
      if (note) note.hidden = false;
    }).catch(function () { /* kept for next time */ });
  }

  function showQueuedCount() {
    var targets = document.querySelectorAll("[data-field-queue-count]");
    if (!targets.length || !window.Rowad.queuedCount) return;
    window.Rowad.queuedCount().then(function (count) {
      Array.prototype.forEach.call(targets, function (el) {
        el.innerHTML = "<bdi dir=\"ltr\">" + count + "</bdi>";
        el.dataset.count = String(count);
      });
    });
  }

  // Logging out erases what this phone keeps for the user, then logs out.
  function guardLogout() {
    var url = script && script.dataset.logoutUrl;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!url || form.getAttribute("action") !== url || form.dataset.wiped) return;
      event.preventDefault();
      var wipe = window.Rowad.wipeFieldData ? window.Rowad.wipeFieldData() : Promise.resolve();
      wipe.catch(function () {}).then(function () {
        form.dataset.wiped = "true";
        form.submit();
      });
    });
  }

  guardLogout();
  document.addEventListener("DOMContentLoaded", function () {
    registerWorker();
    showQueuedCount();
    document.addEventListener("rowad:queue-saved", showQueuedCount);
    var root = document.querySelector("[data-field-app]");
    if (root) keepPagesOffline(root);
  });
})();
