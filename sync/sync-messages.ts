import { z } from 'zod';

/**
 * The pull checkpoint: the server sequence number of the last document the client has.
 * Sequence numbers are allocated while the writer holds its collection's lock, so they
 * rise in commit order and a pull never skips a row that commits late.
 */
export const Checkpoint = z.strictObject({ seq: z.int().min(0) });
export type Checkpoint = z.infer<typeof Checkpoint>;

/** Most documents one pull returns and one push may carry. */
export const MAX_PULL_BATCH = 2000;
export const MAX_PUSH_BATCH = 500;

/** `GET /sync/:collection/pull?seq=<n>&limit=<n>`; no `seq` means from the beginning. */
export const PullQuery = z.strictObject({
  seq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_BATCH).default(500),
});
export type PullQuery = z.infer<typeof PullQuery>;

/** A replicated document on the wire: the entity's fields plus RxDB's tombstone flag. */
export type WireDocument = Record<string, unknown> & { _deleted: boolean };

/** The pull answer: documents in sequence order and the checkpoint after the last one. */
export interface PullResponse {
  documents: WireDocument[];
  checkpoint: Checkpoint | null;
}

/** One document of a push: what the client last saw from the server, and what it wants now. */
export const PushRow = z.strictObject({
  assumedMasterState: z.record(z.string(), z.unknown()).nullable(),
  newDocumentState: z.record(z.string(), z.unknown()),
});
export type PushRow = z.infer<typeof PushRow>;

/** `POST /sync/:collection/push`. */
export const PushRequest = z.strictObject({
  rows: z.array(PushRow).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * The push answer: the server's current state of every document it did not take. Refused
 * writes (no permission, a forbidden transition, a job held by another device) come back
 * here too, never as an HTTP error, because RxDB retries errors forever.
 */
export interface PushResponse {
  conflicts: WireDocument[];
  /** Why each conflicting document was not taken, by primary key (for the UI's words). */
  reasons: Record<string, string>;
}

/** What the live stream (`GET /sync/stream`, server-sent events) says: these collections changed. */
export const StreamHint = z.strictObject({ collections: z.array(z.string()).min(1) });
export type StreamHint = z.infer<typeof StreamHint>;
