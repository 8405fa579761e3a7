import { IsoTime } from '@fabdesk/shared/models/iso-time.ts';
import { z } from 'zod';

/** What a device_state entry holds. */
export const DeviceStateKind = {
  /** Our version of a document that lost (part of) a sync conflict; see docs/conflicts.md. */
  conflict: 'conflict',
  /** Where a plot stopped, for an exact resume on this device. */
  plotCheckpoint: 'plot-checkpoint',
} as const;
export type DeviceStateKind = (typeof DeviceStateKind)[keyof typeof DeviceStateKind];

const JsonObject = z.record(z.string(), z.json());

/**
 * Device-only state, never replicated. One flat shape for every kind (RxDB schemas have
 * no unions): conflict entries fill `collectionName`, `docId`, `ours`, `theirs` and
 * `lostFields`; plot checkpoints fill `docId` (the job) and `data`.
 */
export const DeviceStateEntry = z.strictObject({
  id: z.string().min(1).max(200),
  kind: z.enum([DeviceStateKind.conflict, DeviceStateKind.plotCheckpoint]),
  collectionName: z.string().max(50).nullable(),
  docId: z.string().max(100).nullable(),
  ours: JsonObject.nullable(),
  theirs: JsonObject.nullable(),
  lostFields: z.array(z.string().max(100)).max(200),
  data: JsonObject.nullable(),
  at: IsoTime,
});
export type DeviceStateEntry = z.infer<typeof DeviceStateEntry>;
