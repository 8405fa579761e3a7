import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';

/** Collects changed collections and hands them over together at most once per window. */
export interface ChangeCoalescer {
  add(collection: ReplicatedCollection): void;
  /** Drops anything pending and stops the timer (hub shutdown). */
  dispose(): void;
}

/**
 * A burst of commits (a push of 500 jobs is 1 notification, but a busy lab makes many)
 * becomes one hint per window: the first change starts a `windowMs` timer, later ones
 * join the set, the timer hands the whole set to `flush`. So every tab hears about each
 * collection at most once per window, and no change waits longer than one window.
 */
export function createChangeCoalescer(
  windowMs: number,
  flush: (collections: ReplicatedCollection[]) => void,
): ChangeCoalescer {
  const pending = new Set<ReplicatedCollection>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    add(collection) {
      pending.add(collection);
      timer ??= setTimeout(() => {
        timer = undefined;
        const collections = [...pending];
        pending.clear();
        flush(collections);
      }, windowMs);
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
