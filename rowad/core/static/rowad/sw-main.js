// Rowad field app — the service worker (configured by /sw.js, which sets self.ROWAD_SW).
//
// Static files: cache first (the app shell is stored at install).
// Field pages (my stops, registration form, counter, roll call, visit form): network
// first, the stored copy when there is no network. Other pages, the API and every POST
// go to the network untouched: the phone keeps no other page (they carry personal data).
/* global self, caches, fetch, Response, URL */
(function () {
  "use strict";
  var config = self.ROWAD_SW;
  var SHELL = "rowad-shell-" + config.version;
  var PAGES = "rowad-pages";
  var pagePatterns = config.pages.map(function (p) { return new RegExp(p); });

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(SHELL).then(function (cache) {
      return cache.addAll(config.shell);
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("rowad-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }));
  });

  function isOfflinePage(url) {
    return pagePatterns.some(function (re) { return re.test(url.pathname); });
  }

  function staticFirst(request) {
    return caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    });
  }

  function networkFirst(request) {
    return fetch(request).then(function (response) {
      // Keep only the page itself, not a redirect to the login page.
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { cache.put(request.url, copy); });
      }
      return response;
    }).catch(function () {
      return caches.open(PAGES).then(function (cache) {
        return cache.match(request.url, { ignoreVary: true, ignoreSearch: false }).then(function (hit) {
          return hit || cache.match(config.fallback, { ignoreVary: true });
        });
      }).then(function (hit) {
        return hit || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") return;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (url.pathname.indexOf(config.staticPrefix) === 0) {
      event.respondWith(staticFirst(request));
    } else if (request.mode === "navigate" && isOfflinePage(url)) {
      event.respondWith(networkFirst(request));
    }
  });
})();
