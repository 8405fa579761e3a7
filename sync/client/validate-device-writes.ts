import type { RxCollection } from 'rxdb';
import type { z } from 'zod';
import type { DeviceDocument } from './device-document.ts';
import { DeviceWriteError } from './device-write-error.ts';

/** What RxDB adds to a document; not part of the entity, so never validated. */
const STORAGE_FIELDS = ['_deleted', '_meta', '_rev', '_attachments'] as const;

/**
 * Makes every local insert and save on `collection` pass its zod schema, throwing a
 * DeviceWriteError at the call site otherwise. Without this a bad write (say
 * `priority: 5` on a job) was stored, then refused by the server with a 400 on every
 * push retry, blocking that collection's pushes for good.
 *
 * RxDB's `preInsert`/`preSave` hooks run for insert, bulkInsert, upsert, patch, modify
 * and their incremental forms, before anything reaches storage; a throwing hook rejects
 * the write. Replication writes (pulled documents, conflict resolutions) go straight to
 * the storage instance and skip the hooks: pulled documents are parsed by the sync
 * client, and resolutions are built from states the server and this device accepted.
 */
export function validateDeviceWrites(
  collection: RxCollection<DeviceDocument>,
  schema: z.ZodObject,
): void {
  const check = (data: DeviceDocument) => {
    const fields: DeviceDocument = { ...data };
    for (const f of STORAGE_FIELDS) delete fields[f];
    const parsed = schema.safeParse(fields);
    if (parsed.success) return;
    const issue = parsed.error.issues[0];
    throw new DeviceWriteError(
      'invalid-document',
      collection.name,
      issue?.path.join('.') ?? '',
      issue?.message ?? 'invalid',
    );
  };
  // `false`: run in series with the write, so the throw reaches the caller.
  collection.preInsert((data) => check(data), false);
  collection.preSave((data) => check(data), false);
}
