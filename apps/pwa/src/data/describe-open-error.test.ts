import { DeviceDatabaseError } from '@fabdesk/sync/client/device-database-error.ts';
import { describe, expect, it } from 'vitest';
import { describeOpenError } from './describe-open-error.ts';

describe('describeOpenError', () => {
  it('a failed upgrade names the collection and says a reload tries again, nothing lost', () => {
    const text = describeOpenError(
      new DeviceDatabaseError('migration-failed', 'jobs', 'step 1 threw'),
    );
    expect(text).toContain('(jobs)');
    expect(text).toContain('reload to try again');
    expect(text).toContain('Nothing was deleted');
  });

  it('a schema changed without a step does not send the user to close tabs', () => {
    const text = describeOpenError(new DeviceDatabaseError('schema-changed', 'pens', 'DB6'));
    expect(text).toContain('pens');
    expect(text).not.toContain('Close other fabdesk tabs');
    expect(text).toContain('Nothing was deleted');
  });

  it('anything else (storage blocked by another tab) keeps the old advice', () => {
    expect(describeOpenError(new Error('blocked'))).toBe(
      'This device’s storage could not be opened. Close other fabdesk tabs and reload.',
    );
  });
});
