import type { PlotCheckpoint } from '@fabdesk/shared/plot/plot-checkpoint.ts';

/** Where `fabdesk plot <job id>` starts, or why it will not. */
export type PlotStart =
  | {
      from: 'start';
      /** Said on stderr before plotting (an interrupted plot is plotted again in full). */
      note: string | null;
      /** A checkpoint of an earlier plot that no longer applies: removed before plotting. */
      stale: boolean;
    }
  | { from: 'checkpoint'; checkpoint: PlotCheckpoint }
  | { from: 'refused'; message: string };

const INTERRUPTED = new Set(['PAUSED', 'PLOTTING']);
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Decides, before the lease is taken (a refusal writes nothing anywhere), how a job's plot
 * starts from its state on the server and the checkpoint file on this machine (`path`):
 * - an interrupted plot (PAUSED or PLOTTING) with a checkpoint of the job's current plan
 *   continues from it;
 * - its checkpoint is of another plan (the job was planned again meanwhile): refused, since
 *   its strokes cannot be matched; removing the file plots the job from the start;
 * - no checkpoint: from the start, as before — and said, since strokes are drawn again;
 * - a job released anew (READY, SCHEDULED, ARMED) plots from the start; a checkpoint left
 *   from an earlier plot of it is stale;
 * - `--carriage-home` is only for continuing from a checkpoint: anywhere else it is refused,
 *   so a mistyped job id never starts a full plot the user meant to resume.
 */
export function choosePlotStart(
  job: { id: string; name: string; state: string; planHash: string },
  checkpoint: PlotCheckpoint | null,
  carriageHome: boolean,
  path: string,
): PlotStart {
  const interrupted = INTERRUPTED.has(job.state);
  if (checkpoint && interrupted) {
    if (checkpoint.jobId !== job.id)
      return {
        from: 'refused',
        message: `the checkpoint file ${path} is of job ${checkpoint.jobId}, not ${job.id}; remove it to plot job "${job.name}" again from the start`,
      };
    if (checkpoint.planHash !== job.planHash)
      return {
        from: 'refused',
        message: `the checkpoint in ${path} is of plan ${short(checkpoint.planHash)} but job "${job.name}" has plan ${short(job.planHash)} now: the plan changed since the interrupted plot, so it cannot continue from there; remove the file to plot the job again from the start`,
      };
    return { from: 'checkpoint', checkpoint };
  }
  if (carriageHome)
    return {
      from: 'refused',
      message: interrupted
        ? `--carriage-home continues an interrupted plot from its checkpoint, and there is none of job "${job.name}" in ${path}; without --carriage-home the job is plotted again from the start`
        : `--carriage-home continues an interrupted plot, and job "${job.name}" is ${job.state}: there is none to continue; without --carriage-home it is plotted from the start`,
    };
  return {
    from: 'start',
    note: interrupted
      ? `job "${job.name}" is ${job.state}, but this machine has no checkpoint of its plot (${path}; it ran elsewhere, or stopped before its first pen-up): plotting it again from the start`
      : null,
    stale: checkpoint !== null,
  };
}
