import { describe, expect, it } from 'vitest';
import {
  alignAxes,
  createEmbeddingMapper,
  fitsBasis,
  nearestClass,
  projectPoint,
  type MapInput,
  type MapPoint,
} from '../../src/core/analysis/embeddingMap';
import { gaussianClusters } from '../support/clusters';

function input(embeddings: Float32Array[], labels: number[]): MapInput {
  return {
    ids: embeddings.map((_, i) => `s${i}`),
    classIds: labels.map((l) => `c${l}`),
    embeddings,
  };
}

const centroid = (points: MapPoint[], classId: string) => {
  const mine = points.filter((p) => p.classId === classId);
  return {
    x: mine.reduce((a, p) => a + p.x, 0) / mine.length,
    y: mine.reduce((a, p) => a + p.y, 0) / mine.length,
  };
};

describe('embedding map', () => {
  it('places every sample with its class, inside the extent', () => {
    const { embeddings, labels } = gaussianClusters(3, 20, 64, 0.3, 4);
    const map = createEmbeddingMapper().update(input(embeddings, labels));
    expect(map.points).toHaveLength(60);
    expect(new Set(map.points.map((p) => p.classId))).toEqual(new Set(['c0', 'c1', 'c2']));
    for (const p of map.points) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(map.extent);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(map.extent);
    }
    expect(map.explained[0]).toBeGreaterThan(map.explained[1] * 0.999);
    expect(map.explained[0] + map.explained[1]).toBeLessThanOrEqual(1);
  });

  it('keeps separable classes apart: centroids farther apart than the spread inside a class', () => {
    const { embeddings, labels } = gaussianClusters(3, 30, 128, 0.3, 9);
    const { points } = createEmbeddingMapper().update(input(embeddings, labels));
    const centres = ['c0', 'c1', 'c2'].map((c) => centroid(points, c));
    const spread = Math.sqrt(
      points.reduce((a, p) => {
        const c = centres[Number(p.classId.slice(1))]!;
        return a + (p.x - c.x) ** 2 + (p.y - c.y) ** 2;
      }, 0) / points.length,
    );
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        const gap = Math.hypot(centres[i]!.x - centres[j]!.x, centres[i]!.y - centres[j]!.y);
        expect(gap).toBeGreaterThan(2 * spread);
      }
    }
  });

  it('keeps the dots where they were when samples are added: no flips, no swapped axes', () => {
    // Two classes of nearly equal spread make PC1 and PC2 trade places as samples arrive.
    const { embeddings, labels } = gaussianClusters(4, 40, 96, 0.6, 13);
    const mapper = createEmbeddingMapper();
    let previous = mapper.update(input(embeddings.slice(0, 100), labels.slice(0, 100)));
    for (let n = 104; n <= 160; n += 4) {
      const next = mapper.update(input(embeddings.slice(0, n), labels.slice(0, n)));
      let moved = 0;
      previous.points.forEach((p, i) => {
        const q = next.points[i]!;
        moved += Math.hypot(p.x - q.x, p.y - q.y);
      });
      // Average movement of an old dot: a small fraction of the map's size.
      expect(moved / previous.points.length).toBeLessThan(previous.extent * 0.1);
      previous = next;
    }
  });

  it('turns new axes onto the previous ones, undoing a sign flip or a swap', () => {
    const e1 = Float32Array.of(1, 0, 0);
    const e2 = Float32Array.of(0, 1, 0);
    const minus = (v: Float32Array) => v.map((x) => -x);
    for (const axes of [
      [minus(e1), e2],
      [e2, e1],
      [e1, minus(e2)],
      [minus(e2), minus(e1)],
    ] as [Float32Array, Float32Array][]) {
      const [a, b] = alignAxes(axes, [e1, e2]);
      expect([...a].map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([1, 0, 0]);
      expect([...b].map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([0, 1, 0]);
    }
  });

  it('projects a new embedding where its sample would be drawn', () => {
    const { embeddings, labels } = gaussianClusters(2, 10, 32, 0.3, 2);
    const map = createEmbeddingMapper().update(input(embeddings, labels));
    const at = projectPoint(map.basis!, embeddings[3]!);
    expect(at.x).toBeCloseTo(map.points[3]!.x, 4);
    expect(at.y).toBeCloseTo(map.points[3]!.y, 4);
    expect(fitsBasis(map.basis, embeddings[3]!)).toBe(true);
    expect(fitsBasis(map.basis, new Float32Array(31))).toBe(false);
    expect(nearestClass(map.points, at)).toBe(map.points[3]!.classId);
  });

  it('fits the axes on an even subset above the fit limit and still places every sample', () => {
    const { embeddings, labels } = gaussianClusters(3, 100, 64, 0.3, 5);
    const full = createEmbeddingMapper().update(input(embeddings, labels));
    const subset = createEmbeddingMapper({ fitLimit: 60 }).update(input(embeddings, labels));
    expect(subset.points).toHaveLength(300);
    const shareFull = full.explained[0] + full.explained[1];
    const shareSubset = subset.explained[0] + subset.explained[1];
    expect(shareSubset).toBeGreaterThan(shareFull * 0.95);
  });

  it('draws one sample, identical samples and one class without NaN', () => {
    const mapper = createEmbeddingMapper();
    const cases = [
      input([Float32Array.of(1, 2, 3)], [0]),
      input(
        Array.from({ length: 5 }, () => Float32Array.of(1, 1, 1)),
        [0, 0, 0, 1, 1],
      ),
      input(gaussianClusters(1, 10, 8, 0.5, 1).embeddings, new Array<number>(10).fill(0)),
    ];
    for (const c of cases) {
      const map = mapper.update(c);
      expect(map.points).toHaveLength(c.ids.length);
      for (const p of map.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(Number.isFinite(map.extent) && map.extent > 0).toBe(true);
      expect(map.explained.every(Number.isFinite)).toBe(true);
    }
  });

  it('draws an empty map with no samples and starts over when the embedding length changes', () => {
    const mapper = createEmbeddingMapper();
    const empty = mapper.update(input([], []));
    expect(empty.points).toEqual([]);
    expect(empty.basis).toBeNull();
    mapper.update(
      input(gaussianClusters(2, 5, 16, 0.3, 1).embeddings, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    );
    const other = mapper.update(
      input(gaussianClusters(2, 5, 8, 0.3, 1).embeddings, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    );
    expect(other.basis!.mean).toHaveLength(8);
    expect(other.points.every((p) => Number.isFinite(p.x))).toBe(true);
  });

  it('names no nearest class on an empty map', () => {
    expect(nearestClass([], { x: 0, y: 0 })).toBeNull();
  });
});
