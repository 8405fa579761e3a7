import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { StartupError } from '../startup-error.ts';

/** The repository's `migrations/` folder. */
export const repoMigrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Migration files are `NNNN_name.ts`; READMEs, configs and tests in the folder are not. */
const migrationFile = /^\d{4}_[\w-]+\.ts$/;

/** Which migrations the database has run and which it has not, each sorted by name. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/**
 * Runs the migrations in one folder against one database. Kysely orders them by name,
 * keeps the record in `kysely_migration` and holds a lock while migrating, so two
 * servers starting at once do not both run a migration. A failed migration throws
 * `StartupError('migrations')` naming it; on Postgres (transactional DDL) kysely runs
 * each call in one transaction, so the whole batch of that call is rolled back.
 */
export interface DatabaseMigrator {
  /** Applies every pending migration; returns the names applied, in order. */
  latest(): Promise<string[]>;
  /** Applies the next pending migration, if any. */
  up(): Promise<string[]>;
  /** Reverts the last applied migration, if any. */
  down(): Promise<string[]>;
  status(): Promise<MigrationStatus>;
}

export function createMigrator<DB>(
  db: Kysely<DB>,
  migrationsDir: string = repoMigrationsDir,
): DatabaseMigrator {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({
      fs: {
        readdir: async (dir: string) =>
          (await fs.readdir(dir)).filter((f) => migrationFile.test(f)),
      },
      path,
      migrationFolder: migrationsDir,
    }),
  });
  return {
    latest: async () => namesOf(await migrator.migrateToLatest()),
    up: async () => namesOf(await migrator.migrateUp()),
    down: async () => namesOf(await migrator.migrateDown()),
    status: async () => {
      const all = await migrator.getMigrations();
      return {
        applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
        pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
      };
    },
  };
}

function namesOf({ error, results = [] }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      'migrations',
      failed
        ? `migration ${failed.migrationName} (${failed.direction.toLowerCase()}) failed: ${reason}`
        : `migrations could not run: ${reason}`,
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
