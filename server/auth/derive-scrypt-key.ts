import { scrypt } from 'node:crypto';
import { type ScryptCost, scryptMaxmem } from './scrypt-cost.ts';

/**
 * `crypto.scrypt` as a promise, on libuv's thread pool so a sign-in does not block other
 * requests while it hashes. The password is NFC-normalised: the same typed password from
 * a Mac and a Windows keyboard may arrive as different code point sequences.
 */
export function deriveScryptKey(
  password: string,
  salt: Buffer,
  keyBytes: number,
  cost: ScryptCost,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyBytes,
      { N: cost.N, r: cost.r, p: cost.p, maxmem: scryptMaxmem(cost) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}
