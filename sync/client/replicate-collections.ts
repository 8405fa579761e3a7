import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject, type Observable } from 'rxjs';
import { COLLECTION_RULES } from '../collection-rules.ts';
import { ReplicatedCollection } from '../collections.ts';
import { type Checkpoint, MAX_PULL_BATCH, MAX_PUSH_BATCH } from '../sync-messages.ts';
import type { DeviceDatabase } from './create-device-database.ts';
import type { DeviceDocument } from './device-document.ts';
import { type FetchLike, webPlatform } from './fetch-port.ts';
import { runHintStream } from './hint-stream.ts';
import { type PendingWrites, trackPendingWrites } from './pending-writes.ts';
import {
  type OpenStatusChannel,
  openBroadcastChannel,
  shareSyncStatus,
} from './share-sync-status.ts';
import { isTerminal, SyncError } from './sync-error.ts';
import { createSyncHttp } from './sync-http.ts';
import { createSyncStatusStore, type SyncStatus } from './sync-status.ts';

export interface StartReplicationOptions {
  db: DeviceDatabase;
  baseUrl: string;
  token: string;
  fetch?: FetchLike;
  /** Wait after a failed request before RxDB retries; default 5 s. */
  retryTimeMs?: number;
  /** Documents per pull request; at most MAX_PULL_BATCH. */
  pullBatchSize?: number;
  /** Documents per push request; at most MAX_PUSH_BATCH. */
  pushBatchSize?: number;
  /** Open the live hint stream (`GET /sync/stream`); default true. */
  liveStream?: boolean;
  /**
   * How the tabs of a multi-instance database share the leader's status; default the
   * platform's BroadcastChannel. Unused for a single-instance database.
   */
  openStatusChannel?: OpenStatusChannel;
  now?: () => Date;
}

