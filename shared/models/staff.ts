import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

export const StaffRole = { admin: 'admin', staff: 'staff' } as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];

/**
 * A lab staff member: signs devices in and is named on every action they take.
 * Deactivated staff (`isActive: false`) vanish from attribution pickers but keep their
 * history: events refer to them by id, so they are never deleted. The password hash is
 * server-only (table `staff_credentials`) and never replicates.
 */
export const Staff = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254).nullable(),
  role: z.enum([StaffRole.admin, StaffRole.staff]),
  isActive: z.boolean(),
  addedAt: IsoTime,
  deactivatedAt: IsoTime.nullable(),
  updatedAt: IsoTime,
});
export type Staff = z.infer<typeof Staff>;
