/**
 * A standalone example shipped inside the head-export zip (issue 4c): `index.html` and
 * `example.js`, plain browser code with no build step and no CDN. It loads the exported
 * model.json / weights.bin / metadata.json next to it, plus the backbone named in metadata.json
 * from a models folder, and classifies an uploaded image or the webcam.
 *
 * Configuration (query string of index.html):
 * - `models`: base URL of the backbones folder, holding `<backbone id>/model.json` (default
 *   `./models/`; Glimpse's self-hosted models folder has this layout).
 * - `tfjs`: URL of TF.js's UMD bundle `tf.min.js` (default `./tf.min.js`, a local copy of
 *   node_modules/@tensorflow/tfjs/dist/tf.min.js).
 *
 * Only backbones stored as TF.js layers models (the Teachable Machine base, the default) can be
 * run by the example; others are refused with a message.
 */
import { utf8, type FileEntry } from './zip';

export const EXAMPLE_INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Glimpse model example</title>
    <style>
      body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem; max-width: 40rem; }
      video, canvas { max-width: 224px; display: block; margin: 0.5rem 0; }
      #label { font-size: 1.5rem; font-weight: bold; }
    </style>
  </head>
  <body>
    <h1>Glimpse model example</h1>
    <p>
      Serve this folder over HTTP (for example <code>npx http-server</code>) with
      <code>tf.min.js</code> (TF.js 4.x UMD bundle) next to this file, and the backbone
      named in metadata.json under <code>./models/&lt;id&gt;/model.json</code>. Override with
      <code>?tfjs=URL</code> and <code>?models=URL</code>.
    </p>
    <p id="status" role="status">Loading…</p>
    <label>Classify an image: <input id="file" type="file" accept="image/*" disabled /></label>
    <p>
      <button id="webcam" type="button" disabled>Start webcam</button>
    </p>
    <video id="video" playsinline muted hidden></video>
    <p>Prediction: <output id="label" for="file"></output></p>
    <ol id="probabilities"></ol>
    <script src="example.js"></script>
  </body>
</html>
`;

export const EXAMPLE_JS = `// Glimpse model example: classifies an image with the exported head and its backbone.
'use strict';
(function () {
  var params = new URLSearchParams(location.search);
  var MODELS_URL = params.get('models') || './models/';
  var TFJS_URL = params.get('tfjs') || './tf.min.js';
  var statusEl = document.getElementById('status');
  var labelEl = document.getElementById('label');
  var listEl = document.getElementById('probabilities');
  var fileInput = document.getElementById('file');
  var webcamButton = document.getElementById('webcam');
  var video = document.getElementById('video');
  var state = null;

  function setStatus(text) {
    statusEl.textContent = text;
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      if (window.tf) return resolve();
      var s = document.createElement('script');
      s.src = url;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('could not load TF.js from ' + url)); };
      document.head.appendChild(s);
    });
  }

  function joinUrl(base, path) {
    return base.endsWith('/') ? base + path : base + '/' + path;
  }

  async function load() {
    await loadScript(TFJS_URL);
    var metadata = await (await fetch('metadata.json')).json();
    var backbone = metadata.backbone;
    var backboneUrl = joinUrl(MODELS_URL, backbone.id + '/model.json');
    var backboneJson = await (await fetch(backboneUrl)).json();
    if (backboneJson.format !== 'layers-model' && !(backboneJson.modelTopology &&
        backboneJson.modelTopology.class_name)) {
      throw new Error('this example runs only backbones stored as TF.js layers models; "' +
        backbone.id + '" is not one.');
    }
    var base = await tf.loadLayersModel(backboneUrl);
    var head = await tf.loadLayersModel('model.json');
    return { metadata: metadata, base: base, head: head };
  }

  // Centre square of side min(width, height), resized to the input size on a canvas.
  function toCanvas(source, width, height, size) {
    var canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    var ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    var side = Math.min(width, height);
    ctx.drawImage(source, (width - side) / 2, (height - side) / 2, side, side, 0, 0, size, size);
    return canvas;
  }

  function classify(source, width, height) {
    var b = state.metadata.backbone;
    var canvas = toCanvas(source, width, height, b.inputSize);
    var probs = tf.tidy(function () {
      var x = tf.browser.fromPixels(canvas).toFloat()
        .mul(b.normalization.scale).add(b.normalization.offset).expandDims(0);
      var features = state.base.predict(x);
      if (features.rank === 4) features = features.mean([1, 2]);
      return state.head.predict(features).dataSync();
    });
    var labels = state.metadata.labels;
    var best = 0;
    listEl.textContent = '';
    for (var i = 0; i < labels.length; i++) {
      if (probs[i] > probs[best]) best = i;
      var li = document.createElement('li');
      li.textContent = labels[i] + ': ' + (probs[i] * 100).toFixed(1) + '%';
      li.dataset.label = labels[i];
      li.dataset.probability = String(probs[i]);
      listEl.appendChild(li);
    }
    labelEl.textContent = labels[best];
    return labels[best];
  }

  fileInput.addEventListener('change', async function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    try {
      var bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      classify(bitmap, bitmap.width, bitmap.height);
      bitmap.close();
      setStatus('Classified ' + file.name + '.');
    } catch (error) {
      setStatus('Could not classify ' + file.name + ': ' + error.message);
    }
  });

  webcamButton.addEventListener('click', async function () {
    try {
      var stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      webcamButton.disabled = true;
      setStatus('Classifying the webcam.');
      var loop = function () {
        if (video.videoWidth > 0) classify(video, video.videoWidth, video.videoHeight);
        requestAnimationFrame(loop);
      };
      loop();
    } catch (error) {
      setStatus('Could not start the webcam: ' + error.message);
    }
  });

  load().then(function (loaded) {
    state = loaded;
    fileInput.disabled = false;
    webcamButton.disabled = false;
    setStatus('Ready: ' + loaded.metadata.labels.join(', ') + '.');
    document.body.dataset.ready = 'true';
  }, function (error) {
    setStatus('Could not load the model: ' + error.message);
  });
})();
`;

/** The example's files, for the head-export zip. */
export function headExampleFiles(): FileEntry[] {
  return [
    { path: 'index.html', bytes: utf8(EXAMPLE_INDEX_HTML) },
    { path: 'example.js', bytes: utf8(EXAMPLE_JS) },
  ];
}
