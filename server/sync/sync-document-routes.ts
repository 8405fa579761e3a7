import { Hono, type MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { COLLECTION_RULES } from '@fabdesk/sync/collection-rules.ts';
import type { AuthEnv } from '../auth/auth-context.ts';
import { HttpError } from '../http-error.ts';
import { checkProtocol } from './check-protocol.ts';
import { rowsToDocuments } from './read-documents.ts';
import { syncTableFor } from './sync-table-for.ts';
import type { Database } from '../db/database.ts';
import { looseTables } from '../db/loose-tables.ts';

/**
 * `GET /sync/:collection/docs/:id`: one document as the pull would send it (children
 * inside, tombstones with `_deleted: true`), or 404. A device that does not replicate —
 * the Node CLI plotting a job — reads the master state it must send as a push's
 * `assumedMasterState`, so its writes go through the same push and the same rules
 * (permissions, lease and fencing token, lifecycle) as the PWA's. Behind the protocol
 * check and `authenticate`, like pull: every signed-in staff member reads every
 * replicated collection.
 */
export function syncDocumentRoutes(
  db: Kysely<Database>,
  authenticate: MiddlewareHandler<AuthEnv>,
): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/:collection/docs/:id', checkProtocol, authenticate);
  app.get('/:collection/docs/:id', async (c) => {
    const table = syncTableFor(c.req.param('collection'));
    const rules = COLLECTION_RULES[table.collection];
    const id = c.req.param('id');
    // Checked with the collection's own key schema (UUIDs, or the settings' 'lab') so a
    // malformed id is a 400 naming it, never a Postgres cast error.
    const key = rules.schema.shape[rules.primaryKey] as z.ZodType;
    if (!key.safeParse(id).success)
      throw new HttpError(
        'bad-request',
        `${rules.primaryKey}: not a ${table.collection} key: ${JSON.stringify(id.slice(0, 60))}`,
      );
    const rows = await looseTables(db)
      .selectFrom(table.entity.table)
      .selectAll()
      .where(table.primaryKeyColumn, '=', id)
      .execute();
    const [doc] = await rowsToDocuments(db, table, rows);
    if (!doc) throw new HttpError('not-found', `no ${table.collection} document ${id}`);
    return c.json(doc);
  });
  return app;
}
