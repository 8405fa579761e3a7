import { Hono, type MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../auth/auth-context.ts';
import type { ChangeHub } from './change-hub.ts';
import { createStreamRoutes, type StreamRouteOptions } from './stream-routes.ts';

/**
 * What `createApp` mounts: `GET /sync/stream` behind `authenticate` (the app's
 * `requireAuth`, the same as the sync pull/push). Browsers' EventSource cannot send an
 * Authorization header, so the PWA reads the stream with fetch.
 */
export function streamApp(
  hub: ChangeHub,
  authenticate: MiddlewareHandler<AuthEnv>,
  options: StreamRouteOptions = {},
): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/sync/stream', authenticate);
  app.route('/', createStreamRoutes(hub, options));
  return app;
}
