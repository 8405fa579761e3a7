import { type Kysely, sql, type Transaction } from 'kysely';
import type { Event } from '@fabdesk/shared/models/event.ts';
import type { CollectionRules } from '@fabdesk/sync/collection-rules.ts';
import type { PushResponse, PushRow, WireDocument } from '@fabdesk/sync/sync-messages.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { ENTITY_TABLES } from '../db/entity-tables.ts';
import { HttpError } from '../http-error.ts';
import { clientContent } from './client-content.ts';
import { checkJobWrite, eventsForJobWrite } from './job-write-rules.ts';
import type { PushRefusal } from './push-refusal.ts';
import { readCurrent } from './read-documents.ts';
import { entityToRow } from './row-mapping.ts';
import type { SyncTable } from './sync-tables.ts';
import { lockCollection, notifyChange } from './write-lock.ts';
import type { Database } from '../db/database.ts';
import { looseTables } from '../db/loose-tables.ts';

type Doc = Record<string, unknown>;

/**
 * Applies one push batch with RxDB's master-write rule, in one transaction under the
 * collection's lock: no master → insert; the client's assumed master equals ours (on
 * client-authored content) → write; otherwise our state comes back as a conflict. A
 * write the rules refuse (permission, lease, lifecycle) also comes back as a conflict
 * carrying our state, never as an HTTP error (RxDB would retry that forever). A resent
 * push whose answer was lost finds its content already there and changes nothing.
 * Invalid documents fail the whole batch with a 400 before anything is written.
 */
export async function pushCollection(
  db: Kysely<Database>,
  auth: AuthContext,
  table: SyncTable,
  rules: CollectionRules,
  rows: PushRow[],
): Promise<PushResponse> {
  const docs = rows.map((row, i) => validate(rules, row, i));
  const ids = docs.map((d) => String(d[rules.primaryKey]));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate)
    throw new HttpError('bad-request', `document ${duplicate} appears twice in one push`);
  const sortArrays = table.child ? { [table.child.field]: table.child.orderBy } : {};
  const same = (a: Doc, b: Doc) =>
    clientContent(a, rules.serverFields, sortArrays) ===
    clientContent(b, rules.serverFields, sortArrays);

  // A document can break a unique rule of its table (two active pens with one name). The
  // batch runs without savepoints first (one round trip per document); if Postgres
  // refuses a unique key, the whole batch runs again with a savepoint around each write,
  // so that document comes back as a `duplicate` conflict instead of a 500 retried forever.
  const apply = (guarded: boolean) =>
    db.transaction().execute(async (trx) => {
      await lockCollection(trx, table.collection);
      const current = await readCurrent(trx, table, ids);
      const conflicts: WireDocument[] = [];
      const reasons: Record<string, string> = {};
      const events: Event[] = [];
      let wrote = false;
      for (const [i, next] of docs.entries()) {
        const id = ids[i]!;
        const master = current.get(id) ?? null;
        const assumed = rows[i]!.assumedMasterState as Doc | null;
        if (master && same(master, next)) continue; // already there: a resend
        let refusal: PushRefusal | null;
        if (master === null) refusal = await insertRefusal(trx, auth, table, rules, next);
        else if (assumed === null || !same(master, assumed)) refusal = 'conflict';
        else refusal = await updateRefusal(trx, auth, table, rules, master, next);
        if (refusal) {
          conflicts.push(master ?? ({ ...next, _deleted: true } as WireDocument));
          reasons[id] = refusal;
          continue;
        }
        const write = () => writeDocument(trx, auth, table, rules.primaryKey, next);
        if (guarded && !(await withinSavepoint(trx, write))) {
          conflicts.push(master ?? ({ ...next, _deleted: true } as WireDocument));
          reasons[id] = 'duplicate';
          continue;
        }
        if (!guarded) await write();
        if (table.collection === 'jobs') events.push(...eventsForJobWrite(auth, master, next));
        wrote = true;
      }
      if (wrote) await notifyChange(trx, table.collection);
      if (events.length > 0) await appendEvents(trx, events);
      return { conflicts, reasons };
    });
  try {
    return await apply(false);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return apply(true);
  }
}

