/**
 * Principal component analysis of embeddings (N rows of length D) without forming the D×D
 * covariance or the N×N Gram matrix: block power (subspace) iteration on the implicitly centred
 * data, with a Rayleigh–Ritz step on the small block every sweep. One sweep costs 2·N·D·p
 * multiply-adds (p = components + oversampling) and reads each row once while it is in cache.
 * A warm start from earlier components (the same data plus a few samples) converges in a few
 * sweeps.
 */
import { createRng } from '../dataset/random';
import { InvalidArgumentError } from '../errors';

/** Options for {@link pca}. */
export interface PcaOptions {
  /** How many components (default 2; at most D). */
  components?: number;
  /** Components to start from (e.g. the previous result); ignored when their length is not D. */
  start?: readonly Float32Array[];
  /** Extra block vectors that speed up convergence (default 3). */
  oversample?: number;
  /** Sweep limit (default 60). */
  maxIterations?: number;
  /** Converged when 1 − |cos| between successive components is below this (default 1e-7). */
  tolerance?: number;
  /**
   * What must settle: each component (default), or only the subspace they span (enough for a
   * 2-D picture, and much faster when the top variances are nearly equal).
   */
  converge?: 'components' | 'subspace';
  /** Seed of the random start vectors (default 1). */
  seed?: number;
}

/** The result of {@link pca}: plain arrays, nothing shared with the input. */
export interface PcaResult {
  /** The mean row (length D). */
  mean: Float32Array;
  /** Orthonormal components, most variance first. Sign: the largest-magnitude entry is positive. */
  components: Float32Array[];
  /** Variance along each component (mean squared projection of the centred rows). */
  variances: number[];
  /** Total variance (mean squared distance from the mean); 0 for identical rows. */
  totalVariance: number;
  /** Sweeps over the data that were run. */
  iterations: number;
  /**
   * The whole final block (components first, then the oversampling vectors), orthonormal: pass
   * it as `start` next time for the fastest warm start.
   */
  block: Float32Array[];
}

const dot = (a: Float64Array, b: Float64Array, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
};

/** A data row times a block vector (kept separate from {@link dot} so each stays monomorphic). */
const rowDot = (row: Float32Array, q: Float64Array, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += row[i]! * q[i]!;
  return s;
};

/** z += row · c */
const addScaled = (z: Float64Array, row: Float32Array, c: number, n: number): void => {
  for (let i = 0; i < n; i++) z[i]! += row[i]! * c;
};

/**
 * Orthonormalises `vectors` in place (modified Gram–Schmidt, twice). A vector that is (nearly) in
 * the span of the ones before it is replaced by a fresh random one, so the block keeps its size.
 */
export function orthonormalize(vectors: Float64Array[], rng: () => number = createRng(7)): void {
  const dim = vectors[0]?.length ?? 0;
  for (let j = 0; j < vectors.length; j++) {
    const v = vectors[j]!;
    const original = Math.sqrt(dot(v, v, dim));
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          const u = vectors[i]!;
          const c = dot(u, v, dim);
          for (let d = 0; d < dim; d++) v[d]! -= c * u[d]!;
        }
      }
      const norm = Math.sqrt(dot(v, v, dim));
      if (norm > 1e-10 * Math.max(original, 1e-30) && norm > 1e-300) {
        for (let d = 0; d < dim; d++) v[d]! /= norm;
        break;
      }
      if (attempt > 8) throw new InvalidArgumentError('Cannot build an orthonormal basis.');
      for (let d = 0; d < dim; d++) v[d] = rng() - 0.5;
    }
  }
}

/**
 * Eigen-decomposition of a small symmetric matrix (row-major n×n) by cyclic Jacobi rotations.
 * Returns eigenvalues in decreasing order and the matching eigenvectors as columns of `vectors`.
 */
export function symmetricEigen(matrix: Float64Array, n: number) {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => a[j * n + j]! - a[i * n + i]!,
  );
  return {
    values: order.map((i) => a[i * n + i]!),
    vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => v[k * n + i]!)),
  };
}

/**
 * The top principal components of `rows` (all of length D ≥ 1, N ≥ 1). Never NaN: with one row
 * or identical rows the variances are 0 and the components are still an orthonormal set.
 */
