import { randomUUID } from 'node:crypto';
import type { Staff, StaffRole } from '@fabdesk/shared/models/staff.ts';
import { type Kysely, sql } from 'kysely';
import { HttpError } from '../http-error.ts';
import type { Database } from '../db/database.ts';
import { staffFromRow } from './staff-from-row.ts';

/** A staff member to create; the password is already hashed (never hash under the lock). */
export interface NewStaff {
  name: string;
  email: string | null;
  role: StaffRole;
  passwordHash: string;
}

/**
 * Inserts a staff member and their credentials. The caller runs it inside a transaction
 * that already holds `lockStaffSync`, which makes the uniqueness checks race-free and
 * lets the `sync_seq` column default be drawn in commit order.
 * Names are unique case-insensitively (the `staff_name_key` index); so are emails, since
 * either may be typed to sign in.
 */
export async function insertStaff(trx: Kysely<Database>, input: NewStaff): Promise<Staff> {
  const clash = await trx
    .selectFrom('staff')
    .select(['name', 'email'])
    .where((eb) =>
      eb.or([
        eb(sql`lower(name)`, '=', input.name.toLowerCase()),
        eb(sql`lower(email)`, '=', input.email?.toLowerCase() ?? null),
        // Either identifier may be typed at sign-in, so a name may not be someone's email.
        eb(sql`lower(email)`, '=', input.name.toLowerCase()),
        eb(sql`lower(name)`, '=', input.email?.toLowerCase() ?? null),
      ]),
    )
    .executeTakeFirst();
  if (clash)
    throw new HttpError(
      'conflict',
      clash.name.toLowerCase() === input.name.toLowerCase()
        ? `a staff member named "${clash.name}" already exists`
        : 'that name or email is already used by another staff member',
    );
  const row = await trx
    .insertInto('staff')
    .values({ id: randomUUID(), name: input.name, email: input.email, role: input.role })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('staff_credentials')
    .values({ staff_id: row.id, password_hash: input.passwordHash })
    .execute();
  return staffFromRow(row);
}
