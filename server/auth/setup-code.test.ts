import { describe, expect, test } from 'vitest';
import { createSetupCode } from './setup-code.ts';

describe('createSetupCode', () => {
  test('is XXXX-XXXX from an alphabet without I, L, O, U', () => {
    for (let i = 0; i < 50; i++)
      expect(createSetupCode().code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  test('matches its own code, typed loosely, and nothing else', () => {
    const digits = [1, 0, 20, 21, 2, 3, 4, 5]; // 1 0 M N 2 3 4 5
    const { code, setup } = createSetupCode(() => digits.shift()!);
    expect(code).toBe('10MN-2345');
    expect(setup.matches('10MN-2345')).toBe(true);
    expect(setup.matches(' io mn 2345 ')).toBe(true);
    expect(setup.matches('10MN-2346')).toBe(false);
    expect(setup.matches('')).toBe(false);
  });

  test('does not match once spent', () => {
    const { code, setup } = createSetupCode();
    expect(setup.matches(code)).toBe(true);
    setup.spend();
    expect(setup.spent).toBe(true);
    expect(setup.matches(code)).toBe(false);
  });
});
