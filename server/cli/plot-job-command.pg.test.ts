import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { listen } from '../listen.ts';
import { corpusSvg, createRunsTestKit, waitFor } from '../runs/runs-test-kit.ts';
import { addDevice, holdLease } from '../sync/sync-test-fixture.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./fabdesk.ts', import.meta.url));

let kit: Awaited<ReturnType<typeof createRunsTestKit>>;
let server: Server;
let baseUrl: string;
let token: string;

/** `fabdesk plot …` in a child process against the in-process server; never throws. */
const fabdesk = (...args: string[]) =>
  run(process.execPath, [cli, 'plot', ...args], {
    timeout: 60_000,
    env: { ...process.env, FABDESK_TOKEN: token },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

/** Uploads a corpus file and waits until the server has planned it (OPTIMIZED, plan hash). */
/** The fields of `GET /jobs/:id`'s job this test reads. */
interface PlannedJob {
  id: string;
  name: string;
  state: string;
  planHash: string;
  metrics: { estimatedPlotS: number };
}

async function plannedJob(file: string, variant: string): Promise<PlannedJob> {
  const created = await kit.upload({ [file]: corpusSvg(file, variant) }, { preset: 'fast' });
  expect(created.status).toBe(201);
  const { job } = (await created.json()) as { job: { id: string } };
  return waitFor(`${file} to be optimized`, async () => {
    const body = (await (await kit.call('GET', `/jobs/${job.id}`)).json()) as { job: PlannedJob };
    return body.job.state === 'OPTIMIZED' && body.job.planHash !== null && body.job;
  });
}

/**
 * Releases a job for plotting. Set in SQL: the review step that moves OPTIMIZED → READY
 * belongs to the console and the sync push, which have their own tests; here it is setup.
 */
const release = (id: string) =>
  kit.db.updateTable('jobs').set({ state: 'READY' }).where('id', '=', id).execute();

beforeAll(async () => {
  kit = await createRunsTestKit(inject('pgAdminUrl'));
  token = kit.auth.authorization.replace(/^Bearer /, '');
  server = await listen(kit.app.fetch, '127.0.0.1', 0);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await kit?.close();
});

describe('fabdesk plot <job id> --server', () => {
  test('a READY job is plotted on the virtual plotter: every planned stroke, the estimate kept, the lease released', async () => {
    const job = await plannedJob('misc__multilayer.svg', 'plot-ready');
    await release(job.id);
    const { code, stdout, stderr } = await fabdesk(
      job.id,
      '--server',
      baseUrl,
      '--virtual',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      job: job.id,
      planHash: job.planHash,
      completed: true,
      underruns: 0,
      errorReplies: 0,
      missingMm: 0,
    });
    expect(report.strokesPlanned).toBeGreaterThan(1);
    expect(report.strokesDrawn).toBe(report.strokesPlanned);
    expect(report.drawnMm).toBeCloseTo(report.plannedMm, 0);
    expect(report.estimateS).toBeCloseTo(job.metrics.estimatedPlotS, 0);
    expect(Math.abs(report.estimateErrorPercent)).toBeLessThan(0.5);

    const lease = await kit.db
      .selectFrom('job_leases')
      .selectAll()
      .where('job_id', '=', job.id)
      .executeTakeFirstOrThrow();
    expect(lease).toMatchObject({ holder_workstation_id: null, fencing_token: 1 });
  }, 90_000);

  test('a job not released for plotting is refused in one line, without taking its lease', async () => {
    const job = await plannedJob('misc__few_circles.svg', 'plot-optimized');
    const { code, stdout, stderr } = await fabdesk(job.id, '--server', baseUrl, '--virtual');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `fabdesk plot: job "${job.name}" is OPTIMIZED; only READY, ARMED or PAUSED jobs can be plotted\n`,
    );
    const leases = await kit.db
      .selectFrom('job_leases')
      .selectAll()
      .where('job_id', '=', job.id)
      .execute();
    expect(leases).toEqual([]);
  }, 60_000);

  test('a job another device holds is refused with who holds it and until when', async () => {
    const job = await plannedJob('misc__few_circles.svg', 'plot-held');
    await release(job.id);
    const bo = await addDevice(kit.db, 'Bo');
    await holdLease(kit.db, job.id, bo, 1);
    const { code, stderr } = await fabdesk(job.id, '--server', baseUrl, '--virtual', '--json');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^fabdesk plot: held by Bo until \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
  }, 60_000);

  test('a plan blob whose bytes do not match its hash is refused before plotting, and the lease is released', async () => {
    const job = await plannedJob('misc__few_circles.svg', 'plot-corrupt');
    await release(job.id);
    // One bit flipped in the stored bytes (same size, so the table's checks still hold).
    await sql`update blobs set data = set_byte(data, 100, get_byte(data, 100) # 1)
      where hash = ${job.planHash}`.execute(kit.db);
    const { code, stdout, stderr } = await fabdesk(job.id, '--server', baseUrl, '--virtual');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(`^fabdesk plot: the plan blob's SHA-256 is [0-9a-f]{64}, not ${job.planHash}\n$`),
    );
    const lease = await kit.db
      .selectFrom('job_leases')
      .selectAll()
      .where('job_id', '=', job.id)
      .executeTakeFirstOrThrow();
    expect(lease).toMatchObject({ holder_workstation_id: null, fencing_token: 1 });
  }, 60_000);

  test('an unknown job id and a wrong token are one line each, exit code 1', async () => {
    const id = crypto.randomUUID();
    const unknown = await fabdesk(id, '--server', baseUrl, '--virtual');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`fabdesk plot: no job ${id}\n`);

    const badToken = await fabdesk(id, '--server', baseUrl, '--token', 'nope', '--virtual');
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^fabdesk plot: the server refused the token \(.+\)\n$/);
  });
});
