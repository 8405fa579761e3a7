import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlotRecordEntry } from './plot-record-entry.ts';
import { RecordOutbox, sameServer } from './record-outbox.ts';

const JOB = '00000000-0000-4000-8000-000000000001';
const SERVER = 'http://plotter-lab.local:8787';
const entry = (to: string, s: number): PlotRecordEntry => ({
  kind: 'move',
  jobId: JOB,
  from: 'PLOTTING',
  to: to as 'PAUSED',
  at: new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString(),
  fencingToken: 3,
});

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'fabdesk-outbox-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const files = async () => (await readdir(join(home, 'outbox'))).sort();
const noBadFiles = (path: string, problem: string) => {
  throw new Error(`unexpected bad file ${path}: ${problem}`);
};

describe('RecordOutbox', () => {
  it('keeps the unsent entries in one JSON file per plot and removes it once they are sent', async () => {
    const outbox = await RecordOutbox.create(home, SERVER, JOB);
    expect(await files()).toEqual([expect.stringMatching(/\.lock$/)]);
    await outbox.write([entry('PAUSED', 1), entry('COMPLETED', 2)]);
    const stored = JSON.parse(await readFile(outbox.path, 'utf8'));
    expect(stored).toMatchObject({ version: 1, server: SERVER, jobId: JOB });
    expect(stored.entries.map((e: { to: string }) => e.to)).toEqual(['PAUSED', 'COMPLETED']);
    await outbox.write([]);
    await outbox.unlock();
    expect(await files()).toEqual([]);
  });

  it('hands a file to one process at a time: held by a live process it is skipped, once unlocked it is claimed with its entries', async () => {
    const writer = await RecordOutbox.create(home, SERVER, JOB);
    await writer.write([entry('PAUSED', 1)]);
    expect(await RecordOutbox.claim(home, SERVER, noBadFiles)).toEqual([]);
    await writer.unlock();
    const [claimed, ...rest] = await RecordOutbox.claim(home, `${SERVER}/`, noBadFiles);
    expect(rest).toEqual([]);
    expect(claimed?.entries.map((e) => (e.kind === 'move' ? e.to : e.kind))).toEqual(['PAUSED']);
    // Claimed means locked: nobody else gets it meanwhile.
    expect(await RecordOutbox.claim(home, SERVER, noBadFiles)).toEqual([]);
    await claimed?.unlock();
  });

  it('takes over the lock of a process that is gone, or of a lock nobody touched for a minute', async () => {
    const a = await RecordOutbox.create(home, SERVER, JOB);
    await a.write([entry('PAUSED', 1)]);
    const lockA = a.path.replace(/\.json$/, '.lock');
    await writeFile(lockA, '999999999'); // no such process
    const b = await RecordOutbox.create(home, SERVER, JOB);
    await b.write([entry('COMPLETED', 2)]);
    const lockB = b.path.replace(/\.json$/, '.lock');
    const old = new Date(Date.now() - 120_000);
    await utimes(lockB, old, old); // our own pid, but stale (a reused pid after a reboot)
    const claimed = await RecordOutbox.claim(home, SERVER, noBadFiles);
    expect(claimed.map((o) => o.path).sort()).toEqual([a.path, b.path].sort());
    for (const o of claimed) await o.unlock();
  });

  it('leaves other servers’ files alone and reports an unreadable file without touching it', async () => {
    const other = await RecordOutbox.create(home, 'http://elsewhere:8787', JOB);
    await other.write([entry('PAUSED', 1)]);
    await other.unlock();
    const bad = join(home, 'outbox', '2026-01-01-bad.json');
    await writeFile(bad, '{"version":1,"server":"http://plotter-lab.local:8787","entries":[');
    const problems: string[] = [];
    expect(await RecordOutbox.claim(home, SERVER, (path) => problems.push(path))).toEqual([]);
    expect(problems).toEqual([bad]);
    expect(await readFile(bad, 'utf8')).toContain('"entries":[');
    expect((await files()).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });

  it('keeps refused entries with their reason, one JSON line each', async () => {
    const outbox = await RecordOutbox.create(home, SERVER, JOB);
    const path = await outbox.keepRefused(
      entry('PAUSED', 1),
      'held-by-other',
      'Bo holds the job now',
    );
    await outbox.keepRefused(
      entry('PLOTTING', 2),
      'skipped',
      'not sent after an earlier move was refused',
    );
    const lines = (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.reason, l.entry.to, l.server])).toEqual([
      ['held-by-other', 'PAUSED', SERVER],
      ['skipped', 'PLOTTING', SERVER],
    ]);
    await outbox.unlock();
  });

  it('compares servers by URL, not by spelling', () => {
    expect(sameServer('http://Lab:80/', 'http://lab')).toBe(true);
    expect(sameServer('http://lab:8787', 'http://lab:8788')).toBe(false);
  });
});
