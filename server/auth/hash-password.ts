import { randomBytes } from 'node:crypto';
import { deriveScryptKey } from './derive-scrypt-key.ts';
import { defaultScryptCost, type ScryptCost } from './scrypt-cost.ts';

const saltBytes = 16;
const keyBytes = 32;

/**
 * A slow, salted, self-describing password hash for `staff_credentials.password_hash`:
 * `scrypt$N$r$p$<salt base64url>$<key base64url>`. `verifyPassword` reads the cost back
 * from the string, so hashes made with an older cost keep working.
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await deriveScryptKey(password, salt, keyBytes, cost);
  return [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}
