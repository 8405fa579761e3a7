import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';

/** Who holds a job's lock right now, or null (never leased, released, or expired). */
export function activeHolder(
  lease: JobLease | undefined,
  now: Date,
): { name: string; workstationId: string; until: Date } | null {
  if (!lease?.holderWorkstationId || !lease.expiresAt) return null;
  const until = new Date(lease.expiresAt);
  if (until <= now) return null;
  return { name: lease.holderName ?? 'someone', workstationId: lease.holderWorkstationId, until };
}

/** The newer of two versions of a lease (the HTTP answer and the replicated copy). */
export function newerLease(a: JobLease | undefined, b: JobLease | undefined) {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a.updatedAt) >= Date.parse(b.updatedAt) ? a : b;
}
