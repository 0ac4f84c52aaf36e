/**
 * Real MobileNet v1 0.25 (TF-Hub graph) through @tensorflow-models/mobilenet, real photos,
 * held-out test split. Thresholds are measured values minus a safety margin (default head,
 * 3 seeds, Node WASM, 2026-11-25): flowers all 0.685 → assert 0.62; flowers 10/class 0.49 →
 * assert 0.43; rock-paper-scissors all 1.00 → assert 0.95.
 */
import { describeHeldOutAccuracy } from '../support/accuracySuite';
import { haveShared } from '../support/shared';

describeHeldOutAccuracy(
  'default head on MobileNet v1 0.25 via @tensorflow-models/mobilenet',
  'mobilenet-v1-0.25-224-graph',
  { flowersAll: 0.62, flowers10: 0.43, rockPaperScissorsAll: 0.95 },
  haveShared(),
);
