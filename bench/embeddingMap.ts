/**
 * Embedding-map timings (Node, one thread): PCA on all N rows from cold and warm starts (the
 * map's settings: oversampling 8, plane convergence), and the map itself (fit on at most 2,000
 * samples, project all; first map and an update after 10 new samples) at N = 1,000 and 10,000,
 * D = 1,280. Synthetic ReLU embeddings in 10 clusters. Run: npx tsx bench/embeddingMap.ts
 */
import { createEmbeddingMapper } from '../src/core/analysis/embeddingMap';
import { pca } from '../src/core/analysis/pca';
import { gaussianClusters } from '../tests/support/clusters';

const DIM = 1280;
const relu = (rows: Float32Array[]) => rows.map((r) => r.map((v) => Math.max(0, v)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => void, runs = 3) =>
  median(
    Array.from({ length: runs }, () => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    }),
  );

pca(relu(gaussianClusters(3, 100, DIM, 0.8, 1).embeddings)); // warm the JIT
for (const n of [1000, 10_000]) {
  const { embeddings, labels } = gaussianClusters(10, n / 10, DIM, 0.8, 3);
  const rows = relu(embeddings);
  const added = rows.concat(relu(gaussianClusters(10, 1, DIM, 0.8, 9).embeddings));
  const settings = { oversample: 8, converge: 'subspace' as const, tolerance: 1e-6 };
  let cold = pca(rows, settings);
  const coldMs = time(() => (cold = pca(rows, settings)));
  let warm = cold;
  const warmMs = time(() => (warm = pca(added, { ...settings, start: cold.block })));
  const input = (r: Float32Array[]) => ({
    ids: r.map((_, i) => `s${i}`),
    classIds: r.map((_, i) => `c${labels[i] ?? 0}`),
    embeddings: r,
  });
  const mapper = createEmbeddingMapper();
  const firstMs = time(() => (mapper.reset(), mapper.update(input(rows))), 1);
  const updateMs = time(() => mapper.update(input(added)));
  console.info(
    `N=${n}: PCA cold ${coldMs.toFixed(0)} ms (${cold.iterations} sweeps), ` +
      `warm +10 samples ${warmMs.toFixed(0)} ms (${warm.iterations} sweeps); ` +
      `map first ${firstMs.toFixed(0)} ms, update ${updateMs.toFixed(0)} ms`,
  );
}
