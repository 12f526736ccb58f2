// Rowad — a send queue that loses nothing, for pages used on a flaky network (field
// registration, visitor counter, the trainer's roll call).
//
// Each item carries a client UUID and is kept in localStorage until the server has
// answered for it; the queue sends now, again by a retry timer (backing off to a minute),
// and whenever the page calls flush() (on the `online` event). The server is idempotent
// by UUID, so an item sent twice (lost answer, double tap) is recorded once.
// Usage: var q = new Rowad.Queue(key, send(items) -> Promise({uuids, state}), onChange(count, state)).
(function () {
  "use strict";

  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
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

  // A persistent queue of JSON items, sent in batches by `send(items) -> Promise`.
  function Queue(key, send, onChange, batchSize) {
    this.key = key;
    this.send = send;
    this.onChange = onChange;
    this.batchSize = batchSize || 50;
    this.sending = false;
    this.delay = 2000;
    this.timer = null;
  }
  Queue.prototype.items = function () {
    try { return JSON.parse(window.localStorage.getItem(this.key) || "[]"); } catch (e) { return []; }
  };
  Queue.prototype.save = function (items) {
    window.localStorage.setItem(this.key, JSON.stringify(items));
    this.onChange(items.length, this.state);
  };
  Queue.prototype.push = function (item) {
    var items = this.items();
    items.push(item);
    this.save(items);
    this.flush();
  };
  Queue.prototype.remove = function (uuids) {
    this.save(this.items().filter(function (item) { return uuids.indexOf(item.client_uuid) < 0; }));
  };
  Queue.prototype.retryLater = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flush(); }, this.delay);
    this.delay = Math.min(this.delay * 2, 60000);
  };
  Queue.prototype.flush = function () {
    var self = this;
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
      self.remove(done.uuids);
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
})();
