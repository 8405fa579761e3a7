import type { Staff } from '@fabdesk/shared/models/staff.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { hashPassword } from './hash-password.ts';
import { insertStaff, type NewStaff } from './insert-staff.ts';
import { lockStaffSync } from './lock-staff-sync.ts';
import type { ScryptCost } from './scrypt-cost.ts';

/** A staff member to create, with the password as typed. */
export type StaffToCreate = Omit<NewStaff, 'passwordHash'> & { password: string };

/**
 * Creates a staff member with credentials in one transaction under the staff sync lock
 * (`POST /staff`, the env-var first admin, `npm run staff:add`). The password is hashed
 * before the transaction starts, so the lock is held for milliseconds, not a hash.
 */
export async function createStaff(
  db: Kysely<Database>,
  input: StaffToCreate,
  cost?: ScryptCost,
): Promise<Staff> {
  const passwordHash = await hashPassword(input.password, cost);
  return db.transaction().execute(async (trx) => {
    await lockStaffSync(trx);
    return insertStaff(trx, {
      name: input.name,
      email: input.email,
      role: input.role,
      passwordHash,
    });
  });
}
