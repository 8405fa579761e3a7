/**
 * Counts failed sign-ins per key (a lower-cased staff name, or "setup") in memory and
 * refuses further attempts once `maxFailures` happened within `windowMs`. In memory is
 * enough: one server process, and a restart only gives an attacker one more window.
 */
export interface SignInLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
  recordFailure(key: string): void;
  /** A successful sign-in forgets the key's failures. */
  reset(key: string): void;
}

export interface SignInLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

// Past this many tracked keys, expired ones are swept so a flood of made-up names cannot
// grow the map without bound.
const sweepAbove = 1000;

export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const since = now() - windowMs;
    const kept = (failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };

  return {
    retryAfterMs(key) {
      const kept = recent(key);
      if (kept.length < maxFailures) return 0;
      // The oldest failure that still counts must leave the window before one more try.
      return kept[kept.length - maxFailures]! + windowMs - now();
    },
    recordFailure(key) {
      if (failures.size > sweepAbove) for (const k of [...failures.keys()]) recent(k);
      failures.set(key, [...recent(key), now()]);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
