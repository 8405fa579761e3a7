import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { summarizePlan } from '@fabdesk/shared/plan/summarize-plan.ts';
import { type PlotCheckpoint, PlotCheckpointSchema } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { acquireLease } from '../leases/acquire-lease.ts';
import { LeaseError } from '../leases/lease-error.ts';
import { waitFor } from '../runs/runs-test-kit.ts';
import { addDevice } from '../sync/sync-test-fixture.ts';
import { type PlannedJob, plotEventsOf, setUpCliTestKit } from './cli-test-kit.ts';

// `fabdesk plot <job id>` continues an interrupted plot from the checkpoint it keeps on
// disk: after a kill -9, and after a plotter fault that paused the job; and refuses what
// it cannot continue. Real server, real Postgres, the CLI as a child process.

const kit = setUpCliTestKit();

const checkpointPath = (jobId: string) => join(kit.home, 'checkpoints', `${jobId}.json`);
const readCheckpoint = async (jobId: string): Promise<PlotCheckpoint | null> => {
  const text = await readFile(checkpointPath(jobId), 'utf8').catch(() => null);
  return text === null ? null : PlotCheckpointSchema.parse(JSON.parse(text));
};
/** The checkpoint on disk, which must be of this job and its plan. */
async function checkpointOf(job: PlannedJob): Promise<PlotCheckpoint> {
  const checkpoint = await readCheckpoint(job.id);
  expect(checkpoint).toMatchObject({ jobId: job.id, planHash: job.planHash });
  return checkpoint as PlotCheckpoint;
}
const checkpointFiles = async () =>
  readdir(join(kit.home, 'checkpoints')).catch(() => [] as string[]);
const allEvents = (id: string) =>
  kit.db.selectFrom('events').select('event_type').where('job_id', '=', id).execute();

/** A released job, its plan and the plan's pen-down length. */
async function readyJobWithPlan(file: string, variant: string) {
  const job = await kit.readyJob(file, variant);
  const plan = await kit.planOf(job.planHash);
  return { job, plan, plannedMm: summarizePlan(plan).distancePlottedMm };
}

/** The arguments of `fabdesk plot <job> --server <the test server> --virtual <flags>`. */
const plotArgs = (jobId: string, ...flags: string[]) => [
  'plot',
  jobId,
  '--server',
  kit.baseUrl,
  '--virtual',
  ...flags,
];
const plotVirtual = (jobId: string, ...flags: string[]) =>
  kit.fabdesk(...plotArgs(jobId, ...flags));

/** Continues the job's interrupted plot (--carriage-home), which must end well; its report. */
async function resumeToEnd(jobId: string) {
  const resumed = await plotVirtual(jobId, '--json', '--carriage-home');
  expect(resumed.stderr).toBe('');
  expect(resumed.code).toBe(0);
  return JSON.parse(resumed.stdout);
}

/** A refused run wrote nothing to the server: no lease taken, no event added. */
async function expectNothingWritten(jobId: string, eventsBefore: { event_type: string }[]) {
  expect(await kit.leaseOf(jobId)).toBeUndefined();
  expect(await allEvents(jobId)).toEqual(eventsBefore);
}

/** The plot's events from `from` on, as lines ("StatusChanged A→B", "PlotPaused"). */
const linesFrom = (events: { line: string }[], from: number) =>
  events.slice(from).map((e) => e.line);

