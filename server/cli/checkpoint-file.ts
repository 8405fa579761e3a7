import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type PlotCheckpoint, PlotCheckpointSchema } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import type { PlotCheckpointStore } from '@fabdesk/shared/plot/plot-checkpoint-store.ts';

/** A checkpoint file that is there but cannot be used (not JSON, not a checkpoint). */
export class CheckpointFileError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`the checkpoint file ${path} is not readable (${problem})`);
    this.name = 'CheckpointFileError';
    this.path = path;
  }
}

/**
 * The CLI's `PlotCheckpointStore`: `<home>/checkpoints/<job id>.json`, one
 * `PlotCheckpoint` (plan hash included) per job, so a plot the process did not finish (a
 * crash, kill -9, a power cut of the Pi, a plotter fault) can be continued by the next
 * `fabdesk plot <job id>`.
 *
 * Each save goes to `<job id>.json.tmp`, is flushed to the disk (fsync: the Pi next to the
 * plotter may lose power too) and renamed over the file, so the file is always the old
 * checkpoint or the new one, never half of one. Saves never wait for each other: while one
 * is being written, only the latest of those that come meanwhile is kept to write next
 * (only the latest checkpoint matters). `settled()` waits for what is being written;
 * `clear` waits for it too, then removes the file.
 */
export class CheckpointFile implements PlotCheckpointStore {
  readonly dir: string;
  private next: PlotCheckpoint | null = null;
  private writing: Promise<void> | null = null;

  constructor(home: string) {
    this.dir = join(home, 'checkpoints');
  }

  pathOf(jobId: string): string {
    // Security: the id names a file; only an id the server answered with gets here, but a
    // separator or dot-dot must never reach the path.
    if (!/^[\w-]+$/.test(jobId)) throw new Error(`not a job id: ${JSON.stringify(jobId)}`);
    return join(this.dir, `${jobId}.json`);
  }

  /** The job's checkpoint, null when there is none; `CheckpointFileError` when unusable. */
  async load(jobId: string): Promise<PlotCheckpoint | null> {
    const path = this.pathOf(jobId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CheckpointFileError(path, (error as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CheckpointFileError(path, (error as Error).message);
    }
    const parsed = PlotCheckpointSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CheckpointFileError(
        path,
        `${issue?.path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  }

  /** Resolves once this checkpoint (or a later one) is on disk; rejects if that write failed. */
  save(checkpoint: PlotCheckpoint): Promise<void> {
    this.next = checkpoint;
    this.writing ??= this.drain().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  /** Waits for the write under way, if any (its failure was already reported by `save`). */
  async settled(): Promise<void> {
    await this.writing?.catch(() => undefined);
  }

  async clear(jobId: string): Promise<void> {
    this.next = null;
    await this.settled();
    const path = this.pathOf(jobId);
    await rm(path, { force: true });
    await rm(`${path}.tmp`, { force: true });
  }

  private async drain(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (let c = this.next; c; c = this.next) {
      this.next = null;
      const path = this.pathOf(c.jobId);
      const temporary = `${path}.tmp`;
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(`${JSON.stringify(c, null, 1)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    }
  }
}
