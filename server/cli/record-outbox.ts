import { randomUUID } from 'node:crypto';
import {
  appendFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IsoTime } from '@fabdesk/shared/models/iso-time.ts';
import { processAlive } from '../process-alive.ts';
import { PlotRecordEntry } from './plot-record-entry.ts';

/**
 * An outbox file: one plot's record writes the server has not confirmed yet, in order.
 * Holds no secret: not the device token (the next `fabdesk plot` or `fabdesk sync` brings
 * its own), only the server it belongs to, the job, and the entries themselves.
 */
const OutboxDocument = z.strictObject({
  version: z.literal(1),
  server: z.string().min(1),
  jobId: z.string().min(1),
  createdAt: IsoTime,
  entries: z.array(PlotRecordEntry),
});
type OutboxDocument = z.infer<typeof OutboxDocument>;

const LOCK_REFRESH_MS = 10_000;
const LOCK_STALE_MS = 60_000;

/** The same server however its URL was typed (trailing slashes, default port, case). */
export const sameServer = (a: string, b: string) => normalize(a) === normalize(b);
function normalize(url: string): string {
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url.replace(/\/+$/, '');
  }
}

/**
 * `<home>/outbox/<id>.json` and its lock `<id>.lock` (the owning process's pid, taken with
 * O_EXCL): while one process works on a file no other sends it, so a `fabdesk sync` in a
 * second terminal never races a running plot. The holder touches its lock every
 * `LOCK_REFRESH_MS`; a lock whose process is gone, or untouched for `LOCK_STALE_MS` (its
 * pid reused after a reboot), is taken over.
 * Writes go to a temporary file renamed over the old one, so a power cut leaves the old
 * or the new list, never half of one. An empty list removes the file. Refused entries are
 * never dropped silently: they are appended with their reason to `<home>/refused/<id>.jsonl`.
 */
export class RecordOutbox {
  readonly path: string;
  private readonly home: string;
  private readonly id: string;
  private readonly doc: Omit<OutboxDocument, 'entries'>;
  readonly entries: readonly PlotRecordEntry[];
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(home: string, id: string, doc: OutboxDocument) {
    this.home = home;
    this.id = id;
    this.path = join(home, 'outbox', `${id}.json`);
    const { entries, ...rest } = doc;
    this.doc = rest;
    this.entries = entries;
    const lockPath = join(home, 'outbox', `${id}.lock`);
    this.heartbeat = setInterval(() => {
      const now = new Date();
      utimes(lockPath, now, now).catch(() => undefined);
    }, LOCK_REFRESH_MS);
    this.heartbeat.unref();
  }

  get server(): string {
    return this.doc.server;
  }

  get jobId(): string {
    return this.doc.jobId;
  }

  /** A new, locked outbox for one plot (nothing is written until the first entry). */
  static async create(home: string, server: string, jobId: string): Promise<RecordOutbox> {
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    await mkdir(join(home, 'outbox'), { recursive: true });
    if (!(await lock(join(home, 'outbox', `${id}.lock`))))
      throw new Error(`could not lock the new outbox ${id}`);
    const doc = {
      version: 1 as const,
      server,
      jobId,
      createdAt: new Date().toISOString(),
      entries: [],
    };
    return new RecordOutbox(home, id, doc);
  }

  /**
   * Every outbox file of `server` that no live process holds, oldest first, locked for the
   * caller. A file that does not parse is reported through `onBadFile` and left as it is.
   */
  static async claim(
    home: string,
    server: string,
    onBadFile: (path: string, problem: string) => void,
  ): Promise<RecordOutbox[]> {
    const dir = join(home, 'outbox');
    const names = (await readdir(dir).catch(() => [] as string[]))
      .filter((n) => n.endsWith('.json'))
      .sort();
    const claimed: RecordOutbox[] = [];
    for (const name of names) {
      const id = name.slice(0, -'.json'.length);
      const path = join(dir, name);
      let doc: OutboxDocument;
      try {
        const parsed = OutboxDocument.safeParse(JSON.parse(await readFile(path, 'utf8')));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          onBadFile(path, `${issue?.path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
          continue;
        }
        doc = parsed.data;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // sent meanwhile
        onBadFile(path, (error as Error).message);
        continue;
      }
      if (!sameServer(doc.server, server)) continue;
      if (!(await lock(join(dir, `${id}.lock`)))) continue;
      // Read again under the lock: its previous holder may have sent some of it.
      const fresh = await readFile(path, 'utf8').catch(() => null);
      const again = fresh === null ? null : OutboxDocument.safeParse(JSON.parse(fresh));
      if (!again?.success) {
        await rm(join(dir, `${id}.lock`), { force: true });
        continue;
      }
      claimed.push(new RecordOutbox(home, id, again.data));
    }
    return claimed;
  }

  /** Stores the entries still to send (atomically), or removes the file when there are none. */
  async write(entries: readonly PlotRecordEntry[]): Promise<void> {
    if (entries.length === 0) {
      await rm(this.path, { force: true });
      return;
    }
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ ...this.doc, entries }, null, 1)}\n`);
    await rename(temporary, this.path);
  }

  /** Keeps a refused entry with its reason, for a person to look at. */
  async keepRefused(entry: PlotRecordEntry, reason: string, message: string): Promise<string> {
    const path = join(this.home, 'refused', `${this.id}.jsonl`);
    await mkdir(join(this.home, 'refused'), { recursive: true });
    const line = { at: new Date().toISOString(), server: this.doc.server, reason, message, entry };
    await appendFile(path, `${JSON.stringify(line)}\n`);
    return path;
  }

  /** Lets other processes send what is left. */
  async unlock(): Promise<void> {
    clearInterval(this.heartbeat);
    await rm(join(this.home, 'outbox', `${this.id}.lock`), { force: true });
  }
}

/** Takes `path` as a lock file holding our pid; takes over the lock of a process that is gone. */
async function lock(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await readFile(path, 'utf8').catch(() => ''));
      const touchedMs = (await stat(path).catch(() => null))?.mtimeMs ?? 0;
      const fresh = Date.now() - touchedMs < LOCK_STALE_MS;
      if (fresh && Number.isInteger(pid) && pid > 0 && processAlive(pid)) return false;
      await rm(path, { force: true });
    }
  }
  return false;
}
