import type { Staff } from '@fabdesk/shared/models/staff.ts';
import { sql } from 'kysely';
import { HttpError } from '../http-error.ts';
import type { AuthDeps } from './auth-deps.ts';
import { lockStaffSync } from './lock-staff-sync.ts';
import { staffFromRow } from './staff-from-row.ts';

/**
 * Deactivates or reactivates a staff member under the staff sync lock, drawing a new
 * `sync_seq` so devices pull the change. Deactivating also revokes every token they hold,
 * so reactivating later does not silently revive old sign-ins; the last active admin
 * cannot be deactivated (nobody could manage staff any more).
 */
export async function setStaffActive(
  deps: Pick<AuthDeps, 'db'>,
  id: string,
  active: boolean,
): Promise<Staff> {
  return deps.db.transaction().execute(async (trx) => {
    await lockStaffSync(trx);
    const current = await trx
      .selectFrom('staff')
      .select(['role', 'is_active'])
      .where('id', '=', id)
      .where('is_deleted', '=', false)
      .executeTakeFirst();
    if (!current) throw new HttpError('not-found', `no staff member with id ${id}`);
    if (!active && current.is_active && current.role === 'admin') {
      const admins = await trx
        .selectFrom('staff')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('role', '=', 'admin')
        .where('is_active', '=', true)
        .where('is_deleted', '=', false)
        .executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1)
        throw new HttpError('conflict', 'this is the last active admin; make another admin first');
    }
    const row = await trx
      .updateTable('staff')
      .set({
        is_active: active,
        deactivated_at: active ? null : sql<Date>`coalesce(deactivated_at, now())`,
        updated_at: sql<Date>`now()`,
        server_updated_at: sql<Date>`now()`,
        sync_seq: sql<number>`nextval('sync_seq')`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!active)
      await trx
        .updateTable('device_tokens')
        .set({ revoked_at: sql<Date>`now()` })
        .where('staff_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    return staffFromRow(row);
  });
}
