import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthEnv } from '../auth/auth-context.ts';
import type { AuthTables } from '../auth/auth-tables.ts';
import { requireAuth } from '../auth/require-auth.ts';
import type { ChangeHub } from './change-hub.ts';
import { createStreamRoutes, type StreamRouteOptions } from './stream-routes.ts';

/**
 * What `createApp` mounts: `GET /sync/stream` behind `requireAuth`, like every sync
 * route. (Browsers' EventSource cannot send an Authorization header, so the PWA reads
 * the stream with fetch.)
 */
export function streamApp<DB>(
  hub: ChangeHub,
  db: Kysely<DB>,
  options: StreamRouteOptions = {},
): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // The auth tables exist once migrations ran; the app's DB type does not list them.
  app.use('/sync/stream', requireAuth(db as unknown as Kysely<AuthTables>));
  app.route('/', createStreamRoutes(hub, options));
  return app;
}
