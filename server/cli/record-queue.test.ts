import { describe, expect, it } from 'vitest';
import { JobServerError } from './job-server-error.ts';
import type { PlotRecordEntry } from './plot-record-entry.ts';
import { RecordQueue, type RecordQueueDeps } from './record-queue.ts';
import type { SendOutcome } from './send-record-entry.ts';

const JOB = '00000000-0000-4000-8000-000000000001';
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const move = (from: string, to: string, s: number) =>
  ({ kind: 'move', jobId: JOB, from, to, at: at(s), fencingToken: 1 }) as PlotRecordEntry;
const event = (type: string, s: number) =>
  ({
    kind: 'event',
    event: {
      id: `00000000-0000-4000-8000-${String(s).padStart(12, '0')}`,
      jobId: JOB,
      type,
      details: {},
      triggeredBy: null,
      triggeredByName: 'Ada',
      workstationId: 'ws',
      occurredAt: at(s),
      receivedAt: null,
    },
  }) as PlotRecordEntry;
const label = (e: PlotRecordEntry) =>
  e.kind === 'move' ? e.to : e.kind === 'event' ? e.event.type : 'stats';

/** A queue whose `send` answers what `answer` says, recording everything the queue did. */
function harness(answer: (entry: PlotRecordEntry, attempt: number) => Promise<SendOutcome>) {
  const log = {
    sent: [] as string[],
    stored: [] as string[][],
    refused: [] as string[],
    delays: [] as number[],
    offline: 0,
    online: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
  const attempts = new Map<PlotRecordEntry, number>();
  const deps: RecordQueueDeps = {
    async send(entry) {
      log.inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      const n = (attempts.get(entry) ?? 0) + 1;
      attempts.set(entry, n);
      try {
        const outcome = await answer(entry, n);
        if (outcome.sent) log.sent.push(label(entry));
        return outcome;
      } finally {
        log.inFlight--;
      }
    },
    async store(entries) {
      log.stored.push(entries.map(label));
    },
    async refused(entry, outcome) {
      log.refused.push(`${label(entry)}: ${outcome.reason}`);
    },
    offline: () => log.offline++,
    online: () => log.online++,
    sleep: async (ms) => {
      log.delays.push(ms);
    },
    firstDelayMs: 500,
    maxDelayMs: 4000,
  };
  return { queue: new RecordQueue(deps), log };
}

const tick = () => new Promise((r) => setTimeout(r, 1));
const sent: SendOutcome = { sent: true };

describe('RecordQueue', () => {
  it('sends one entry at a time, in the order they were added, and stores the shrinking list', async () => {
    const { queue, log } = harness(async () => {
      await tick();
      return sent;
    });
    queue.add(move('READY', 'ARMED', 1));
    queue.add(event('PlotArmed', 1));
    queue.add(move('ARMED', 'PLOTTING', 2));
    queue.add(event('PlotStarted', 2));
    expect(await queue.settle(5000)).toBe(true);
    expect(log.sent).toEqual(['ARMED', 'PlotArmed', 'PLOTTING', 'PlotStarted']);
    expect(log.maxInFlight).toBe(1);
    expect(log.stored.at(-1)).toEqual([]);
    expect(log.stored).toContainEqual(['ARMED', 'PlotArmed', 'PLOTTING', 'PlotStarted']);
  });

  it('retries a transient failure with doubling delays up to the cap, then goes on in order', async () => {
    const { queue, log } = harness(async (entry, attempt) => {
      if (label(entry) === 'PLOTTING' && attempt <= 5)
        throw new JobServerError('unreachable', 'cannot reach the server');
      return sent;
    });
    queue.add(move('READY', 'ARMED', 1));
    queue.add(move('ARMED', 'PLOTTING', 2));
    queue.add(event('PlotStarted', 2));
    expect(await queue.settle(5000)).toBe(true);
    expect(log.delays).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(log.sent).toEqual(['ARMED', 'PLOTTING', 'PlotStarted']);
    expect([log.offline, log.online]).toEqual([1, 1]);
  });

  it('after a refused move sends no later move (handed over as skipped) but still sends the events', async () => {
    const { queue, log } = harness(async (entry) =>
      label(entry) === 'PAUSED'
        ? { sent: false, reason: 'held-by-other', message: 'Bo holds the job now' }
        : sent,
    );
    queue.add(move('PLOTTING', 'PAUSED', 3));
    queue.add(event('PlotPaused', 3));
    queue.add(move('PAUSED', 'PLOTTING', 4));
    queue.add(event('PlotResumed', 4));
    expect(await queue.settle(5000)).toBe(true);
    expect(log.refused).toEqual(['PAUSED: held-by-other', 'PLOTTING: skipped']);
    expect(log.sent).toEqual(['PlotPaused', 'PlotResumed']);
  });

  it('stops at an error that waiting cannot fix, keeping everything from there', async () => {
    const { queue, log } = harness(async (entry) => {
      if (label(entry) === 'PlotStarted')
        throw new JobServerError('unauthorized', 'the server refused the token (revoked)');
      return sent;
    });
    queue.add(move('ARMED', 'PLOTTING', 2));
    queue.add(event('PlotStarted', 2));
    queue.add(move('PLOTTING', 'COMPLETED', 3));
    expect(await queue.settle(5000)).toBe(false);
    expect(queue.stuck?.message).toBe('the server refused the token (revoked)');
    expect(queue.pending.map(label)).toEqual(['PlotStarted', 'COMPLETED']);
    expect(log.stored.at(-1)).toEqual(['PlotStarted', 'COMPLETED']);
  });

  it('gives up at the deadline: the request in flight is cancelled and its entry stays unsent', async () => {
    let cancelled = false;
    const queue = new RecordQueue({
      send: (_entry, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            cancelled = true;
            reject(new JobServerError('unreachable', 'cancelled'));
          });
        }),
      store: async () => {},
      refused: async () => {},
    });
    queue.add(move('READY', 'ARMED', 1));
    const started = Date.now();
    expect(await queue.settle(50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(cancelled).toBe(true);
    expect(queue.pending.map(label)).toEqual(['ARMED']);
  });

  it('refuses a malformed entry when it is added (a bug, never a bad outbox file later)', () => {
    const { queue } = harness(async () => sent);
    expect(() =>
      queue.add({ ...move('READY', 'ARMED', 1), at: 'yesterday' } as PlotRecordEntry),
    ).toThrow();
    expect(queue.pending).toEqual([]);
  });
});
