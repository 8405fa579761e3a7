import type { Context } from 'hono';
import { EntityId } from '@fabdesk/shared/models/entity-id.ts';
import { HttpError } from '../http-error.ts';

/** The `:id` path parameter as a lower-case UUID, or 400 naming it. */
export function uuidParam(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!EntityId.safeParse(id).success)
    throw new HttpError(
      'bad-request',
      `id: must be a lower-case UUID; got ${JSON.stringify(id.slice(0, 60))}`,
    );
  return id;
}
