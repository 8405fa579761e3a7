import { type Kysely, sql } from 'kysely';

// The audit trail is immutable in the database itself, not only in the app: Postgres
// refuses UPDATE and DELETE on events (row trigger) and TRUNCATE (statement trigger),
// whoever connects. Only dropping the table (a migration's `down`) removes events.

// biome-ignore lint/suspicious/noExplicitAny: frozen in time: a migration must not see today's Database type (kysely's advice)
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'events are append-only: % on events is not allowed', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'record a new event instead of changing or removing one';
    end
  $$`.execute(db);
  await sql`create trigger events_no_update_delete before update or delete on events
    for each row execute function events_refuse_change()`.execute(db);
  await sql`create trigger events_no_truncate before truncate on events
    for each statement execute function events_refuse_change()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: frozen in time: a migration must not see today's Database type (kysely's advice)
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger events_no_truncate on events`.execute(db);
  await sql`drop trigger events_no_update_delete on events`.execute(db);
  await sql`drop function events_refuse_change()`.execute(db);
}
