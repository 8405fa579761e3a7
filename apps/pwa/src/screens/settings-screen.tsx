import { useState } from 'preact/hooks';
import { useSignedIn } from '../hooks/use-services.ts';

/** This device: its name and workstation id, the server it syncs with, sign out. */
export function SettingsScreen() {
  const { session, signOut } = useSignedIn();
  const [busy, setBusy] = useState(false);
  return (
    <main class="page" id="main">
      <h1>Settings</h1>
      <section class="card">
        <h2>This device</h2>
        <dl class="facts">
          <dt>Device name</dt>
          <dd data-testid="device-name">{session.workstation.name}</dd>
          <dt>Workstation id</dt>
          <dd>
            <code>{session.workstation.id}</code>
          </dd>
          <dt>Sync server</dt>
          <dd>
            <code>{session.baseUrl}</code>
          </dd>
          <dt>Signed in as</dt>
          <dd>
            {session.staff.name} ({session.staff.role})
          </dd>
        </dl>
        <p class="hint">
          Signing out ends this device’s pairing: you need your password to sign in again. Changes
          not yet sent stay on the device and are sent after you sign in again.
        </p>
        <button
          type="button"
          class="button button-danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await signOut();
          }}
        >
          Sign out
        </button>
      </section>
    </main>
  );
}
