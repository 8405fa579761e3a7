import { formatAge } from '../data/format-time.ts';
import { useNow } from '../hooks/use-now.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { Link } from './link.tsx';

/** The sync state in one line: online or not, changes waiting, last sync, conflicts. */
export function SyncStatusBar() {
  const status = useSyncStatus();
  const { reload } = useServices();
  const { signOut } = useSignedIn();
  const now = useNow(10_000);
  const code = status.error?.code;
  return (
    <div class="sync-bar" role="status" aria-live="polite" data-testid="sync-status">
      <span class={`sync-dot ${status.online ? 'is-online' : 'is-offline'}`} aria-hidden="true" />
      <span data-testid="sync-online">{status.online ? 'Online' : 'Offline'}</span>
      <span data-testid="sync-pending">
        {status.pendingPushes === 0
          ? 'All changes sent'
          : `${status.pendingPushes} waiting to send`}
      </span>
      <span>
        {status.lastSyncedAt ? `Synced ${formatAge(status.lastSyncedAt, now)}` : 'Not synced yet'}
      </span>
      {status.conflicts > 0 && (
        <Link href="/conflicts" class="sync-conflicts">
          {status.conflicts} conflict{status.conflicts === 1 ? '' : 's'} to look at
        </Link>
      )}
      {code === 'outdated-client' && (
        <span class="sync-alert">
          This app is older than the server.{' '}
          <button type="button" class="button button-small" onClick={reload}>
            Reload to update
          </button>
        </span>
      )}
      {code === 'signed-out' && (
        <span class="sync-alert">
          This device was signed out.{' '}
          <button type="button" class="button button-small" onClick={() => void signOut()}>
            Sign in again
          </button>
        </span>
      )}
    </div>
  );
}
