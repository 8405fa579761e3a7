import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { decodePlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';
import { listen } from '../listen.ts';
import { corpusSvg, createRunsTestKit, waitFor } from '../runs/runs-test-kit.ts';
import type { Database } from '../db/database.ts';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./fabdesk.ts', import.meta.url));

/** The fields of `GET /jobs/:id`'s job the CLI tests read. */
export interface PlannedJob {
  id: string;
  name: string;
  state: string;
  planHash: string;
  metrics: { estimatedPlotS: number };
}

/** What a `fabdesk …` child process did. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A `fabdesk …` child process still running, for a test that stops it (kill -9). */
export interface RunningCli {
  child: ChildProcess;
  /** Its output so far. */
  readonly stderr: string;
  /** When it has exited: its code (null if a signal ended it), the signal, its output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null } & Omit<CliResult, 'code'>>;
}

/**
 * For the CLI's `.pg.test.ts` files: the runs kit (real app, real token, conversion
 * workers) served on a port, a private FABDESK_HOME, and `fabdesk …` run as a child
 * process the way a person runs it.
 */
export async function createCliTestKit(adminUrl: string) {
  const kit = await createRunsTestKit(adminUrl);
  const token = kit.auth.authorization.replace(/^Bearer /, '');
  const server = await listen(kit.app.fetch, '127.0.0.1', 0);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const home = await mkdtemp(join(tmpdir(), 'fabdesk-home-'));

  /** `fabdesk <args>` in a child process against the in-process server; never throws. */
  const fabdesk = (...args: string[]): Promise<CliResult> =>
    run(process.execPath, [cli, ...args], {
      timeout: 30_000,
      env: { ...process.env, FABDESK_TOKEN: token, FABDESK_HOME: home },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: CliResult) => e,
    );

  /** `fabdesk <args>` started in a child process, left running for the test to watch or kill. */
  const startFabdesk = (...args: string[]): RunningCli => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, FABDESK_TOKEN: token, FABDESK_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    ).then((end) => ({ ...end, stdout, stderr }));
    return {
      child,
      get stderr() {
        return stderr;
      },
      exited,
    };
  };

  /** Uploads a corpus file and waits until the server has planned and simulated it (OPTIMIZED, plan hash, no run open). */
  const plannedJob = async (file: string, variant: string): Promise<PlannedJob> => {
    const created = await kit.upload({ [file]: corpusSvg(file, variant) }, { preset: 'fast' });
    expect(created.status).toBe(201);
    const { job } = (await created.json()) as { job: { id: string } };
    return waitFor(`${file} to be optimized`, async () => {
      const body = (await (await kit.call('GET', `/jobs/${job.id}`)).json()) as {
        job: PlannedJob;
      };
      if (body.job.state !== 'OPTIMIZED' || body.job.planHash === null) return false;
      // The conversion queues a simulation run; a test's events start after it has ended.
      const open = await kit.db
        .selectFrom('runs')
        .select('id')
        .where('job_id', '=', job.id)
        .where('status', 'in', ['pending', 'running'])
        .execute();
      return open.length === 0 && body.job;
    });
  };

  /**
   * Releases a job for plotting. Set in SQL: the review step that moves OPTIMIZED → READY
   * belongs to the console and the sync push, which have their own tests; here it is setup.
   */
  const release = (id: string) =>
    kit.db.updateTable('jobs').set({ state: 'READY' }).where('id', '=', id).execute();

  /** A planned job, released: what `fabdesk plot` takes. */
  const readyJob = async (file: string, variant: string): Promise<PlannedJob> => {
    const job = await plannedJob(file, variant);
    await release(job.id);
    return job;
  };

  /** A job's state as the server has it. */
  const stateOf = async (id: string) =>
    (await kit.db.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirstOrThrow())
      .state;

  /** A job's lease row (job_id is its key), undefined while nobody ever took it. */
  const leaseOf = (id: string) =>
    kit.db.selectFrom('job_leases').selectAll().where('job_id', '=', id).executeTakeFirst();

  /** A job's statistics records written by plots (not by the planner's estimate). */
  const actualStats = (id: string) =>
    kit.db
      .selectFrom('job_statistics')
      .selectAll()
      .where('job_id', '=', id)
      .where('source', '=', 'actual')
      .execute();

  /** The plan the server stored under a plan hash. */
  const planOf = async (hash: string) => {
    const blob = await kit.db
      .selectFrom('blobs')
      .select('data')
      .where('hash', '=', hash)
      .executeTakeFirstOrThrow();
    return decodePlanBlob(new Uint8Array(blob.data)).plan;
  };

  return {
    ...kit,
    token,
    baseUrl,
    home,
    fabdesk,
    startFabdesk,
    plannedJob,
    release,
    readyJob,
    stateOf,
    leaseOf,
    actualStats,
    planOf,
    async close() {
      await closeServer(server);
      await kit.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export type CliTestKit = Awaited<ReturnType<typeof createCliTestKit>>;

/**
 * The file's CLI test kit: created before its tests, closed after them. A test file writes
 * `const kit = setUpCliTestKit()` at its top and reads `kit.db`, `kit.fabdesk` in its tests;
 * the object is empty until beforeAll has filled it.
 */
export function setUpCliTestKit(): CliTestKit {
  const kit = {} as CliTestKit;
  beforeAll(async () => {
    Object.assign(kit, await createCliTestKit(inject('pgAdminUrl')));
  }, 60_000);
  afterAll(async () => {
    await kit.close?.();
  });
  return kit;
}

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
}

/**
 * An HTTP proxy in front of the test server that a test can cut (every request's
 * connection is dropped, as when the lab's network goes) and restore, and whose hook runs
 * before each request is forwarded: returning 'cut' cuts the network from that request on.
 */
export async function createCutProxy(
  target: string,
  hook: (request: ProxiedRequest) => Promise<'cut' | undefined> | 'cut' | undefined = () =>
    undefined,
) {
  let cut = false;
  const seen: ProxiedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: Buffer.concat(chunks).toString(),
    };
    if (!cut && (await hook(request)) === 'cut') cut = true;
    if (cut) {
      req.socket.destroy();
      return;
    }
    seen.push(request);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k))
        headers.set(k, v);
    const answer = await fetch(`${target}${request.path}`, {
      method: request.method,
      headers,
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: request.body }),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (!['content-encoding', 'transfer-encoding', 'content-length', 'connection'].includes(k))
        out[k] = v;
    });
    res.writeHead(answer.status, out).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Requests that went through, in order. */
    seen,
    get isCut() {
      return cut;
    },
    cut() {
      cut = true;
    },
    restore() {
      cut = false;
    },
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The event lines of a whole plot with `swaps` pen swaps and no interruption, from the
 * lease on, as `plotEventsOf` gives them.
 */