describe('fabdesk plot <job id> continues an interrupted plot from its last pen-up', () => {
  test('kill -9 mid-plot: the lease stays the dead process’s (to others, until it expires), the next run refuses without --carriage-home, then continues from the checkpoint on disk and completes; the rest is drawn once', async () => {
    const { job, plan, plannedMm } = await readyJobWithPlan(
      'misc__few_circles.svg',
      'resume-crash',
    );

    // 10× real time: the 39 s plot takes about 4 s, a checkpoint every quarter second or so.
    const first = kit.startFabdesk(...plotArgs(job.id, '--json', '--virtual-speed', '10'));
    const seen = new Set<number>();
    await waitFor(
      'two checkpoints on disk',
      async () => {
        const c = await readCheckpoint(job.id).catch(() => null);
        if (c) seen.add(c.penDownDistanceMm);
        return seen.size >= 2;
      },
      20_000,
    );
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe(''); // it never got to its report

    const checkpoint = await checkpointOf(job);
    expect(checkpoint.penDownDistanceMm).toBeGreaterThan(0);
    expect(checkpoint.penDownDistanceMm).toBeLessThan(plannedMm);
    expect(checkpoint.measured?.elapsedS).toBeGreaterThan(0);

    // The dead process's lease is still held: another device cannot take the job until it
    // expires (60 s), while this device takes it again at once (same workstation, same token).
    const held = await kit.leaseOf(job.id);
    expect(held?.holder_workstation_id).not.toBeNull();
    expect((held as { expires_at: Date } | undefined)?.expires_at.getTime()).toBeGreaterThan(
      Date.now(),
    );
    const cy = await addDevice(kit.db, 'Cy');
    const refused = await acquireLease(kit.db, { jobId: job.id, auth: cy, ttlSeconds: 60 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(LeaseError);
    expect((refused as LeaseError).code).toBe('held-by-other');

    // Without --carriage-home the new virtual plotter cannot know where the carriage is.
    const unconfirmed = await plotVirtual(job.id, '--json');
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stdout).toBe('');
    expect(unconfirmed.stderr).toBe(
      'fabdesk plot: the virtual plotter starts with its carriage at home and knows nothing of the interrupted plot; run this again with --carriage-home to continue from the last pen-up\n',
    );
    expect(await readCheckpoint(job.id)).toEqual(checkpoint);
    expect(await kit.stateOf(job.id)).toBe('PLOTTING');

    const before = (await plotEventsOf(kit.db, job.id)).length;
    const report = await resumeToEnd(job.id);
    expect(report).toMatchObject({
      job: job.id,
      completed: true,
      resumedFrom: {
        pathIndex: checkpoint.pathIndex,
        penDownDistanceMm: checkpoint.penDownDistanceMm,
        positionFrom: 'user',
      },
      missingMm: 0,
      retracedMm: 0,
      underruns: 0,
    });
    // The resumed run draws exactly the rest after the checkpoint: the two runs together
    // draw the plan plus whatever the killed run drew after its last checkpoint (drawn
    // again: after a power cut or a new process nobody knows what that was).
    expect(report.plannedMm).toBeCloseTo(plannedMm - checkpoint.penDownDistanceMm, 1);
    expect(checkpoint.penDownDistanceMm + report.drawnMm).toBeCloseTo(plannedMm, 0);
    expect(report.strokesDrawn).toBe(report.strokesPlanned);

    expect(await kit.stateOf(job.id)).toBe('COMPLETED');
    expect(await checkpointFiles()).not.toContain(`${job.id}.json`);
    expect(await checkpointFiles()).not.toContain(`${job.id}.json.tmp`);
    const events = await plotEventsOf(kit.db, job.id);
    const lines = events.map((e) => e.line);
    expect(lines.slice(0, 5)).toEqual([
      'LeaseAcquired',
      'StatusChanged READY→ARMED',
      'PlotArmed',
      'StatusChanged ARMED→PLOTTING',
      'PlotStarted',
    ]);
    // The refused run released the lease, so the resuming run took it anew (LeaseAcquired).
    expect(linesFrom(events, before)).toEqual([
      'LeaseAcquired',
      'StatusChanged PLOTTING→PAUSED',
      'PlotPaused',
      'StatusChanged PAUSED→PLOTTING',
      'PlotResumed',
      'StatusChanged PLOTTING→COMPLETED',
      'PlotCompleted',
    ]);
    expect(lines.filter((l) => l === 'PlotStarted')).toHaveLength(1);
    const after = events.slice(before);
    expect(after.find((e) => e.type === 'PlotPaused')?.details).toEqual({
      reason: 'interrupted',
      layer: null,
      elapsedS: null,
    });
    expect(after.find((e) => e.type === 'PlotResumed')?.details).toEqual({
      after: 'interruption',
      positionFrom: 'user',
      layer: plan.layers[0]?.name,
      pathIndex: checkpoint.pathIndex,
      plotter: 'Virtual plotter (firmware 3.0.3)',
      estimatedS: Math.round(report.estimateS * 10) / 10,
    });

    // One statistics record for the whole plot: the distance of the plan, the time of both
    // runs (the killed one's up to its checkpoint).
    const stats = await kit.actualStats(job.id);
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ event_type: 'PlotCompleted', layers_completed: 1 });
    expect(stats[0]?.distance_plotted_mm).toBeCloseTo(plannedMm, 0);
    expect(stats[0]?.duration_seconds).toBeCloseTo(
      (checkpoint.measured?.elapsedS ?? 0) + report.durationS,
      0,
    );
    expect((await kit.leaseOf(job.id))?.holder_workstation_id).toBeNull();
    console.info(
      `kill -9 after ${seen.size} checkpoints seen: the last at path ${checkpoint.pathIndex}, ${checkpoint.penDownDistanceMm.toFixed(1)} of ${plannedMm.toFixed(1)} mm; the resumed run drew ${report.drawnMm.toFixed(1)} mm in ${report.durationS.toFixed(1)} s`,
    );
  }, 90_000);

  test('a pulled cable (--virtual-fault disconnect@70%) pauses the job with a PlotPaused fault, keeps the checkpoint and exits 1 with one line; the next run continues in the second layer and completes', async () => {
    const { job, plannedMm } = await readyJobWithPlan('vpy__two_layers_a4.svg', 'resume-fault');

    const faulted = await plotVirtual(job.id, '--json', '--virtual-fault', 'disconnect@70%');
    expect(faulted.code).toBe(1);
    expect(faulted.stdout).toBe('');
    const escaped = kit.baseUrl.replace(/[.:/]/g, (c) => `\\${c}`);
    expect(faulted.stderr).toMatch(
      new RegExp(
        `^fabdesk plot: the plot stopped: the plotter is no longer connected \\(.+\\)\\. Check its USB cable and power, then connect it again\\. The job is paused at its last pen-up \\(layer "2", after path \\d+\\); to go on from there: fabdesk plot ${job.id} --server ${escaped} --virtual --carriage-home \\(a new virtual plotter starts at home\\)\\n$`,
      ),
    );
    expect(await kit.stateOf(job.id)).toBe('PAUSED');
    const checkpoint = await checkpointOf(job);
    expect(faulted.stderr).toContain(`after path ${checkpoint.pathIndex})`);
    const events = await plotEventsOf(kit.db, job.id);
    expect(events.slice(-2).map((e) => e.line)).toEqual([
      'StatusChanged PLOTTING→PAUSED',
      'PlotPaused',
    ]);
    expect(events.at(-1)?.details).toMatchObject({
      reason: 'fault',
      fault: 'disconnected',
      layer: '2',
      layersCompleted: 1,
      message: expect.stringMatching(/^the plotter is no longer connected/),
    });
    expect(events.at(-1)?.details.elapsedS).toBeGreaterThan(0);
    expect((await kit.actualStats(job.id)).map((s) => s.event_type)).toEqual(['PlotPaused']);
    expect((await kit.leaseOf(job.id))?.holder_workstation_id).toBeNull();

    const before = events.length;
    const report = await resumeToEnd(job.id);
    expect(report).toMatchObject({
      completed: true,
      resumedFrom: { layer: '2', pathIndex: checkpoint.pathIndex, positionFrom: 'user' },
      missingMm: 0,
    });
    expect(checkpoint.penDownDistanceMm + report.drawnMm).toBeCloseTo(plannedMm, 0);
    expect(await kit.stateOf(job.id)).toBe('COMPLETED');
    expect(await readCheckpoint(job.id)).toBeNull();
    const after = (await plotEventsOf(kit.db, job.id)).slice(before);
    // PAUSED already: no 'interrupted' pause first; the pen swap before layer 2 is behind.
    expect(after.map((e) => e.line)).toEqual([
      'LeaseAcquired',
      'StatusChanged PAUSED→PLOTTING',
      'PlotResumed',
      'StatusChanged PLOTTING→COMPLETED',
      'PlotCompleted',
    ]);
    expect(after[2]?.details).toMatchObject({ after: 'interruption', layer: '2' });
    const stats = await kit.actualStats(job.id);
    expect(stats.map((s) => s.event_type).sort()).toEqual(['PlotCompleted', 'PlotPaused']);
    const completed = stats.find((s) => s.event_type === 'PlotCompleted');
    expect(completed?.distance_plotted_mm).toBeCloseTo(plannedMm, 0);
    expect(completed?.layers_completed).toBe(2);
  }, 90_000);
  test('a fault before the first pen-up has nothing to continue from: FAILED as before, no checkpoint', async () => {
    const job = await kit.readyJob('misc__few_circles.svg', 'resume-fault-early');
    const { code, stderr } = await plotVirtual(
      job.id,
      '--json',
      '--virtual-fault',
      'disconnect@0%',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^fabdesk plot: the plotter is no longer connected \(.+\)\. Check its USB cable and power, then connect it again\.\n$/,
    );
    expect(await kit.stateOf(job.id)).toBe('FAILED');
    expect((await plotEventsOf(kit.db, job.id)).at(-1)?.line).toBe('PlotFailed');
    expect(await readCheckpoint(job.id)).toBeNull();
  }, 60_000);
});

