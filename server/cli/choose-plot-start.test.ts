import { describe, expect, it } from 'vitest';
import type { PlotCheckpoint } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { choosePlotStart } from './choose-plot-start.ts';

const planHash = 'a'.repeat(64);
const job = (state: string) => ({ id: 'job-1', name: 'poster', state, planHash });
const checkpoint = (change: Partial<PlotCheckpoint> = {}): PlotCheckpoint => ({
  jobId: 'job-1',
  planHash,
  layerIndex: 0,
  pathIndex: 2,
  penDownDistanceMm: 10,
  xMm: 1,
  yMm: 2,
  motor1Steps: 3,
  motor2Steps: 4,
  ...change,
});
const path = '/home/pi/.local/share/fabdesk/checkpoints/job-1.json';

describe('choosePlotStart', () => {
  it.each(['PAUSED', 'PLOTTING'])(
    'a %s job with a checkpoint of its plan continues from it',
    (state) => {
      const c = checkpoint();
      expect(choosePlotStart(job(state), c, false, path)).toEqual({
        from: 'checkpoint',
        checkpoint: c,
      });
      expect(choosePlotStart(job(state), c, true, path)).toEqual({
        from: 'checkpoint',
        checkpoint: c,
      });
    },
  );

  it('a checkpoint of another plan or job is refused, naming both and the file', () => {
    const replanned = choosePlotStart(
      job('PAUSED'),
      checkpoint({ planHash: 'b'.repeat(64) }),
      true,
      path,
    );
    expect(replanned).toEqual({
      from: 'refused',
      message: `the checkpoint in ${path} is of plan bbbbbbbbbbbb… but job "poster" has plan aaaaaaaaaaaa… now: the plan changed since the interrupted plot, so it cannot continue from there; remove the file to plot the job again from the start`,
    });
    const other = choosePlotStart(job('PLOTTING'), checkpoint({ jobId: 'job-2' }), false, path);
    expect(other).toMatchObject({
      from: 'refused',
      message: expect.stringContaining('of job job-2, not job-1'),
    });
  });

  it('an interrupted job without a checkpoint plots from the start and says so; with --carriage-home it is refused', () => {
    expect(choosePlotStart(job('PAUSED'), null, false, path)).toEqual({
      from: 'start',
      note: `job "poster" is PAUSED, but this machine has no checkpoint of its plot (${path}; it ran elsewhere, or stopped before its first pen-up): plotting it again from the start`,
      stale: false,
    });
    expect(choosePlotStart(job('PAUSED'), null, true, path)).toMatchObject({ from: 'refused' });
  });

  it.each(['READY', 'SCHEDULED', 'ARMED'])(
    'a %s job plots from the start without a word; a checkpoint left from an earlier plot is stale; --carriage-home is refused',
    (state) => {
      expect(choosePlotStart(job(state), null, false, path)).toEqual({
        from: 'start',
        note: null,
        stale: false,
      });
      expect(choosePlotStart(job(state), checkpoint(), false, path)).toEqual({
        from: 'start',
        note: null,
        stale: true,
      });
      expect(choosePlotStart(job(state), checkpoint(), true, path)).toEqual({
        from: 'refused',
        message: `--carriage-home continues an interrupted plot, and job "poster" is ${state}: there is none to continue; without --carriage-home it is plotted from the start`,
      });
    },
  );
});
