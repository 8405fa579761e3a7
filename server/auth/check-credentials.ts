import type { StaffRole } from '@fabdesk/shared/models/staff.ts';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { verifyPassword } from './verify-password.ts';

/** The staff member a name (or email) and password belong to. */
export interface CheckedStaff {
  id: string;
  name: string;
  role: StaffRole;
}

/**
 * The active staff member whose name or email (case-insensitive) is `login` and whose
 * password is `password`; undefined for an unknown name, a deactivated member or a wrong
 * password alike. `dummyHash` is verified when nobody matches, so an unknown name costs
 * the same scrypt time as a wrong password and response timing does not tell them apart.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  login: string,
  password: string,
  dummyHash: string,
): Promise<CheckedStaff | undefined> {
  const key = login.trim().toLowerCase();
  const row = await db
    .selectFrom('staff')
    .innerJoin('staff_credentials', 'staff_credentials.staff_id', 'staff.id')
    .select(['staff.id', 'staff.name', 'staff.role', 'staff_credentials.password_hash'])
    .where('staff.is_active', '=', true)
    .where('staff.is_deleted', '=', false)
    .where((eb) =>
      eb.or([eb(sql`lower(staff.name)`, '=', key), eb(sql`lower(staff.email)`, '=', key)]),
    )
    .executeTakeFirst();
  const matches = await verifyPassword(password, row?.password_hash ?? dummyHash);
  return row && matches ? { id: row.id, name: row.name, role: row.role } : undefined;
}
