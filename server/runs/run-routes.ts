import { RUN_FINAL_STATUSES, RunKind, RunStatus } from '@fabdesk/shared/models/run.ts';
import { Hono, type MiddlewareHandler } from 'hono';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AuthEnv } from '../auth/auth-context.ts';
import { parseJsonBody } from '../auth/parse-json-body.ts';
import { uuidParam } from '../auth/uuid-param.ts';
import { HttpError } from '../http-error.ts';
import { type Page, Paging } from '../jobs/paging.ts';
import { parseQuery } from '../jobs/parse-query.ts';
import { runFromRow } from '../jobs/read-entities.ts';
import type { RunService } from './run-service.ts';
import { runTransaction } from './run-transaction.ts';
import type { Database } from '../db/database.ts';

const RunsQuery = Paging.extend({
  status: z.enum(Object.values(RunStatus) as [RunStatus, ...RunStatus[]]).optional(),
  kind: z.enum(Object.values(RunKind) as [RunKind, ...RunKind[]]).optional(),
  jobId: z.uuid().optional(),
}).strict();

const FINAL = RUN_FINAL_STATUSES as string[];

/**
 * The runs API (AIOM4B's JobService): list with filters and paging, get, rename, cancel,
 * delete one finished run, and clean up finished runs older than N days. Removing a run
 * leaves a tombstone (is_deleted) so devices drop it too; runs are replicated.
 */
export function runRoutes(deps: {
  db: Kysely<Database>;
  runs: RunService;
  authenticate: MiddlewareHandler<AuthEnv>;
}) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  app.use('/runs', deps.authenticate);
  app.use('/runs/*', deps.authenticate);

  const readRun = async (id: string) => {
    const row = await db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', id)
      .where('is_deleted', '=', false)
      .executeTakeFirst();
    if (!row) throw new HttpError('not-found', `no run ${id}`);
    return row;
  };

  app.get('/runs', async (c) => {
    const q = parseQuery(c, RunsQuery);
    let query = db.selectFrom('runs').where('is_deleted', '=', false);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.jobId) query = query.where('job_id', '=', q.jobId);
    const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    const page: Page<unknown> = {
      items: rows.map(runFromRow),
      total: Number(total?.n ?? 0),
      limit: q.limit,
      offset: q.offset,
    };
    return c.json(page);
  });

  // Before /runs/:id so "cleanup" is never read as an id.
  app.post('/runs/cleanup', async (c) => {
    const body = await parseJsonBody(
      c,
      z.strictObject({ olderThanDays: z.number().int().min(0).max(36_500) }),
    );
    const removed = await runTransaction(db, ['runs'], async (trx) => {
      const r = await sql`update runs set is_deleted = true, updated_at = now(),
          sync_seq = nextval('sync_seq'), server_updated_at = now()
        where not is_deleted and status in ('completed', 'failed', 'cancelled')
          and ended_at < now() - make_interval(days => ${body.olderThanDays})`.execute(trx);
      return Number(r.numAffectedRows ?? 0);
    });
    return c.json({ removed });
  });

  app.get('/runs/:id', async (c) => c.json({ run: runFromRow(await readRun(uuidParam(c))) }));

  app.patch('/runs/:id', async (c) => {
    const id = uuidParam(c);
    const body = await parseJsonBody(
      c,
      z.strictObject({ name: z.string().trim().min(1).max(255).nullable() }),
    );
    await readRun(id);
    await runTransaction(db, ['runs'], (trx) =>
      sql`update runs set name = ${body.name}, updated_at = now(),
          sync_seq = nextval('sync_seq'), server_updated_at = now()
        where id = ${id}`.execute(trx),
    );
    return c.json({ run: runFromRow(await readRun(id)) });
  });

  app.delete('/runs/:id', async (c) => {
    const id = uuidParam(c);
    const run = await readRun(id);
    if (!FINAL.includes(run.status as string))
      throw new HttpError(
        'conflict',
        `run ${id} is ${run.status}; only finished runs can be deleted (cancel it first)`,
      );
    await runTransaction(db, ['runs'], (trx) =>
      sql`update runs set is_deleted = true, updated_at = now(),
          sync_seq = nextval('sync_seq'), server_updated_at = now()
        where id = ${id}`.execute(trx),
    );
    return c.body(null, 204);
  });

  app.post('/runs/:id/cancel', async (c) => {
    const id = uuidParam(c);
    const run = await readRun(id);
    if (!(await deps.runs.cancel(id, c.get('auth').staffName)))
      throw new HttpError(
        'conflict',
        `run ${id} is already ${run.status === 'running' ? 'finishing' : run.status}`,
      );
    return c.json({ run: runFromRow(await readRun(id)) });
  });

  return app;
}
