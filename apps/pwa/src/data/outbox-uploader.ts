import type { DeviceDatabase } from '@fabdesk/sync/client/create-device-database.ts';
import { ApiError } from './api-error.ts';
import type { FileServices, UploadAnswer } from './file-services.ts';
import {
  markOutboxGroup,
  type OutboxGroup,
  outboxFiles,
  readOutbox,
  removeOutboxGroup,
} from './outbox.ts';
import type { Session } from './session.ts';

/** What one pass did with each group it tried, by group id. */
export type DrainResult = Map<string, UploadAnswer | { kind: 'waiting'; message: string }>;

/**
 * Sends the outbox to the server, one job at a time, oldest first. A created job leaves the
 * outbox (it comes back through replication, made by the server); a duplicate or a refusal
 * stays with its reason until the user removes it; offline or a server error stops the pass
 * and the entries wait for the next one. Passes never overlap: `drain` during a pass runs
 * one more pass after it.
 */
export function createOutboxUploader(deps: {
  db: DeviceDatabase;
  session: Session;
  files: FileServices;
}) {
  let current: Promise<DrainResult> | null = null;
  let again: Promise<DrainResult> | null = null;

  async function pass(): Promise<DrainResult> {
    const result: DrainResult = new Map();
    for (const group of await readOutbox(deps.db)) {
      if (group.problem && group.problem.kind !== 'retrying') continue;
      const answer = await attempt(group);
      result.set(group.groupId, answer);
      if (answer.kind === 'waiting') break;
    }
    return result;
  }

  async function attempt(group: OutboxGroup) {
    try {
      const answer = await deps.files.upload(
        deps.session,
        await outboxFiles(deps.db, group),
        group.fields,
      );
      if (answer.kind === 'created') await removeOutboxGroup(deps.db, group);
      else if (answer.kind === 'duplicate')
        await markOutboxGroup(deps.db, group, { kind: 'duplicate', jobId: answer.jobId });
      else await markOutboxGroup(deps.db, group, { kind: 'refused', message: answer.message });
      return answer;
    } catch (error) {
      const message =
        error instanceof ApiError ? error.message : 'The upload failed on this device.';
      await markOutboxGroup(deps.db, group, { kind: 'retrying', message });
      return { kind: 'waiting' as const, message };
    }
  }

  return {
    drain(): Promise<DrainResult> {
      if (!current) {
        current = pass().finally(() => {
          current = null;
        });
        return current;
      }
      again ??= current
        .catch(() => undefined)
        .then(() => {
          again = null;
          return this.drain();
        });
      return again;
    },
  };
}
export type OutboxUploader = ReturnType<typeof createOutboxUploader>;
