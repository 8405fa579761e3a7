import type { StaffRole } from '@fabdesk/shared/models/staff.ts';

/**
 * Who is asking: the staff member signed in on a paired workstation, resolved from the
 * request's device token by the auth middleware. Every sync request, lease call and
 * API call runs with one; handlers read it with `c.get('auth')`.
 */
export interface AuthContext {
  staffId: string;
  staffName: string;
  role: StaffRole;
  workstationId: string;
  workstationName: string;
}

/** The Hono environment of authenticated routes. */
export interface AuthEnv {
  Variables: { auth: AuthContext };
}
