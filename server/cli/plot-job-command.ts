import { createHash, randomUUID } from 'node:crypto';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { Layer } from '@fabdesk/shared/models/layer.ts';
import { decodePlanBlob, PlanBlobError } from '@fabdesk/shared/plan/plan-blob.ts';
import { makePlotCheckpoint } from '@fabdesk/shared/plot/make-plot-checkpoint.ts';
import { CheckpointFile, CheckpointFileError } from './checkpoint-file.ts';
import { choosePlotStart } from './choose-plot-start.ts';
import { fabdeskHome } from './fabdesk-home.ts';
import { JobPlotRecord } from './job-plot-record.ts';
import { createJobServerClient, type JobServerClient } from './job-server-client.ts';
import { JobServerError } from './job-server-error.ts';
import { jobPenNames } from './job-pen-names.ts';
import { type PlotOptions, plotPlan } from './plot-plan.ts';
import { RecordOutbox } from './record-outbox.ts';
import { RecordQueue } from './record-queue.ts';
import { RECORD_WAIT_MS, sendOutbox } from './send-outbox.ts';
import { sendRecordEntry } from './send-record-entry.ts';

/**
 * States a job may be plotted from: released for plotting (READY, SCHEDULED), armed, or an
 * interrupted plot (PAUSED, or PLOTTING with nobody holding its lease any more).
 */
const PLOTTABLE_STATES = new Set(['READY', 'SCHEDULED', 'ARMED', 'PLOTTING', 'PAUSED']);

/**
 * The lease is asked for this long and renewed at a third of it: a CLI that dies (power,
 * kill -9) frees the job for another device within a minute, while a renewal that is
 * late by one failed request still lands before expiry.
 */
const LEASE_TTL_S = 60;

/** Refusals that mean another device has the job now: the plot stops, as for a lost lease. */
const JOB_TAKEN = new Set(['held-by-other', 'stale-fencing-token', 'no-lease']);

/**
 * `fabdesk plot <job id> --server URL --token T`: plots a job the server has planned and
 * records the plot on the server like the PWA's plot console does (job-plot-record.ts):
 * lifecycle moves with Plot* events, pauses and pen swaps, the actual statistics.
 *
 * Order: first the record writes earlier plots left in the outbox (so this server's
 * history stays in order), then the job's checks before its lease (a wrong id or state
 * costs nothing), the lease held for the whole plot (renewed in the background; losing
 * it stops the plot), the plan blob checked against its content hash before any motor
 * moves. The record goes through a queue (record-queue.ts) that the plot never waits for;
 * at the end the CLI waits up to `RECORD_WAIT_MS` for it, then leaves what is unsent in
 * the outbox file under `fabdeskHome()` for the next `fabdesk plot` or `fabdesk sync`.
 * The lease is released at the end only when the whole record arrived: an unsent record
 * still needs it (an expired lease keeps its holder until another device takes the job,
 * so the writes are accepted later). Every refusal is one line on stderr and exit code 1.
 *
 * Checkpoints: at every pen-up the board has run, the plot's checkpoint (with the plan
 * hash) is written to `<home>/checkpoints/<job id>.json` (checkpoint-file.ts); the file is
 * removed when the plot completes or is aborted and kept when it fails, the plotter breaks
 * it off (the job is then PAUSED, as in the console) or the process dies. A PAUSED or
 * PLOTTING job with a checkpoint of its plan continues from there (choose-plot-start.ts
 * decides before the lease; resume-from-checkpoint.ts finds the carriage).
 */
