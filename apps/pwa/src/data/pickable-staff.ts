import type { Staff } from '@fabdesk/shared/models/staff.ts';

/**
 * The staff members a picker offers: active ones only, by name. Deactivated staff keep
 * their history (events carry their name) but are never offered for new attribution.
 */
export function pickableStaff(staff: readonly Staff[]): Staff[] {
  return staff
    .filter((s) => s.isActive)
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}
