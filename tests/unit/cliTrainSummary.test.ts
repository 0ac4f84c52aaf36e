import { describe, expect, it } from 'vitest';
import { formatTrainSummary, type TrainSummary } from '../../src/node/cli/trainSummary';

const base: TrainSummary = {
  modelSource: 'mobilenet-v2-0.35-224-tm — self-hosted (/m/model.json)',
  perClass: [
    { name: 'cats', images: 40 },
    { name: 'dogs', images: 35 },
  ],
  rejected: [{ path: '/d/cats/bad.jpg', reason: 'not a readable image (corrupt)' }],
  epochs: [
    { epoch: 1, loss: 0.9, acc: 0.5, valLoss: 0.8, valAcc: 0.6 },
    { epoch: 2, loss: 0.2, acc: 0.95, valLoss: 0.3, valAcc: 0.9 },
    { epoch: 3, loss: 0.1, acc: 0.99, valLoss: 0.35, valAcc: 0.9 },
  ],
  bestEpoch: 2,
  stoppedEarly: true,
  trainMs: 1500,
  evaluation: {
    total: 12,
    correct: 11,
    accuracy: 11 / 12,
    perClass: [
      { classIndex: 0, total: 6, correct: 6, accuracy: 1 },
      { classIndex: 1, total: 6, correct: 5, accuracy: 5 / 6 },
    ],
    confusion: [
      [6, 0],
      [1, 5],
    ],
    cellIds: [],
    misclassified: [{ id: 's7', trueClass: 1, predictedClass: 0, confidence: 0.71 }],
    classIds: ['c1', 'c2'],
    basis: 'validation',
  },
  folds: null,
  paths: new Map([['s7', '/d/dogs/7.jpg']]),
  written: [
    { path: 'out/model.json', bytes: 2900 },
    { path: 'out/weights.bin', bytes: 657_420 },
    { path: 'out/metadata.json', bytes: 2100 },
  ],
};

describe('formatTrainSummary', () => {
  it('shows images per class, skipped files, training, validation accuracy and files', () => {
    const text = formatTrainSummary(base);
    expect(text).toBe(
      [
        'Trained on 75 images in 2 classes.',
        'Image model: mobilenet-v2-0.35-224-tm — self-hosted (/m/model.json)',
        '',
        'Images per class:',
        '  cats  40',
        '  dogs  35',
        '',
        'Skipped 1 file:',
        '  /d/cats/bad.jpg: not a readable image (corrupt)',
        '',
        'Training: 3 epochs in 1.5 s, stopped early, kept epoch 2; training loss 0.200, accuracy 95.0%',
        'Validation accuracy: 91.7% (11 of 12 correct; 12 held-out images the model did not train on)',
        '  cats  100.0%  (6/6)',
        '  dogs   83.3%  (5/6)',
        'Misclassified (1):',
        '  /d/dogs/7.jpg: taken for cats (0.71)',
        '',
        'Wrote:',
        '  out/model.json       2.8 KB',
        '  out/weights.bin    642.0 KB',
        '  out/metadata.json    2.1 KB',
        '',
      ].join('\n'),
    );
  });

  it('explains cross-validation with its folds', () => {
    const text = formatTrainSummary({
      ...base,
      rejected: [],
      evaluation: { ...base.evaluation!, basis: 'cross-validation', misclassified: [] },
      folds: 5,
    });
    expect(text).toMatch(/^Cross-validation accuracy: 91\.7% \(11 of 12 correct; .*5 folds\)$/m);
    expect(text).not.toContain('Skipped');
    expect(text).not.toContain('Misclassified');
  });
});
