import type { Subscription } from 'rxjs';
import { z } from 'zod';
import { SyncStatusSchema, type SyncStatusStore } from './sync-status.ts';

/** The slice of a BroadcastChannel the status uses (sync/ is typed without DOM or Node). */
export interface StatusChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}
export type OpenStatusChannel = (name: string) => StatusChannel;

const platform = globalThis as unknown as {
  BroadcastChannel?: new (name: string) => StatusChannel;
};
/** The platform's BroadcastChannel (browsers and Node 24 have one). */
export const openBroadcastChannel: OpenStatusChannel | undefined = platform.BroadcastChannel
  ? (name) => new platform.BroadcastChannel!(name)
  : undefined;

/** What the tabs of a device say to each other; anything else on the channel is ignored. */
const StatusMessage = z.discriminatedUnion('kind', [
  /** A tab opened: the leader answers with its status. */
  z.object({ kind: z.literal('ask') }),
  z.object({ kind: z.literal('status'), status: SyncStatusSchema }),
]);
type StatusMessage = z.infer<typeof StatusMessage>;

/**
 * Makes every tab of a device show the sync status of the one that replicates. In browsers
 * only the leader tab replicates (RxDB's leader election); the others never hear from the
 * server, so without this they showed "Offline" and "Not synced yet" for good.
 *
 * The leader sends its status on every change and when a tab asks; the others take it
 * (all but `conflicts`, which each tab counts in the shared database itself). When the
 * leader closes, another tab wins the election: it starts from the last status it was
 * sent, which its own replication then brings up to date, and from then on it sends.
 * Leadership is never given back while the database is open, so a tab stops taking
 * statuses as soon as it leads.
 */
export function shareSyncStatus(options: {
  channel: StatusChannel;
  store: SyncStatusStore;
  /** Resolves when this tab becomes the leader (never, while another tab leads). */
  leadership: Promise<unknown>;
}): { stop(): void } {
  const { channel, store } = options;
  let leading = false;
  let stopped = false;
  let sending: Subscription | null = null;
  const send = (message: StatusMessage) => {
    if (!stopped) channel.postMessage(message);
  };

  channel.addEventListener('message', (event) => {
    const parsed = StatusMessage.safeParse(event.data);
    if (stopped || !parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'ask') {
      if (leading) send({ kind: 'status', status: store.get() });
    } else if (!leading) {
      const { conflicts: _theirs, ...status } = message.status;
      store.update(status);
    }
  });
  send({ kind: 'ask' });

  void options.leadership.then(() => {
    if (stopped) return;
    leading = true;
    sending = store.status$.subscribe((status) => send({ kind: 'status', status }));
  });

  return {
    stop() {
      stopped = true;
      sending?.unsubscribe();
      channel.close();
    },
  };
}
