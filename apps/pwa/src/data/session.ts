import type { StaffRole } from '@fabdesk/shared/models/staff.ts';

/**
 * This device's pairing: which server, the device token (shown once by the server, kept
 * on the device), who is signed in and which workstation this is. Every job change is
 * attributed to `staff` on `workstation`.
 */
export interface Session {
  baseUrl: string;
  token: string;
  staff: { id: string; name: string; role: StaffRole };
  workstation: { id: string; name: string };
}

/** Where the session is kept between visits (localStorage in the browser). */
export interface SessionStore {
  load(): Session | null;
  save(session: Session | null): void;
}
