/** Accuracy of the heads Glimpse compares, on a fixed train/test split, at K = 5, 10, 20, all. */
import { evaluate } from '../src/core/evaluation/evaluate';
import { buildKnnIndex, knnPredict } from '../src/core/knn/knnClassifier';
import {
  DEFAULT_HEAD_OPTIONS,
  TEACHABLE_MACHINE_RECIPE,
  type HeadOptions,
} from '../src/core/training/headOptions';
import { trainHead } from '../src/core/training/trainHead';
import { firstPerClass, type EmbeddedSplit } from '../tests/support/embedDataset';

export interface AccuracyRow {
  backbone: string;
  dataset: string;
  k: number | 'all';
  defaultAcc: number;
  tmRecipeAcc: number;
  linearAcc: number;
  knnAcc: number;
  defaultTrainMs: number;
  tmRecipeTrainMs: number;
}

async function meanAccuracy(
  options: Partial<HeadOptions>,
  train: EmbeddedSplit,
  test: EmbeddedSplit,
  classCount: number,
  reps: number,
): Promise<{ acc: number; ms: number }> {
  let acc = 0;
  let ms = 0;
  for (let seed = 1; seed <= reps; seed++) {
    const t0 = performance.now();
    const result = await trainHead(
      { embeddings: train.embeddings, labels: train.labels, classCount },
      { ...options, seed },
    );
    ms += performance.now() - t0;
    acc += evaluate(
      await result.model.predict(test.embeddings),
      test.labels,
      test.ids,
      classCount,
    ).accuracy;
    result.model.dispose();
  }
  return { acc: acc / reps, ms: ms / reps };
}

export async function accuracyTable(input: {
  backbone: string;
  dataset: string;
  classes: string[];
  train: EmbeddedSplit;
  test: EmbeddedSplit;
  reps: number;
}): Promise<AccuracyRow[]> {
  const { train: all, test, classes, reps } = input;
  const C = classes.length;
  const rows: AccuracyRow[] = [];
  for (const k of [5, 10, 20, 'all'] as const) {
    const train = k === 'all' ? all : firstPerClass(all, k);
    const def = await meanAccuracy(DEFAULT_HEAD_OPTIONS, train, test, C, reps);
    const tm = await meanAccuracy(TEACHABLE_MACHINE_RECIPE, train, test, C, reps);
    const linear = await meanAccuracy({ hiddenUnits: 0, dropout: 0 }, train, test, C, reps);
    const index = buildKnnIndex(train.embeddings, train.labels, C);
    const knn = evaluate(
      test.embeddings.map((e) => knnPredict(index, e, 5)),
      test.labels,
      test.ids,
      C,
    ).accuracy;
    rows.push({
      backbone: input.backbone,
      dataset: input.dataset,
      k,
      defaultAcc: def.acc,
      tmRecipeAcc: tm.acc,
      linearAcc: linear.acc,
      knnAcc: knn,
      defaultTrainMs: def.ms,
      tmRecipeTrainMs: tm.ms,
    });
  }
  return rows;
}
