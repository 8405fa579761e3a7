import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { issueDeviceToken } from './issue-device-token.ts';

/** A freshly paired device: its token (shown once) and its workstation. */
export interface PairedWorkstation {
  token: string;
  workstation: { id: string; name: string };
}

/**
 * Registers a device as a workstation paired by `staffId` and signs that member in on
 * it. Run it inside a transaction so a workstation never exists without its token.
 */
export async function pairWorkstation(
  trx: Kysely<Database>,
  staffId: string,
  deviceName: string,
): Promise<PairedWorkstation> {
  const workstation = await trx
    .insertInto('workstations')
    .values({ id: randomUUID(), name: deviceName, paired_by: staffId })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  const token = await issueDeviceToken(trx, workstation.id, staffId);
  return { token, workstation };
}