export function pca(rows: readonly Float32Array[], options: PcaOptions = {}): PcaResult {
  const n = rows.length;
  if (n === 0) throw new InvalidArgumentError('PCA needs at least one row.');
  const dim = rows[0]!.length;
  if (dim === 0 || rows.some((r) => r.length !== dim)) {
    throw new InvalidArgumentError('PCA needs rows of one non-zero length.');
  }
  const k = Math.max(1, Math.min(options.components ?? 2, dim));
  const p = Math.min(k + Math.max(0, options.oversample ?? 3), dim);
  const maxIterations = Math.max(1, options.maxIterations ?? 60);
  const tolerance = options.tolerance ?? 1e-7;
  const rng = createRng(options.seed ?? 1);

  const mean = new Float64Array(dim);
  for (const row of rows) for (let d = 0; d < dim; d++) mean[d]! += row[d]!;
  for (let d = 0; d < dim; d++) mean[d]! /= n;
  let totalVariance = 0;
  for (const row of rows) {
    for (let d = 0; d < dim; d++) totalVariance += (row[d]! - mean[d]!) ** 2;
  }
  totalVariance /= n;

  const start = (options.start ?? []).filter((s) => s.length === dim).slice(0, p);
  let block = Array.from({ length: p }, (_, j) =>
    j < start.length ? Float64Array.from(start[j]!) : Float64Array.from({ length: dim }, rng),
  );
  for (const v of block.slice(start.length)) for (let d = 0; d < dim; d++) v[d]! -= 0.5;
  orthonormalize(block, rng);

  let ritz: { values: number[]; vectors: Float64Array[] } | null = null;
  let current: Float64Array[] = [];
  let last: Float64Array[] = [];
  let iterations = 0;
  const y = new Float64Array(p);
  for (; iterations < maxIterations;) {
    iterations++;
    // One sweep: Y = Xc·Q row by row, T = YᵀY / N (Ritz matrix), Z = Xcᵀ·Y (next block).
    const meanDots = block.map((q) => dot(mean, q, dim));
    const next = block.map(() => new Float64Array(dim));
    const t = new Float64Array(p * p);
    const sumY = new Float64Array(p);
    for (const row of rows) {
      for (let j = 0; j < p; j++) y[j] = rowDot(row, block[j]!, dim) - meanDots[j]!;
      for (let a = 0; a < p; a++) {
        const ya = y[a]!;
        sumY[a]! += ya;
        for (let b = a; b < p; b++) t[a * p + b]! += ya * y[b]!;
        addScaled(next[a]!, row, ya, dim);
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) t[b * p + a] = t[a * p + b]! /= n;
      const z = next[a]!;
      for (let d = 0; d < dim; d++) z[d]! -= mean[d]! * sumY[a]!;
    }
    ritz = symmetricEigen(t, p);
    const vectors = ritz.vectors;
    const ritzBlock = vectors.map((w) => {
      const u = new Float64Array(dim);
      for (let j = 0; j < p; j++) {
        const c = w[j]!;
        const q = block[j]!;
        for (let d = 0; d < dim; d++) u[d]! += c * q[d]!;
      }
      return u;
    });
    const fresh = ritzBlock.slice(0, k);
    last = ritzBlock;
    const converged =
      current.length === k &&
      (options.converge === 'subspace'
        ? k - fresh.reduce((a, u) => a + current.reduce((b, v) => b + dot(u, v, dim) ** 2, 0), 0) <
          tolerance * k
        : fresh.every((u, i) => 1 - Math.abs(dot(u, current[i]!, dim)) < tolerance));
    current = fresh;
    if (converged || totalVariance === 0) break;
    orthonormalize(next, rng);
    block = next;
  }

  const components = current.map((u) => {
    let big = 0;
    for (let d = 0; d < dim; d++) if (Math.abs(u[d]!) > Math.abs(u[big]!)) big = d;
    const sign = u[big]! < 0 ? -1 : 1;
    return Float32Array.from(u, (v) => v * sign);
  });
  const variances = (ritz?.values ?? []).slice(0, k).map((v) => Math.max(0, v));
  return {
    mean: Float32Array.from(mean),
    components,
    variances,
    totalVariance,
    iterations,
    block: last.map((u) => Float32Array.from(u)),
  };
}
