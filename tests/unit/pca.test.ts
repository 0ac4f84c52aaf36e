import { describe, expect, it } from 'vitest';
import { pca, symmetricEigen } from '../../src/core/analysis/pca';
import { createRng } from '../../src/core/dataset/random';
import { gaussianClusters } from '../support/clusters';

/** Rows with independent Gaussian coordinates of the given standard deviations, then rotated. */
function anisotropic(n: number, sds: number[], seed: number): Float32Array[] {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const dim = sds.length;
  // A fixed rotation mixing every pair of coordinates, so the answer is not the unit axes.
  const rotate = (v: number[]) => {
    const out = [...v];
    for (let i = 0; i + 1 < dim; i++) {
      const [a, b] = [out[i]!, out[i + 1]!];
      out[i] = 0.8 * a - 0.6 * b;
      out[i + 1] = 0.6 * a + 0.8 * b;
    }
    return out;
  };
  return Array.from({ length: n }, () => Float32Array.from(rotate(sds.map((s) => s * gauss()))));
}

/** The explicit covariance matrix and its eigenvectors: the slow reference. */
function referencePca(rows: Float32Array[]) {
  const n = rows.length;
  const dim = rows[0]!.length;
  const mean = new Float64Array(dim);
  for (const r of rows) for (let d = 0; d < dim; d++) mean[d]! += r[d]! / n;
  const cov = new Float64Array(dim * dim);
  for (const r of rows) {
    for (let a = 0; a < dim; a++) {
      for (let b = 0; b < dim; b++)
        cov[a * dim + b]! += ((r[a]! - mean[a]!) * (r[b]! - mean[b]!)) / n;
    }
  }
  return symmetricEigen(cov, dim);
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

const finite = (values: Iterable<number>) => [...values].every(Number.isFinite);

describe('PCA by subspace iteration', () => {
  it('finds the same components and variances as the eigenvectors of the covariance matrix', () => {
    const rows = anisotropic(400, [5, 3, 1.5, 1, 0.5, 0.3, 0.2, 0.1], 3);
    const reference = referencePca(rows);
    const result = pca(rows, { components: 3 });
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(cosine(result.components[k]!, reference.vectors[k]!))).toBeGreaterThan(
        0.9999,
      );
      expect(result.variances[k]).toBeCloseTo(reference.values[k]!, 3);
    }
  });

  it('returns orthonormal components whose variances add up to the total variance when all are kept', () => {
    const rows = anisotropic(200, [4, 2, 1, 0.5, 0.25], 5);
    const result = pca(rows, { components: 5 });
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        expect(cosine(result.components[i]!, result.components[j]!)).toBeCloseTo(
          i === j ? 1 : 0,
          5,
        );
      }
    }
    const sum = result.variances.reduce((a, b) => a + b, 0);
    expect(sum / result.totalVariance).toBeCloseTo(1, 5);
  });

  it('shows how much of the variance two components explain on clustered embeddings', () => {
    const { embeddings } = gaussianClusters(3, 60, 256, 0.3, 11);
    const result = pca(embeddings);
    const explained = (result.variances[0]! + result.variances[1]!) / result.totalVariance;
    // Three well separated clusters span a plane: two components explain most of the spread.
    expect(explained).toBeGreaterThan(0.6);
    expect(explained).toBeLessThanOrEqual(1);
    expect(result.variances[0]).toBeGreaterThanOrEqual(result.variances[1]!);
  });

  it('gives the same signs on every run and from any start', () => {
    const rows = anisotropic(300, [3, 2, 1, 0.5], 8);
    const a = pca(rows, { seed: 1 });
    const b = pca(rows, { seed: 99 });
    const flipped = pca(rows, { start: a.components.map((c) => c.map((v) => -v)) });
    for (let k = 0; k < 2; k++) {
      expect(cosine(a.components[k]!, b.components[k]!)).toBeGreaterThan(0.9999);
      expect(cosine(a.components[k]!, flipped.components[k]!)).toBeGreaterThan(0.9999);
    }
  });

  it('converges in a few sweeps when started from the previous components', () => {
    const { embeddings } = gaussianClusters(4, 100, 512, 0.5, 21);
    const cold = pca(embeddings);
    const more = embeddings.concat(gaussianClusters(4, 2, 512, 0.5, 22).embeddings);
    const warm = pca(more, { start: cold.components });
    expect(warm.iterations).toBeLessThanOrEqual(cold.iterations);
    expect(warm.iterations).toBeLessThanOrEqual(4);
  });

  it('settles the plane of ten near-equal clusters in a few sweeps with oversampling', () => {
    const { embeddings } = gaussianClusters(10, 30, 256, 0.5, 4);
    const reference = pca(embeddings, { oversample: 12, tolerance: 1e-12, maxIterations: 300 });
    const fast = pca(embeddings, { oversample: 8, converge: 'subspace', tolerance: 1e-6 });
    expect(fast.iterations).toBeLessThanOrEqual(10);
    let overlap = 0;
    for (const u of fast.components)
      for (const v of reference.components) overlap += cosine(u, v) ** 2;
    expect(overlap).toBeGreaterThan(2 - 1e-4);
    expect(fast.block).toHaveLength(10);
  });

  it('returns zero variances and finite unit components for one sample', () => {
    const result = pca([Float32Array.of(1, 2, 3)]);
    expect(result.variances).toEqual([0, 0]);
    expect(result.totalVariance).toBe(0);
    expect([...result.mean]).toEqual([1, 2, 3]);
    for (const c of result.components) {
      expect(finite(c)).toBe(true);
      expect(cosine(c, c)).toBeCloseTo(1, 6);
    }
  });

  it('returns zero variances and no NaN for identical samples', () => {
    const rows = Array.from({ length: 50 }, () => new Float32Array(1280).fill(0.25));
    const result = pca(rows);
    expect(result.variances).toEqual([0, 0]);
    expect(result.components.every((c) => finite(c))).toBe(true);
  });

  it('handles fewer dimensions than requested components and one-dimensional data', () => {
    const rows = [Float32Array.of(1), Float32Array.of(3), Float32Array.of(2)];
    const result = pca(rows, { components: 2 });
    expect(result.components).toHaveLength(1);
    expect(result.variances[0]).toBeCloseTo(2 / 3, 6);
  });

  it('refuses no rows and rows of different lengths', () => {
    expect(() => pca([])).toThrow(/at least one row/);
    expect(() => pca([Float32Array.of(1, 2), Float32Array.of(1)])).toThrow(/one non-zero length/);
  });
});
