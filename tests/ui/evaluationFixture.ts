/** A small trained project: Cats (3 images, one mistaken for a dog) and Dogs (2 images). */
import type { SessionSnapshot } from '../../src/core/session/sessionTypes';

export function evaluatedProject(
  basis: 'validation' | 'cross-validation' | 'training' = 'validation',
): Partial<SessionSnapshot> {
  const sample = (id: string, classId: string) => ({
    id,
    classId,
    source: 'upload' as const,
    name: `${id}.jpg`,
    thumbnail: `blob:thumb/${id}`,
  });
  return {
    classes: [
      { id: 'cats', name: 'Cats', sampleIds: ['s1', 's2', 's3'] },
      { id: 'dogs', name: 'Dogs', sampleIds: ['s4', 's5'] },
    ],
    samples: {
      s1: sample('s1', 'cats'),
      s2: sample('s2', 'cats'),
      s3: sample('s3', 'cats'),
      s4: sample('s4', 'dogs'),
      s5: sample('s5', 'dogs'),
    },
    training: {
      phase: 'trained',
      epochs: [],
      plannedEpochs: 50,
      stale: false,
      classIds: ['cats', 'dogs'],
    },
    evaluation: {
      basis,
      classIds: ['cats', 'dogs'],
      total: 5,
      correct: 4,
      accuracy: 0.8,
      perClass: [
        { classIndex: 0, total: 3, correct: 2, accuracy: 2 / 3 },
        { classIndex: 1, total: 2, correct: 2, accuracy: 1 },
      ],
      confusion: [
        [2, 1],
        [0, 2],
      ],
      cellIds: [
        [['s1', 's2'], ['s3']],
        [[], ['s4', 's5']],
      ],
      misclassified: [],
    },
  };
}
