import { describe, it } from 'vitest';
import { createMemoryProjectStorage } from '../../src/core/persistence/projectStorage';
import { expectProjectStorageContract } from '../support/projectStorageContract';

describe('in-memory project storage', () => {
  it('saves, lists newest first, loads copies, replaces and deletes', async () => {
    let now = 0;
    await expectProjectStorageContract(
      createMemoryProjectStorage(() => now),
      (ms) => (now = ms),
    );
  });
});
