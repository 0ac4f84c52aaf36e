/**
 * A standalone example shipped inside the head-export zip (issue 4c): `index.html` and
 * `example.js`, plain browser code with no build step and no CDN. Unzipped and served over HTTP,
 * it loads the exported model.json / weights.bin / metadata.json, TF.js (`tf.min.js`) and the
 * backbone (`backbone/model.json` + `backbone/weights.bin`), all shipped in the same zip, and
 * classifies an uploaded image or the webcam.
 *
 * Configuration (query string of index.html), for pages that host the files elsewhere:
 * - `tfjs`: URL of TF.js's UMD bundle (default `./tf.min.js`).
 * - `backbone`: URL of the backbone's model.json (default `./backbone/model.json`).
 *
 * Backbones stored as TF.js layers models (the Teachable Machine base, the default) and graph
 * models (the tfjs-models MobileNets) run; the offline fallback model is refused with a message.
 */
import { modelFolderFiles } from './modelFolder';
import type { BaseModelFiles } from './tmExport';
import { utf8, type FileEntry } from './zip';

export const EXAMPLE_INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Glimpse model example</title>
    <style>
      body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem; max-width: 40rem; }
      video, img { max-width: 224px; display: block; margin: 0.5rem 0; }
      #label { font-size: 1.5rem; font-weight: bold; }
      meter { width: 12rem; }
    </style>
  </head>
  <body>
    <h1>Glimpse model example</h1>
    <p>
      Serve this folder over HTTP (for example <code>python3 -m http.server</code> or
      <code>npx http-server</code>) and open it in a browser. See README.txt.
    </p>
    <p id="status" role="status">Loading…</p>
    <label>Classify an image: <input id="file" type="file" accept="image/*" disabled /></label>
    <p><button id="webcam" type="button" disabled>Start webcam</button></p>
    <video id="video" playsinline muted hidden></video>
    <img id="preview" alt="The image being classified" hidden />
    <p>Prediction: <output id="label" for="file"></output></p>
    <ol id="probabilities"></ol>
    <script src="example.js"></script>
  </body>
