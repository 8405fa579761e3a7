import { JobServerError } from './job-server-error.ts';
import { PlotRecordEntry } from './plot-record-entry.ts';
import type { SendOutcome } from './send-record-entry.ts';

/** What the queue needs from its surroundings; injected so tests control the network and time. */
export interface RecordQueueDeps {
  /**
   * Writes one entry; throws `JobServerError` when it could not (transient ones are
   * retried). `signal` is aborted when the queue gives up: the request must end with it.
   */
  send(entry: PlotRecordEntry, signal: AbortSignal): Promise<SendOutcome>;
  /** Keeps the entries not yet confirmed (the outbox file); called after every change, in turn. */
  store(entries: readonly PlotRecordEntry[]): Promise<void>;
  /** An entry the server refused for good (it leaves the queue). */
  refused(entry: PlotRecordEntry, outcome: Extract<SendOutcome, { sent: false }>): Promise<void>;
  /** The first of a run of transient failures (the queue goes on retrying). */
  offline?(error: JobServerError): void;
  /** The server took an entry again after `offline`. */
  online?(): void;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * A plot's record writes, sent one at a time in the order they happened (a move to PAUSED
 * before the move back to PLOTTING; an event after its move), so the server sees the job
 * walk the lifecycle step by step. `add` returns at once: the plot never waits on the
 * network. A transient failure (no connection, 5xx, timeout) is retried with exponential
 * backoff; a refusal is handed to `refused` and the queue moves on, except that once a job
 * move is refused the later moves are not sent (they start where the refused one ended) and
 * are handed to `refused` as `skipped`. Any other error (a revoked token, a request the
 * server calls malformed) stops the queue with the entries kept (`stuck`). Every change of
 * the unsent list goes to `store`, so a crash or an exit loses nothing that was not sent.
 */
export class RecordQueue {
  private readonly deps: RecordQueueDeps;
  private readonly unsent: PlotRecordEntry[] = [];
  private readonly stop = new AbortController();
  private running = false;
  private skipMoves = false;
  private wasOffline = false;
  private stuckOn: Error | null = null;
  private stored: Promise<void> = Promise.resolve();
  private storeError: Error | null = null;
  private readonly waiters = new Set<() => void>();

  /** `initial`: entries read back from an outbox file, already stored. */
  constructor(deps: RecordQueueDeps, initial: readonly PlotRecordEntry[] = []) {
    this.deps = deps;
    this.unsent.push(...initial);
    if (initial.length > 0) void this.pump();
  }

  /** Entries not confirmed by the server, oldest first. */
  get pending(): readonly PlotRecordEntry[] {
    return this.unsent;
  }

  /** Why the queue stopped before sending everything, if it did. */
  get stuck(): Error | null {
    return this.stuckOn;
  }

  /** The first failure to keep the list on disk, if any (the queue still sends from memory). */
  get storeFailure(): Error | null {
    return this.storeError;
  }

  /** Queues one entry (checked against the schema now: a malformed one is a bug, here). */
  add(entry: PlotRecordEntry): void {
    this.unsent.push(PlotRecordEntry.parse(entry));
    this.persist();
    void this.pump();
  }

  /**
   * Waits until everything is sent or refused (true), the queue is stuck (false) or
   * `deadlineMs` has passed (false); then stops sending and resolves once the list on
   * disk is up to date. Entries still unsent stay in `pending` and in the store.
   */
  async settle(deadlineMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        if (this.idle()) resolve();
        else this.waiters.add(resolve);
      }),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
      }),
    ]);
    clearTimeout(timer);
    this.giveUp();
    await this.stored;
    return this.unsent.length === 0;
  }

  /** Stops sending now (a request in flight is cancelled; its entry stays unsent). */
  giveUp(): void {
    this.stop.abort();
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private idle(): boolean {
    return this.unsent.length === 0 || this.stuckOn !== null;
  }

  private persist(): void {
    const snapshot = [...this.unsent];
    this.stored = this.stored
      .then(() => this.deps.store(snapshot))
      .catch((error: Error) => {
        this.storeError ??= error;
      });
  }

  private async pump(): Promise<void> {
    if (this.running || this.stuckOn || this.stop.signal.aborted) return;
    this.running = true;
    const first = this.deps.firstDelayMs ?? 500;
    const sleep = this.deps.sleep ?? abortableSleep;
    let delayMs = first;
    while (this.unsent.length > 0 && !this.stop.signal.aborted) {
      const entry = this.unsent[0]!;
      try {
        let outcome: SendOutcome;
        if (entry.kind === 'move' && this.skipMoves)
          outcome = {
            sent: false,
            reason: 'skipped',
            message: `the job's move ${entry.from} → ${entry.to}: not sent after an earlier move was refused`,
          };
        else outcome = await this.deps.send(entry, this.stop.signal);
        if (this.wasOffline) this.deps.online?.();
        this.wasOffline = false;
        delayMs = first;
        if (!outcome.sent) {
          if (entry.kind === 'move') this.skipMoves = true;
          await this.deps.refused(entry, outcome);
        }
        this.unsent.shift();
        this.persist();
      } catch (error) {
        if (this.stop.signal.aborted) break;
        if (error instanceof JobServerError && error.transient) {
          if (!this.wasOffline) this.deps.offline?.(error);
          this.wasOffline = true;
          await sleep(delayMs, this.stop.signal);
          delayMs = Math.min(delayMs * 2, this.deps.maxDelayMs ?? 30_000);
          continue;
        }
        this.stuckOn = error as Error;
        break;
      }
    }
    this.running = false;
    if (!this.idle()) return;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
