import { createJobServerClient } from './job-server-client.ts';
import { RecordOutbox } from './record-outbox.ts';
import { RecordQueue } from './record-queue.ts';
import { sendRecordEntry } from './send-record-entry.ts';

/**
 * How long a finished plot, or `fabdesk sync`, waits for records to reach the server
 * (retrying with backoff) before it leaves the rest in the outbox and exits.
 */
export const RECORD_WAIT_MS = 10_000;

/** What became of the outbox: entries sent, refused (kept aside), and still waiting. */
export interface OutboxSummary {
  sent: number;
  refused: number;
  waiting: number;
  /** Where the waiting entries are (their outbox files), and the jobs they are of. */
  files: string[];
  jobs: string[];
  /** Why sending stopped early, if it did (unreachable, a refused token…). */
  problem: string | null;
}

/**
 * Sends the record writes earlier plots of this server left in the outbox (the server was
 * unreachable when they ended), oldest plot first, each file in order, through the same
 * queue and push as a live plot. Refusals are printed (one line each, `say`) and kept in
 * `<home>/refused/`. With `giveUpOffline` the first transient failure ends it at once (the
 * plot that asked cannot start without the server anyway); otherwise it keeps trying for
 * `waitMs`. Files of other servers, and files another process holds, are left alone.
 */
export async function sendOutbox(options: {
  home: string;
  server: string;
  token: string;
  waitMs: number;
  giveUpOffline: boolean;
  say(line: string): void;
}): Promise<OutboxSummary> {
  const { say } = options;
  const summary: OutboxSummary = {
    sent: 0,
    refused: 0,
    waiting: 0,
    files: [],
    jobs: [],
    problem: null,
  };
  const outboxes = await RecordOutbox.claim(options.home, options.server, (path, problem) =>
    say(`the outbox file ${path} is not readable (${problem}); it is left as it is`),
  );
  for (const [index, outbox] of outboxes.entries()) {
    let offline: string | null = null;
    let refusedHere = 0;
    const queue: RecordQueue = new RecordQueue(
      {
        send: (entry, signal) =>
          sendRecordEntry(createJobServerClient(options.server, options.token, { signal }), entry),
        store: (entries) => outbox.write(entries),
        refused: async (entry, outcome) => {
          refusedHere++;
          const kept = await outbox.keepRefused(entry, outcome.reason, outcome.message);
          if (outcome.reason !== 'skipped')
            say(`the server refused ${outcome.message} (kept in ${kept})`);
        },
        offline: (error) => {
          offline = error.message;
          if (options.giveUpOffline) queue.giveUp();
        },
      },
      outbox.entries,
    );
    const before = outbox.entries.length;
    await queue.settle(options.waitMs);
    await outbox.unlock();
    const left = queue.pending.length;
    summary.sent += before - left - refusedHere;
    summary.refused += refusedHere;
    if (left > 0) {
      summary.waiting += left;
      summary.files.push(outbox.path);
      summary.jobs.push(outbox.jobId);
      summary.problem = queue.stuck?.message ?? offline ?? 'the server did not take them in time';
      // The server is not taking anything now: the later files wait for the next try.
      for (const rest of outboxes.slice(index + 1)) {
        summary.waiting += rest.entries.length;
        summary.files.push(rest.path);
        summary.jobs.push(rest.jobId);
        await rest.unlock();
      }
      break;
    }
  }
  return summary;
}
