import { z } from 'zod';

/** A lease lives this long unless the client asks otherwise; clients renew at about half. */
export const DEFAULT_LEASE_TTL_S = 120;
/** Longest lease one call may ask for: a forgotten tablet blocks a job for at most an hour. */
export const MAX_LEASE_TTL_S = 3600;

/** The `ttlSeconds` a client may ask for: whole seconds, 1 s to 1 h. */
export const LeaseTtlSeconds = z.int().min(1).max(MAX_LEASE_TTL_S);

/** Bug guard for callers inside the server; clients are validated with `LeaseTtlSeconds`. */
export function assertLeaseTtl(ttlSeconds: number): void {
  if (!LeaseTtlSeconds.safeParse(ttlSeconds).success)
    throw new RangeError(
      `lease TTL must be 1..${MAX_LEASE_TTL_S} whole seconds, got ${ttlSeconds}`,
    );
}
