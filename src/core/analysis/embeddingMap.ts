/**
 * The embedding map: every sample's embedding projected onto a 2-D plane by PCA, with axes that
 * stay put as samples come and go. Each update starts the PCA from the previous components (a few
 * sweeps) and turns the new plane to match the old axes (orthogonal Procrustes in 2-D: a
 * rotation or reflection), so dots do not flip or swap when the data changes a little.
 */
import { pca } from './pca';

/** What the map is made from: parallel arrays, one entry per sample. */
export interface MapInput {
  ids: readonly string[];
  classIds: readonly string[];
  embeddings: readonly Float32Array[];
}

/** One sample on the map. */
export interface MapPoint {
  sampleId: string;
  classId: string;
  x: number;
  y: number;
}

/** The plane: a centre and two orthonormal axes in embedding space. */
export interface MapBasis {
  mean: Float32Array;
  axes: [Float32Array, Float32Array];
}

/** A computed map. Coordinates are in embedding units along each axis. */
export interface EmbeddingMap {
  points: MapPoint[];
  /** Null when there are no samples. */
  basis: MapBasis | null;
  /** Share of the total variance each axis shows (0–1; 0 when all samples are identical). */
  explained: [number, number];
  /**
   * Half the side of the square to draw: every point fits, and it changes only when points
   * leave it or shrink well inside it (so the picture does not zoom on every new sample).
   */
  extent: number;
}

/** Options for {@link createEmbeddingMapper}. */
export interface MapperOptions {
  /** Above this many samples the axes are fitted on an evenly spread subset (default 2,000). */
  fitLimit?: number;
}

/** Keeps the previous axes between updates; `update` is synchronous and pure apart from that. */
export interface EmbeddingMapper {
  update(input: MapInput): EmbeddingMap;
  /** Forgets the previous axes (e.g. after switching the image model). */
  reset(): void;
}

const dotWith = (v: Float32Array, w: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * w[i]!;
  return s;
};

/** A point's map coordinates (check {@link fitsBasis} first: lengths must match). */
export function projectPoint(basis: MapBasis, embedding: Float32Array): { x: number; y: number } {
  const { mean, axes } = basis;
  let x = 0;
  let y = 0;
  for (let d = 0; d < mean.length; d++) {
    const c = embedding[d]! - mean[d]!;
    x += c * axes[0][d]!;
    y += c * axes[1][d]!;
  }
  return { x, y };
}

/** Whether `embedding` can be projected with `basis` (same length). */
export function fitsBasis(basis: MapBasis | null, embedding: Float32Array | null): boolean {
  return !!basis && !!embedding && embedding.length === basis.mean.length;
}

/**
 * The orthogonal 2×2 transform (rotation or reflection) that best turns axes `a` onto `previous`,
 * applied to `a`. Maximises trace(Rᵀ·M) with M = aᵀ·previous, in closed form.
 */
export function alignAxes(
  a: [Float32Array, Float32Array],
  previous: readonly [Float32Array, Float32Array],
): [Float32Array, Float32Array] {
  const m11 = dotWith(a[0], previous[0]);
  const m12 = dotWith(a[0], previous[1]);
  const m21 = dotWith(a[1], previous[0]);
  const m22 = dotWith(a[1], previous[1]);
  const rotation = Math.hypot(m11 + m22, m21 - m12);
  const reflection = Math.hypot(m11 - m22, m12 + m21);
  let r: [number, number, number, number]; // row-major 2×2
  if (rotation >= reflection) {
    const t = Math.atan2(m21 - m12, m11 + m22);
    r = [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)];
  } else {
    const t = Math.atan2(m12 + m21, m11 - m22);
    r = [Math.cos(t), Math.sin(t), Math.sin(t), -Math.cos(t)];
  }
  // New axis j = Σ_i a_i · R[i][j].
  const out: [Float32Array, Float32Array] = [
    new Float32Array(a[0].length),
    new Float32Array(a[0].length),
  ];
  for (let d = 0; d < a[0].length; d++) {
    const u = a[0][d]!;
    const v = a[1][d]!;
    out[0][d] = u * r[0] + v * r[2];
    out[1][d] = u * r[1] + v * r[3];
  }
  return out;
}

/** Indices of at most `limit` rows spread evenly over `n`. */
function evenSubset(n: number, limit: number): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: limit }, (_, i) => Math.floor((i * n) / limit));
}

/** Creates a mapper whose successive maps keep their orientation. */
export function createEmbeddingMapper(options: MapperOptions = {}): EmbeddingMapper {
  const fitLimit = Math.max(2, options.fitLimit ?? 2000);
  let block: Float32Array[] = [];
  let axes: [Float32Array, Float32Array] | null = null;
  let extent = 0;

  return {
    reset() {
      block = [];
      axes = null;
      extent = 0;
    },
    update(input) {
      const n = input.embeddings.length;
      if (n === 0) return { points: [], basis: null, explained: [0, 0], extent: extent || 1 };
      const dim = input.embeddings[0]!.length;
      if (axes && axes[0].length !== dim) this.reset();
      const fitRows = evenSubset(n, fitLimit).map((i) => input.embeddings[i]!);
      // Oversampling 8 converges in a few sweeps even when many classes give near-equal
      // variances; only the plane must settle (the axes are turned to the old ones anyway).
      const result = pca(fitRows, {
        components: 2,
        oversample: 8,
        start: block,
        converge: 'subspace',
        maxIterations: 30,
        tolerance: 1e-6,
      });
      block = result.block;
      const first = result.components[0]!;
      const second = result.components[1] ?? new Float32Array(dim); // D = 1: a flat map
      const plane: [Float32Array, Float32Array] = axes
        ? alignAxes([first, second], axes)
        : [first, second];
      axes = plane;
      const basis: MapBasis = { mean: result.mean, axes: plane };
      let reach = 0;
      let sx = 0;
      let sy = 0;
      const points = input.embeddings.map((embedding, i) => {
        const { x, y } = projectPoint(basis, embedding);
        reach = Math.max(reach, Math.abs(x), Math.abs(y));
        sx += x * x;
        sy += y * y;
        return { sampleId: input.ids[i]!, classId: input.classIds[i]!, x, y };
      });
      if (reach > extent || reach < extent / 3) extent = reach * 1.15;
      const total = result.totalVariance;
      const share = (s: number) => (total > 0 ? Math.min(1, s / n / total) : 0);
      return { points, basis, explained: [share(sx), share(sy)], extent: extent || 1 };
    },
  };
}

/**
 * The class whose centroid on the map is nearest to (x, y), or null with no points. This is what
 * the picture shows, said in words ("the live frame is closest to 'rock'").
 */
export function nearestClass(
  points: readonly MapPoint[],
  at: { x: number; y: number },
): string | null {
  const sums = new Map<string, { x: number; y: number; n: number }>();
  for (const p of points) {
    const s = sums.get(p.classId) ?? { x: 0, y: 0, n: 0 };
    sums.set(p.classId, { x: s.x + p.x, y: s.y + p.y, n: s.n + 1 });
  }
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const [classId, s] of sums) {
    const distance = Math.hypot(s.x / s.n - at.x, s.y / s.n - at.y);
    if (distance < bestDistance) [best, bestDistance] = [classId, distance];
  }
  return best;
}
