import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  createCutProxy,
  fullPlotRecord,
  type ProxiedRequest,
  plotEventsOf,
  setUpCliTestKit,
} from './cli-test-kit.ts';

const kit = setUpCliTestKit();

/**
 * A proxy hook: the network goes at the first PlotStarted event (the job is PLOTTING on the
 * server, nothing after it is sent) and `then` runs; later requests are left alone.
 */
function cutAtPlotStarted(then: () => void = () => {}) {
  let done = false;
  return (r: ProxiedRequest) => {
    if (done || r.path !== '/sync/events/push' || !r.body.includes('"PlotStarted"'))
      return undefined;
    done = true;
    then();
    return 'cut' as const;
  };
}

const outboxFiles = async () =>
  (await readdir(join(kit.home, 'outbox')).catch(() => [] as string[])).filter((n) =>
    n.endsWith('.json'),
  );

describe('the plot record when the server goes away mid-plot', () => {
  test('back within the wait: the queued writes arrive in order in the same run, nothing is left behind', async () => {
    const job = await kit.readyJob('misc__multilayer.svg', 'offline-back');
    const proxy = await createCutProxy(
      kit.baseUrl,
      cutAtPlotStarted(() => setTimeout(() => proxy.restore(), 1500)),
    );
    try {
      const started = Date.now();
      const { code, stdout, stderr } = await kit.fabdesk(
        'plot',
        job.id,
        '--server',
        proxy.url,
        '--virtual',
        '--json',
      );
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ completed: true });
      expect(stderr).toMatch(
        /^fabdesk plot: cannot reach http:\/\/127\.0\.0\.1:\d+: .+; the plot goes on and its record is sent when the server answers\nfabdesk plot: the server answers again; sending the plot record\n$/,
      );
      expect(await kit.stateOf(job.id)).toBe('COMPLETED');
      expect((await plotEventsOf(kit.db, job.id)).map((e) => e.line)).toEqual(fullPlotRecord(2));
      expect(await kit.actualStats(job.id)).toHaveLength(1);
      expect(await outboxFiles()).toEqual([]);
      expect(await kit.leaseOf(job.id)).toMatchObject({ holder_workstation_id: null });
      console.info(`offline for 1.5 s: the run took ${Date.now() - started} ms`);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  test('gone until the plot has ended: the writes wait in the outbox (no token in it) and `fabdesk sync` sends them, even after the lease expired', async () => {
    const job = await kit.readyJob('misc__multilayer.svg', 'offline-sync');
    const proxy = await createCutProxy(kit.baseUrl, cutAtPlotStarted());
    try {
      const plot = await kit.fabdesk('plot', job.id, '--server', proxy.url, '--virtual', '--json');
      expect(plot.code).toBe(0);
      const files = await outboxFiles();
      expect(files).toHaveLength(1);
      const path = join(kit.home, 'outbox', files[0]!);
      expect(plot.stderr.trimEnd().split('\n').at(-1)).toBe(
        `fabdesk plot: 12 record writes not sent (the server did not answer in time): kept in ${path}; the next \`fabdesk plot\` or \`fabdesk sync\` to this server sends them`,
      );
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain(kit.token);
      const stored = JSON.parse(text) as {
        server: string;
        jobId: string;
        entries: { kind: string; to?: string; event?: { type: string } }[];
      };
      expect(stored).toMatchObject({ version: 1, server: proxy.url, jobId: job.id });
      expect(stored.entries.map((e) => e.to ?? e.event?.type ?? e.kind)).toEqual([
        'PlotStarted',
        ...Array.from({ length: 2 }, () => [
          'PAUSED',
          'PlotPaused',
          'PLOTTING',
          'PlotResumed',
        ]).flat(),
        'stats',
        'COMPLETED',
        'PlotCompleted',
      ]);
      // Meanwhile the server has what came before the cut; the lease is kept, not released.
      expect(await kit.stateOf(job.id)).toBe('PLOTTING');
      expect((await kit.leaseOf(job.id))?.holder_workstation_id).toEqual(expect.any(String));
      await kit.db
        .updateTable('job_leases')
        .set({ expires_at: new Date(Date.now() - 60_000) })
        .where('job_id', '=', job.id)
        .execute();

      proxy.restore();
      const sync = await kit.fabdesk('sync', '--server', proxy.url);
      expect(sync).toMatchObject({ code: 0, stderr: 'fabdesk sync: sent 12 record writes\n' });
      expect(await kit.stateOf(job.id)).toBe('COMPLETED');
      expect((await plotEventsOf(kit.db, job.id)).map((e) => e.line)).toEqual(fullPlotRecord(2));
      expect(await kit.actualStats(job.id)).toHaveLength(1);
      expect(await outboxFiles()).toEqual([]);
      const again = await kit.fabdesk('sync', '--server', proxy.url);
      expect(again).toMatchObject({ code: 0, stderr: 'fabdesk sync: nothing to send\n' });
    } finally {
      await proxy.close();
    }
  }, 90_000);

  test('the next `fabdesk plot` to the server sends an earlier plot’s waiting record before it plots', async () => {
    const first = await kit.readyJob('misc__multilayer.svg', 'offline-next-1');
    const second = await kit.readyJob('misc__few_circles.svg', 'offline-next-2');
    const proxy = await createCutProxy(kit.baseUrl, cutAtPlotStarted());
    try {
      expect((await kit.fabdesk('plot', first.id, '--server', proxy.url, '--virtual')).code).toBe(
        0,
      );
      expect(await outboxFiles()).toHaveLength(1);
      expect(await kit.stateOf(first.id)).toBe('PLOTTING');

      proxy.restore();
      const next = await kit.fabdesk(
        'plot',
        second.id,
        '--server',
        proxy.url,
        '--virtual',
        '--json',
      );
      expect(next).toMatchObject({ code: 0, stderr: '' });
      expect(await kit.stateOf(first.id)).toBe('COMPLETED');
      expect(await kit.stateOf(second.id)).toBe('COMPLETED');
      expect((await plotEventsOf(kit.db, first.id)).map((e) => e.line)).toEqual(fullPlotRecord(2));
      expect(await outboxFiles()).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
