/** English: step 2 (training, charts, advanced options) and step 3 (evaluation). */
export const train = {
  'train.heading': '2. Train',
  'train.train': 'Train model',
  'train.again': 'Train again',
  'train.progress': (done: number, planned: number) => `Epoch ${done} / ${planned}`,
  'train.progressLabel': 'Training',
  'train.reason.training': 'Training is in progress.',
  'train.reason.loading': 'The image model is still loading.',
  'train.reason.failed': 'The image model could not be loaded.',
  'train.reason.twoClasses': 'Add at least two classes.',
  'train.reason.addImages': (names: readonly string[]) =>
    `Add images to ${names.map((n) => `“${n}”`).join(', ')}.`,
  'train.done': (seconds: number | null, epochs: number, early: boolean) =>
    `Trained in ${seconds === null ? '?' : seconds.toFixed(1)} s over ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}` +
    (early ? ' (stopped early: validation stopped improving)' : '') +
    '.',
  'train.cancelled': 'Training was cancelled.',
  'train.failed': (error: string | null) => `Training failed${error ? `: ${error}` : '.'}`,
  'train.stale': 'Classes changed since training — train again',
  'train.lossChart': 'Loss per epoch',
  'train.accuracyChart': 'Accuracy per epoch',
  'train.legend': 'Solid: training samples. Dashed: held-out validation samples.',

  'chart.loss': 'loss',
  'chart.accuracy': 'accuracy',
  'chart.epoch': 'epoch',
  'chart.training': 'training',
  'chart.validation': 'validation',
  'chart.empty': (what: string) => `No ${what} yet: train the model to see it per epoch.`,
  'chart.summary': (epochs: number, what: string, train: string, val: string | null) =>
    `After ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}: training ${what} ${train}` +
    (val === null ? '.' : `, validation ${what} ${val}.`),

  'advanced.summary': 'Advanced',
  'advanced.training': 'Training',
  'advanced.epochs': 'Epochs',
  'advanced.epochsHint': 'At most this many passes; stops early when validation stops improving.',
  'advanced.batchSize': 'Batch size',
  'advanced.learningRate': 'Learning rate',
  'advanced.hiddenUnits': 'Hidden units',
  'advanced.hiddenUnitsHint': '0 trains a linear classifier.',
  'advanced.dropout': 'Dropout',
  'advanced.validation': 'Validation share (%)',
  'advanced.validationHint': 'Held out of each class to measure accuracy; 0 holds out nothing.',
  'advanced.defaults': 'Glimpse defaults',
  'advanced.tmRecipe': 'Teachable Machine recipe',
  'advanced.backbone': 'Image model (backbone)',
  'advanced.model': 'Model',
  'advanced.downloaded': 'Downloaded models',
  'advanced.offlineGroup': 'Offline fallback (no download, lower accuracy)',
  'advanced.offlineOption': 'offline fallback',
  'advanced.changeNote': 'Changing the model processes every image again.',

  'augment.legend': 'Augment images',
  'augment.flip': 'Mirror image (flip)',
  'augment.crops': 'Crops',
  'augment.lights': 'Lighting changes',
  'augment.noteOn': (slower: number) =>
    `On the shared datasets this changed accuracy by ≤ 1 point and makes adding images ${slower}× slower.`,
  'augment.noteOff':
    'On the shared datasets this changed accuracy by ≤ 1 point; each variant makes adding images slower (one more image-model run per image).',

  'evaluate.heading': '3. Evaluate',
  'evaluate.basis.validation': (n: number) =>
    `Measured on ${n} held-out images that the model did not train on.`,
  'evaluate.basis.cross-validation': (n: number) =>
    `With this few images none were held out: the model trains on all ${n}, and each image was ` +
    'checked by a model trained on the others (cross-validation).',
  'evaluate.basis.training': (n: number) =>
    `Measured on the ${n} training images (none were held out), so it looks better than it will be on new images.`,
  'evaluate.overall': 'Overall accuracy:',
  'evaluate.correct': (correct: number, total: number) => `(${correct} of ${total} correct).`,
  'evaluate.stale': 'These results are from before the classes changed.',
  'evaluate.perClass': 'Accuracy per class',
  'evaluate.accuracyOf': (name: string) => `Accuracy of ${name}`,
  'evaluate.matrix': 'Confusion matrix',
  'evaluate.caption':
    'Rows: the true class. Columns: what the model predicted. Select a number to see those images.',
  'evaluate.corner': 'True ↓ / Predicted →',
  'evaluate.cell': (count: number, name: string, predicted: string) =>
    `${count} ${name} ${count === 1 ? 'image' : 'images'} predicted as ${predicted}`,
  'evaluate.cellHeading': (name: string, predicted: string) =>
    `“${name}” predicted as “${predicted}”`,
  'evaluate.cellEmpty': 'No images left in this cell.',
  'evaluate.moveTo': 'Move to',
  'evaluate.move': 'Move',
  'evaluate.moveNamed': (alt: string, name: string) => `Move ${alt} to ${name}`,
  'evaluate.moved': (alt: string, name: string) => `Moved ${alt} to “${name}”.`,
  'evaluate.deleted': (alt: string) => `Deleted ${alt}.`,
};
