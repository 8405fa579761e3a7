import { z } from 'zod';

/**
 * A required, trimmed, non-empty string field of a request body, at most `max`
 * characters, with messages that read well after the field name ("name: is required").
 */
export function bodyText(max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters long`);
}
