import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/** A colour as `#rrggbb`. */
export const ColorHex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1a2b3c');

/**
 * A pen (plotting tool). Names are unique among pens that are not retired; retired pens
 * stay so old layers and statistics keep their reference.
 */
export const Pen = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(100),
  widthMm: z.number().positive().max(50).nullable(),
  speedCapMmS: z.number().positive().max(1000).nullable(),
  pressure: z.int().min(0).max(100).nullable(),
  passes: z.int().min(1).max(100),
  colorHex: ColorHex.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  retiredAt: IsoTime.nullable(),
});
export type Pen = z.infer<typeof Pen>;
