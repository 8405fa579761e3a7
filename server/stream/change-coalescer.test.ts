import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createChangeCoalescer } from './change-coalescer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createChangeCoalescer', () => {
  test('a burst within one window becomes one hint naming each collection once', () => {
    const flushed: string[][] = [];
    const coalescer = createChangeCoalescer(20, (c) => flushed.push(c));
    coalescer.add('jobs');
    vi.advanceTimersByTime(5);
    coalescer.add('leases');
    coalescer.add('jobs');
    vi.advanceTimersByTime(14);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([['jobs', 'leases']]);
  });

  test('a change after the window opens a new one; nothing waits longer than a window', () => {
    const flushed: string[][] = [];
    const coalescer = createChangeCoalescer(20, (c) => flushed.push(c));
    coalescer.add('jobs');
    vi.advanceTimersByTime(20);
    coalescer.add('jobs');
    vi.advanceTimersByTime(20);
    expect(flushed).toEqual([['jobs'], ['jobs']]);
  });

  test('dispose drops what is pending', () => {
    const flushed: string[][] = [];
    const coalescer = createChangeCoalescer(20, (c) => flushed.push(c));
    coalescer.add('pens');
    coalescer.dispose();
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual([]);
  });
});