export async function runPlotJob(
  jobId: string,
  options: PlotOptions & { server: string; token: string | undefined; carriageHome: boolean },
): Promise<number> {
  if (!options.token) {
    console.error('fabdesk plot: a device token is needed: --token or FABDESK_TOKEN');
    return 2;
  }
  const token = options.token;
  const say = (line: string) => console.error(`fabdesk plot: ${line}`);
  const server = createJobServerClient(options.server, token);
  const home = fabdeskHome();
  try {
    const earlier = await sendOutbox({
      home,
      server: server.base,
      token,
      waitMs: RECORD_WAIT_MS,
      giveUpOffline: true,
      say,
    });
    // This job's own earlier record must be on the server first (its state depends on it);
    // other jobs' records only get a mention.
    if (earlier.jobs.includes(jobId))
      throw new JobServerError(
        'unreachable',
        `this job's earlier plot record is still waiting in the outbox (${earlier.problem}); it must reach the server first`,
      );
    if (earlier.waiting > 0)
      say(
        `${earlier.waiting} earlier record writes still wait in ${earlier.files.join(', ')} (${earlier.problem})`,
      );
    const job = await server.getJob(jobId);
    if (!PLOTTABLE_STATES.has(job.state))
      throw new JobServerError(
        'not-plottable',
        `job "${job.name}" is ${job.state}; only READY, SCHEDULED, ARMED, PAUSED or PLOTTING jobs can be plotted`,
      );
    if (!job.planHash)
      throw new JobServerError('not-plottable', `job "${job.name}" has no plan yet`);
    const planHash = job.planHash;
    const checkpoints = new CheckpointFile(home);
    const checkpointPath = checkpoints.pathOf(job.id);
    const start = choosePlotStart(
      { ...job, planHash },
      await checkpoints.load(job.id),
      options.carriageHome,
      checkpointPath,
    );
    if (start.from === 'refused') {
      say(start.message);
      return 1;
    }
    const me = await server.me();
    const lease = await server.lease('acquire', job.id, LEASE_TTL_S);
    // An unsent record keeps the lease (see above); anything before the plot releases it.
    let keepLease = false;
    try {
      const plan = await fetchPlan(server, planHash);
      // The master state the record starts from (the plot's first move pushes against it).
      const master = await server.readDocument('jobs', job.id);
      if (!master) throw new JobServerError('not-found', `no job ${job.id}`);
      const layers = (master.layers ?? []) as Layer[];
      const penFor = await jobPenNames(server, plan, layers);
      const lost = new AbortController();
      const outbox = await RecordOutbox.create(home, server.base, job.id).catch((error: Error) => {
        say(
          `cannot keep the plot's record on disk (${error.message}); it is sent from memory only`,
        );
        return null;
      });
      let refusedAny = false;
      let jobTaken = false;
      let plotting = true;
      const queue: RecordQueue = new RecordQueue({
        send: (entry, signal) =>
          sendRecordEntry(createJobServerClient(server.base, token, { signal }), entry),
        store: async (entries) => outbox?.write(entries),
        refused: async (entry, outcome) => {
          const kept = await outbox?.keepRefused(entry, outcome.reason, outcome.message);
          if (outcome.reason === 'skipped') return;
          refusedAny = true;
          const taken = entry.kind === 'move' && JOB_TAKEN.has(outcome.reason);
          jobTaken ||= taken;
          const stop = taken && plotting && !lost.signal.aborted;
          say(
            `the server refused ${outcome.message}${stop ? '; stopping the plot' : ''}${kept ? ` (kept in ${kept})` : ''}`,
          );
          if (stop) lost.abort();
        },
        offline: (error) =>
          say(`${error.message}; the plot goes on and its record is sent when the server answers`),
        online: () => say('the server answers again; sending the plot record'),
      });
      const record = new JobPlotRecord({
        jobId: job.id,
        state: master.state as JobState,
        layers,
        fencingToken: lease.fencingToken,
        me,
        add: (entry) => queue.add(entry),
        newId: randomUUID,
        now: () => new Date(),
        details: { firmware: options.virtual ? options.firmware : null },
      });
      if (start.from === 'start') {
        if (start.note) say(start.note);
        // A checkpoint of an earlier plot of this job: this one starts over, so it is void.
        if (start.stale)
          await checkpoints.clear(job.id).catch((error: Error) => {
            say(`could not remove the old checkpoint ${checkpointPath}: ${error.message}`);
          });
      }
      let checkpointTrouble = false;
      const keepCheckpoint = (checkpoint: ReturnType<typeof makePlotCheckpoint>) =>
        checkpoints.save(checkpoint).catch((error: Error) => {
          if (checkpointTrouble) return;
          checkpointTrouble = true;
          say(
            `cannot keep the plot's checkpoint in ${checkpointPath} (${error.message}); if this plot is interrupted it cannot continue from where it stopped`,
          );
        });
      const renewal = renewLease(server, job.id, lost, say);
      let code: number;
      try {
        const plotted = await plotPlan(
          plan,
          { job: job.id, name: job.name, planHash },
          {
            ...options,
            signal: lost.signal,
            observer: record,
            penFor,
            ...(start.from === 'checkpoint'
              ? {
                  resume: {
                    jobId: job.id,
                    planHash,
                    checkpoint: start.checkpoint,
                    carriageHome: options.carriageHome,
                  },
                }
              : {}),
            onCheckpoint: (at, measured) =>
              void keepCheckpoint(makePlotCheckpoint(job.id, planHash, at, measured)),
            resumeHint: resumeHint(job.id, server.base, options),
          },
        );
        code = plotted.code;
        // Done with: the plot completed, or was stopped on purpose (Ctrl-C, the job taken).
        if (plotted.result === 'completed' || plotted.result === 'aborted')
          await checkpoints.clear(job.id).catch((error: Error) => {
            say(`could not remove the plot's checkpoint ${checkpointPath}: ${error.message}`);
          });
      } finally {
        await checkpoints.settled();
        plotting = false;
        clearInterval(renewal);
        // Another device's job is not ours to release either.
        keepLease = !(await queue.settle(RECORD_WAIT_MS)) || jobTaken;
        await outbox?.unlock();
        reportUnsent(queue, outbox, say);
      }
      // A plot whose record the server refused did not go as asked, whatever the plotter did.
      return refusedAny ? Math.max(code, 1) : code;
    } finally {
      if (!keepLease)
        await server.lease('release', job.id).catch((error: Error) => {
          say(`could not release the lease: ${error.message}`);
        });
    }
  } catch (error) {
    if (
      error instanceof JobServerError ||
      error instanceof PlanBlobError ||
      error instanceof CheckpointFileError
    ) {
      say(error.message);
      return 1;
    }
    throw error;
  }
}

