/** English: step 4 (try it), the presentation mode and the embedding map. */
export const preview = {
  'preview.heading': '4. Try it',
  'preview.live': 'Live webcam',
  'preview.stopLive': 'Stop live webcam',
  'preview.present': 'Present',
  'preview.presentTitle': 'Full-screen webcam with large predictions, for a classroom',
  'preview.classify': 'Classify an image',
  'preview.dropHint': '…or drop an image anywhere on this panel.',
  'preview.shownAlt': (name: string) => `Image being classified: ${name}`,
  'preview.rejected': (name: string, reason: string) => `“${name}” could not be used: ${reason}`,
  'preview.noImage': 'No image found.',
  'preview.needTwo': 'Add images to at least two classes to get a prediction.',
  'preview.classifyFailed': (reason: string) => `The image could not be classified: ${reason}`,
  'preview.camera': 'Live preview camera',
  'preview.cameraFallback': 'You can still classify an image file.',
  'preview.fps': (fps: number) => `${fps.toFixed(1)} predictions per second.`,
  'preview.waiting': 'Waiting for images in at least two classes.',
  'preview.cameraFailed': (reason: string) => `Could not read the camera: ${reason}`,
  'preview.empty':
    'No prediction yet. Add images to at least two classes, then show the webcam an object or classify an image.',
  'preview.instant': 'Instant (k-NN, before training)',
  'preview.trained': 'Trained model',
  'preview.barsLabel': 'Confidence per class',
  'preview.mostLikely': ' (most likely)',
  'preview.latency': (ms: number) => `Answered in ${ms} ms.`,

  'present.heading': 'Glimpse: what does the model see?',
  'present.exit': 'Exit (Esc)',
  'present.camera': 'Presentation camera',
  'present.cameraFallback': 'Exit and classify an image file instead.',
  'present.showSomething': 'Show the camera something…',
  'present.needTwo': 'Add images to at least two classes to see predictions.',
  'present.fps': (fps: number) => `${fps.toFixed(1)} predictions per second`,

  'map.heading': 'Embedding map',
  'map.intro':
    'Each dot is one of your images, placed by how the image model sees it: similar images land close together. The black-and-white marker is the image being classified now.',
  'map.empty': 'The map appears once images are added.',
  'map.summary': (images: string, classes: number, nearest: string | null) =>
    `2-D map of ${images} in ${classes} ${classes === 1 ? 'class' : 'classes'}` +
    (nearest !== null ? `; the live frame is closest to “${nearest}”.` : '.'),
  'map.keys': 'Use the arrow keys to go through the images.',
  'map.active': (n: number, total: number, name: string) => `Image ${n} of ${total}: ${name}`,
  'map.legend': 'Classes on the map',
  'map.live': 'Image being classified',
  'map.explained': (share: string) =>
    `The two directions shown hold ${share} of the variation between the images (PCA).`,
};
