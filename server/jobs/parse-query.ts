import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from '../http-error.ts';

/** The request's query string parsed with `schema`, or 400 naming the parameter. */
export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    throw new HttpError('bad-request', `${issue.keys.join(', ')}: not an accepted parameter`);
  throw new HttpError('bad-request', `${issue.path.join('.') || 'query'}: ${issue.message}`);
}
