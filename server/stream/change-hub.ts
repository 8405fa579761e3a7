import { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import { createChangeCoalescer } from './change-coalescer.ts';
import { startListenConnection } from './listen-connection.ts';
import { startSafetyNet } from './safety-net.ts';
import type { Database } from '../db/database.ts';

/** The channel `notifyChange` (server/sync/write-lock.ts) sends on; the payload is a collection. */
export const SYNC_CHANNEL = 'fabdesk_sync';

/** Called with the collections that changed, at most once per coalescing window. */
export type ChangeListener = (collections: readonly ReplicatedCollection[]) => void;

/**
 * One per server process: hears every committed change to a replicated collection, from
 * any process writing to the same Postgres, and fans it out to the open streams.
 */
export interface ChangeHub {
  /** Returns the unsubscribe function; call it when the stream ends. */
  subscribe(listener: ChangeListener): () => void;
  readonly subscriberCount: number;
  /** Aborted by `close`: streams end themselves so shutdown does not wait for them. */
  readonly signal: AbortSignal;
  /** The LISTEN connection's backend pid while connected (tests cut it). */
  readonly listenerPid: number | undefined;
  close(): Promise<void>;
}

export interface ChangeHubOptions {
  /** Connection string for the hub's own LISTEN connection. */
  url: string;
  /** The pool the safety net reads `max(sync_seq)` with. */
  db: Kysely<Database>;
  logger: Logger;
  /** Default 20: one hint per collection per 20 ms at most. */
  coalesceMs?: number;
  /** Default 5000. */
  safetyNetMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const known = new Set<string>(Object.values(ReplicatedCollection));

/**
 * Starts the hub: a dedicated LISTEN connection (`LISTEN fabdesk_sync`, reconnecting with
 * backoff) for prompt hints, and a safety net polling `max(sync_seq)` so a lost NOTIFY
 * still reaches the tabs within `safetyNetMs`. After a reconnect every collection is
 * hinted, since notifications sent while the connection was down are gone. Every process
 * runs its own hub, so a change committed through any process reaches every tab.
 */
export async function startChangeHub(options: ChangeHubOptions): Promise<ChangeHub> {
  const listeners = new Set<ChangeListener>();
  const closing = new AbortController();
  const coalescer = createChangeCoalescer(options.coalesceMs ?? 20, (collections) => {
    for (const listener of listeners) listener(collections);
  });
  const hint = (collections: Iterable<ReplicatedCollection>) => {
    for (const collection of collections) coalescer.add(collection);
  };
  const connection = await startListenConnection({
    url: options.url,
    channel: SYNC_CHANNEL,
    logger: options.logger,
    ...(options.minBackoffMs === undefined ? {} : { minBackoffMs: options.minBackoffMs }),
    ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    onNotification: (payload) => {
      if (known.has(payload)) hint([payload as ReplicatedCollection]);
      else options.logger.warn(`change stream: ignored a notification for "${payload}"`);
    },
    onConnected: (reconnected) => {
      if (reconnected) hint(known as Set<ReplicatedCollection>);
    },
  });
  const net = startSafetyNet({
    db: options.db,
    intervalMs: options.safetyNetMs ?? 5000,
    logger: options.logger,
    onGrown: hint,
  });
  return {
    subscribe(listener) {
      // Wrapped so the same function subscribed twice is two subscriptions.
      const entry: ChangeListener = (collections) => listener(collections);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    get subscriberCount() {
      return listeners.size;
    },
    signal: closing.signal,
    get listenerPid() {
      return connection.backendPid;
    },
    async close() {
      closing.abort();
      net.stop();
      coalescer.dispose();
      listeners.clear();
      await connection.close();
    },
  };
}
