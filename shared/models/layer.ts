import { z } from 'zod';
import { EntityId } from './entity-id.ts';

/** A layer's figures (vfab's `stats_json`), from the simulation or the last plot. */
export const LayerStats = z.strictObject({
  pathCount: z.int().min(0),
  pointCount: z.int().min(0),
  penDownMm: z.number().min(0),
  penUpMm: z.number().min(0),
  estimatedS: z.number().min(0).nullable(),
});
export type LayerStats = z.infer<typeof LayerStats>;

/**
 * One pen pass of a job: the strokes drawn with one pen, in `orderIndex` order. Layers
 * live inside their job's document (they are edited with the job, under its lease) and
 * in their own table on the server. AxiDraw-style options come from the layer name.
 */
export const Layer = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(200),
  orderIndex: z.int().min(0),
  penId: EntityId.nullable(),
  colorHex: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullable(),
  pauseBefore: z.boolean(),
  skip: z.boolean(),
  stats: LayerStats.nullable(),
  planned: z.boolean(),
});
export type Layer = z.infer<typeof Layer>;