</html>
`;

export const EXAMPLE_JS = `// Glimpse model example: classifies an image or the webcam with the exported head and its
// backbone. Plain browser JavaScript; TF.js is loaded from tf.min.js (see README.txt).
'use strict';
(function () {
  var params = new URLSearchParams(location.search);
  var TFJS_URL = params.get('tfjs') || './tf.min.js';
  var BACKBONE_URL = params.get('backbone') || './backbone/model.json';
  var statusEl = document.getElementById('status');
  var labelEl = document.getElementById('label');
  var listEl = document.getElementById('probabilities');
  var fileInput = document.getElementById('file');
  var webcamButton = document.getElementById('webcam');
  var video = document.getElementById('video');
  var preview = document.getElementById('preview');
  var state = null;
  var stream = null;
  var frames = 0;

  function setStatus(text) {
    statusEl.textContent = text;
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      if (window.tf) return resolve();
      var s = document.createElement('script');
      s.src = url;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('TF.js could not be loaded from ' + url + '.')); };
      document.head.appendChild(s);
    });
  }

  async function fetchJson(url, what) {
    var response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(what + ' could not be fetched from ' + url + ' (' + error.message + ').');
    }
    if (!response.ok) throw new Error(what + ' is missing: ' + url + ' answered ' + response.status + '.');
    return response.json();
  }

  // The backbone, as a function from a [1, size, size, 3] tensor to a [1, embeddingDim] one.
  async function loadBackbone(backbone) {
    var features = backbone.features || { kind: 'layers-model' };
    if (features.kind === 'graph-model') {
      var graph = await tf.loadGraphModel(BACKBONE_URL);
      return function (x) { return graph.execute(x, features.node); };
    }
    if (features.kind !== 'layers-model') {
      throw new Error('this example cannot run the image model "' + backbone.id +
        '" (the offline fallback); train the project on another image model to use it.');
    }
    var base = await tf.loadLayersModel(BACKBONE_URL);
    var model = features.layer
      ? tf.model({ inputs: base.inputs, outputs: base.getLayer(features.layer).output })
      : base;
    return function (x) { return model.predict(x); };
  }

  async function load() {
    if (location.protocol === 'file:') {
      throw new Error('browsers do not let a page opened from a file read the model; serve ' +
        'this folder over HTTP (see README.txt).');
    }
    await loadScript(TFJS_URL);
    var metadata = await fetchJson('metadata.json', 'metadata.json');
    var embed = await loadBackbone(metadata.backbone);
    var head = await tf.loadLayersModel('model.json');
    return { metadata: metadata, embed: embed, head: head };
  }

  // Centre square of side min(width, height), resized to the input size on a canvas, over white.
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
      var features = state.embed(x);
      if (features.rank === 4) features = features.mean([1, 2]);
      else if (features.rank !== 2) features = features.reshape([1, -1]);
      return state.head.predict(features).dataSync();
    });
    var labels = state.metadata.labels;
    var best = 0;
    listEl.textContent = '';
    for (var i = 0; i < labels.length; i++) {
      if (probs[i] > probs[best]) best = i;
      var li = document.createElement('li');
      var meter = document.createElement('meter');
      meter.value = probs[i];
      li.textContent = labels[i] + ': ' + (probs[i] * 100).toFixed(1) + '% ';
      li.appendChild(meter);
      li.dataset.label = labels[i];
      li.dataset.probability = String(probs[i]);
      listEl.appendChild(li);
    }
    labelEl.textContent = labels[best];
    return labels[best];
  }

  function stopWebcam() {
    if (!stream) return;
    stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    webcamButton.textContent = 'Start webcam';
    setStatus('Webcam stopped.');
  }

  fileInput.addEventListener('change', async function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    stopWebcam();
    try {
      var bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      classify(bitmap, bitmap.width, bitmap.height);
      bitmap.close();
      if (preview.src) URL.revokeObjectURL(preview.src);
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
      setStatus('Classified ' + file.name + '.');
    } catch (error) {
      setStatus('Could not classify ' + file.name + ': it is not an image this browser can read.');
    }
  });

  // One prediction per animation frame at most: frames that arrive while busy are dropped.
  function webcamLoop() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      classify(video, video.videoWidth, video.videoHeight);
      frames++;
      document.body.dataset.frames = String(frames);
    }
    requestAnimationFrame(webcamLoop);
  }

  webcamButton.addEventListener('click', async function () {
    if (stream) return stopWebcam();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    } catch (error) {
      var denied = error && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
      setStatus(denied
        ? 'The webcam is blocked: allow camera access for this page in the browser, then try again.'
        : 'Could not start the webcam (' + (error && error.name) + '): is one connected?');
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    preview.hidden = true;
    await video.play();
    webcamButton.textContent = 'Stop webcam';
    setStatus('Classifying the webcam.');
    webcamLoop();
  });

  load().then(function (loaded) {
    state = loaded;
    fileInput.disabled = false;
    webcamButton.disabled = false;
    setStatus('Ready: ' + loaded.metadata.labels.join(', ') + '.');
    document.body.dataset.ready = 'true';
  }, function (error) {
    setStatus('Could not load the model: ' + error.message);
    document.body.dataset.ready = 'false';
  });
})();
`;

/** What the example needs besides its own files, shipped in the zip when available. */
export interface ExampleRuntime {
  /** TF.js's UMD bundle, saved as tf.min.js. */
  tfjs?: Uint8Array;
  /** The backbone's model files, saved under backbone/. */
  backbone?: BaseModelFiles;
}

function readme(runtime: ExampleRuntime, backboneId: string): string {
  const missing: string[] = [];
  if (!runtime.tfjs) {
    missing.push(
      '- tf.min.js is not included: copy TF.js 4.x (node_modules/@tensorflow/tfjs/dist/' +
        'tf.min.js) here, or open index.html?tfjs=<URL of tf.min.js>.',
    );
  }
  if (!runtime.backbone) {
    missing.push(
      `- The image model "${backboneId}" is not included: put its model.json and weight files ` +
        'in backbone/, or open index.html?backbone=<URL of its model.json>.',
    );
  }
  return [
    'Glimpse model export',
    '====================',
    '',
    'model.json + weights.bin  the trained classifier (a TF.js layers model). Its input is the',
    "                          image model's embedding, its output one probability per label.",
    'metadata.json             labels in output order, the image model (backbone) that makes the',
    '                          embedding, its crop and normalisation, training settings, metrics.',
    'backbone/                 the image model itself (TF.js model.json + weights.bin).',
    'tf.min.js                 TensorFlow.js, so the example needs no internet.',
    'index.html, example.js    an example page: classifies an uploaded image or the webcam.',
    '',
    'To try the example, serve this folder over HTTP and open index.html, for example:',
    '',
    '    python3 -m http.server 8000     then open http://localhost:8000/',
    '',
    '(Browsers refuse to load models into a page opened straight from the disk.)',
    ...(missing.length > 0 ? ['', 'Missing from this zip:', ...missing] : []),
    '',
  ].join('\n');
}

/** The example's files for the head-export zip: page, script, README.txt, TF.js, backbone. */
export function headExampleFiles(runtime: ExampleRuntime = {}, backboneId = ''): FileEntry[] {
  return [
    { path: 'index.html', bytes: utf8(EXAMPLE_INDEX_HTML) },
    { path: 'example.js', bytes: utf8(EXAMPLE_JS) },
    { path: 'README.txt', bytes: utf8(readme(runtime, backboneId)) },
    ...(runtime.tfjs ? [{ path: 'tf.min.js', bytes: runtime.tfjs }] : []),
    ...(runtime.backbone ? modelFolderFiles(runtime.backbone, 'backbone') : []),
  ];
}