/** A running replication of every replicated collection, with its status. */
export interface DeviceReplication {
  status$: Observable<SyncStatus>;
  getStatus(): SyncStatus;
  /** One per replicated collection the database has open. */
  replications: Readonly<
    Partial<Record<ReplicatedCollection, RxReplicationState<DeviceDocument, Checkpoint>>>
  >;
  /** Pulls every collection now (what a stream hint does for its collections). */
  resync(): void;
  /**
   * Resolves when every collection has pushed what it has and pulled what the server has,
   * and the status counts what is still waiting (in this tab, if it leads).
   */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

const ALL_REPLICATED = Object.values(ReplicatedCollection);

/**
 * Replicates every collection of sync/collections.ts with the server over HTTP (pull by
 * sequence checkpoint, push with conflicts answered as documents) and keeps ONE live
 * hint stream per device. In browsers (multiInstance) only the leader tab replicates and
 * holds the stream; other tabs see the data through the shared IndexedDB and the leader's
 * status through a BroadcastChannel (share-sync-status.ts). The status's pending count
 * covers every local write from the moment it is stored (pending-writes.ts), in any tab.
 */
export function startReplication(options: StartReplicationOptions): DeviceReplication {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const http = createSyncHttp({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    token: options.token,
    fetch: options.fetch ?? webPlatform.fetch.bind(globalThis),
  });
  const status = createSyncStatusStore();
  // Every replicated collection the database has open (all of them, except in tests that
  // simulate several devices in one process).
  const COLLECTIONS = ALL_REPLICATED.filter((c) => db.collections[c] !== undefined);
  const hints = new Map(COLLECTIONS.map((c) => [c, new Subject<'RESYNC'>()]));
  let stopping: Promise<void> | null = null;

  const succeeded = () =>
    status.update({ online: true, lastSyncedAt: now().toISOString(), error: null });
  const failed = (error: unknown) => {
    const syncError =
      error instanceof SyncError ? error : new SyncError('server-error', String(error));
    status.update({
      online: syncError.code === 'offline' ? false : status.get().online,
      error: { code: syncError.code, message: syncError.message },
    });
    // Retrying cannot help until the user pairs again or reloads.
    if (isTerminal(syncError)) void stop();
  };
  // Only the tab that replicates knows the status; it tells the device's other tabs.
  const leadership = db.multiInstance ? db.waitForLeadership() : null;
  const whenLeading = (run: () => void) => {
    const guarded = () => {
      if (!stopping) run();
    };
    if (leadership) void leadership.then(guarded);
    else guarded();
  };
  // Counts writes once this tab leads: push handlers run only then, and until then the
  // leader's count is shown.
  let pending: PendingWrites | null = null;

  const replications = Object.fromEntries(
    COLLECTIONS.map((collection) => {
      const rules = COLLECTION_RULES[collection];
      const state = replicateRxCollection<DeviceDocument, Checkpoint>({
        collection: db[collection],
        replicationIdentifier: `fabdesk-sync-${collection}-${options.baseUrl}`,
        live: true,
        retryTime: options.retryTimeMs ?? 5000,
        waitForLeadership: true,
        pull: {
          batchSize: Math.min(options.pullBatchSize ?? 500, MAX_PULL_BATCH),
          stream$: hints.get(collection)!.asObservable(),
          async handler(checkpoint, batchSize) {
            try {
              let from = checkpoint;
              const answer = await http
                .pull(collection, checkpoint, batchSize)
                .catch((error: unknown) => {
                  // The server's data was reset behind our checkpoint: pull everything
                  // again (documents already here are overwritten with the server's).
                  if (!(error instanceof SyncError && error.code === 'checkpoint-ahead'))
                    throw error;
                  from = { seq: 0 };
                  return http.pull(collection, undefined, batchSize);
                });
              const documents = answer.documents.map((doc) => {
                // Trust boundary: every pulled document must fit its entity's schema.
                const { _deleted, ...fields } = doc;
                const parsed = rules.schema.safeParse(fields);
                if (!parsed.success) {
                  const issue = parsed.error.issues[0];
                  throw new SyncError(
                    'bad-document',
                    `${collection} ${String(fields[rules.primaryKey])}: ${issue?.path.join('.')} ${issue?.message}`,
                  );
                }
                return { ...(parsed.data as DeviceDocument), _deleted: _deleted === true };
              });
              succeeded();
              return { documents, checkpoint: answer.checkpoint ?? from };
            } catch (error) {
              failed(error);
              throw error;
            }
          },
        },
        push: {
          batchSize: Math.min(options.pushBatchSize ?? 100, MAX_PUSH_BATCH),
          async handler(rows) {
            pending?.sending(
              collection,
              rows.map((r) => String(r.newDocumentState[rules.primaryKey])),
            );
            try {
              const answer = await http.push(
                collection,
                rows.map((r) => ({
                  assumedMasterState: r.assumedMasterState ?? null,
                  newDocumentState: r.newDocumentState,
                })),
              );
              succeeded();
              return answer.conflicts as never;
            } catch (error) {
              failed(error);
              throw error;
            }
          },
        },
      });
      return [collection, state];
    }),
  ) as Partial<Record<ReplicatedCollection, RxReplicationState<DeviceDocument, Checkpoint>>>;
  whenLeading(() => {
    pending = trackPendingWrites({
      replications,
      onCount: (pendingPushes) => status.update({ pendingPushes }),
    });
  });
  const openChannel = options.openStatusChannel ?? openBroadcastChannel;
  const sharing =
    leadership && openChannel
      ? shareSyncStatus({
          channel: openChannel(`fabdesk-sync-status|${db.name}|${options.baseUrl}`),
          store: status,
          leadership,
        })
      : null;

  const conflictCount = db.device_state
    .count({ selector: { kind: 'conflict' } })
    .$.subscribe((conflicts) => status.update({ conflicts }));

  const resync = (collections: ReplicatedCollection[] | 'all') => {
    for (const c of collections === 'all' ? COLLECTIONS : collections) hints.get(c)!.next('RESYNC');
  };

  let stopStream: (() => void) | null = null;
  if (options.liveStream ?? true) {
    const startStream = () => {
      stopStream = runHintStream({
        open: (signal) => http.openStream(signal),
        onHint: resync,
        onConnected: (connected) => {
          if (connected) status.update({ online: true });
        },
        onError: failed,
        known: COLLECTIONS,
      });
    };
    // One stream per device: in browsers only the leader tab (the one that replicates).
    whenLeading(startStream);
  }

  const stop = () => {
    stopping ??= (async () => {
      stopStream?.();
      sharing?.stop();
      pending?.stop();
      conflictCount.unsubscribe();
      await Promise.all(Object.values(replications).map((r) => r?.cancel()));
      for (const subject of hints.values()) subject.complete();
    })();
    return stopping;
  };

  return {
    status$: status.status$,
    getStatus: status.get,
    replications,
    resync: () => resync('all'),
    async awaitInSync() {
      await Promise.all(Object.values(replications).map((r) => r?.awaitInSync()));
      await pending?.settle();
    },
    stop,
  };
}
