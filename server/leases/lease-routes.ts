import { EntityId } from '@fabdesk/shared/models/entity-id.ts';
import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../auth/auth-context.ts';
import { HttpError } from '../http-error.ts';
import { acquireLease } from './acquire-lease.ts';
import { forceReleaseLease } from './force-release-lease.ts';
import { LeaseError } from './lease-error.ts';
import { DEFAULT_LEASE_TTL_S, LeaseTtlSeconds } from './lease-ttl.ts';
import { releaseLease } from './release-lease.ts';
import { renewLease } from './renew-lease.ts';
import type { Database } from '../db/database.ts';

const TtlBody = z.strictObject({ ttlSeconds: LeaseTtlSeconds.optional() });

/**
 * `POST /leases/:jobId/{acquire,renew,release,force-release}`: the lease calls, answered
 * with the lease (`JobLease`). Mounted behind the auth middleware; a request without an
 * auth context is refused here too, so a wiring mistake cannot open the routes.
 * A job held by someone else is 409 `{ error: { code: 'lease-held', message: 'held by
 * <name> until <time>' } }` so the client can tell the user who has it.
 */
export function createLeaseRoutes(db: Kysely<Database>): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>();
  routes.post('/leases/:jobId/acquire', async (c) => {
    const { jobId, auth } = await requestOf(c);
    const ttlSeconds = (await ttlOf(c)) ?? DEFAULT_LEASE_TTL_S;
    return answer(c, () => acquireLease(db, { jobId, auth, ttlSeconds }));
  });
  routes.post('/leases/:jobId/renew', async (c) => {
    const { jobId, auth } = await requestOf(c);
    const ttlSeconds = (await ttlOf(c)) ?? DEFAULT_LEASE_TTL_S;
    return answer(c, () => renewLease(db, { jobId, auth, ttlSeconds }));
  });
  routes.post('/leases/:jobId/release', async (c) => {
    const { jobId, auth } = await requestOf(c);
    return answer(c, () => releaseLease(db, { jobId, auth }));
  });
  routes.post('/leases/:jobId/force-release', async (c) => {
    const { jobId, auth } = await requestOf(c);
    return answer(c, () => forceReleaseLease(db, { jobId, auth }));
  });
  return routes;
}

async function requestOf(c: Context<AuthEnv>): Promise<{ jobId: string; auth: AuthContext }> {
  // Security: no auth context means the auth middleware did not run; refuse.
  const auth = c.get('auth') as AuthContext | undefined;
  if (!auth) throw new HttpError('unauthorized', 'sign in on a paired workstation first');
  const jobId = EntityId.safeParse(c.req.param('jobId'));
  if (!jobId.success) throw new HttpError('bad-request', 'the job id must be a lower-case UUID');
  return { jobId: jobId.data, auth };
}

/** The optional `{ ttlSeconds }` body; an empty body means the default. */
async function ttlOf(c: Context<AuthEnv>): Promise<number | undefined> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError('bad-request', 'the body must be JSON like {"ttlSeconds": 120}');
  }
  const body = TtlBody.safeParse(json);
  if (!body.success)
    throw new HttpError('bad-request', 'ttlSeconds must be a whole number of seconds, 1 to 3600');
  return body.data.ttlSeconds;
}

async function answer(c: Context<AuthEnv>, call: () => Promise<unknown>): Promise<Response> {
  try {
    return c.json(await call());
  } catch (error) {
    if (!(error instanceof LeaseError)) throw error;
    switch (error.code) {
      case 'held-by-other':
        // Not an `HttpError`: its code set is shared by all routes and has no `lease-held`.
        return c.json({ error: { code: 'lease-held', message: error.message } }, 409);
      case 'not-held':
        throw new HttpError('conflict', error.message);
      case 'not-found':
        throw new HttpError('not-found', error.message);
      case 'not-admin':
        throw new HttpError('forbidden', error.message);
    }
  }
}
