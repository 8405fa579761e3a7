import { type Kysely, sql } from 'kysely';

// Content-addressed blobs: uploaded source files and plan blobs, keyed by the SHA-256 of
// their bytes. One truth in Postgres (no files beside rows); devices fetch them over
// GET /blobs/:hash, so big geometry never goes through replication. Not replicated, and
// immutable: the same hash always means the same bytes.

// biome-ignore lint/suspicious/noExplicitAny: frozen in time: a migration must not see today's Database type (kysely's advice)
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table blobs (
    hash char(64) primary key check (hash ~ '^[0-9a-f]{64}$'),
    size_bytes integer not null check (size_bytes >= 0),
    media_type text not null,
    data bytea not null,
    created_at timestamptz not null default now(),
    check (octet_length(data) = size_bytes)
  )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: frozen in time: a migration must not see today's Database type (kysely's advice)
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table blobs`.execute(db);
}
