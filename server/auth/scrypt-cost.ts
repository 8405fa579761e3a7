/**
 * scrypt's work parameters (RFC 7914 §2): `N` CPU/memory cost (a power of two), `r` block
 * size, `p` parallelism. Memory per hash is 128·N·r bytes. They are written into every
 * stored hash, so raising them later leaves old hashes verifiable.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// N=2^15, r=8 is 32 MiB and a few tens of ms per hash on a desktop CPU: OWASP's scrypt
// table lists it (with p=3) as equivalent to its 2^17 first choice, which needs 128 MiB
// per concurrent sign-in — too much for the small lab machines this server runs on.
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

/**
 * The most a stored hash may ask for. Verification reads the cost from the stored string,
 * so a tampered or corrupt row must not make one sign-in allocate gigabytes.
 */
export const maxScryptCost: ScryptCost = { N: 2 ** 20, r: 16, p: 4 };

/** Node refuses scrypt above `maxmem` (default 32 MiB); allow what the cost needs. */
export function scryptMaxmem(cost: ScryptCost): number {
  return 128 * cost.N * cost.r * cost.p + 1024 * 1024;
}
