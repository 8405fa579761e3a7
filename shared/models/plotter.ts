import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/**
 * A pen plotter of the lab (vfab's `Device`). Named "plotter" here because "device" in
 * fabdesk means a synced tablet or desktop (a workstation). `defaults` holds the
 * plotter's default motion and pen settings (the plot console edits them).
 */
export const Plotter = z.strictObject({
  id: EntityId,
  kind: z.string().trim().min(1).max(50),
  model: z.string().trim().min(1).max(50).nullable(),
  name: z.string().trim().min(1).max(100),
  port: z.string().max(200).nullable(),
  firmware: z.string().max(100).nullable(),
  defaults: z.record(z.string(), z.json()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  retiredAt: IsoTime.nullable(),
});
export type Plotter = z.infer<typeof Plotter>;
