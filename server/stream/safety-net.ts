import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import { type Kysely, sql } from 'kysely';
import type { Logger } from '../logger.ts';
import { SYNC_TABLES } from '../sync/sync-tables.ts';
import type { Database } from '../db/database.ts';

/** The periodic check; `stop` ends it. */
export interface SafetyNet {
  stop(): void;
}

/**
 * Every `intervalMs`, reads `max(sync_seq)` of each replicated table and reports the
 * collections whose maximum grew since the last check. This catches a change whose
 * NOTIFY never arrived (a writer that forgot `notifyChange`, a LISTEN connection that was
 * down at commit time). It reports growth even when a NOTIFY did arrive: a notification
 * carries no sequence number, so the net cannot tell which rows it covered, and a spare
 * hint costs each tab one empty pull while a missed one leaves a tab stale.
 * The first check only takes the baseline.
 */
export function startSafetyNet(options: {
  db: Kysely<Database>;
  intervalMs: number;
  logger: Logger;
  onGrown(collections: ReplicatedCollection[]): void;
}): SafetyNet {
  const entries = Object.values(SYNC_TABLES);
  const query = sql<{ collection: ReplicatedCollection; seq: string | null }>`${sql.join(
    entries.map(
      (t) =>
        sql`select ${t.collection}::text as collection, max(sync_seq)::text as seq from ${sql.table(t.entity.table)}`,
    ),
    sql` union all `,
  )}`;
  const last = new Map<ReplicatedCollection, bigint>();
  let baseline = true;
  let running = false;
  const check = async () => {
    if (running) return; // a slow database: skip a beat rather than pile up queries
    running = true;
    try {
      const { rows } = await query.execute(options.db);
      const grown: ReplicatedCollection[] = [];
      for (const row of rows) {
        const seq = BigInt(row.seq ?? 0);
        const before = last.get(row.collection);
        if (!baseline && (before === undefined || seq > before)) grown.push(row.collection);
        last.set(row.collection, seq);
      }
      baseline = false;
      if (grown.length > 0) options.onGrown(grown);
    } catch (error) {
      options.logger.warn(
        `change stream: safety-net check failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.intervalMs);
  return { stop: () => clearInterval(timer) };
}
