import { JobStateSchema } from '@fabdesk/shared/models/job.ts';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import type { AuthEnv } from '../auth/auth-context.ts';
import { uuidParam } from '../auth/uuid-param.ts';
import { HttpError } from '../http-error.ts';
import type { RunService } from '../runs/run-service.ts';
import { type Page, Paging } from './paging.ts';
import { parseQuery } from './parse-query.ts';
import { jobsFromRows, runFromRow } from './read-entities.ts';
import { UploadFields } from './upload-form.ts';
import { type UploadedFile, uploadJob } from './upload-job.ts';
import type { Database } from '../db/database.ts';

/**
 * The jobs API for scripts: `POST /jobs` (multipart upload → job + conversion run),
 * `GET /jobs?state=&limit=&offset=`, `GET /jobs/:id` (with its runs). Behind `authenticate`.
 */
export function jobRoutes(deps: {
  db: Kysely<Database>;
  runs: RunService;
  maxUploadBytes: number;
  authenticate: MiddlewareHandler<AuthEnv>;
}) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  app.use('/jobs', deps.authenticate);
  app.use('/jobs/*', deps.authenticate);

  app.post(
    '/jobs',
    // Security: the size limit runs before the body is read. A declared Content-Length over
    // the limit is refused at once; a chunked body is counted as it streams and refused the
    // moment it passes the limit, so nothing near a 200 MB upload is ever held in memory.
    bodyLimit({
      maxSize: deps.maxUploadBytes,
      onError: () => {
        throw new HttpError(
          'payload-too-large',
          `the upload is larger than the limit of ${deps.maxUploadBytes} bytes (FABDESK_MAX_UPLOAD_BYTES)`,
        );
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!type.toLowerCase().startsWith('multipart/form-data'))
        throw new HttpError(
          'unsupported-media-type',
          `expected a multipart/form-data body with SVG files in the field "files"; got ${JSON.stringify(type.slice(0, 100))}`,
        );
      let form: FormData;
      try {
        form = await c.req.raw.formData();
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError('bad-request', 'the multipart body could not be read');
      }
      const files: UploadedFile[] = [];
      const fields: Record<string, string> = {};
      for (const [key, value] of form.entries()) {
        if (key === 'files') {
          if (typeof value === 'string')
            throw new HttpError('bad-request', 'files: expected file parts, got a text field');
          files.push({
            name: value.name || 'upload.svg',
            bytes: new Uint8Array(await value.arrayBuffer()),
          });
        } else if (typeof value === 'string') fields[key] = value;
        else throw new HttpError('bad-request', `${key}: files go in the field "files"`);
      }
      const parsed = UploadFields.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new HttpError(
          'bad-request',
          issue.code === 'unrecognized_keys'
            ? `${issue.keys.join(', ')}: not an accepted field`
            : `${issue.path.join('.')}: ${issue.message}`,
        );
      }
      const outcome = await uploadJob(db, c.get('auth'), files, parsed.data);
      if (outcome.kind === 'duplicate')
        return c.json(
          {
            error: {
              code: 'conflict',
              message: `the same file content is already job ${outcome.jobId}, which is still active`,
              jobId: outcome.jobId,
            },
          },
          409,
        );
      await deps.runs.enqueue(outcome.runId);
      const [job] = await jobsFromRows(
        db,
        await db.selectFrom('jobs').selectAll().where('id', '=', outcome.jobId).execute(),
      );
      const run = await db
        .selectFrom('runs')
        .selectAll()
        .where('id', '=', outcome.runId)
        .executeTakeFirstOrThrow();
      return c.json({ job, run: runFromRow(run) }, 201);
    },
  );

  app.get('/jobs', async (c) => {
    const q = parseQuery(c, Paging.extend({ state: JobStateSchema.optional() }).strict());
    let query = db.selectFrom('jobs').where('is_deleted', '=', false);
    if (q.state) query = query.where('state', '=', q.state);
    const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    const page: Page<unknown> = {
      items: await jobsFromRows(db, rows),
      total: Number(total?.n ?? 0),
      limit: q.limit,
      offset: q.offset,
    };
    return c.json(page);
  });

  app.get('/jobs/:id', async (c) => {
    const id = uuidParam(c);
    const rows = await db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .where('is_deleted', '=', false)
      .execute();
    const [job] = await jobsFromRows(db, rows);
    if (!job) throw new HttpError('not-found', `no job ${id}`);
    const runs = await db
      .selectFrom('runs')
      .selectAll()
      .where('job_id', '=', id)
      .where('is_deleted', '=', false)
      .orderBy('created_at')
      .execute();
    return c.json({ job, runs: runs.map(runFromRow) });
  });

  return app;
}
