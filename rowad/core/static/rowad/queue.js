// Rowad — a send queue that loses nothing, for pages used on a flaky network (field
// registration, visitor counter, the trainer's roll call).
//
// Each item carries a client UUID and is kept on the phone until the server has answered
// for it; the queue sends now, again by a retry timer (backing off to a minute), and
// whenever the page calls flush() (on the `online` event). The server is idempotent by
// UUID, so an item sent twice (lost answer, double tap) is recorded once.
//
// Storage (docs/field-app.md): IndexedDB, so the queue survives a closed browser and a
// reboot; the items are encrypted with AES-GCM (Web Crypto) under a key the server keeps
// in the session (/field-key/), imported as a non-extractable key. Logging out wipes the
// database and the stored pages (Rowad.wipeFieldData, called by pwa.js).
//
// Usage: var q = new Rowad.Queue(key, send(items) -> Promise({uuids, state}), onChange(count, state),
//                                batchSize, {label: item -> text});
// q.items() and q.save(items) stay synchronous (an in-memory copy, written through to
// IndexedDB); q.ready resolves once the stored items are loaded; q.sent() lists the last
// items sent, with when.
(function () {
  "use strict";
  if (window.Rowad && window.Rowad.Queue) return; // loaded by base.html and by the page

  var DB_NAME = "rowad-field", DB_VERSION = 1, KEEP_SENT = 30;
  var dbPromise = null, keyPromise = null;

  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The cookie first: a page served from the phone's cache may hold an older token.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    });
  }

  // ---- IndexedDB ----------------------------------------------------------------------
  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function openDb() {
    if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = window.indexedDB.open(DB_NAME, DB_VERSION);
        req.onupgradeneeded = function () {
          req.result.createObjectStore("queues", { keyPath: "name" });
          req.result.createObjectStore("keys", { keyPath: "id" });
        };
        req.onsuccess = function () {
          var db = req.result;
          db.onversionchange = function () { db.close(); dbPromise = null; };
          resolve(db);
        };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  function store(name, mode) {
    return openDb().then(function (db) { return db.transaction(name, mode).objectStore(name); });
  }
  function dbGet(name, key) { return store(name, "readonly").then(function (s) { return request(s.get(key)); }); }
  function dbPut(name, value) { return store(name, "readwrite").then(function (s) { return request(s.put(value)); }); }

  // ---- the session key ----------------------------------------------------------------
  function keyUrl() { return (window.Rowad && window.Rowad.fieldKeyUrl) || "/field-key/"; }

  function fromBase64(text) {
    var bin = window.atob(text), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function importKey(id, raw) {
    return window.crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
      .then(function (key) {
        var record = { id: id, key: key };
        return dbPut("keys", record).then(function () { return dbPut("keys", { id: "current", ref: id }); })
          .then(function () { return record; });
      });
  }

  function storedCurrentKey() {
    return dbGet("keys", "current").then(function (current) {
      return current ? dbGet("keys", current.ref) : null;
    });
  }

  // The session's key from the server when online; the one stored last when offline;
  // a local key as a last resort (first use with no network: still encrypted at rest,
  // still wiped at logout).
  function currentKey() {
    if (!keyPromise) {
      var fromServer = navigator.onLine === false ? Promise.reject(new Error("offline")) :
        fetch(keyUrl(), { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
          .then(function (r) { if (!r.ok) throw new Error("no key"); return r.json(); })
          .then(function (body) {
            return dbGet("keys", body.id).then(function (known) {
              if (known) return dbPut("keys", { id: "current", ref: body.id }).then(function () { return known; });
              return importKey(body.id, fromBase64(body.key));
            });
          });
      keyPromise = fromServer.catch(function () {
        return storedCurrentKey().then(function (stored) {
          if (stored) return stored;
          return importKey("local-" + uuid4(), window.crypto.getRandomValues(new Uint8Array(32)));
        });
      });
    }
    return keyPromise;
  }

  function encrypt(value) {
    return currentKey().then(function (k) {
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      var plain = new TextEncoder().encode(JSON.stringify(value));
      return window.crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, k.key, plain).then(function (data) {
        return { keyId: k.id, iv: iv, data: data };
      });
    });
  }

  function decrypt(record) {
    return dbGet("keys", record.keyId).then(function (k) {
      if (!k) return null; // the key is gone (logged out): unreadable, as intended
      return window.crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv }, k.key, record.data)
        .then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
    }).catch(function () { return null; });
  }

  // The number still queued under every queue, readable without the key.
  function queuedCount() {
    return store("queues", "readonly").then(function (s) { return request(s.getAll()); })
      .then(function (records) { return records.reduce(function (n, r) { return n + (r.count || 0); }, 0); })
      .catch(function () { return 0; });
  }

  function wipeFieldData() {
    keyPromise = null;
    var closing = dbPromise ? dbPromise.then(function (db) { db.close(); }).catch(function () {}) : Promise.resolve();
    dbPromise = null;
    return closing.then(function () {
      return new Promise(function (resolve) {
        if (!window.indexedDB) return resolve();
        var req = window.indexedDB.deleteDatabase(DB_NAME);
        req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
      });
    }).then(function () {
      if (!window.caches) return null;
      return window.caches.delete("rowad-pages");
    });
  }

  // ---- the queue ----------------------------------------------------------------------
  function Queue(key, send, onChange, batchSize, options) {
    var self = this;
    this.key = key;
    this.send = send;
    this.onChange = onChange;
    this.batchSize = batchSize || 50;
    this.label = (options && options.label) || function () { return ""; };
    this.sending = false;
    this.delay = 2000;
    this.timer = null;
    this.memory = [];
    this.sentLog = [];
    this.writing = Promise.resolve();
    this.loaded = false;
    this.ready = this.load().then(function () {
      self.loaded = true;
      self.onChange(self.memory.length, self.state);
      return self;
    });
  }

  Queue.prototype.load = function () {
    var self = this;
    return dbGet("queues", this.key).then(function (record) {
      return record ? decrypt(record) : null;
    }).then(function (value) {
      var stored = value || { items: [], sent: [] };
      // Items typed before the move to IndexedDB, or while this page was loading.
      var legacy = [];
      try { legacy = JSON.parse(window.localStorage.getItem(self.key) || "[]"); } catch (e) { legacy = []; }
      var known = {};
      self.memory = stored.items.concat(legacy, self.memory).filter(function (item) {
        if (known[item.client_uuid]) return false;
        known[item.client_uuid] = true;
        return true;
      });
      self.sentLog = stored.sent || [];
      if (legacy.length || self.memory.length !== stored.items.length) self.persist();
      window.localStorage.removeItem(self.key);
    }).catch(function () { /* no IndexedDB: the queue lives as long as the page */ });
  };

  // Writes go one after the other, so an older state never overwrites a newer one.
  Queue.prototype.persist = function () {
    var self = this;
    this.writing = this.writing.then(function () {
      return encrypt({ items: self.memory, sent: self.sentLog });
    }).then(function (sealed) {
      sealed.name = self.key;
      sealed.count = self.memory.length;
      return dbPut("queues", sealed).then(function () { return sealed.count; });
    }).then(function (count) {
      document.dispatchEvent(new CustomEvent("rowad:queue-saved", { detail: { key: self.key, count: count } }));
    }).catch(function () { /* kept in memory; retried at the next change */ });
    return this.writing;
  };

  Queue.prototype.items = function () { return this.memory.slice(); };
  Queue.prototype.sent = function () { return this.sentLog.slice(); };
  Queue.prototype.save = function (items) {
    this.memory = items.slice();
    this.persist();
    this.onChange(items.length, this.state);
  };
  Queue.prototype.push = function (item) {
    item.queued_at = item.queued_at || new Date().toISOString();
    var items = this.items();
    items.push(item);
    this.save(items);
    this.flush();
  };
  Queue.prototype.remove = function (uuids, outcomes) {
    var self = this, now = new Date().toISOString();
    var gone = this.memory.filter(function (item) { return uuids.indexOf(item.client_uuid) >= 0; });
    gone.forEach(function (item) {
      self.sentLog.unshift({ client_uuid: item.client_uuid, label: self.label(item), queued_at: item.queued_at || null,
                             sent_at: now, status: (outcomes && outcomes[item.client_uuid]) || "sent" });
    });
    this.sentLog = this.sentLog.slice(0, KEEP_SENT);
    this.save(this.memory.filter(function (item) { return uuids.indexOf(item.client_uuid) < 0; }));
  };
  Queue.prototype.retryLater = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flush(); }, this.delay);
    this.delay = Math.min(this.delay * 2, 60000);
  };
  Queue.prototype.flush = function () {
    var self = this;
    if (!this.loaded) { this.ready.then(function () { self.flush(); }); return; }
    var batch = this.items().slice(0, this.batchSize);
    if (this.sending || !batch.length) return;
    if (navigator.onLine === false) {
      this.state = "offline";
      this.onChange(this.items().length, this.state);
      this.retryLater();
      return;
    }
    this.sending = true;
    this.state = "sending";
    this.onChange(this.items().length, this.state);
    this.send(batch).then(function (done) {
      self.sending = false;
      self.state = done.state || "sent";
      self.delay = 2000;
      self.remove(done.uuids, done.outcomes);
      if (self.items().length) self.flush();
    }).catch(function (error) {
      self.sending = false;
      self.state = error && error.state ? error.state : "offline";
      self.onChange(self.items().length, self.state);
      self.retryLater();
    });
  };

  window.Rowad = window.Rowad || {};
  window.Rowad.Queue = Queue;
  window.Rowad.uuid4 = uuid4;
  window.Rowad.csrfToken = csrfToken;
  window.Rowad.postJSON = postJSON;
  window.Rowad.queuedCount = queuedCount;
  window.Rowad.wipeFieldData = wipeFieldData;
  window.Rowad.fieldKey = currentKey;
})();
