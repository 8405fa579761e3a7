import { timingSafeEqual } from 'node:crypto';
import { deriveScryptKey } from './derive-scrypt-key.ts';
import { maxScryptCost } from './scrypt-cost.ts';

const format = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{22,})$/;

/**
 * Whether `password` is the one `stored` (from `hashPassword`) was made from. The final
 * comparison is constant-time. A malformed or implausibly expensive stored hash is a
 * broken invariant (only `hashPassword` writes that column), so it throws.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = format.exec(stored);
  if (!match) throw new Error('stored password hash is not in scrypt$N$r$p$salt$key form');
  const [, n, r, p, salt, key] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  if (
    !powerOfTwo ||
    cost.N > maxScryptCost.N ||
    cost.r < 1 ||
    cost.r > maxScryptCost.r ||
    cost.p < 1 ||
    cost.p > maxScryptCost.p
  )
    throw new Error(`stored password hash has an unacceptable cost ${n}/${r}/${p}`);
  const expected = Buffer.from(key, 'base64url');
  const actual = await deriveScryptKey(
    password,
    Buffer.from(salt, 'base64url'),
    expected.length,
    cost,
  );
  return timingSafeEqual(actual, expected);
}
