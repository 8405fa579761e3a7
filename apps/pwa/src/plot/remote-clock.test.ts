import { describe, expect, it } from 'vitest';
import { RemoteClock } from './remote-clock.ts';

function pageClock() {
  let nowMs = 1000;
  return {
    page: {
      nowMs: () => nowMs,
      setTimeout: (_cb: () => void, ms: number) => ms,
      clearTimeout: () => undefined,
    },
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

describe('RemoteClock', () => {
  it('a real-time driver clock runs on from the last reading by the page’s elapsed time', () => {
    const { page, advance } = pageClock();
    const clock = new RemoteClock(page, 1, 40_000);
    expect(clock.now()).toBe(40_000);
    advance(100);
    expect(clock.now()).toBe(40_100);
    clock.update(40_180);
    advance(20);
    expect(clock.now()).toBe(40_200);
  });

  it('the virtual board’s clock holds its last reading: it does not run at a steady rate', () => {
    const { page, advance } = pageClock();
    const clock = new RemoteClock(page, 50, 2_000);
    advance(100);
    expect(clock.now()).toBe(2_000);
    clock.update(6_000);
    expect(clock.now()).toBe(6_000);
  });

  it('is an event’s own time while its callbacks run, however late the page got it', () => {
    const { page, advance } = pageClock();
    const clock = new RemoteClock(page, 1, 0);
    advance(50);
    const seen: number[] = [];
    clock.at(1234, () => {
      advance(3);
      seen.push(clock.now());
    });
    expect(seen).toEqual([1234]);
    expect(clock.now()).toBe(1237);
  });

  it('never goes back, so the recorder never sees a negative interval', () => {
    const { page, advance } = pageClock();
    const clock = new RemoteClock(page, 1, 500);
    advance(40);
    expect(clock.now()).toBe(540);
    // A reading sent before the page's last look, delivered after it.
    clock.update(520);
    expect(clock.now()).toBe(540);
    advance(30);
    expect(clock.now()).toBe(550);
  });

  it('page timers wait the driver clock’s milliseconds in page time', () => {
    const { page } = pageClock();
    const clock = new RemoteClock(page, 4, 0);
    expect(clock.setTimeout(() => undefined, 1000)).toBe(250);
  });
});
