import { describe, expect, it } from 'vitest';
import { ALL_COLLECTIONS, MAX_OPEN_COLLECTIONS, ReplicatedCollection } from './collections.ts';

describe('the collection set', () => {
  it("fits RxDB's free-edition limit with room for one more", () => {
    expect(new Set(ALL_COLLECTIONS).size).toBe(ALL_COLLECTIONS.length);
    expect(ALL_COLLECTIONS.length).toBeLessThanOrEqual(MAX_OPEN_COLLECTIONS - 1);
  });

  it('uses names RxDB accepts (lower-case letters, digits, underscores; starting with a letter)', () => {
    for (const name of ALL_COLLECTIONS) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(Object.values(ReplicatedCollection)).toContain('jobs');
  });
});
