import { getAssumedMasterState, writeDocToDocState } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { filter, type Subscription } from 'rxjs';
import type { ReplicatedCollection } from '../collections.ts';
import type { Checkpoint } from '../sync-messages.ts';
import type { DeviceDocument } from './device-document.ts';

/** Where RxDB's replication writes what it pulled; every other fork write is ours to send. */
const PULLED_CONTEXT = 'replication-downstream-';

/**
 * Counts the documents of replicated collections that were written on this device and have
 * not yet reached the server, from the moment they are written until a push containing
 * their current version succeeded. Runs in the tab that replicates (the leader): in
 * browsers its change streams carry the writes of every tab of the device.
 *
 * A document counts from its local write (the collection's change stream, minus what the
 * pull wrote) or from the start of a push that carries it (writes made before this tab
 * started replicating). It stops counting only when a check finds that its stored version
 * is what the replication assumes the server has (RxDB's assumed master state, written
 * once a push succeeded or a conflict was answered), the same test RxDB makes before
 * pushing. So a version written during a push stays counted after that push, a failed push
 * leaves it counted, and a write RxDB has no reason to push (it changed nothing) does not
 * stay counted. The check runs whenever a collection's replication goes idle.
 */
export interface PendingWrites {
  /** A push of these documents starts. */
  sending(collection: ReplicatedCollection, ids: readonly string[]): void;
  /** Checks every counted document now; resolves when the count is up to date. */
  settle(): Promise<void>;
  stop(): void;
}

type Replications = Partial<
  Record<ReplicatedCollection, RxReplicationState<DeviceDocument, Checkpoint>>
>;

export function trackPendingWrites(options: {
  replications: Replications;
  /** The number of counted documents, after every change and every check. */
  onCount(count: number): void;
}): PendingWrites {
  const entries = Object.entries(options.replications) as [
    ReplicatedCollection,
    RxReplicationState<DeviceDocument, Checkpoint>,
  ][];
  // Per collection: counted document ids, each with the number of times it was counted, so
  // a check that read the storage before a newer write cannot drop that write.
  const counted = new Map(entries.map(([c]) => [c, new Map<string, number>()]));
  const checks = new Map(entries.map(([c]) => [c, Promise.resolve()]));
  const queued = new Set<ReplicatedCollection>();
  let stopped = false;

  const report = () => options.onCount([...counted.values()].reduce((n, ids) => n + ids.size, 0));
  const count = (collection: ReplicatedCollection, ids: Iterable<string>) => {
    const docs = counted.get(collection);
    if (!docs || stopped) return;
    for (const id of ids) docs.set(id, (docs.get(id) ?? 0) + 1);
    report();
  };

  const check = (collection: ReplicatedCollection): Promise<void> => {
    // One check waiting per collection is enough: it reads the storage when it starts.
    if (queued.has(collection)) return checks.get(collection)!;
    queued.add(collection);
    const next = checks
      .get(collection)!
      .then(async () => {
        queued.delete(collection);
        const docs = counted.get(collection)!;
        const internal = options.replications[collection]?.internalReplicationState;
        if (stopped || !internal || docs.size === 0) return;
        const seen = new Map(docs);
        const ids = [...seen.keys()];
        const [stored, sent] = await Promise.all([
          internal.input.forkInstance.findDocumentsById(ids, true),
          getAssumedMasterState(internal, ids),
        ]);
        for (const doc of stored) {
          const id = String(doc[internal.primaryPath]);
          const server = sent[id];
          const state = writeDocToDocState(doc, internal.hasAttachments, !!internal.input.keepMeta);
          if (
            server &&
            docs.get(id) === seen.get(id) &&
            internal.input.conflictHandler.isEqual(server.docData, state, 'fabdesk-pending')
          )
            docs.delete(id);
        }
        report();
      })
      // The database closed under a check: there is nothing left to count.
      .catch(() => undefined);
    checks.set(collection, next);
    return next;
  };

  const subscriptions: Subscription[] = entries.flatMap(([collection, replication]) => [
    replication.collection.eventBulks$
      .pipe(filter((bulk) => !bulk.context.startsWith(PULLED_CONTEXT)))
      .subscribe((bulk) =>
        count(
          collection,
          bulk.events.map((e) => e.documentId),
        ),
      ),
    replication.active$.pipe(filter((active) => !active)).subscribe(() => void check(collection)),
  ]);

  return {
    sending: count,
    async settle() {
      await Promise.all(entries.map(([c]) => check(c)));
    },
    stop() {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