export const fullPlotRecord = (swaps: number) => [
  'LeaseAcquired',
  'StatusChanged READY→ARMED',
  'PlotArmed',
  'StatusChanged ARMED→PLOTTING',
  'PlotStarted',
  ...Array.from({ length: swaps }, () => [
    'StatusChanged PLOTTING→PAUSED',
    'PlotPaused',
    'StatusChanged PAUSED→PLOTTING',
    'PlotResumed',
  ]).flat(),
  'StatusChanged PLOTTING→COMPLETED',
  'PlotCompleted',
];

/**
 * A job's events from its lease on, in the order the server received them, as lines
 * ("StatusChanged READY→ARMED", "PlotArmed") with their details.
 */
export async function plotEventsOf(db: Kysely<Database>, jobId: string) {
  const { rows } = await sql<{
    type: string;
    details: Record<string, unknown>;
    by: string | null;
    ws: string | null;
    occurredAt: Date;
  }>`select event_type as type, details, triggered_by_name as by, workstation_id as ws,
      occurred_at as "occurredAt"
    from events where job_id = ${jobId} order by sync_seq`.execute(db);
  const from = rows.findIndex((r) => r.type === 'LeaseAcquired');
  return rows.slice(from).map((r) => ({
    ...r,
    line: r.type === 'StatusChanged' ? `StatusChanged ${r.details.from}→${r.details.to}` : r.type,
  }));
}
