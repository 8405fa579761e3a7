import { randomUUID } from 'node:crypto';
import type { StaffRole } from '@fabdesk/shared/models/staff.ts';
import type { AuthContext } from '../auth/auth-context.ts';

/** Test fixture: a signed-in staff member on a workstation of their own. */
export function testAuth(name: string, role: StaffRole = 'staff'): AuthContext {
  return {
    staffId: randomUUID(),
    staffName: name,
    role,
    workstationId: randomUUID(),
    workstationName: `${name}'s tablet`,
  };
}
