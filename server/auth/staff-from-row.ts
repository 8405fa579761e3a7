import type { Staff } from '@fabdesk/shared/models/staff.ts';
import type { Selectable } from 'kysely';
import type { Database } from '../db/database.ts';

/** A `staff` row as the shared `Staff` entity (what the API and sync hand out). */
export function staffFromRow(row: Selectable<Database['staff']>): Staff {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    isActive: row.is_active,
    addedAt: row.added_at.toISOString(),
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}
