/**
 * Told how far a long loop has got, in the loop's own unit (elements, paths, segments or
 * milliseconds of a time budget): `current` of `total`, 0 ≤ current ≤ total. Loops call it
 * from inside at a bounded rate (see PROGRESS_MASK), so a caller can show a moving bar
 * without the loop ever reading the clock for it. It must be cheap and must not throw.
 */
export type ProgressCallback = (current: number, total: number) => void;

/**
 * Loops report when `(i & PROGRESS_MASK) === 0`: once every 1024 iterations, a counter test
 * that costs nothing next to an iteration's work, and for the pipeline's loops (about
 * 1 µs–1 ms an iteration) between a few and a few thousand calls a second; callers that
 * forward progress further (IPC, the database) throttle by the clock themselves.
 */
export const PROGRESS_MASK = 1023;
