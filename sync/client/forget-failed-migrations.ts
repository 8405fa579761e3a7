import {
  getPrimaryKeyOfInternalDocument,
  getSingleDocument,
  INTERNAL_CONTEXT_MIGRATION_STATUS,
  now,
  type RxDatabase,
  writeSingle,
} from 'rxdb';

/**
 * Forgets a failed earlier attempt to migrate each collection to `version`, so that
 * opening it migrates again. RxDB 17.6 keeps a failed migration's status document (status
 * ERROR) in the database's internal store and never resets it: every later open reads
 * that old error and fails at once, even with a fixed step, while the new attempt still
 * runs in the background. Without this a device whose migration failed once could never
 * open its data again. A running or finished migration's status is left alone.
 */
export async function forgetFailedMigrations(
  db: Pick<RxDatabase, 'internalStore'>,
  collections: readonly { name: string; version: number }[],
): Promise<void> {
  for (const { name, version } of collections) {
    if (version === 0) continue;
    // RxMigrationState's key for its status document: `${collection}-v-${version}`.
    const id = getPrimaryKeyOfInternalDocument(
      `${name}-v-${version}`,
      INTERNAL_CONTEXT_MIGRATION_STATUS,
    );
    const previous = await getSingleDocument(db.internalStore, id);
    if (!previous || (previous.data as { status?: string }).status !== 'ERROR') continue;
    await writeSingle(
      db.internalStore,
      { previous, document: { ...previous, _deleted: true, _meta: { lwt: now() } } },
      INTERNAL_CONTEXT_MIGRATION_STATUS,
    );
  }
}
