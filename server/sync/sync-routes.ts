import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { COLLECTION_RULES } from '@fabdesk/sync/collection-rules.ts';
import { PullQuery, PushRequest } from '@fabdesk/sync/sync-messages.ts';
import type { AuthEnv } from '../auth/auth-context.ts';
import { HttpError } from '../http-error.ts';
import { checkProtocol } from './check-protocol.ts';
import { pullCollection } from './pull-collection.ts';
import { pushCollection } from './push-collection.ts';
import { syncTableFor } from './sync-table-for.ts';
import type { Database } from '../db/database.ts';

/** The largest push body the server reads (a full batch of jobs with layers fits easily). */
const MAX_PUSH_BYTES = 16 * 1024 * 1024;

/**
 * `GET /sync/:collection/pull` and `POST /sync/:collection/push`, behind the protocol check
 * and `authenticate` (the app passes `requireAuth`).
 * Every signed-in staff member reads every replicated collection (none holds secrets:
 * password and token hashes live in tables that never replicate); writes are checked
 * per collection by `pushCollection`.
 */
export function syncRoutes(
  db: Kysely<Database>,
  authenticate: MiddlewareHandler<AuthEnv>,
): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  for (const path of ['/:collection/pull', '/:collection/push']) {
    app.use(path, checkProtocol, authenticate);
  }

  app.get('/:collection/pull', async (c) => {
    const table = syncTableFor(c.req.param('collection'));
    const query = PullQuery.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new HttpError(
        'bad-request',
        `pull query ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return c.json(await pullCollection(db, table, query.data.seq ?? 0, query.data.limit));
  });

  app.post(
    '/:collection/push',
    bodyLimit({
      maxSize: MAX_PUSH_BYTES,
      onError: () => {
        throw new HttpError(
          'payload-too-large',
          `a push body may be at most ${MAX_PUSH_BYTES} bytes`,
        );
      },
    }),
    async (c) => {
      const table = syncTableFor(c.req.param('collection'));
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new HttpError('bad-request', 'the push body is not JSON');
      }
      const request = PushRequest.safeParse(body);
      if (!request.success) {
        const issue = request.error.issues[0];
        throw new HttpError(
          'bad-request',
          `push body ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}`,
        );
      }
      const rules = COLLECTION_RULES[table.collection];
      return c.json(await pushCollection(db, c.get('auth'), table, rules, request.data.rows));
    },
  );

  return app;
}
