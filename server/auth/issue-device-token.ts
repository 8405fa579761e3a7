import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { createDeviceToken } from './create-device-token.ts';

/**
 * Stores a new token for `staffId` on `workstationId` (its SHA-256 only) and returns the
 * raw token, which the caller hands to the device exactly once.
 */
export async function issueDeviceToken(
  db: Kysely<Database>,
  workstationId: string,
  staffId: string,
): Promise<string> {
  const { token, tokenHash } = createDeviceToken();
  await db
    .insertInto('device_tokens')
    .values({ token_hash: tokenHash, workstation_id: workstationId, staff_id: staffId })
    .execute();
  return token;
}
