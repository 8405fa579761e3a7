import { DeviceWriteError } from '@fabdesk/sync/client/device-write-error.ts';
import { describe, expect, it } from 'vitest';
import { describeWriteError } from './describe-write-error.ts';

describe('describeWriteError', () => {
  it('names the field in words and says what was expected', () => {
    const error = new DeviceWriteError(
      'invalid-document',
      'jobs',
      'layers.0.penId',
      'Invalid UUID',
    );
    expect(describeWriteError(error)).toBe(
      'Not saved: “layers 1 pen id” is not valid (Invalid UUID). Nothing was changed.',
    );
  });
  it('falls back to a generic line for other failures', () => {
    expect(describeWriteError(new Error('disk full'))).toMatch(/could not be saved/);
  });
});