/** How to go on after a plotter fault paused the job, as the command to type. */
function resumeHint(jobId: string, server: string, options: PlotOptions): string {
  const command = `fabdesk plot ${jobId} --server ${server}`;
  if (options.virtual)
    return `to go on from there: ${command} --virtual --carriage-home (a new virtual plotter starts at home)`;
  return `to go on from there: ${command}${options.port ? ` --port ${options.port}` : ''} once the plotter is connected again (if it was switched off meanwhile: move the carriage home by hand with the motors off and add --carriage-home)`;
}

/** Says where an unsent record is and how it will be sent (or that it is only in memory). */
function reportUnsent(queue: RecordQueue, outbox: RecordOutbox | null, say: (l: string) => void) {
  const left = queue.pending.length;
  if (left === 0) return;
  const why = queue.stuck?.message ?? 'the server did not answer in time';
  if (outbox && !queue.storeFailure)
    say(
      `${left} record write${left === 1 ? '' : 's'} not sent (${why}): kept in ${outbox.path}; the next \`fabdesk plot\` or \`fabdesk sync\` to this server sends ${left === 1 ? 'it' : 'them'}`,
    );
  else
    say(
      `${left} record write${left === 1 ? '' : 's'} not sent (${why}) and not on disk (${queue.storeFailure?.message ?? 'no outbox'}): ${JSON.stringify(queue.pending)}`,
    );
}

/** Fetches the plan blob and refuses bytes whose SHA-256 is not the hash they were asked by. */
async function fetchPlan(server: JobServerClient, hash: string) {
  const bytes = await server.getBlob(hash);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== hash)
    throw new JobServerError('bad-plan', `the plan blob's SHA-256 is ${actual}, not ${hash}`);
  return decodePlanBlob(bytes).plan;
}

/**
 * Renews the lease every third of its TTL. A refusal (someone else took the job) aborts
 * the plot via `lost`; an unreachable server does not: the lease stays this device's
 * until another one takes it, and the plot must never wait on the network.
 */
function renewLease(
  server: JobServerClient,
  jobId: string,
  lost: AbortController,
  say: (line: string) => void,
) {
  return setInterval(
    () => {
      server.lease('renew', jobId, LEASE_TTL_S).catch((error: JobServerError) => {
        if (error.transient || lost.signal.aborted) return;
        say(`lost the job's lease (${error.message}); stopping`);
        lost.abort();
      });
    },
    (LEASE_TTL_S * 1000) / 3,
  );
}
