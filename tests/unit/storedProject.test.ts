import { describe, expect, it } from 'vitest';
import {
  assembleProject,
  type StoredSamplePayload,
  projectRecord,
  SampleWriteTracker,
} from '../../src/core/persistence/storedProject';
import type { ProjectSample } from '../../src/core/io/projectFormat';
import { tinyProject, tinySample } from '../support/projectStorageContract';

const payloads = (project: ReturnType<typeof tinyProject>) => {
  const byId = new Map(project.samples.map((s) => [s.id, s]));
  return (id: string) => byId.get(id);
};

describe('stored project records', () => {
  it('round-trips a project through its record and sample payloads', () => {
    const project = tinyProject('Pets', 4);
    expect(assembleProject(projectRecord(project), payloads(project), 'Pets')).toEqual(project);
  });

  it('refuses records from a newer Glimpse, foreign records and damaged samples by name', () => {
    const project = tinyProject('Pets', 2);
    const record = projectRecord(project);
    const open =
      (r: unknown, of: (id: string) => StoredSamplePayload | undefined = payloads(project)) =>
      () =>
        assembleProject(r, of, 'Pets');
    expect(open({ ...record, version: 9 })).toThrow(/"Pets" cannot be opened: .*newer Glimpse/);
    expect(open({ format: 'other' })).toThrow(/not a stored Glimpse project/);
    expect(open({ ...record, samples: [{ ...record.samples[0], classId: 'zz' }] })).toThrow(
      /image "s1" belongs to a class that does not exist/,
    );
    expect(open({ ...record, samples: [{ ...record.samples[0], source: 'x' }] })).toThrow(
      /unknown source/,
    );
    expect(
      open(record, () => ({ image: Uint8Array.of(1), embedding: Float32Array.of(1) })),
    ).toThrow(/damaged features \(1, expected 3\)/);
    expect(
      open(record, () => ({ image: Uint8Array.of(1), embedding: Float32Array.of(1, NaN, 2) })),
    ).toThrow(/damaged features/);
    expect(open({ ...record, file: Uint8Array.of(1, 2, 3) })).toThrow(/"Pets" cannot be opened/);
  });

  it('keeps each sample’s augmented variants in its payload and refuses damaged ones', () => {
    const project = tinyProject('Pets', 2);
    project.samples[0] = { ...project.samples[0]!, augmented: [Float32Array.of(1, 2, 3)] };
    const record = projectRecord(project);
    expect(assembleProject(record, payloads(project), 'Pets')).toEqual(project);
    const damaged = (augmented: unknown) => () =>
      assembleProject(
        record,
        (id) => ({ ...payloads(project)(id)!, augmented: augmented as Float32Array[] }),
        'Pets',
      );
    expect(damaged([Float32Array.of(1, 2)])).toThrow(/damaged variant features/);
    expect(damaged([Float32Array.of(1, NaN, 2)])).toThrow(/damaged variant features/);
    expect(damaged('x')).toThrow(/damaged variant features/);
  });

  it('plans a rewrite for a sample whose list of variants is new, and none for the same list', () => {
    const tracker = new SampleWriteTracker();
    const a = { ...tinySample(1), augmented: [Float32Array.of(1, 1, 1)] };
    tracker.committed(tracker.plan([a]));
    expect(tracker.plan([a]).put).toEqual([]);
    const remade = { ...a, augmented: [Float32Array.of(1, 1, 1)] };
    expect(tracker.plan([remade]).put).toEqual([remade]);
    const dropped: ProjectSample = { ...a };
    delete dropped.augmented;
    tracker.committed(tracker.plan([remade]));
    expect(tracker.plan([dropped]).put).toEqual([dropped]);
  });

  it('plans writes for new or replaced arrays only and deletions for removed samples', () => {
    const tracker = new SampleWriteTracker(['old']);
    const [a, b] = [tinySample(1), tinySample(2)];
    const first = tracker.plan([a, b]);
    expect(first.put.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(first.remove).toEqual(['old']);
    // Not committed yet: a second plan writes them again rather than trust an unfinished write.
    expect(tracker.plan([a, b]).put).toHaveLength(2);
    tracker.committed(first);
    expect(tracker.plan([a, b])).toEqual({ put: [], remove: [] });
    const replaced = { ...b, embedding: Float32Array.of(0, 0, 0) };
    expect(tracker.plan([replaced])).toEqual({ put: [replaced], remove: ['s1'] });
  });
});
