/**
 * Time as the driver sees it, injected so tests run on the emulator's virtual clock and the
 * app on `performance.now` / `setTimeout`.
 */
export interface EbbTimer {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
