import { type Kysely, sql } from 'kysely';
import { createMiddleware } from 'hono/factory';
import { HttpError } from '../http-error.ts';
import type { AuthEnv } from './auth-context.ts';
import type { Database } from '../db/database.ts';
import { bearerTokenOf } from './bearer-token-of.ts';
import { findSignedIn } from './find-signed-in.ts';
import { hashDeviceToken } from './hash-device-token.ts';

/**
 * Hono middleware for every authenticated route (sync pull/push, leases, the API): finds
 * the request's `Authorization: Bearer <token>` by its SHA-256 (one primary-key lookup
 * joined to its workstation and staff member) and sets `c.get('auth')`. A missing,
 * unknown or revoked token, a revoked workstation or a deactivated staff member are one
 * and the same 401 `unauthorized`, thrown before the handler runs, so no data leaks.
 * `last_used_at`/`last_seen_at` are written at most once a minute per token, so a busy
 * device costs one read per request, not a write.
 */
export function requireAuth(db: Kysely<Database>) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = bearerTokenOf(c.req.header('authorization'));
    if (!token)
      throw new HttpError('unauthorized', 'sign in: this request has no valid device token');
    const tokenHash = hashDeviceToken(token);
    const row = await findSignedIn(db, tokenHash);
    // Security: the same answer for every reason, so a stolen token's holder cannot tell
    // "revoked" from "never existed".
    if (!row)
      throw new HttpError('unauthorized', 'sign in: this request has no valid device token');
    if (row.stale) await touch(db, tokenHash, row.workstation_id);
    c.set('auth', {
      staffId: row.staff_id,
      staffName: row.staff_name,
      role: row.role,
      workstationId: row.workstation_id,
      workstationName: row.workstation_name,
    });
    await next();
  });
}

async function touch(db: Kysely<Database>, tokenHash: string, workstationId: string) {
  await sql`with t as (update device_tokens set last_used_at = now() where token_hash = ${tokenHash})
    update workstations set last_seen_at = now() where id = ${workstationId}`.execute(db);
}
