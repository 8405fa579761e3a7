import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AuthContext, AuthEnv } from '../auth/auth-context.ts';
import { HttpError } from '../http-error.ts';
import type { ChangeHub } from './change-hub.ts';

export interface StreamRouteOptions {
  /** How often an idle stream says it is alive; default 15 000 (proxies cut silent ones). */
  heartbeatMs?: number;
  /**
   * Asked at every heartbeat whether the request's device is still signed in; a stream
   * whose token was revoked since it opened (sign-out, another person signing in on the
   * tablet, a revoked workstation, a deactivated staff member) ends then. The client's
   * reconnect gets 401. Without it a stream lives as long as its connection.
   */
  recheck?: (request: Request) => Promise<boolean>;
}

/**
 * `GET /sync/stream`: one server-sent-events connection per browser tab. It sends
 * `resync` first (the client pulls everything on every (re)connect, so nothing committed
 * while it was away is missed), then `change` with a `StreamHint` (`{"collections":
 * [...]}`, sync/sync-messages.ts) whenever collections changed, and `heartbeat` every
 * `heartbeatMs`. The stream subscribes BEFORE sending `resync`, so a change committed
 * during the client's resync pull still produces a hint afterwards.
 * A slow reader never makes memory grow: while a write is pending, further hints merge
 * into one set that is written next. The subscription ends when the client goes away,
 * the hub closes, or (with `recheck`) the device is no longer signed in.
 */
export function createStreamRoutes(
  hub: ChangeHub,
  options: StreamRouteOptions = {},
): Hono<AuthEnv> {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const routes = new Hono<AuthEnv>();
  routes.get('/sync/stream', (c) => {
    // Security: no auth context means the auth middleware did not run; refuse.
    if (!(c.get('auth') as AuthContext | undefined))
      throw new HttpError('unauthorized', 'sign in on a paired workstation first');
    return streamSSE(c, async (stream) => {
      const pending = new Set<string>();
      let ready = false;
      let writing = false;
      const pump = async () => {
        if (!ready || writing) return;
        writing = true;
        while (pending.size > 0 && !stream.aborted) {
          const collections = [...pending];
          pending.clear();
          await stream.writeSSE({ event: 'change', data: JSON.stringify({ collections }) });
        }
        writing = false;
      };
      const unsubscribe = hub.subscribe((collections) => {
        for (const collection of collections) pending.add(collection);
        void pump();
      });
      let end!: () => void;
      const ended = new Promise<void>((resolve) => {
        end = resolve;
      });
      stream.onAbort(end);
      c.req.raw.signal.addEventListener('abort', end, { once: true });
      hub.signal.addEventListener('abort', end, { once: true });
      // An event, not a comment: EventSource hides comments, and the client's watchdog
      // needs to see that the connection is alive.
      const heartbeat = setInterval(() => {
        if (!options.recheck) {
          void stream.writeSSE({ event: 'heartbeat', data: '{}' });
          return;
        }
        options.recheck(c.req.raw).then(
          (signedIn) => {
            if (signedIn) void stream.writeSSE({ event: 'heartbeat', data: '{}' });
            else end();
          },
          // The database did not answer: keep the stream (a pull would fail the same way);
          // the next heartbeat asks again.
          () => void stream.writeSSE({ event: 'heartbeat', data: '{}' }),
        );
      }, heartbeatMs);
      try {
        if (hub.signal.aborted) return;
        await stream.writeSSE({ event: 'resync', data: '{}' });
        ready = true;
        void pump();
        await ended;
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
        c.req.raw.signal.removeEventListener('abort', end);
        hub.signal.removeEventListener('abort', end);
      }
    });
  });
  return routes;
}