describe('fabdesk plot <job id> refuses what it cannot continue, writing nothing', () => {
  test('--carriage-home with no checkpoint: one line, exit 1, no lease, no event', async () => {
    const job = await kit.readyJob('misc__few_circles.svg', 'resume-none');
    const eventsBefore = await allEvents(job.id);
    const { code, stdout, stderr } = await plotVirtual(job.id, '--carriage-home');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `fabdesk plot: --carriage-home continues an interrupted plot, and job "${job.name}" is READY: there is none to continue; without --carriage-home it is plotted from the start\n`,
    );
    await expectNothingWritten(job.id, eventsBefore);
    expect(await kit.stateOf(job.id)).toBe('READY');

    // An interrupted job with no checkpoint here: the same refusal, told why.
    await kit.db.updateTable('jobs').set({ state: 'PAUSED' }).where('id', '=', job.id).execute();
    const paused = await plotVirtual(job.id, '--carriage-home');
    expect(paused.code).toBe(1);
    expect(paused.stderr).toBe(
      `fabdesk plot: --carriage-home continues an interrupted plot from its checkpoint, and there is none of job "${job.name}" in ${checkpointPath(job.id)}; without --carriage-home the job is plotted again from the start\n`,
    );
    await expectNothingWritten(job.id, eventsBefore);

    // Without the flag: plotted again from the start, and said so (as before checkpoints).
    const again = await plotVirtual(job.id, '--json');
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(
      `fabdesk plot: job "${job.name}" is PAUSED, but this machine has no checkpoint of its plot (${checkpointPath(job.id)}; it ran elsewhere, or stopped before its first pen-up): plotting it again from the start\n`,
    );
    const resumedEvent = (await plotEventsOf(kit.db, job.id)).find((e) => e.type === 'PlotResumed');
    expect(resumedEvent?.details).toMatchObject({
      after: 'interruption',
      restartedFromStart: true,
    });
    expect(await kit.stateOf(job.id)).toBe('COMPLETED');
  }, 60_000);

  test('a checkpoint of another plan (the job was planned again): one line, exit 1, the file kept, no lease, no event', async () => {
    const job = await kit.plannedJob('misc__few_circles.svg', 'resume-replanned');
    await kit.db.updateTable('jobs').set({ state: 'PAUSED' }).where('id', '=', job.id).execute();
    const other = 'ab'.repeat(32);
    const stale: PlotCheckpoint = {
      jobId: job.id,
      planHash: other,
      layerIndex: 0,
      pathIndex: 3,
      penDownDistanceMm: 120.5,
      xMm: 40,
      yMm: 50,
      motor1Steps: 100,
      motor2Steps: 200,
    };
    await mkdir(join(kit.home, 'checkpoints'), { recursive: true });
    const text = `${JSON.stringify(stale)}\n`;
    await writeFile(checkpointPath(job.id), text);
    const eventsBefore = await allEvents(job.id);
    const { code, stdout, stderr } = await plotVirtual(job.id, '--carriage-home');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `fabdesk plot: the checkpoint in ${checkpointPath(job.id)} is of plan ${other.slice(0, 12)}… but job "${job.name}" has plan ${job.planHash.slice(0, 12)}… now: the plan changed since the interrupted plot, so it cannot continue from there; remove the file to plot the job again from the start\n`,
    );
    expect(await readFile(checkpointPath(job.id), 'utf8')).toBe(text);
    await expectNothingWritten(job.id, eventsBefore);
    expect(await kit.stateOf(job.id)).toBe('PAUSED');

    // A file that is not a checkpoint at all is named, and left for a person to look at.
    await writeFile(checkpointPath(job.id), '{"jobId":');
    const broken = await plotVirtual(job.id);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      new RegExp(
        `^fabdesk plot: the checkpoint file ${checkpointPath(job.id).replace(/[.]/g, '\\.')} is not readable \\(.+\\)\\n$`,
      ),
    );
    expect(await kit.leaseOf(job.id)).toBeUndefined();
  }, 60_000);
});
