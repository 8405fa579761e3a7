import { describe, expect, it } from 'vitest';
import type { ReplicatedCollection } from '../collections.ts';
import type { ByteReader } from './fetch-port.ts';
import { runHintStream } from './hint-stream.ts';
import { SyncError } from './sync-error.ts';

/** A stream body that yields the given text chunks, then stays open or ends. */
function body(chunks: string[], end: boolean): ByteReader {
  const queue = chunks.map((c) => new TextEncoder().encode(c));
  return {
    read: () =>
      queue.length > 0
        ? Promise.resolve({ done: false, value: queue.shift() })
        : end
          ? Promise.resolve({ done: true })
          : new Promise(() => {}),
    cancel: async () => {},
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('the hint stream', () => {
  it('pulls everything on connect, then the collections each change names', async () => {
    const hints: (ReplicatedCollection[] | 'all')[] = [];
    const stop = runHintStream({
      open: async () =>
        body(
          [
            'event: change\ndata: {"collections":["jobs","nope"]}\n\n',
            'event: change\ndata: {"collec',
            'tions":["pens"]}\n\nevent: resync\ndata: {}\n\n',
          ],
          false,
        ),
      onHint: (h) => hints.push(h),
      onConnected: () => {},
      onError: () => {},
      known: ['jobs', 'pens'],
    });
    await until(() => hints.length >= 4);
    stop();
    expect(hints).toEqual(['all', ['jobs'], ['pens'], 'all']);
  });

  it('reconnects after a dropped stream or a failure, waiting longer each time', async () => {
    const waits: number[] = [];
    let opened = 0;
    const errors: unknown[] = [];
    const stop = runHintStream({
      open: async () => {
        opened++;
        if (opened === 2) throw new SyncError('offline', 'no network');
        return body([], opened < 3);
      },
      onHint: () => {},
      onConnected: () => {},
      onError: (e) => errors.push(e),
      known: ['jobs'],
      backoffMs: (attempt) => {
        waits.push(attempt);
        return 1;
      },
    });
    await until(() => opened >= 3);
    stop();
    expect(opened).toBe(3);
    expect(waits).toEqual([0, 1]);
    expect(errors).toEqual([expect.objectContaining({ code: 'offline' })]);
  });

  it('gives up when signed out (retrying cannot help)', async () => {
    let opened = 0;
    runHintStream({
      open: async () => {
        opened++;
        throw new SyncError('signed-out', 'token revoked');
      },
      onHint: () => {},
      onConnected: () => {},
      onError: () => {},
      known: ['jobs'],
      backoffMs: () => 1,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(opened).toBe(1);
  });
});
