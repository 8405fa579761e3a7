import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlotCheckpoint } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { CheckpointFile, CheckpointFileError } from './checkpoint-file.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'fabdesk-checkpoints-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const at = (pathIndex: number): PlotCheckpoint => ({
  jobId: 'job-1',
  planHash: 'c'.repeat(64),
  layerIndex: 1,
  pathIndex,
  penDownDistanceMm: pathIndex * 10,
  xMm: pathIndex,
  yMm: 2,
  motor1Steps: 3,
  motor2Steps: 4,
  measured: { elapsedS: pathIndex, layerDurationsS: [1, pathIndex - 1] },
});

describe('CheckpointFile', () => {
  it('keeps the latest checkpoint of a job in checkpoints/<job id>.json and loads it back', async () => {
    const file = new CheckpointFile(home);
    expect(await file.load('job-1')).toBeNull();
    await file.save(at(1));
    expect(await file.load('job-1')).toEqual(at(1));
    expect(file.pathOf('job-1')).toBe(join(home, 'checkpoints', 'job-1.json'));
  });

  it('saves that come while one is written are not queued up: the last one is what stays', async () => {
    const file = new CheckpointFile(home);
    const saves = [1, 2, 3, 4, 5].map((i) => file.save(at(i)));
    await Promise.all(saves);
    expect(await file.load('job-1')).toEqual(at(5));
    expect(await readdir(join(home, 'checkpoints'))).toEqual(['job-1.json']);
  });

  it('clear waits for a write under way, then removes the file', async () => {
    const file = new CheckpointFile(home);
    void file.save(at(1));
    await file.clear('job-1');
    expect(await file.load('job-1')).toBeNull();
    expect(await readdir(join(home, 'checkpoints'))).toEqual([]);
  });

  it('a file that is not a checkpoint is an error naming it, and is left as it is', async () => {
    const file = new CheckpointFile(home);
    await file.save(at(1));
    const path = file.pathOf('job-1');
    await writeFile(path, '{"jobId":"job-1","planHash":"nope"}');
    await expect(file.load('job-1')).rejects.toThrow(CheckpointFileError);
    await expect(file.load('job-1')).rejects.toThrow(
      `the checkpoint file ${path} is not readable (`,
    );
    expect(await readFile(path, 'utf8')).toBe('{"jobId":"job-1","planHash":"nope"}');
  });

  it('never makes a path from something that is not an id', () => {
    expect(() => new CheckpointFile(home).pathOf('../outbox/x')).toThrow('not a job id');
  });
});
