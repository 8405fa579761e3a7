import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

export const Orientation = { portrait: 'portrait', landscape: 'landscape' } as const;
export type Orientation = (typeof Orientation)[keyof typeof Orientation];

/** A paper size the lab stocks; width and height are of the sheet as it lies in portrait. */
export const Paper = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(100),
  widthMm: z.number().positive().max(5000),
  heightMm: z.number().positive().max(5000),
  marginMm: z.number().min(0).max(500),
  orientation: z.enum([Orientation.portrait, Orientation.landscape]),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  retiredAt: IsoTime.nullable(),
});
export type Paper = z.infer<typeof Paper>;
