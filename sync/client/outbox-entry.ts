import { EntityId } from '@fabdesk/shared/models/entity-id.ts';
import { IsoTime } from '@fabdesk/shared/models/iso-time.ts';
import { z } from 'zod';

/** The attachment id under which an outbox entry keeps the file's bytes. */
export const OUTBOX_FILE_ATTACHMENT = 'file';

/**
 * An SVG file picked on this device (offline too), waiting to be uploaded. Its bytes are
 * the entry's RxDB attachment `file`; the entry leaves the outbox once the server has the
 * blob. Device-only: never replicated.
 */
export const OutboxEntry = z.strictObject({
  id: EntityId,
  /** The job the file belongs to, or null for a file that will start a new job. */
  jobId: EntityId.nullable(),
  fileName: z.string().min(1).max(256),
  mediaType: z.string().max(100),
  sizeBytes: z.int().min(0),
  createdAt: IsoTime,
  attempts: z.int().min(0),
  lastError: z.string().max(1000).nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;
