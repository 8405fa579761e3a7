import { z } from 'zod';

export const minPasswordLength = 10;

/**
 * A staff password as accepted from a person: at least 10 characters (counted as code
 * points, so an emoji is one), at most 200 so a body cannot make hashing expensive.
 * Length is the one rule: NIST SP 800-63B §5.1.1.2 advises against composition rules.
 */
export const Password = z
  .string({ error: 'must be a string' })
  .refine((value) => [...value].length >= minPasswordLength, {
    error: `must be at least ${minPasswordLength} characters long`,
  })
  .refine((value) => [...value].length <= 200, { error: 'must be at most 200 characters long' });
