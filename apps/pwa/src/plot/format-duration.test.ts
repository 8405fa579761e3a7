import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [59.6, '1:00'],
    [75.4, '1:15'],
    [3725, '1:02:05'],
    [-3, '0:00'],
  ])('%s s reads %s', (s, text) => expect(formatDuration(s)).toBe(text));
});
