import { describe, expect, it } from 'vitest';
import { argMax, evaluate, topK } from '../../src/core/evaluation/evaluate';

describe('evaluation', () => {
  const probs = [
    [0.9, 0.05, 0.05],
    [0.2, 0.7, 0.1],
    [0.6, 0.3, 0.1],
    [0.1, 0.1, 0.8],
    [0.3, 0.3, 0.4],
  ];
  const truth = [0, 1, 1, 2, 0];
  const ids = ['a', 'b', 'c', 'd', 'e'];

  it('builds a confusion matrix with true classes as rows', () => {
    const e = evaluate(probs, truth, ids, 3);
    expect(e.confusion).toEqual([
      [1, 0, 1],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(e.accuracy).toBeCloseTo(3 / 5);
    expect(e.correct).toBe(3);
  });

  it('reports accuracy per class', () => {
    const e = evaluate(probs, truth, ids, 3);
    expect(e.perClass.map((c) => c.accuracy)).toEqual([0.5, 0.5, 1]);
    expect(e.perClass.map((c) => c.total)).toEqual([2, 2, 1]);
  });

  it('lists the misclassified samples and the ids in every cell', () => {
    const e = evaluate(probs, truth, ids, 3);
    expect(e.misclassified).toEqual([
      { id: 'c', trueClass: 1, predictedClass: 0, confidence: 0.6 },
      { id: 'e', trueClass: 0, predictedClass: 2, confidence: 0.4 },
    ]);
    expect(e.cellIds[1]![0]).toEqual(['c']);
    expect(e.cellIds[0]![0]).toEqual(['a']);
  });

  it('ranks the top K classes, best first', () => {
    expect(topK([0.1, 0.5, 0.4], 2)).toEqual([
      { classIndex: 1, probability: 0.5 },
      { classIndex: 2, probability: 0.4 },
    ]);
    expect(argMax(Float32Array.of(0.2, 0.2, 0.6))).toBe(2);
  });

  it('rejects predictions that do not match the labels', () => {
    expect(() => evaluate(probs, [0], ['a'], 3)).toThrow(/same length/);
    expect(() => evaluate([[0.5, 0.5]], [0], ['a'], 3)).toThrow(/3 classes/);
  });
});
