import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { ConflictCard } from '../components/conflict-card.tsx';
import { useCollection } from '../hooks/use-collection.ts';
import { useNow } from '../hooks/use-now.ts';
import { useSignedIn } from '../hooks/use-services.ts';

/**
 * Versions of this device's edits that lost a sync conflict (docs/conflicts.md), newest
 * first: what was lost and what was kept, so nobody's typing silently disappears.
 */
export function ConflictsScreen() {
  const { device } = useSignedIn();
  const now = useNow();
  const losers = useCollection<DeviceStateEntry>('device_state', {
    selector: { kind: 'conflict' },
    sort: [{ at: 'desc' }],
  });
  const dismiss = async (id: string) => {
    await device.db.device_state.findOne(id).remove();
  };
  return (
    <main class="page" id="main">
      <div class="page-title">
        <h1>Conflicts</h1>
      </div>
      <p class="lede">
        When this device and another changed the same thing while apart, one version was kept. Here
        are your changes that were not; copy back what you still need, then dismiss them.
      </p>
      {!losers.loading && losers.docs.length === 0 ? (
        <div class="empty card">
          <h2>Nothing to look at</h2>
          <p>
            All your changes were kept. Conflicts appear here when two devices edit the same thing.
          </p>
        </div>
      ) : (
        <ul class="conflict-list" aria-busy={losers.loading}>
          {losers.docs.map((entry) => (
            <ConflictCard
              key={entry.id}
              entry={entry}
              now={now}
              onDismiss={() => void dismiss(entry.id)}
            />
          ))}
        </ul>
      )}
    </main>
  );
}
