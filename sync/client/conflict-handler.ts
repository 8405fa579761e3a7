import type { DeviceDocument } from './device-document.ts';
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import { defaultHashSha256, sortObject } from 'rxdb/plugins/utils';
import type { ReplicatedCollection } from '../collections.ts';
import { type DocumentState, resolveConflict } from '../conflict-policy.ts';
import { jsonEqual } from '../json-equal.ts';
import type { DeviceStateEntry } from './device-state-entry.ts';

/** Stores a losing version; awaited before RxDB overwrites it on the device. */
export type LoserSink = (entry: DeviceStateEntry) => Promise<void>;

/**
 * The RxDB conflict handler of one replicated collection: the written policy
 * (sync/conflict-policy.ts) plus keeping our version when it loses anything. The loser is
 * stored inside `resolve`, which RxDB awaits before it writes the resolution to the device,
 * so no crash or closed tab can drop our version between the two (docs/conflicts.md).
 */
export function createConflictHandler(
  collection: ReplicatedCollection,
  storeLoser: LoserSink,
  now: () => Date = () => new Date(),
): RxConflictHandler<DeviceDocument> {
  return {
    isEqual: (a, b) => jsonEqual(withoutStorageMeta(a), withoutStorageMeta(b)),
    async resolve(input) {
      const result = resolveConflict(collection, input);
      if (result.lostFields.length > 0) {
        const ours = withoutStorageMeta(input.newDocumentState);
        const docId = String(ours[primaryKeyOf(collection)]);
        // The id hashes our version: RxDB may resolve the same conflict twice (when the
        // resolution's local write races another one); the loser is then stored once.
        const hash = await defaultHashSha256(JSON.stringify(sortObject(ours, true)));
        await storeLoser({
          id: `conflict:${collection}:${docId}:${hash.slice(0, 16)}`,
          kind: 'conflict',
          collectionName: collection,
          docId,
          ours: ours as DeviceStateEntry['ours'],
          theirs: withoutStorageMeta(input.realMasterState) as DeviceStateEntry['theirs'],
          lostFields: result.lostFields,
          data: null,
          at: now().toISOString(),
        });
      }
      return result.document as WithDeleted<DeviceDocument>;
    },
  };
}

function primaryKeyOf(collection: ReplicatedCollection): string {
  return collection === 'leases' ? 'jobId' : 'id';
}

function withoutStorageMeta(doc: unknown): DocumentState {
  const { _meta, _rev, _attachments, ...rest } = doc as DocumentState;
  return rest;
}
