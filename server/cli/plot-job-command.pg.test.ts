import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { BLOCK_STRIDE, BlockKind } from '@fabdesk/shared/plan/motion-block.ts';
import { addDevice, holdLease } from '../sync/sync-test-fixture.ts';
import { createCutProxy, fullPlotRecord, plotEventsOf, setUpCliTestKit } from './cli-test-kit.ts';

const kit = setUpCliTestKit();
const fabdesk = (...args: string[]) => kit.fabdesk('plot', ...args);
const plannedJob = (file: string, variant: string) => kit.plannedJob(file, variant);

describe('fabdesk plot <job id> --server', () => {
  test('a READY job is plotted on the virtual plotter: every planned stroke, the estimate kept, the record on the server, the lease released', async () => {
    const job = await kit.readyJob('misc__multilayer.svg', 'plot-ready');
    const { code, stdout, stderr } = await fabdesk(
      job.id,
      '--server',
      kit.baseUrl,
      '--virtual',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      job: job.id,
      planHash: job.planHash,
      completed: true,
      underruns: 0,
      errorReplies: 0,
      missingMm: 0,
    });
    expect(report.strokesPlanned).toBeGreaterThan(1);
    expect(report.strokesDrawn).toBe(report.strokesPlanned);
    expect(report.drawnMm).toBeCloseTo(report.plannedMm, 0);
    expect(report.estimateS).toBeCloseTo(job.metrics.estimatedPlotS, 0);
    expect(Math.abs(report.estimateErrorPercent)).toBeLessThan(0.5);

    expect(await kit.leaseOf(job.id)).toMatchObject({
      holder_workstation_id: null,
      fencing_token: 1,
    });

    // The record, as the PWA's console writes it.
    const plan = await kit.planOf(job.planHash);
    const pauses = countBlocks(plan.blocks, BlockKind.pause);
    expect(pauses).toBeGreaterThan(0); // the file has pen changes: the test covers pen swaps
    expect(await kit.stateOf(job.id)).toBe('COMPLETED');
    const events = await plotEventsOf(kit.db, job.id);
    expect(events.map((e) => e.line)).toEqual(fullPlotRecord(pauses));
    const byType = (type: string) => events.filter((e) => e.type === type).map((e) => e.details);
    expect(byType('PlotStarted')[0]).toEqual({
      firmware: '3.0.3',
      plotter: 'Virtual plotter (firmware 3.0.3)',
      estimatedS: Math.round(plan.durationS * 10) / 10,
    });
    const layerNames = plan.layers.map((l) => l.name);
    for (const paused of byType('PlotPaused')) {
      expect(paused.reason).toBe('pen-swap');
      expect(layerNames).toContain(paused.layer);
    }
    for (const resumed of byType('PlotResumed')) expect(resumed).toEqual({ after: 'pen-swap' });
    expect(byType('PlotCompleted')[0]).toMatchObject({
      estimatedS: Math.round(plan.durationS * 10) / 10,
      layersCompleted: plan.layers.length,
      underruns: 0,
    });
    // Each Plot* event is this device's, at the time of its move (the job's updatedAt then).
    for (const e of events.filter((e) => e.type.startsWith('Plot'))) {
      expect(e.by).toBe('Ada');
      expect(e.ws).not.toBeNull();
    }
    const times = events.slice(1).map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The statistics: the emulator's run, in the shared PlotRecorder's figures.
    const stats = await kit.actualStats(job.id);
    expect(stats).toHaveLength(1);
    const s = stats[0]!;
    expect(s).toMatchObject({
      event_type: 'PlotCompleted',
      layers_completed: plan.layers.length,
      total_layers: plan.layers.length,
      pen_changes: plan.layers.filter((l) => l.penChange).length,
    });
    expect(s.distance_plotted_mm).toBeCloseTo(report.plannedMm, 1);
    expect(s.duration_seconds).toBeCloseTo(report.durationS, 1);
    expect(s.metadata).toMatchObject({
      plotter: 'Virtual plotter (firmware 3.0.3)',
      client: 'fabdesk plot',
      estimatedS: plan.durationS,
    });
    const layers = await kit.db
      .selectFrom('layer_statistics')
      .selectAll()
      .where('job_statistics_id', '=', s.id)
      .execute();
    expect(layers).toHaveLength(plan.layers.length);
    expect(layers.reduce((n, l) => n + l.path_count, 0)).toBe(report.strokesPlanned);
    const jobLayerIds = await kit.db
      .selectFrom('layers')
      .select('id')
      .where('job_id', '=', job.id)
      .execute();
    for (const l of layers) expect(jobLayerIds.map((j) => j.id)).toContain(l.layer_id);
    console.info(
      `record: ${events.length} events; stats ${s.duration_seconds} s (emulator ${report.durationS} s), ${s.distance_plotted_mm} mm pen down (planned ${report.plannedMm} mm), ${pauses} pen swaps`,
    );
  }, 90_000);

  test('a job another device takes mid-plot: the refused move is one clear line, the plot stops, nothing is written over the other device', async () => {
    const job = await kit.readyJob('misc__multilayer.svg', 'plot-taken');
    const cy = await addDevice(kit.db, 'Cy');
    // Cy takes the job just before the move to PLOTTING reaches the server (an admin
    // force-released it and Cy acquired it: the fencing token rises).
    const proxy = await createCutProxy(kit.baseUrl, async (r) => {
      if (r.path === '/sync/jobs/push' && r.body.includes('"state":"PLOTTING"'))
        await holdLease(kit.db, job.id, cy, 2);
      return undefined;
    });
    try {
      const { code, stderr } = await fabdesk(job.id, '--server', proxy.url, '--virtual', '--json');
      expect(code).toBe(1);
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^fabdesk plot: the server refused the job's move ARMED → PLOTTING: Cy holds the job now \\(its lease went to them\\)(; stopping the plot)? \\(kept in ${kit.home}/refused/[\\w.-]+\\.jsonl\\)$`,
        ),
      );
      expect(await kit.stateOf(job.id)).toBe('ARMED');
      expect(await kit.leaseOf(job.id)).toMatchObject({
        holder_workstation_id: cy.workstationId,
        fencing_token: 2,
      });
      // What happened on the plotter is still told (events, statistics); the job's state is Cy's.
      const lines2 = (await plotEventsOf(kit.db, job.id)).map((e) => e.line);
      expect(lines2.slice(0, 4)).toEqual([
        'LeaseAcquired',
        'StatusChanged READY→ARMED',
        'PlotArmed',
        'PlotStarted',
      ]);
      expect(lines2.at(-1)).toMatch(/^Plot(Completed|Aborted)$/);
      expect(lines2.filter((l) => l.startsWith('StatusChanged'))).toEqual([
        'StatusChanged READY→ARMED',
      ]);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  test('a job not released for plotting is refused in one line, without taking its lease', async () => {
    const job = await plannedJob('misc__few_circles.svg', 'plot-optimized');
    const { code, stdout, stderr } = await fabdesk(job.id, '--server', kit.baseUrl, '--virtual');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `fabdesk plot: job "${job.name}" is OPTIMIZED; only READY, SCHEDULED, ARMED, PAUSED or PLOTTING jobs can be plotted\n`,
    );
    expect(await kit.leaseOf(job.id)).toBeUndefined(); // job_id is the table's key
  }, 60_000);

  test('a job another device holds is refused with who holds it and until when', async () => {
    const job = await kit.readyJob('misc__few_circles.svg', 'plot-held');
    const bo = await addDevice(kit.db, 'Bo');
    await holdLease(kit.db, job.id, bo, 1);
    const { code, stderr } = await fabdesk(job.id, '--server', kit.baseUrl, '--virtual', '--json');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^fabdesk plot: held by Bo until \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
  }, 60_000);

  test('a plan blob whose bytes do not match its hash is refused before plotting, and the lease is released', async () => {
    const job = await kit.readyJob('misc__few_circles.svg', 'plot-corrupt');
    // One bit flipped in the stored bytes (same size, so the table's checks still hold).
    await sql`update blobs set data = set_byte(data, 100, get_byte(data, 100) # 1)
      where hash = ${job.planHash}`.execute(kit.db);
    const { code, stdout, stderr } = await fabdesk(job.id, '--server', kit.baseUrl, '--virtual');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(`^fabdesk plot: the plan blob's SHA-256 is [0-9a-f]{64}, not ${job.planHash}\n$`),
    );
    expect(await kit.leaseOf(job.id)).toMatchObject({
      holder_workstation_id: null,
      fencing_token: 1,
    });
  }, 60_000);

  test('an unknown job id and a wrong token are one line each, exit code 1', async () => {
    const id = crypto.randomUUID();
    const unknown = await fabdesk(id, '--server', kit.baseUrl, '--virtual');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`fabdesk plot: no job ${id}\n`);

    const badToken = await fabdesk(id, '--server', kit.baseUrl, '--token', 'nope', '--virtual');
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^fabdesk plot: the server refused the token \(.+\)\n$/);
  });
});

function countBlocks(blocks: Float64Array, kind: number): number {
  let n = 0;
  for (let o = 0; o < blocks.length; o += BLOCK_STRIDE) if (blocks[o] === kind) n++;
  return n;
}
