import { describe, expect, test } from 'vitest';
import { createSignInLimiter } from './sign-in-limiter.ts';

describe('createSignInLimiter', () => {
  test('refuses after maxFailures within the window, until the oldest one expires', () => {
    let t = 1_000_000;
    const limiter = createSignInLimiter({ maxFailures: 3, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('ada')).toBe(0);
      limiter.recordFailure('ada');
      t += 1000;
    }
    expect(limiter.retryAfterMs('ada')).toBe(57_000);
    expect(limiter.retryAfterMs('grace')).toBe(0);
    t += 57_000;
    expect(limiter.retryAfterMs('ada')).toBe(0);
  });

  test('a success forgets the failures', () => {
    const limiter = createSignInLimiter({ maxFailures: 2 });
    limiter.recordFailure('ada');
    limiter.recordFailure('ada');
    expect(limiter.retryAfterMs('ada')).toBeGreaterThan(0);
    limiter.reset('ada');
    expect(limiter.retryAfterMs('ada')).toBe(0);
  });
});
