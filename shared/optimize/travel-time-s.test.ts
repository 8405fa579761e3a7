import { describe, expect, it } from 'vitest';
import { travelTimeS } from './travel-time-s.ts';

describe('travelTimeS', () => {
  const limits = { maxSpeedMmS: 200, accelMmS2: 400 };
  it.each([
    { mm: 0, s: 0 },
    // Triangle: accelerate over half, decelerate over half: 2·√(25/400).
    { mm: 25, s: 0.5 },
    // Exactly reaches 200 mm/s at 100 mm: 2·√(100/400) = 100/200 + 200/400.
    { mm: 100, s: 1 },
    // Trapezoid: 1 s of ramps covering 100 mm, then 200 mm at 200 mm/s.
    { mm: 300, s: 2 },
  ])('$mm mm takes $s s at 200 mm/s, 400 mm/s²', ({ mm, s }) => {
    expect(travelTimeS(mm, limits)).toBeCloseTo(s, 9);
  });

  it('is increasing and concave below full speed: two short moves take longer than one', () => {
    expect(travelTimeS(50, limits) * 2).toBeGreaterThan(travelTimeS(100, limits));
    expect(travelTimeS(10, limits)).toBeLessThan(travelTimeS(11, limits));
  });
});