/** Runs `write` under a savepoint; false (and rolled back) when it broke a unique key. */
async function withinSavepoint(trx: Transaction<Database>, write: () => Promise<void>) {
  await sql`savepoint push_row`.execute(trx);
  try {
    await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await sql`rollback to savepoint push_row`.execute(trx);
    return false;
  }
  await sql`release savepoint push_row`.execute(trx);
  return true;
}

/** Postgres SQLSTATE 23505 (unique_violation). */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

function validate(rules: CollectionRules, row: PushRow, index: number): Doc {
  const { _deleted, ...fields } = row.newDocumentState;
  if (_deleted !== undefined && typeof _deleted !== 'boolean') {
    throw new HttpError(
      'bad-request',
      `rows[${index}].newDocumentState._deleted must be a boolean`,
    );
  }
  const parsed = rules.schema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(document)';
    throw new HttpError(
      'bad-request',
      `rows[${index}].newDocumentState.${path}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return { ...(parsed.data as Doc), _deleted: _deleted === true };
}

async function insertRefusal(
  trx: Transaction<Database>,
  auth: AuthContext,
  table: SyncTable,
  rules: CollectionRules,
  next: Doc,
): Promise<PushRefusal | null> {
  const access = accessRefusal(auth, rules);
  if (access) return access;
  if (table.collection === 'jobs') return checkJobWrite(trx, auth, null, next);
  // Security: a device records events only as itself.
  if (table.collection === 'events' && next.workstationId !== auth.workstationId) {
    return 'no-permission';
  }
  return null;
}

async function updateRefusal(
  trx: Transaction<Database>,
  auth: AuthContext,
  table: SyncTable,
  rules: CollectionRules,
  master: Doc,
  next: Doc,
): Promise<PushRefusal | null> {
  const access = accessRefusal(auth, rules);
  if (access) return access;
  if (rules.write === 'append') return 'append-only';
  if (table.collection === 'jobs') return checkJobWrite(trx, auth, master, next);
  return null;
}

function accessRefusal(auth: AuthContext, rules: CollectionRules): PushRefusal | null {
  if (rules.write === 'none') return 'read-only';
  if (rules.write === 'admin' && auth.role !== 'admin') return 'no-permission';
  return null;
}

/** Upserts the document's row with a fresh sequence number, then replaces its child rows. */
async function writeDocument(
  trx: Transaction<Database>,
  auth: AuthContext,
  table: SyncTable,
  primaryKey: string,
  doc: Doc,
) {
  const stamped: Doc = { ...doc };
  if (table.collection === 'jobs') stamped.lastUpdatedBy = auth.staffId;
  const values: Record<string, unknown> = {
    ...entityToRow(table.entity, stamped),
    ...(table.collection === 'events' ? { received_at: sql`now()` } : {}),
    is_deleted: doc._deleted === true,
    sync_seq: sql`nextval('sync_seq')`,
    server_updated_at: sql`now()`,
  };
  const update = { ...values };
  delete update[table.primaryKeyColumn];
  const loose = looseTables(trx);
  await loose
    .insertInto(table.entity.table)
    .values(values)
    .onConflict((oc) => oc.column(table.primaryKeyColumn).doUpdateSet(update))
    .execute();
  const child = table.child;
  if (!child) return;
  const parentId = doc[primaryKey];
  await loose.deleteFrom(child.entity.table).where(child.parentColumn, '=', parentId).execute();
  const list = (doc[child.field] as Doc[] | undefined) ?? [];
  if (list.length > 0) {
    await loose
      .insertInto(child.entity.table)
      .values(
        list.map((c) => ({ ...entityToRow(child.entity, c), [child.parentColumn]: parentId })),
      )
      .execute();
  }
}

async function appendEvents(trx: Transaction<Database>, events: Event[]): Promise<void> {
  await lockCollection(trx, 'events');
  // Rows from the entity mapping (ENTITY_TABLES), as for every pushed document.
  await looseTables(trx)
    .insertInto('events')
    .values(
      events.map((e) => ({
        ...entityToRow(ENTITY_TABLES.event, e),
        received_at: sql`now()`,
        sync_seq: sql`nextval('sync_seq')`,
      })),
    )
    .execute();
  await notifyChange(trx, 'events');
}
