import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Run, RunKind } from '@fabdesk/shared/models/run.ts';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createRunsTestKit, randomLinesSvg, waitFor } from './runs-test-kit.ts';

// Real worker processes: cancel, the concurrency limit, and the runs API around them.
let kit: Awaited<ReturnType<typeof createRunsTestKit>>;
beforeAll(async () => {
  kit = await createRunsTestKit(inject('pgAdminUrl'), { concurrency: 1, cancelGraceMs: 1000 });
}, 60_000);
afterAll(async () => {
  await kit?.close();
});

const groupGone = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

async function runOf(jobId: string, kind: RunKind = 'conversion') {
  return kit.db
    .selectFrom('runs')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .executeTakeFirst();
}

async function uploadSlow(seed: number) {
  const r = await kit.upload(
    { [`slow-${seed}.svg`]: randomLinesSvg(150_000, seed) },
    { preset: 'best' },
  );
  expect(r.status).toBe(201);
  return (await r.json()) as { job: { id: string }; run: { id: string } };
}

describe('run processes', () => {
  test('a running run reports progress, and cancel ends it cancelled with its log and no process left', async () => {
    const { job, run } = await uploadSlow(1);
    const running = await waitFor('the run to be running with progress', async () => {
      const r = await runOf(job.id);
      return r?.status === 'running' && r.pgid !== null && r.stage !== 'starting' && r;
    });
    expect(running.pid).toBe(running.pgid);
    expect(groupGone(running.pgid!)).toBe(false);
    const response = await kit.call('POST', `/runs/${run.id}/cancel`);
    expect(response.status).toBe(200);
    const { run: cancelled } = (await response.json()) as { run: Run };
    expect(cancelled).toMatchObject({ status: 'cancelled', errorMessage: 'cancelled by Ada' });
    expect(cancelled.log).toMatch(/worker pid \d+[\s\S]*import[\s\S]*cancelled by Ada/);
    expect(groupGone(running.pgid!)).toBe(true);
    const jobNow = await kit.db
      .selectFrom('jobs')
      .select('state')
      .where('id', '=', job.id)
      .executeTakeFirst();
    expect(jobNow?.state).toBe('FAILED');
    // A finished run cannot be cancelled again.
    expect((await kit.call('POST', `/runs/${run.id}/cancel`)).status).toBe(409);
  }, 60_000);

  test('the concurrency limit (1) is enforced: the second conversion starts after the first ends', async () => {
    const a = await uploadSlow(2);
    const b = await uploadSlow(3);
    let maxRunning = 0;
    let maxProcesses = 0;
    await waitFor(
      'both conversions to finish',
      async () => {
        const rows = await kit.db
          .selectFrom('runs')
          .select(['status'])
          .where('status', '=', 'running')
          .execute();
        maxRunning = Math.max(maxRunning, rows.length);
        maxProcesses = Math.max(maxProcesses, kit.service.activeCount());
        const ra = await runOf(a.job.id);
        const rb = await runOf(b.job.id);
        return ra?.status === 'completed' && rb?.status === 'completed' && ([ra, rb] as const);
      },
      90_000,
    ).then(([ra, rb]) => {
      const [first, second] = ra.started_at! < rb.started_at! ? [ra, rb] : [rb, ra];
      expect(second.started_at!.getTime()).toBeGreaterThanOrEqual(first.ended_at!.getTime());
    });
    expect(maxRunning).toBe(1);
    expect(maxProcesses).toBe(1);
  }, 120_000);

  test('runs list: filters, paging, rename, delete only finished, cleanup older than N days', async () => {
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
    );
    const all = (await (await kit.call('GET', '/runs?limit=200')).json()) as {
      items: Run[];
      total: number;
    };
    expect(all.total).toBe(all.items.length);
    const conversions = (await (await kit.call('GET', '/runs?kind=conversion')).json()) as {
      items: Run[];
      total: number;
    };
    expect(conversions.items.every((r) => r.kind === 'conversion')).toBe(true);
    const cancelled = (await (await kit.call('GET', '/runs?status=cancelled')).json()) as {
      items: Run[];
      total: number;
    };
    expect(cancelled.total).toBe(1);
    const jobId = conversions.items[0]!.jobId;
    const forJob = (await (await kit.call('GET', `/runs?jobId=${jobId}`)).json()) as {
      items: Run[];
    };
    expect(forJob.items.every((r) => r.jobId === jobId)).toBe(true);
    const page1 = (await (await kit.call('GET', '/runs?limit=2&offset=0')).json()) as {
      items: Run[];
      total: number;
    };
    const page2 = (await (await kit.call('GET', '/runs?limit=2&offset=2')).json()) as {
      items: Run[];
    };
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBe(all.total);
    expect(page2.items.map((r) => r.id)).toEqual(all.items.slice(2, 4).map((r) => r.id));
    expect((await kit.call('GET', '/runs?status=done')).status).toBe(400);

    const target = all.items[0]!;
    const renamed = await kit.call('PATCH', `/runs/${target.id}`, { name: 'nightly' });
    expect(((await renamed.json()) as { run: Run }).run.name).toBe('nightly');
    expect(
      ((await (await kit.call('GET', `/runs/${target.id}`)).json()) as { run: Run }).run.name,
    ).toBe('nightly');

    // Deleting: a pending run is refused; a finished one disappears from the API.
    const [pending] = await kit.db
      .insertInto('runs')
      .values({ id: crypto.randomUUID(), kind: 'capacity', template: 't', status: 'pending' })
      .returning('id')
      .execute();
    expect((await kit.call('DELETE', `/runs/${pending!.id}`)).status).toBe(409);
    await kit.db
      .updateTable('runs')
      .set({ status: 'cancelled', ended_at: new Date() })
      .where('id', '=', pending!.id)
      .execute();
    expect((await kit.call('DELETE', `/runs/${target.id}`)).status).toBe(204);
    expect((await kit.call('GET', `/runs/${target.id}`)).status).toBe(404);

    // Cleanup: two finished runs made 10 days old; older than 5 days removes exactly those.
    const old = all.items.slice(1, 3).map((r) => r.id);
    await kit.db
      .updateTable('runs')
      .set({ ended_at: new Date(Date.now() - 10 * 86_400_000) })
      .where('id', 'in', old)
      .execute();
    const cleaned = await kit.call('POST', '/runs/cleanup', { olderThanDays: 5 });
    expect(await cleaned.json()).toEqual({ removed: 2 });
    const after = (await (await kit.call('GET', '/runs?limit=200')).json()) as {
      total: number;
      items: Run[];
    };
    expect(after.total).toBe(all.total - 3 + 1);
    expect(after.items.some((r) => old.includes(r.id))).toBe(false);
    expect((await kit.call('POST', '/runs/cleanup', { olderThanDays: 'five' })).status).toBe(400);

    const jobs = (await (await kit.call('GET', '/jobs?state=FAILED')).json()) as {
      items: Job[];
      total: number;
    };
    expect(jobs.total).toBe(1);
    expect(jobs.items[0]!.state).toBe('FAILED');
    const optimized = (await (await kit.call('GET', '/jobs?state=OPTIMIZED&limit=1')).json()) as {
      items: Job[];
      total: number;
    };
    expect(optimized.total).toBe(2);
    expect(optimized.items).toHaveLength(1);
  }, 60_000);
});
