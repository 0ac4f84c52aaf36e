import { describe, expect, it } from 'vitest';
import { balancedClassWeights, stratifiedSplit } from '../../src/core/dataset/split';
import { createRng, shuffleInPlace } from '../../src/core/dataset/random';

const labels = [...new Array(20).fill(0), ...new Array(10).fill(1), 2];

describe('stratified split', () => {
  it('holds out the same share of every class', () => {
    const { train, validation } = stratifiedSplit(labels, 0.2, 1);
    const val = validation.map((i) => labels[i]);
    expect(val.filter((l) => l === 0)).toHaveLength(4);
    expect(val.filter((l) => l === 1)).toHaveLength(2);
    expect(train.length + validation.length).toBe(labels.length);
    expect(new Set([...train, ...validation]).size).toBe(labels.length);
  });

  it('never empties a class, and a class with one sample keeps it for training', () => {
    const { train, validation } = stratifiedSplit([0, 0, 1, 2, 2], 0.9, 3);
    for (const c of [0, 1, 2]) expect(train.some((i) => [0, 0, 1, 2, 2][i] === c)).toBe(true);
    expect(validation.map((i) => [0, 0, 1, 2, 2][i])).not.toContain(1);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    expect(stratifiedSplit(labels, 0.3, 7)).toEqual(stratifiedSplit(labels, 0.3, 7));
    expect(stratifiedSplit(labels, 0.3, 7).validation).not.toEqual(
      stratifiedSplit(labels, 0.3, 8).validation,
    );
  });

  it('holds out nothing at fraction 0 and rejects fractions outside [0, 1)', () => {
    expect(stratifiedSplit(labels, 0, 1).validation).toEqual([]);
    expect(() => stratifiedSplit(labels, 1, 1)).toThrow(/validation share/);
  });
});

describe('class weights and shuffling', () => {
  it('weighs rare classes up so each class has the same total weight', () => {
    const w = balancedClassWeights(labels, 4);
    expect(w[0]! * 20).toBeCloseTo(w[1]! * 10, 6);
    expect(w[2]! * 1).toBeCloseTo(w[0]! * 20, 6);
    expect(w[3]).toBe(0);
  });

  it('shuffles deterministically for a seed and keeps every item', () => {
    const a = shuffleInPlace([...Array(50).keys()], createRng(5));
    expect(a).toEqual(shuffleInPlace([...Array(50).keys()], createRng(5)));
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect(a).not.toEqual([...Array(50).keys()]);
  });
});
