import { isPaperSizeName, PAPER_SIZES } from '@fabdesk/shared/pipeline/paper-sizes.ts';
import { z } from 'zod';

/**
 * The text fields of `POST /jobs` besides `files` (all optional): the job's name and
 * priority, and how to convert it. `paper` is a sheet size name (A4, A3, Letter, …) or the
 * id of one of the lab's papers; `plotter` the id of the plotter it is meant for, whose
 * model's motion profile the plan is made for (the default model without one).
 */
export const UploadFields = z.strictObject({
  name: z.string().trim().min(1).max(256).optional(),
  priority: z.coerce.number().int().min(0).max(3).optional(),
  paper: z
    .string()
    .trim()
    .refine(
      (v) => isPaperSizeName(v) || /^[0-9a-f-]{36}$/.test(v),
      `must be one of ${Object.keys(PAPER_SIZES).join(', ')} or a paper id`,
    )
    .optional(),
  orientation: z.enum(['portrait', 'landscape']).optional(),
  margin: z.coerce.number().min(0).max(500).optional(),
  fit: z.enum(['true', 'false']).optional(),
  preset: z.enum(['fast', 'best']).optional(),
  plotter: z
    .string()
    .trim()
    .regex(/^[0-9a-f-]{36}$/, 'must be a plotter id')
    .optional(),
});
export type UploadFields = z.infer<typeof UploadFields>;
