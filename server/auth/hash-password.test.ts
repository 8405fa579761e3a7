import { describe, expect, test } from 'vitest';
import { hashPassword } from './hash-password.ts';
import { defaultScryptCost } from './scrypt-cost.ts';
import { verifyPassword } from './verify-password.ts';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('hashPassword / verifyPassword', () => {
  test('the stored string names scrypt and the default cost, and is not the password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).not.toContain('correct horse battery');
    expect(stored).toMatch(
      new RegExp(
        `^scrypt\\$${defaultScryptCost.N}\\$${defaultScryptCost.r}\\$${defaultScryptCost.p}\\$[\\w-]{22}\\$[\\w-]{43}$`,
      ),
    );
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  test('a different password does not verify', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  test('the same password hashes differently each time (random salt)', async () => {
    const a = await hashPassword('correct horse battery', cheap);
    const b = await hashPassword('correct horse battery', cheap);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', b)).toBe(true);
  });

  test('a hash made with another cost still verifies (the cost travels in the string)', async () => {
    const stored = await hashPassword('correct horse battery', { N: 2 ** 11, r: 4, p: 2 });
    expect(stored.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  test('composed and decomposed forms of the same typed password verify', async () => {
    const stored = await hashPassword('caf\u00e9-au-lait!', cheap);
    expect(await verifyPassword('cafe\u0301-au-lait!', stored)).toBe(true);
  });

  test('a malformed or absurdly expensive stored hash throws rather than answering', async () => {
    await expect(verifyPassword('x', 'plaintext')).rejects.toThrow(/scrypt\$N\$r\$p/);
    const stored = await hashPassword('correct horse battery', cheap);
    const greedy = stored.replace(/^scrypt\$1024\$/, `scrypt$${2 ** 24}$`);
    await expect(verifyPassword('correct horse battery', greedy)).rejects.toThrow(/cost/);
  });
});
