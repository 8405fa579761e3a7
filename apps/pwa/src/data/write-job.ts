import type { EventType } from '@fabdesk/shared/models/event.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import type { DeviceDatabase } from '@fabdesk/sync/client/create-device-database.ts';
import type { Session } from './session.ts';

type JobChange = Partial<Omit<Job, 'id' | 'createdAt' | 'updatedAt' | 'leaseFencingToken'>>;

/**
 * Changes a job on this device under the lease it holds: stamps `updatedAt` and the
 * lease's fencing token (the server refuses a write without the current token) and, when
 * given, appends the audit event the server does not write itself (it writes JobCreated
 * and StatusChanged). Replication pushes both.
 */
export async function writeJob(options: {
  db: DeviceDatabase;
  session: Session;
  lease: JobLease;
  jobId: string;
  change: JobChange;
  event?: { type: EventType; details: Record<string, string | number | boolean | null> };
  now: Date;
  newId: () => string;
}): Promise<void> {
  const { db, session, lease, jobId, change, event, now } = options;
  const doc = await db.jobs.findOne(jobId).exec();
  if (!doc) throw new Error(`job ${jobId} is not on this device`);
  await doc.incrementalPatch({
    ...change,
    updatedAt: now.toISOString(),
    leaseFencingToken: lease.fencingToken,
  });
  if (event) {
    await db.events.insert({
      id: options.newId(),
      jobId,
      type: event.type,
      details: event.details,
      triggeredBy: session.staff.id,
      triggeredByName: session.staff.name,
      workstationId: session.workstation.id,
      occurredAt: now.toISOString(),
      receivedAt: null,
    });
  }
}
