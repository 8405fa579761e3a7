import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createRunsTestKit, randomLinesSvg, waitFor } from './runs-test-kit.ts';

// The liveness contract a device relies on: while a conversion runs, its row is written at
// least once a second (progress, or a heartbeat when nothing moved) and at most about
// twice a second, and the bar moves inside the long optimise step.
let kit: Awaited<ReturnType<typeof createRunsTestKit>>;
beforeAll(async () => {
  kit = await createRunsTestKit(inject('pgAdminUrl'), { concurrency: 1 });
}, 60_000);
afterAll(async () => {
  await kit?.close();
});

interface Sample {
  atMs: number;
  status: string;
  stage: string | null;
  current: number | null;
  total: number | null;
  updatedAtMs: number;
  syncSeq: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the run row every 250 ms until it is no longer pending or running. */
async function sampleRun(runId: string, during?: (s: Sample) => Promise<void>): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const row = await kit.db
      .selectFrom('runs')
      .select(['status', 'stage', 'progress_current', 'progress_total', 'updated_at', 'sync_seq'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    const sample: Sample = {
      atMs: Date.now(),
      status: row.status,
      stage: row.stage,
      current: row.progress_current,
      total: row.progress_total,
      updatedAtMs: new Date(row.updated_at).getTime(),
      syncSeq: Number(row.sync_seq),
    };
    samples.push(sample);
    if (row.status !== 'pending' && row.status !== 'running') return samples;
    if (Date.now() > deadline) throw new Error('the run did not finish in 90 s');
    await during?.(sample);
    await sleep(250);
  }
}

/** Gaps between successive distinct values of `key` among running samples, ms. */
function changeGaps(samples: Sample[], key: (s: Sample) => number): number[] {
  const values = [...new Set(samples.filter((s) => s.status === 'running').map(key))];
  return values.slice(1).map((v, i) => v - values[i]!);
}

async function uploadSlow(seed: number) {
  const r = await kit.upload(
    { [`slow-${seed}.svg`]: randomLinesSvg(150_000, seed) },
    { preset: 'best' },
  );
  expect(r.status).toBe(201);
  return (await r.json()) as { job: { id: string }; run: { id: string } };
}

async function settledRuns() {
  await waitFor(
    'no run left to do',
    async () =>
      (
        await kit.db
          .selectFrom('runs')
          .select('id')
          .where('status', 'in', ['pending', 'running'])
          .execute()
      ).length === 0,
    90_000,
  );
}

describe('run progress', () => {
  test('a long conversion writes its row at least every second and the optimise bar moves', async () => {
    const { run } = await uploadSlow(11);
    const samples = await sampleRun(run.id);
    expect(samples.at(-1)!.status).toBe('completed');
    const running = samples.filter((s) => s.status === 'running');
    const runningMs = running.at(-1)!.atMs - running[0]!.atMs;
    expect(runningMs).toBeGreaterThan(4000);

    // Server-side write times: no gap over 1.5 s (the contract is 1 s plus a tick's jitter).
    const gaps = changeGaps(samples, (s) => s.updatedAtMs);
    expect(gaps.length).toBeGreaterThan(3);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1500);
    // Every write takes a new sync_seq, so devices pull it; seen by the sampler within 1.75 s.
    const seqChanges = running.filter((s, i) => i === 0 || s.syncSeq !== running[i - 1]!.syncSeq);
    const seen = seqChanges.slice(1).map((s, i) => s.atMs - seqChanges[i]!.atMs);
    expect(Math.max(...seen)).toBeLessThanOrEqual(1750);
    // And not much more often than twice a second.
    expect(new Set(running.map((s) => s.updatedAtMs)).size).toBeLessThanOrEqual(
      (runningMs / 1000) * 2.2 + 2,
    );

    // Inside the optimise step (a 5 s improvement pass) the bar moves forward.
    const improve = running.filter((s) => s.stage === 'optimize: improve');
    const values = [...new Set(improve.map((s) => s.current!))];
    expect(values.length).toBeGreaterThanOrEqual(4);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(improve.every((s) => s.total === 5000)).toBe(true);
    const stages = [...new Set(running.map((s) => s.stage))];
    // Shorter steps (plan, encode: well under a second here) may fall between two writes.
    expect(stages).toContain('optimize: improve');
    console.info(
      `run progress: ${running.length} samples over ${(runningMs / 1000).toFixed(1)} s, ` +
        `max gap between writes ${Math.max(...gaps)} ms (seen ${Math.max(...seen)} ms), ` +
        `stages ${stages.join(' → ')}`,
    );
    await settledRuns();
  }, 120_000);

  test('a worker that reports nothing (stopped) still gets a heartbeat write every second', async () => {
    const { run } = await uploadSlow(12);
    let stopped: { pgid: number; atMs: number } | null = null;
    let resumed = false;
    const samples = await sampleRun(run.id, async (s) => {
      if (stopped === null && s.stage === 'optimize: improve') {
        const row = await kit.db
          .selectFrom('runs')
          .select('pgid')
          .where('id', '=', run.id)
          .executeTakeFirstOrThrow();
        // The whole worker group stops: no IPC message arrives while it is stopped.
        process.kill(-row.pgid!, 'SIGSTOP');
        stopped = { pgid: row.pgid!, atMs: Date.now() };
      } else if (stopped !== null && !resumed && Date.now() - stopped.atMs > 3000) {
        process.kill(-stopped.pgid, 'SIGCONT');
        resumed = true;
      }
    });
    expect(resumed).toBe(true);
    const start = stopped!.atMs + 600; // a message already in flight may still land
    const frozen = samples.filter((s) => s.atMs >= start && s.atMs <= stopped!.atMs + 3000);
    expect(frozen.length).toBeGreaterThanOrEqual(8);
    // Progress stood still, yet the row kept being written.
    expect(new Set(frozen.map((s) => `${s.stage} ${s.current}`)).size).toBe(1);
    const beats = new Set(frozen.map((s) => s.updatedAtMs));
    expect(beats.size).toBeGreaterThanOrEqual(2);
    expect(Math.max(...changeGaps(frozen, (s) => s.updatedAtMs))).toBeLessThanOrEqual(1500);
    expect(samples.at(-1)!.status).toBe('completed');
    await settledRuns();
  }, 120_000);
});
