import { Hono, type MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth/auth-context.ts';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import { authApp } from './auth/auth-app.ts';
import { stillSignedIn } from './auth/find-signed-in.ts';
import { requireAuth } from './auth/require-auth.ts';
import type { SetupCode } from './auth/setup-code.ts';
import { checkHealth } from './check-health.ts';
import { createLeaseRoutes } from './leases/lease-routes.ts';
import type { DatabaseMigrator } from './db/migrator.ts';
import { type ErrorBody, HttpError, type HttpErrorCode, httpStatusOf } from './http-error.ts';
import type { Logger } from './logger.ts';
import type { ChangeHub } from './stream/change-hub.ts';
import { streamApp } from './stream/stream-app.ts';
import type { StreamRouteOptions } from './stream/stream-routes.ts';
import { servePwa } from './serve-pwa.ts';
import { syncDocumentRoutes } from './sync/sync-document-routes.ts';
import { syncRoutes } from './sync/sync-routes.ts';
import { blobRoutes } from './blobs/blob-routes.ts';
import { jobRoutes } from './jobs/job-routes.ts';
import { runRoutes } from './runs/run-routes.ts';
import type { RunService } from './runs/run-service.ts';
import type { Database } from './db/database.ts';

/** Everything the HTTP app needs, handed in by `main.ts` (or a test). */
export interface AppDeps {
  db: Kysely<Database>;
  migrator: DatabaseMigrator;
  version: string;
  logger: Logger;
  /** How long `/health` waits for the database; default 2000. */
  healthTimeoutMs?: number;
  /** auth: the first-admin setup code while the server started with no staff (server/auth/). */
  firstAdminSetup?: SetupCode | undefined;
  /** stream: the process's change hub; without one there is no /sync/stream (server/stream/). */
  changeHub?: ChangeHub | undefined;
  /** stream: options of /sync/stream (its heartbeat); defaults in stream-routes.ts. */
  stream?: Pick<StreamRouteOptions, 'heartbeatMs'> | undefined;
  /** Who is asking, for the sync routes; `requireAuth` (device tokens) unless a test stands in. */
  authenticate?: MiddlewareHandler<AuthEnv> | undefined;
  /** runs: the conversion/simulation runs; without them there is no /jobs or /runs API (server/runs/). */
  runs?: { service: RunService; maxUploadBytes: number } | undefined;
  /** pwa: the built PWA (apps/pwa/dist) served after the API routes; none in API-only tests. */
  pwaDir?: string | undefined;
}

/**
 * The Hono app: routes plus the one place where errors become JSON. Route handlers throw
 * `HttpError` for expected failures; anything else is a bug, logged here in full and
 * answered with a generic 500 so nothing internal reaches the client.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/health', async (c) => {
    const report = await checkHealth({
      db: deps.db,
      migrator: deps.migrator,
      version: deps.version,
      timeoutMs: deps.healthTimeoutMs ?? 2000,
    });
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });

  // auth: /auth/* (pairing, sign-in, setup, workstations) and /staff/* — server/auth/auth-app.ts
  app.route(
    '/',
    authApp({ db: deps.db, logger: deps.logger, firstAdminSetup: deps.firstAdminSetup }),
  );

  // sync: /sync/:collection/pull and /push behind requireAuth — server/sync/sync-routes.ts
  const authenticate = deps.authenticate ?? requireAuth(deps.db);
  app.route('/sync', syncRoutes(deps.db, authenticate));
  // GET /sync/:collection/docs/:id, one document's master state — server/sync/sync-document-routes.ts
  app.route('/sync', syncDocumentRoutes(deps.db, authenticate));

  // leases: POST /leases/:jobId/acquire|renew|release|force-release behind the same
  // authentication as sync (a device takes a job's lease before it edits it).
  const leases = new Hono<AuthEnv>();
  leases.use('/leases/*', authenticate);
  leases.route('/', createLeaseRoutes(deps.db));
  app.route('/', leases);

  // runs: GET /blobs/:hash, POST|GET /jobs, /runs/* behind the same authentication —
  // server/blobs/, server/jobs/, server/runs/
  app.route('/', blobRoutes(deps.db, authenticate));
  if (deps.runs) {
    const runsDeps = { db: deps.db, runs: deps.runs.service, authenticate };
    app.route('/', jobRoutes({ ...runsDeps, maxUploadBytes: deps.runs.maxUploadBytes }));
    app.route('/', runRoutes(runsDeps));
  }

  // stream: GET /sync/stream, live change hints behind the same authentication — server/stream/
  // A revoked device's stream ends at its next heartbeat (a test's stand-in auth has no token).
  if (deps.changeHub)
    app.route(
      '/',
      streamApp(deps.changeHub, authenticate, {
        ...deps.stream,
        ...(deps.authenticate
          ? {}
          : { recheck: (r: Request) => stillSignedIn(deps.db, r.headers.get('authorization')) }),
      }),
    );

  // pwa: the built app's files and its shell for client routes, after every API route —
  // server/serve-pwa.ts
  if (deps.pwaDir) app.use('*', servePwa(deps.pwaDir));

  app.notFound((c) =>
    c.json(errorBody('not-found', `no route for ${c.req.method} ${c.req.path}`), 404),
  );

  app.onError((error, c) => {
    if (error instanceof HttpError)
      return c.json(errorBody(error.code, error.message), error.status);
    // Hono's own failures (e.g. a malformed JSON body in a validator) carry a status and a
    // message meant for the client.
    if (error instanceof HTTPException && error.status < 500) {
      const code = codeForStatus(error.status) ?? 'bad-request';
      return c.json(errorBody(code, error.message || 'bad request'), httpStatusOf[code]);
    }
    deps.logger.error(
      `${c.req.method} ${c.req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return c.json(errorBody('internal', 'internal server error'), 500);
  });

  return app;
}

function errorBody(code: HttpErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

function codeForStatus(status: number): HttpErrorCode | undefined {
  const entry = Object.entries(httpStatusOf).find(([, s]) => s === status);
  return entry?.[0] as HttpErrorCode | undefined;
}
