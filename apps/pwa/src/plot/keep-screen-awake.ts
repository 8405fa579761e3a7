/** The browser objects a screen wake lock needs; main.tsx passes `navigator.wakeLock` and `document`. */
export interface ScreenWakePlatform {
  /** Undefined where the browser has no Screen Wake Lock API. */
  wakeLock: Pick<WakeLock, 'request'> | undefined;
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
}

/**
 * Keeps the screen on until the returned function is called (`PlotHost.keepAwake`). The
 * browser releases a screen wake lock whenever the page is hidden (another tab or app, the
 * screen switched off by hand) and never takes it back by itself, so the lock is requested
 * again each time the page is shown while it is wanted; a refused request (power saving) is
 * tried again then too. Null where the browser has no wake lock at all.
 */
export async function keepScreenAwake(platform: ScreenWakePlatform): Promise<(() => void) | null> {
  const { wakeLock, document } = platform;
  if (!wakeLock) return null;
  let wanted = true;
  let sentinel: WakeLockSentinel | null = null;
  let requesting: Promise<void> | null = null;
  const request = () => {
    requesting ??= wakeLock
      .request('screen')
      .then(
        (granted) => {
          // Let go at once of a lock granted after the plot had already ended.
          if (wanted) sentinel = granted;
          else void granted.release().catch(() => undefined);
        },
        () => undefined, // refused: the plot runs anyway, and the next showing tries again
      )
      .finally(() => {
        requesting = null;
      });
    return requesting;
  };
  const onVisibility = () => {
    if (wanted && document.visibilityState === 'visible' && (sentinel?.released ?? true))
      void request();
  };
  document.addEventListener('visibilitychange', onVisibility);
  await request();
  return () => {
    wanted = false;
    document.removeEventListener('visibilitychange', onVisibility);
    if (sentinel && !sentinel.released) void sentinel.release().catch(() => undefined);
  };
}
