import { createHash } from 'node:crypto';
import { decodePlanBlob, PlanBlobError } from '../../shared/plan/plan-blob.ts';
import { createJobServerClient, type JobServerClient } from './job-server-client.ts';
import { JobServerError } from './job-server-error.ts';
import { type PlotOptions, plotPlan } from './plot-command.ts';

/** States a job may be plotted from: released for plotting, armed, or paused mid-plot. */
const PLOTTABLE_STATES = new Set(['READY', 'ARMED', 'PAUSED']);

/**
 * The lease is asked for this long and renewed at a third of it: a CLI that dies (power,
 * kill -9) frees the job for another device within a minute, while a renewal that is
 * late by one failed request still lands before expiry.
 */
const LEASE_TTL_S = 60;

/**
 * `fabdesk plot <job id> --server URL --token T`: plots a job the server has planned.
 * Checks the job can be plotted before taking its lease (so a wrong id or state costs
 * nothing), holds the lease for the whole plot (renewed in the background; losing it
 * stops the plot, since another device may now own the job), verifies the plan blob
 * against its content hash before any motor moves, and releases the lease however the
 * plot ends. Every refusal is one line on stderr and exit code 1.
 */
export async function runPlotJob(
  jobId: string,
  options: PlotOptions & { server: string; token: string | undefined },
): Promise<number> {
  if (!options.token) {
    console.error('fabdesk plot: a device token is needed: --token or FABDESK_TOKEN');
    return 2;
  }
  const server = createJobServerClient(options.server, options.token);
  try {
    const job = await server.getJob(jobId);
    if (!PLOTTABLE_STATES.has(job.state))
      throw new JobServerError(
        'not-plottable',
        `job "${job.name}" is ${job.state}; only READY, ARMED or PAUSED jobs can be plotted`,
      );
    if (!job.planHash)
      throw new JobServerError('not-plottable', `job "${job.name}" has no plan yet`);
    await server.lease('acquire', job.id, LEASE_TTL_S);
    try {
      const plan = await fetchPlan(server, job.planHash);
      const lost = new AbortController();
      const renewal = keepLease(server, job.id, lost);
      try {
        return await plotPlan(
          plan,
          { job: job.id, name: job.name, planHash: job.planHash },
          { ...options, signal: lost.signal },
        );
      } finally {
        clearInterval(renewal);
      }
    } finally {
      await server.lease('release', job.id).catch((error: Error) => {
        console.error(`fabdesk plot: could not release the lease: ${error.message}`);
      });
    }
  } catch (error) {
    if (error instanceof JobServerError || error instanceof PlanBlobError) {
      console.error(`fabdesk plot: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Fetches the plan blob and refuses bytes whose SHA-256 is not the hash they were asked by. */
async function fetchPlan(server: JobServerClient, hash: string) {
  const bytes = await server.getBlob(hash);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== hash)
    throw new JobServerError('bad-plan', `the plan blob's SHA-256 is ${actual}, not ${hash}`);
  return decodePlanBlob(bytes).plan;
}

/** Renews the lease every third of its TTL; a refused renewal aborts the plot via `lost`. */
function keepLease(server: JobServerClient, jobId: string, lost: AbortController) {
  return setInterval(
    () => {
      server.lease('renew', jobId, LEASE_TTL_S).catch((error: Error) => {
        console.error(`\nfabdesk plot: lost the job's lease (${error.message}); stopping`);
        lost.abort();
      });
    },
    (LEASE_TTL_S * 1000) / 3,
  );
}
