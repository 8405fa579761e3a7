import { expect, type Page, test } from '@playwright/test';
import { corpusSvg, openPlotConsole, passPreflight } from './plot-job.ts';
import { adminDevice } from './signed-in-devices.ts';

// What guards a running plot on the virtual plotter: the console holds a screen wake lock
// from the start of the plot to its end (taken again when the page is shown after the
// browser dropped it on hiding), and leaving the page while it runs (close, reload, another
// address) asks first; once the plot is over, the page goes without a question.

/** What happened to the page's screen wake locks, in order (a request when it is made). */
interface WakeLockEvent {
  what: 'request' | 'release' | 'lost';
  type: string;
}

interface GuardProbe {
  wakeLockEvents: WakeLockEvent[];
  /** Locks the browser itself granted (headless Chromium may refuse them). */
  realLocks: number;
  /** Hides or shows the page as a tab switch would; hiding drops every lock it holds. */
  setVisibility(state: DocumentVisibilityState): void;
}

// An init script: records the page's wake lock requests and releases around the real
// sentinel, or a stand-in where headless Chromium refuses one, and lets the test hide and
// show the page the way the browser does (hiding releases every lock the page holds).
function installGuardProbe(): void {
  const events: WakeLockEvent[] = [];
  const held = new Set<{ drop(): void }>();
  let visibility: DocumentVisibilityState = 'visible';
  Object.defineProperty(document, 'visibilityState', { get: () => visibility });
  Object.defineProperty(document, 'hidden', { get: () => visibility === 'hidden' });
  const nav = navigator as Navigator & { wakeLock?: WakeLock };
  const realRequest = nav.wakeLock ? nav.wakeLock.request.bind(nav.wakeLock) : null;

  const standIn = (type: WakeLockType): WakeLockSentinel => {
    const target = new EventTarget();
    let released = false;
    return Object.defineProperties(target, {
      type: { value: type },
      released: { get: () => released },
      onrelease: { value: null, writable: true },
      release: {
        value: async () => {
          if (released) return;
          released = true;
          target.dispatchEvent(new Event('release'));
        },
      },
    }) as WakeLockSentinel;
  };

  const request = async (type: WakeLockType = 'screen'): Promise<WakeLockSentinel> => {
    events.push({ what: 'request', type });
    if (visibility === 'hidden') throw new DOMException('the page is hidden', 'NotAllowedError');
    let sentinel: WakeLockSentinel | null = null;
    try {
      sentinel = realRequest ? await realRequest(type) : null;
    } catch {
      sentinel = null; // refused: hand out a stand-in
    }
    if (sentinel) probe.realLocks++;
    const lock = sentinel ?? standIn(type);
    const release = lock.release.bind(lock);
    const entry = {
      drop() {
        held.delete(entry);
        events.push({ what: 'lost', type });
        void release();
      },
    };
    Object.defineProperty(lock, 'release', {
      value: () => {
        if (held.delete(entry)) events.push({ what: 'release', type });
        return release();
      },
    });
    held.add(entry);
    return lock;
  };
  if (nav.wakeLock) Object.defineProperty(nav.wakeLock, 'request', { value: request });
  else Object.defineProperty(navigator, 'wakeLock', { value: { request } });

  const probe: GuardProbe = {
    wakeLockEvents: events,
    realLocks: 0,
    setVisibility(state) {
      visibility = state;
      if (state === 'hidden') for (const entry of [...held]) entry.drop();
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
  (window as unknown as { guardProbe: GuardProbe }).guardProbe = probe;
}

const wakeLock = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { guardProbe: GuardProbe }).guardProbe.wakeLockEvents.map(
      ({ what, type }) => `${what} ${type}`,
    ),
  );

const setVisibility = (page: Page, state: DocumentVisibilityState) =>
  page.evaluate(
    (s) => (window as unknown as { guardProbe: GuardProbe }).guardProbe.setVisibility(s),
    state,
  );

const a = adminDevice('guarded plot desk', { initScript: installGuardProbe });

test('a running plot keeps the screen awake and asks before the page is left; a finished one does neither', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  await openPlotConsole(page, 'Guarded plot', {
    name: 'multilayer-guards.svg',
    svg: corpusSvg('misc__multilayer.svg', 'plot guards e2e'),
  });
  await page.getByLabel('Firmware').selectOption('2.8.1');
  await page.getByLabel('Speed-up (×)').fill('5');
  await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
  await expect(page.getByTestId('plot-connection')).toHaveText(
    'Virtual plotter (firmware 2.8.1, 5× speed)',
  );
  await passPreflight(page);
  await page.getByRole('button', { name: 'Arm plotter' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');

  // Connected and armed, nothing runs yet: no wake lock.
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    // "Stay on this page": the plot must go on.
    void dialog.dismiss();
  });
  expect(await wakeLock(page)).toEqual([]);

  await page.getByRole('button', { name: 'Start plot' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');
  await expect.poll(() => wakeLock(page)).toEqual(['request screen']);

  // Leaving while it runs (the tab closed, a reload, another address) asks first; staying
  // keeps the page and the plot.
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);

  // Another tab in front: the browser drops the lock; back on the console, it is taken again.
  await setVisibility(page, 'hidden');
  await setVisibility(page, 'visible');
  await expect
    .poll(() => wakeLock(page))
    .toEqual(['request screen', 'lost screen', 'request screen']);

  // The plot goes on through its pen swaps to the end, then lets the screen sleep.
  const swap = page.getByTestId('pen-swap');
  for (let i = 0; i < 2; i++) {
    await expect(swap).toBeVisible({ timeout: 30_000 });
    await swap.getByRole('button', { name: 'Pen changed, continue' }).click();
  }
  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 30_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
  await expect
    .poll(() => wakeLock(page))
    .toEqual(['request screen', 'lost screen', 'request screen', 'release screen']);

  // Over: showing the page again asks for nothing.
  await setVisibility(page, 'hidden');
  await setVisibility(page, 'visible');
  expect(await wakeLock(page)).toEqual([
    'request screen',
    'lost screen',
    'request screen',
    'release screen',
  ]);

  test.info().annotations.push({
    type: 'wake locks the browser granted',
    description: String(
      await page.evaluate(
        () => (window as unknown as { guardProbe: GuardProbe }).guardProbe.realLocks,
      ),
    ),
  });

  // Over: the page closes without asking.
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(dialogs).toEqual(['beforeunload']);
});
