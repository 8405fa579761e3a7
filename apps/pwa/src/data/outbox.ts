import type { DeviceDatabase } from '@fabdesk/sync/client/create-device-database.ts';
import { OUTBOX_FILE_ATTACHMENT, type OutboxEntry } from '@fabdesk/sync/client/outbox-entry.ts';
import type { UploadFields } from './file-services.ts';

/**
 * The outbox as the New job screen uses it: one entry per picked file (its bytes in the
 * attachment `file`), and files picked together become one job. The entry schema has no
 * place for that grouping or the job's fields, so each entry carries them as a second
 * attachment, `request` (JSON), which keeps the synced schema untouched.
 */
export const OUTBOX_REQUEST_ATTACHMENT = 'request';

/** What the `request` attachment holds. */
export interface OutboxRequest {
  groupId: string;
  /** Position of the file within its job's files. */
  index: number;
  fields: UploadFields;
}

/**
 * Where an upload stands, kept in the entry's `lastError` as `kind: text` so it survives a
 * reload: `retrying` (offline or a server hiccup: tried again by itself), `refused` (the
 * server said no: waits for the user), `duplicate` (the text is the existing job's id).
 */
export type OutboxProblem =
  | { kind: 'retrying'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'duplicate'; jobId: string };

export function encodeProblem(problem: OutboxProblem): string {
  const text = problem.kind === 'duplicate' ? problem.jobId : problem.message;
  return `${problem.kind}: ${text}`.slice(0, 1000);
}

export function decodeProblem(lastError: string | null): OutboxProblem | null {
  if (!lastError) return null;
  const match = /^(retrying|refused|duplicate): ([\s\S]*)$/.exec(lastError);
  if (!match) return { kind: 'retrying', message: lastError };
  const [, kind, text = ''] = match;
  if (kind === 'duplicate') return { kind, jobId: text };
  return { kind: kind as 'retrying' | 'refused', message: text };
}

/** One job waiting in the outbox: its files and how its last attempt went. */
export interface OutboxGroup {
  groupId: string;
  fields: UploadFields;
  createdAt: string;
  entries: OutboxEntry[];
  attempts: number;
  problem: OutboxProblem | null;
}

/**
 * Keeps picked files on the device until they are uploaded. All entries of a job are
 * written before the call returns, so an upload never starts with half its files.
 */
export async function addToOutbox(
  db: DeviceDatabase,
  files: readonly { name: string; bytes: Uint8Array }[],
  fields: UploadFields,
  ids: { newId(): string; now(): Date },
): Promise<string> {
  const groupId = ids.newId();
  const createdAt = ids.now().toISOString();
  const docs = files.map((file, index) => {
    const entry: OutboxEntry = {
      id: ids.newId(),
      jobId: null,
      fileName: file.name.slice(0, 256),
      mediaType: 'image/svg+xml',
      sizeBytes: file.bytes.length,
      createdAt,
      attempts: 0,
      lastError: null,
    };
    const request: OutboxRequest = { groupId, index, fields };
    return { entry, request, bytes: file.bytes };
  });
  // An entry is visible before its attachments are written; readOutbox only returns groups
  // whose every entry has both, so the uploader never sends half a job.
  for (const { entry, request, bytes } of docs) {
    const doc = await db.outbox.insert(entry);
    await doc.putAttachments([
      {
        id: OUTBOX_FILE_ATTACHMENT,
        data: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/svg+xml' }),
        type: 'image/svg+xml',
      },
      {
        id: OUTBOX_REQUEST_ATTACHMENT,
        data: new Blob([JSON.stringify({ ...request, count: files.length })], {
          type: 'application/json',
        }),
        type: 'application/json',
      },
    ]);
  }
  return groupId;
}

/** The outbox's entries grouped into jobs, oldest first; incomplete groups are left out. */
export async function readOutbox(db: DeviceDatabase): Promise<OutboxGroup[]> {
  const docs = await db.outbox.find({ sort: [{ createdAt: 'asc' }] }).exec();
  const groups = new Map<string, OutboxGroup & { count: number }>();
  for (const doc of docs) {
    const attachment = doc.getAttachment(OUTBOX_REQUEST_ATTACHMENT);
    if (!attachment || !doc.getAttachment(OUTBOX_FILE_ATTACHMENT)) continue;
    const request = JSON.parse(await (await attachment.getData()).text()) as OutboxRequest & {
      count: number;
    };
    const entry = doc.toJSON() as unknown as OutboxEntry;
    let group = groups.get(request.groupId);
    if (!group) {
      group = {
        groupId: request.groupId,
        fields: request.fields,
        createdAt: entry.createdAt,
        entries: [],
        attempts: 0,
        problem: null,
        count: request.count,
      };
      groups.set(request.groupId, group);
    }
    group.entries[request.index] = entry;
    group.attempts = Math.max(group.attempts, entry.attempts);
    group.problem ??= decodeProblem(entry.lastError);
  }
  return [...groups.values()]
    .filter((g) => g.entries.filter(Boolean).length === g.count)
    .map(({ count: _, ...g }) => g);
}

/** The files of a group, in order, ready for a multipart body. */
export async function outboxFiles(db: DeviceDatabase, group: OutboxGroup) {
  return Promise.all(
    group.entries.map(async (entry) => {
      const doc = await db.outbox.findOne(entry.id).exec();
      const data = await doc?.getAttachment(OUTBOX_FILE_ATTACHMENT)?.getData();
      if (!data) throw new Error(`outbox entry ${entry.id} lost its file`);
      return { name: entry.fileName, data };
    }),
  );
}

/** Writes the outcome of an attempt on every entry of the group. */
export async function markOutboxGroup(
  db: DeviceDatabase,
  group: OutboxGroup,
  problem: OutboxProblem,
): Promise<void> {
  const lastError = encodeProblem(problem);
  for (const entry of group.entries) {
    const doc = await db.outbox.findOne(entry.id).exec();
    await doc?.incrementalPatch({ attempts: entry.attempts + 1, lastError });
  }
}

/** Takes a job's files off the device (uploaded, or given up by the user). */
export async function removeOutboxGroup(db: DeviceDatabase, group: OutboxGroup): Promise<void> {
  await db.outbox.bulkRemove(group.entries.map((e) => e.id));
}
