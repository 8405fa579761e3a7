import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { bearerTokenOf } from './bearer-token-of.ts';
import { hashDeviceToken } from './hash-device-token.ts';

/**
 * The staff member and workstation a device token stands for, or undefined when the token
 * is unknown or revoked, its workstation revoked, or its staff member deactivated or
 * deleted (one answer for every reason). `stale` says `last_used_at` is over a minute old.
 */
export function findSignedIn(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('device_tokens as t')
    .innerJoin('workstations as w', 'w.id', 't.workstation_id')
    .innerJoin('staff as s', 's.id', 't.staff_id')
    .select([
      't.staff_id',
      's.name as staff_name',
      's.role',
      't.workstation_id',
      'w.name as workstation_name',
      sql<boolean>`t.last_used_at is null or t.last_used_at < now() - interval '1 minute'`.as(
        'stale',
      ),
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('w.revoked_at', 'is', null)
    .where('s.is_active', '=', true)
    .where('s.is_deleted', '=', false)
    .executeTakeFirst();
}

/** Whether a request's `Authorization` header still signs a device in (see findSignedIn). */
export async function stillSignedIn(
  db: Kysely<Database>,
  authorization: string | null | undefined,
): Promise<boolean> {
  const token = bearerTokenOf(authorization ?? undefined);
  if (!token) return false;
  return (await findSignedIn(db, hashDeviceToken(token))) !== undefined;
}
