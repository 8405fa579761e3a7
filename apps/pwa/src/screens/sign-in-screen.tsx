import { useState } from 'preact/hooks';
import { ApiError } from '../data/api-error.ts';
import type { Session } from '../data/session.ts';
import { useServices } from '../hooks/use-services.ts';

type Mode = 'pair' | 'setup';

/**
 * Pairs this device with the server: staff sign-in (name, password, a name for this
 * device), or on a fresh server the first admin with the setup code the server printed.
 */
export function SignInScreen(props: { onSignedIn: (session: Session) => void }) {
  const { api, defaultServer } = useServices();
  const [mode, setMode] = useState<Mode>('pair');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    const baseUrl = text('server') || defaultServer;
    const body = {
      name: text('name'),
      password: String(form.get('password') ?? ''),
      deviceName: text('deviceName'),
    };
    setBusy(true);
    setError(null);
    try {
      const session =
        mode === 'setup'
          ? await api.setup(baseUrl, { ...body, setupCode: text('setupCode') })
          : await api.pair(baseUrl, body);
      props.onSignedIn(session);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in" id="main">
      <h1>fabdesk</h1>
      <p class="lede">
        {mode === 'pair'
          ? 'Sign in to pair this device with the lab’s server.'
          : 'Create the first admin with the setup code the server printed when it started.'}
      </p>
      <form class="card form" onSubmit={(e) => void submit(e)}>
        <label class="field">
          <span>Server address</span>
          <input
            name="server"
            type="url"
            defaultValue={defaultServer}
            required
            autoComplete="url"
          />
        </label>
        {mode === 'setup' && (
          <label class="field">
            <span>Setup code</span>
            <input name="setupCode" required placeholder="XXXX-XXXX" autoComplete="off" />
          </label>
        )}
        <label class="field">
          <span>Your name</span>
          <input name="name" required autoComplete="username" />
        </label>
        <label class="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            required
            minLength={10}
            autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
          />
        </label>
        <label class="field">
          <span>Name of this device</span>
          <input name="deviceName" required placeholder="Plotter tablet" autoComplete="off" />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : mode === 'setup' ? 'Create admin and sign in' : 'Sign in'}
        </button>
      </form>
      <button
        type="button"
        class="button button-quiet"
        onClick={() => {
          setMode(mode === 'pair' ? 'setup' : 'pair');
          setError(null);
        }}
      >
        {mode === 'pair' ? 'New server? Set up the first admin' : 'Back to sign in'}
      </button>
    </main>
  );
}
