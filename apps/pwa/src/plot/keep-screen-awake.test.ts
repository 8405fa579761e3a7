import { describe, expect, it } from 'vitest';
import { keepScreenAwake, type ScreenWakePlatform } from './keep-screen-awake.ts';

/**
 * A browser as the Screen Wake Lock API describes it: a request is granted (or refused)
 * later, hiding the page releases every lock it holds, and a released lock stays released.
 */
function fakeBrowser() {
  const log: string[] = [];
  const held = new Set<FakeSentinel>();
  let visibility: DocumentVisibilityState = 'visible';
  let refuse = false;
  let grants: (() => void)[] = [];
  const document = new EventTarget() as EventTarget & { visibilityState: DocumentVisibilityState };
  Object.defineProperty(document, 'visibilityState', { get: () => visibility });

  class FakeSentinel extends EventTarget {
    readonly type = 'screen';
    released = false;
    onrelease = null;
    async release(): Promise<void> {
      if (this.released) return;
      log.push('released by the page');
      this.drop();
    }
    drop() {
      this.released = true;
      held.delete(this);
      this.dispatchEvent(new Event('release'));
    }
  }
  const wakeLock = {
    request(type: WakeLockType) {
      log.push(`request ${type}`);
      return new Promise<WakeLockSentinel>((resolve, reject) => {
        grants.push(() => {
          if (refuse || visibility === 'hidden')
            return reject(new DOMException('', 'NotAllowedError'));
          const sentinel = new FakeSentinel();
          held.add(sentinel);
          resolve(sentinel as unknown as WakeLockSentinel);
        });
      });
    },
  };
  return {
    log,
    held,
    platform: { wakeLock, document } as unknown as ScreenWakePlatform,
    /** Answers the requests made so far, then lets their continuations run. */
    async answer(options: { refuse?: boolean } = {}) {
      refuse = options.refuse ?? false;
      const pending = grants;
      grants = [];
      for (const grant of pending) grant();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    setVisibility(state: DocumentVisibilityState) {
      visibility = state;
      if (state === 'hidden')
        for (const sentinel of [...held]) {
          log.push('released by the browser');
          sentinel.drop();
        }
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

/** A page that asked for the lock and had the browser's answer (granted unless `refuse`). */
async function keptAwake(answer: { refuse?: boolean } = {}) {
  const browser = fakeBrowser();
  const kept = keepScreenAwake(browser.platform);
  await browser.answer(answer);
  return { browser, letGo: await kept };
}

describe('keepScreenAwake', () => {
  it('holds one lock until let go, and asks for nothing after that', async () => {
    const { browser, letGo } = await keptAwake();
    expect(browser.held.size).toBe(1);
    letGo?.();
    expect(browser.held.size).toBe(0);
    browser.setVisibility('hidden');
    browser.setVisibility('visible');
    await browser.answer();
    expect(browser.log).toEqual(['request screen', 'released by the page']);
  });

  it('takes the lock again when the page is shown after the browser released it', async () => {
    const { browser, letGo } = await keptAwake();
    browser.setVisibility('hidden');
    expect(browser.held.size).toBe(0);
    browser.setVisibility('visible');
    await browser.answer();
    expect(browser.held.size).toBe(1);
    letGo?.();
    expect(browser.held.size).toBe(0);
    expect(browser.log).toEqual([
      'request screen',
      'released by the browser',
      'request screen',
      'released by the page',
    ]);
  });

  it('tries again on the next showing when the browser refused, and never asks twice at once', async () => {
    const { browser, letGo } = await keptAwake({ refuse: true });
    expect(letGo).toBeTypeOf('function');
    expect(browser.held.size).toBe(0);
    browser.setVisibility('visible');
    browser.setVisibility('visible'); // a second event while the first request is pending
    await browser.answer();
    expect(browser.held.size).toBe(1);
    expect(browser.log).toEqual(['request screen', 'request screen']);
    letGo?.();
    expect(browser.held.size).toBe(0);
  });

  it('lets go at once of a lock granted after the plot ended', async () => {
    const { browser, letGo } = await keptAwake();
    browser.setVisibility('hidden');
    browser.setVisibility('visible'); // asks again; the plot ends before the answer
    letGo?.();
    await browser.answer();
    expect(browser.held.size).toBe(0);
    expect(browser.log).toEqual([
      'request screen',
      'released by the browser',
      'request screen',
      'released by the page',
    ]);
  });

  it('is null where the browser has no wake lock', async () => {
    const { platform } = fakeBrowser();
    expect(await keepScreenAwake({ ...platform, wakeLock: undefined })).toBeNull();
  });
});
