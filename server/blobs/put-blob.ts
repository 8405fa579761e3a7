import { sha256Hex } from '@fabdesk/shared/plan/sha256-hex.ts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Stores bytes under their SHA-256 and returns the hash. Idempotent: the same bytes are
 * stored once (a second put is a no-op), so uploads and plans deduplicate for free.
 */
export async function putBlob(
  db: Kysely<Database> | Transaction<Database>,
  bytes: Uint8Array,
  mediaType: string,
  hash?: string,
): Promise<string> {
  const h = hash ?? (await sha256Hex(bytes));
  await sql`insert into blobs (hash, size_bytes, media_type, data)
    values (${h}, ${bytes.length}, ${mediaType}, ${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)})
    on conflict (hash) do nothing`.execute(db);
  return h;
}

/** A blob's bytes and media type, or null when no blob has that hash. */
export async function readBlob(
  db: Kysely<Database> | Transaction<Database>,
  hash: string,
): Promise<{ data: Uint8Array; mediaType: string } | null> {
  const row = await db
    .selectFrom('blobs')
    .select(['data', 'media_type'])
    .where('hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  const data = row.data as Buffer;
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    mediaType: row.media_type as string,
  };
}
