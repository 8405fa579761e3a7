import { registerSW } from 'virtual:pwa-register';
import { createDeviceDatabase } from '@fabdesk/sync/client/create-device-database.ts';
import { startReplication } from '@fabdesk/sync/client/replicate-collections.ts';
import { render } from 'preact';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { App } from './app.tsx';
import { createApiClient } from './data/api-client.ts';
import type { AppServices, Device } from './data/app-services.ts';
import { createFileServices } from './data/file-services.ts';
import type { Navigation } from './data/navigation.ts';
import type { Session, SessionStore } from './data/session.ts';
import { keepScreenAwake } from './plot/keep-screen-awake.ts';
import type { PlotHost, SerialAccess } from './plot/plot-host.ts';
import { realTimeClock } from './plot/real-time-clock.ts';
import './styles.css';

// The one place that touches browser globals: storage, history, the service worker,
// fetch and crypto are handed to the app as plain services.

const SESSION_KEY = 'fabdesk.session';

const sessions: SessionStore = {
  load() {
    try {
      const raw = localStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  save(session) {
    if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_KEY);
  },
};

const listeners = new Set<() => void>();
const navigation: Navigation = {
  path: () => location.pathname,
  push(path) {
    if (path === location.pathname) return;
    history.pushState(null, '', path);
    for (const l of listeners) l();
    window.scrollTo(0, 0);
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
window.addEventListener('popstate', () => {
  for (const l of listeners) l();
});

/** A short name per server so two servers' data never mix on one device. */
function databaseName(baseUrl: string): string {
  let hash = 0;
  for (const ch of baseUrl) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `fabdesk-${hash.toString(36)}`;
}

async function openDevice(session: Session): Promise<Device> {
  const db = await createDeviceDatabase({
    storage: getRxStorageDexie(),
    name: databaseName(session.baseUrl),
    multiInstance: true,
  });
  const replication = startReplication({
    db,
    baseUrl: session.baseUrl,
    token: session.token,
    // A failed push or pull is retried after this; short, so a device that comes back
    // online shows up on the others within a couple of seconds.
    retryTimeMs: 1000,
  });
  const onOnline = () => replication.resync();
  window.addEventListener('online', onOnline);
  return {
    db,
    replication,
    async close() {
      window.removeEventListener('online', onOnline);
      await replication.stop();
      await db.close();
    },
  };
}

let updateWaiting = false;
const updateListeners = new Set<(waiting: boolean) => void>();
// registerType 'prompt': a new service worker waits until the user says reload.
const updateServiceWorker = registerSW({
  onNeedRefresh() {
    updateWaiting = true;
    for (const l of updateListeners) l(true);
  },
});

// Ask the browser not to evict the device's data under storage pressure (IndexedDB holds
// changes that may not have reached the server yet).
void navigator.storage?.persist?.().catch(() => false);

const plot: PlotHost = {
  // Web Serial exists in Chromium browsers on secure origins only.
  serial: (navigator as Navigator & { serial?: SerialAccess }).serial,
  // performance.now, timers, and a message round trip to yield (no setTimeout clamp).
  ...realTimeClock(),
  // Taken again each time the page is shown: the browser drops it whenever it is hidden.
  keepAwake: () => keepScreenAwake({ wakeLock: navigator.wakeLock, document }),
  warnBeforeLeaving() {
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  },
};

const services: AppServices = {
  sessions,
  api: createApiClient((url, init) => fetch(url, init)),
  files: createFileServices({
    fetch: (url, init) => fetch(url, init),
    // Cache Storage exists only in secure contexts (https or localhost).
    caches: typeof caches === 'undefined' ? undefined : caches,
    // Vite bundles the worker as its own chunk, loaded only when a file is checked.
    startSvgWorker: () =>
      new Worker(new URL('./workers/svg-worker.ts', import.meta.url), { type: 'module' }),
  }),
  navigation,
  openDevice,
  defaultServer: location.origin,
  reload: () => location.reload(),
  updates: {
    subscribe(listener) {
      updateListeners.add(listener);
      listener(updateWaiting);
      return () => updateListeners.delete(listener);
    },
    apply: () => void updateServiceWorker(true),
  },
  network: {
    online: () => navigator.onLine,
    subscribe(listener) {
      const on = () => listener(true);
      const off = () => listener(false);
      window.addEventListener('online', on);
      window.addEventListener('offline', off);
      return () => {
        window.removeEventListener('online', on);
        window.removeEventListener('offline', off);
      };
    },
  },
  newId: () => crypto.randomUUID(),
  now: () => new Date(),
  copyText: (text) => navigator.clipboard.writeText(text),
  plot,
};

render(<App services={services} />, document.getElementById('app')!);
