import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/**
 * A paired device (tablet, desktop) — the request system's "workstation". It signs in
 * once and keeps a long-lived token; the server stores only the token's hash (never in
 * this schema). Revoking ends its sync at the next request.
 */
export const Workstation = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(100),
  pairedBy: EntityId,
  createdAt: IsoTime,
  lastSeenAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
});
export type Workstation = z.infer<typeof Workstation>;
