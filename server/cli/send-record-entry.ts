import type { PushResponse } from '@fabdesk/sync/sync-messages.ts';
import type { JobServerClient } from './job-server-client.ts';
import type { PlotRecordEntry } from './plot-record-entry.ts';

/** What became of one record write: taken (or already there), or refused for good. */
export type SendOutcome = { sent: true } | { sent: false; reason: string; message: string };

/** A `conflict` answer means the job changed between our read and our push: read again. */
const MAX_CONFLICT_ROUNDS = 3;

/**
 * Writes one record entry with the replication push, so the server applies the rules it
 * applies to any device: permissions, the lease and its fencing token, the lifecycle's
 * transitions, "events only as yourself". A job move reads the job's master state first
 * (`GET /sync/jobs/docs/:id`) and pushes it back changed, exactly as RxDB would from the
 * PWA. Every entry is safe to send twice: a move that already happened (same state, same
 * `updatedAt`) is done; an insert whose id exists was ours (ids are made here, at random).
 * Transient failures throw `JobServerError` (the caller retries); refusals resolve.
 */
export async function sendRecordEntry(
  server: JobServerClient,
  entry: PlotRecordEntry,
): Promise<SendOutcome> {
  if (entry.kind === 'event')
    return insert(server, 'events', { ...entry.event, _deleted: false }, entry.event.id);
  if (entry.kind === 'stats')
    return insert(server, 'plot_stats', { ...entry.stats, _deleted: false }, entry.stats.id);
  for (let round = 0; round < MAX_CONFLICT_ROUNDS; round++) {
    const master = await server.readDocument('jobs', entry.jobId);
    const what = `the job's move ${entry.from} → ${entry.to}`;
    if (!master || master._deleted)
      return refused('gone', `${what}: the job is no longer on the server`);
    if (master.state === entry.to && master.updatedAt === entry.at) return { sent: true };
    if (master.state !== entry.from)
      return refused('moved-on', `${what}: the server has the job as ${String(master.state)}`);
    const next = {
      ...master,
      state: entry.to,
      updatedAt: entry.at,
      leaseFencingToken: entry.fencingToken,
    };
    const answer = await server.push('jobs', [
      { assumedMasterState: master, newDocumentState: next },
    ]);
    const reason = reasonOf(answer, entry.jobId);
    if (reason === null) return { sent: true };
    if (reason !== 'conflict')
      return refused(reason, `${what}: ${await explain(server, entry.jobId, reason)}`);
  }
  return refused('conflict', `the job kept changing on the server while ${entry.to} was written`);
}

async function insert(
  server: JobServerClient,
  collection: 'events' | 'plot_stats',
  doc: Record<string, unknown>,
  id: string,
): Promise<SendOutcome> {
  const reason = reasonOf(
    await server.push(collection, [{ assumedMasterState: null, newDocumentState: doc }]),
    id,
  );
  // `conflict` on an insert: a document with this id is there already, and only this
  // device made that id — an earlier send whose answer was lost.
  if (reason === null || reason === 'conflict') return { sent: true };
  const what = collection === 'events' ? `the ${String(doc.type)} event` : "the plot's statistics";
  return refused(reason, `${what}: ${await explain(server, String(doc.jobId), reason)}`);
}

function reasonOf(answer: PushResponse, id: string): string | null {
  if (!answer.conflicts.some((c) => c.id === id)) return null;
  return answer.reasons[id] ?? 'conflict';
}

const refused = (reason: string, message: string): SendOutcome => ({
  sent: false,
  reason,
  message,
});

/** The refusal in words; for a job taken by another device, who has it (from its lease). */
async function explain(server: JobServerClient, jobId: string, reason: string): Promise<string> {
  switch (reason) {
    case 'held-by-other': {
      const lease = await server.readDocument('leases', jobId).catch(() => null);
      const holder = typeof lease?.holderName === 'string' ? lease.holderName : 'another device';
      return `${holder} holds the job now (its lease went to them)`;
    }
    case 'stale-fencing-token':
      return "this device's lease on the job is no longer the current one (the job was taken and given back)";
    case 'no-lease':
      return 'nobody holds the job any more (its lease was released or force-released)';
    case 'transition-not-allowed':
      return 'the job lifecycle does not allow that step';
    case 'no-permission':
      return 'this device may not write it (events are recorded only by the device that made them)';
    default:
      return `refused (${reason})`;
  }
}
