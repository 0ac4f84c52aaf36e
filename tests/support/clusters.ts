import { createRng } from '../../src/core/dataset/random';

/**
 * Gaussian clusters in `dim` dimensions, one centre per class, `perClass` points each.
 * `spread` is the noise standard deviation relative to the distance between centres.
 */
export function gaussianClusters(
  classCount: number,
  perClass: number,
  dim: number,
  spread: number,
  seed: number,
  counts?: number[],
): { embeddings: Float32Array[]; labels: number[] } {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres = Array.from({ length: classCount }, () =>
    Float32Array.from({ length: dim }, () => gauss()),
  );
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  centres.forEach((centre, c) => {
    for (let i = 0; i < (counts?.[c] ?? perClass); i++) {
      embeddings.push(Float32Array.from(centre, (v) => v + spread * gauss()));
      labels.push(c);
    }
  });
  return { embeddings, labels };
}
