import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { assertTransition, LifecycleError } from '@fabdesk/shared/lifecycle/job-lifecycle.ts';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import { JOB_TRANSITIONS } from '@fabdesk/shared/lifecycle/job-transitions.ts';
import type { Event } from '@fabdesk/shared/models/event.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { checkJobWrite as checkLease } from '../leases/check-job-write.ts';
import type { PushRefusal } from './push-refusal.ts';
import type { Database } from '../db/database.ts';

type Doc = Record<string, unknown>;

// The plot driver runs on the device: the steps of a running plot that the table gives
// to the system (complete, plot-failed) may come from a device; the conversion worker's
// steps (analysis-done, optimization-done, conversion-failed) may not.
const PLOT_STATES = new Set<JobState>(['ARMED', 'PLOTTING', 'PAUSED']);

/**
 * Decides whether a device may write this job version, given the server's current one
 * (null for a new job). Order matters. Security: the lease is checked before the
 * transition, so a device that does not hold the job learns nothing but "refused".
 */
export async function checkJobWrite(
  trx: Transaction<Database>,
  auth: AuthContext,
  current: Doc | null,
  next: Doc,
): Promise<PushRefusal | null> {
  if (current === null) {
    // A new job starts at the beginning of the lifecycle and under no lease.
    return next.state === 'NEW' && next.leaseFencingToken === null && next._deleted !== true
      ? null
      : 'invalid-insert';
  }
  if (next._deleted === true && auth.role !== 'admin') return 'no-permission';
  // Security: a lease that expired still belongs to its holder until someone else takes
  // it, so a tablet that lost the network mid-plot can still save its work.
  const verdict = await checkLease(trx, {
    jobId: String(next.id),
    workstationId: auth.workstationId,
    fencingToken: typeof next.leaseFencingToken === 'number' ? next.leaseFencingToken : null,
  });
  if (verdict !== 'ok') return verdict;
  return transitionRefusal(String(current.state), String(next.state));
}

function transitionRefusal(from: string, to: string): PushRefusal | null {
  if (deviceMayStep(from, to)) return null;
  return plotPathVia(from, to) === null ? 'transition-not-allowed' : null;
}

/** One step of the lifecycle table that a device may take (see PLOT_STATES). */
function deviceMayStep(from: string, to: string): boolean {
  try {
    const step = assertTransition(from, to);
    if (step === null) return true;
    return (
      step.actors.includes('staff') ||
      (step.actors.includes('system') && PLOT_STATES.has(step.from))
    );
  } catch (error) {
    if (error instanceof LifecycleError) return false;
    throw error;
  }
}

/**
 * A plot runs on the device, offline too, and replication pushes only a document's latest
 * version: a tablet that armed, plotted, paused, resumed and completed a job without the
 * network arrives with READY → COMPLETED. That is accepted when the device could have
 * taken each step itself and every state in between is a plot state (ARMED, PLOTTING,
 * PAUSED); the Plot* events the device recorded carry the steps. Returns the states in
 * between, or null when there is no such path (READY → PICKED_UP still needs its steps).
 */
function plotPathVia(from: string, to: string): JobState[] | null {
  const queue: { state: string; via: JobState[] }[] = [{ state: from, via: [] }];
  const seen = new Set<string>([from]);
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const t of JOB_TRANSITIONS) {
      if (t.from !== next.state || seen.has(t.to) || !deviceMayStep(t.from, t.to)) continue;
      if (t.to === to) return next.via;
      if (!PLOT_STATES.has(t.to)) continue;
      seen.add(t.to);
      queue.push({ state: t.to, via: [...next.via, t.to] });
    }
  }
  return null;
}

/**
 * The audit events the server records with an accepted job write, in the same
 * transaction: JobCreated for a new job, StatusChanged for a state change. They carry
 * the device's time of the change (the job's updatedAt) and the server's receive time.
 */
export function eventsForJobWrite(auth: AuthContext, current: Doc | null, next: Doc): Event[] {
  const base = {
    jobId: String(next.id),
    triggeredBy: auth.staffId,
    triggeredByName: auth.staffName,
    workstationId: auth.workstationId,
    occurredAt: String(next.updatedAt),
    receivedAt: null,
  };
  if (current === null) {
    return [
      { ...base, id: randomUUID(), type: 'JobCreated', details: { name: String(next.name) } },
    ];
  }
  if (current.state === next.state) return [];
  const from = String(current.state);
  const to = String(next.state);
  const action = JOB_TRANSITIONS.find((t) => t.from === from && t.to === to)?.action;
  // A plot's steps taken offline arrive as one change: say which states it went through.
  const via = action === undefined ? plotPathVia(from, to) : null;
  return [
    {
      ...base,
      id: randomUUID(),
      type: 'StatusChanged',
      details: {
        from,
        to,
        action: action ?? null,
        ...(via && via.length > 0 ? { via: via.join(' → ') } : {}),
      },
    },
  ];
}
