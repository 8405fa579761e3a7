import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/**
 * The audit trail's event types: the request system's, plus what plotting, runs and
 * leases add. Stored as text so a later version can add types without a migration.
 */
export const EventType = {
  jobCreated: 'JobCreated',
  staffApproved: 'StaffApproved',
  staffRejected: 'StaffRejected',
  statusChanged: 'StatusChanged',
  requesterConfirmed: 'StudentConfirmed',
  confirmationExpired: 'ConfirmationExpired',
  notesUpdated: 'NotesUpdated',
  adminOverride: 'AdminOverride',
  printFailed: 'PrintFailed',
  emailSent: 'EmailSent',
  fileDeleted: 'FileDeleted',
  jobArchived: 'JobArchived',
  jobUpdated: 'JobUpdated',
  leaseAcquired: 'LeaseAcquired',
  leaseReleased: 'LeaseReleased',
  leaseForceReleased: 'LeaseForceReleased',
  runQueued: 'RunQueued',
  runFinished: 'RunFinished',
  plotArmed: 'PlotArmed',
  plotStarted: 'PlotStarted',
  plotPaused: 'PlotPaused',
  plotResumed: 'PlotResumed',
  plotCompleted: 'PlotCompleted',
  plotAborted: 'PlotAborted',
  plotFailed: 'PlotFailed',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/**
 * One immutable audit record of something that happened to a job. Created on the device
 * that did it (offline too: `occurredAt` is that device's clock) and stamped by the server
 * when it arrives (`receivedAt`, null until then). Postgres refuses UPDATE, DELETE and
 * TRUNCATE on the events table.
 */
export const Event = z.strictObject({
  id: EntityId,
  jobId: EntityId,
  type: z.enum(Object.values(EventType) as [EventType, ...EventType[]]),
  details: z.record(z.string(), z.json()),
  triggeredBy: EntityId.nullable(),
  triggeredByName: z.string().max(100).nullable(),
  workstationId: z.string().max(100).nullable(),
  occurredAt: IsoTime,
  receivedAt: IsoTime.nullable(),
});
export type Event = z.infer<typeof Event>;
