/** English: the page frame, shared words, the language picker and the status bar. */
export const app = {
  'app.tagline': 'Train an image classifier in your browser. Your photos never leave this device.',
  'app.saveFailed': (reason: string) => `Saving the project failed: ${reason}`,
  'language.label': 'Language',

  'common.images': (n: number) => `${n} ${n === 1 ? 'image' : 'images'}`,
  'common.deletedClass': '(deleted class)',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.dismiss': 'Dismiss',
  'common.delete': 'Delete',
  'common.loading': 'Loading…',

  'notices.label': 'Messages',
  'notices.saveProject': 'Save project',
  'notices.dismiss': (text: string) => `Dismiss: ${text}`,

  'stop.stopping': 'Stopping: the images not added yet are left out…',
  'stop.progress': (done: number, total: number) => `Adding images: ${done} of ${total} done.`,
  'stop.button': 'Stop adding images',

  'status.imageModel': 'Image model',
  'status.weightsFrom': 'Weights from',
  'status.source.self-hosted': 'self-hosted (this site)',
  'status.source.official': 'official (the publisher’s server)',
  'status.source.offline-fallback': 'offline fallback (bundled with Glimpse)',
  'status.backend': 'Compute backend',
  'status.engine': 'Engine',
  'status.phase.starting': 'Starting…',
  'status.phase.ready': 'Ready',
  'status.phase.switching': 'Switching…',
  'status.phase.failed': 'Failed',
  'status.fallbackTitle': 'Offline fallback in use — lower accuracy.',
  'status.fallbackText': (requested: string | null, note: string) =>
    `The chosen image model${requested ? ` (${requested})` : ''} could not be downloaded, so ` +
    `Glimpse uses the one bundled with it. ${note}`,
  'status.engineFailed': (error: string | null) =>
    `The image model could not be started${error ? `: ${error}` : '.'}`,

  'offline.label': 'Works offline',
  'offline.yes': (files: number) => `yes (${files} files cached)`,
  'offline.no': (why: string, files: number) =>
    `no (${why}${files ? `; ${files} files cached` : ''})`,
  'offline.unsupported': 'this browser or address cannot keep the app',
  'offline.devOnly': 'only the built app works offline',
  'offline.installing': 'saving the app…',
  'offline.failed': (error: string | null) => `could not save the app${error ? `: ${error}` : ''}`,
  'offline.savingModel': 'saving the image model…',
  'offline.modelFailed': (error: string | null) =>
    `the image model could not be saved${error ? `: ${error}` : ''}`,
  'offline.updateReady': 'A new version of Glimpse is ready.',
  'offline.reload': 'Reload',
  'offline.dismissUpdate': 'Dismiss: a new version is ready',

  'debug.summary': 'Debug details',
  'debug.memory': 'Tensor memory',
  'debug.memoryValue': (tensors: number, mb: number, backend: string) =>
    `${tensors} tensors, ${mb.toFixed(1)} MB on ${backend}`,
  'debug.refresh': 'Refresh',
  'debug.backend': 'Backend',
  'debug.forced': ' (forced)',
  'debug.automatic': ' (picked automatically)',
  'debug.otherBackends': 'Other backends',
  'debug.imageModel': 'Image model',
  'debug.askedFor': (id: string) => ` (asked for ${id})`,
  'debug.features': (dim: string) => `, ${dim}-number features`,
  'debug.weightsUrl': 'Weights URL',
  'debug.attempts': 'Where the weights were looked for',
  'debug.loaded': 'loaded',
  'debug.failed': (error: string) => `failed: ${error}`,
  'debug.engineError': 'Engine error',
  'debug.samples': 'Samples',
  'debug.samplesValue': (samples: number, classes: number) => `${samples} in ${classes} classes`,
  'debug.lastTraining': 'Last training',
  'debug.epochs': (n: number) => `, ${n} epochs`,
};
