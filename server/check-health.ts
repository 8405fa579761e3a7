import { type Kysely, sql } from 'kysely';
import type { DatabaseMigrator } from './db/migrator.ts';

/**
 * What `GET /health` answers. The shape is the same whether healthy or not, so a monitor
 * reads one set of fields; counts are null when the database could not be asked.
 */
export interface HealthReport {
  status: 'ok' | 'degraded';
  database: 'ok' | 'unreachable';
  migrations: { current: boolean; applied: number | null; pending: number | null };
  version: string;
}

export interface HealthDeps<DB> {
  db: Kysely<DB>;
  migrator: DatabaseMigrator;
  version: string;
  /** A health check must answer even when the database hangs. */
  timeoutMs: number;
}

/** The server is healthy when the database answers and every migration has run. */
export async function checkHealth<DB>(deps: HealthDeps<DB>): Promise<HealthReport> {
  const unreachable: HealthReport = {
    status: 'degraded',
    database: 'unreachable',
    migrations: { current: false, applied: null, pending: null },
    version: deps.version,
  };
  try {
    const { applied, pending } = await withTimeout(deps.timeoutMs, async () => {
      await sql`select 1`.execute(deps.db);
      return deps.migrator.status();
    });
    const current = pending.length === 0;
    return {
      status: current ? 'ok' : 'degraded',
      database: 'ok',
      migrations: { current, applied: applied.length, pending: pending.length },
      version: deps.version,
    };
  } catch {
    return unreachable;
  }
}

async function withTimeout<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
