// Rowad training — the trainer scans trainees' check-in QR codes with the phone's camera.
//
// The browser's BarcodeDetector when it has one, else jsQR (vendor/jsqr, Apache-2.0)
// decodes the frames; each code read is posted to this page (JSON answer) and the
// answer is listed. The same code is not sent again for 5 seconds (the server counts a
// check-in once anyway). The form below is the fallback: the code typed by hand.
(function () {
  "use strict";

  function init(root) {
    var form = document.getElementById("checkin-form");
    var video = document.getElementById("checkin-video");
    var canvas = document.getElementById("checkin-canvas");
    var start = document.getElementById("checkin-start");
    var status = document.getElementById("checkin-status");
    var results = document.getElementById("checkin-results");
    var recent = {};
    var detector = null;

    function show(answer) {
      var li = document.createElement("li");
      li.className = "alert py-2 mb-2 " + (answer.status === "refused" ? "alert-danger" : "alert-success");
      li.textContent = [answer.name, answer.label, answer.attendance, answer.detail].filter(Boolean).join(" — ");
      results.insertBefore(li, results.firstChild);
    }

    function send(token) {
      var now = Date.now();
      if (recent[token] && now - recent[token] < 5000) return;
      recent[token] = now;
      var body = new FormData();
      body.append("token", token);
      body.append("csrfmiddlewaretoken", window.Rowad ? window.Rowad.csrfToken() : form.elements.csrfmiddlewaretoken.value);
      fetch(window.location.pathname, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(show)
        .catch(function () { delete recent[token]; show({ status: "refused", detail: root.dataset.textOffline }); });
    }

    function decode() {
      if (video.readyState < 2) return Promise.resolve(null);
      if (detector) {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(code ? code.data : null);
    }

    function loop() {
      decode().then(function (text) {
        if (text) send(text.trim());
        window.setTimeout(loop, 250);
      }).catch(function () { window.setTimeout(loop, 500); });
    }

    start.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { status.textContent = root.dataset.textCameraError; return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
        video.srcObject = stream;
        video.closest(".checkin-video").hidden = false;
        start.hidden = true;
        status.textContent = root.dataset.textScanning;
        return video.play();
      }).then(function () {
        if ("BarcodeDetector" in window) {
          try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
        }
        loop();
      }).catch(function () { status.textContent = root.dataset.textCameraError; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("checkin");
    if (root) init(root);
  });
})();
