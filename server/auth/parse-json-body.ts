import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from '../http-error.ts';

/**
 * The request's JSON body parsed with `schema`; otherwise 400 `bad-request` naming the
 * first field that does not fit and what it should be (`password: must be at least 10
 * characters long`). Unknown fields are refused too when the schema is strict.
 */
export async function parseJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError('bad-request', 'the body must be a JSON object');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    throw new HttpError('bad-request', `${issue.keys.join(', ')}: not an accepted field`);
  const field = issue.path.join('.');
  throw new HttpError(
    'bad-request',
    field ? `${field}: ${issue.message}` : `body: ${issue.message}`,
  );
}
