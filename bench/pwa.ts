import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import type { Kysely } from 'kysely';
import { freePort } from '../scripts/free-port.ts';
import { startEmbeddedPostgres } from '../server/db/start-embedded-postgres.ts';
import { createTestDatabase } from '../server/db/test-database.ts';
import { atMost, type Figure, printFigures } from './figure.ts';
import { seedJobs } from './seed-jobs.ts';
import type { Database } from '../server/db/database.ts';

const JOBS = 10_000;
const root = join(import.meta.dirname, '..');
const ADMIN = { name: 'Bench Admin', password: 'bench password 1234' };

/** Same flags as e2e/devices.ts: Debian's Chromium, never Playwright's download. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `npm run bench -- pwa [--json]`: the built PWA served by the real server (server/main.ts
 * on a fresh Postgres), driven in Chromium: (a) gzip bytes of the JavaScript loaded
 * before the job board is interactive, (b) navigation to an interactive board with 10,000
 * jobs already on the device, (c) a fresh device's sync of 10,000 jobs from sign-in.
 * The board counts as interactive when its Intake count shows every job and a job card
 * is on the page; the jobs are inserted in bulk SQL (sync_seq from the column default).
 */
export async function runPwaBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  log('building the PWA…');
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/pwa/vite.config.ts'],
    { cwd: root, stdio: json ? 'ignore' : ['ignore', 'ignore', 'inherit'] },
  );
  if (build.status !== 0) throw new Error('the PWA build failed');

  const dir = await mkdtemp(join(tmpdir(), 'fabdesk-bench-pwa-'));
  await chmod(dir, 0o755); // the postgres system user (when we run as root) must enter it
  log(`starting an embedded Postgres in ${dir}…`);
  const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  const database = await createTestDatabase<Database>(cluster.url);
  const figures: Figure[] = [];
  let server: ChildProcess | null = null;
  let context: BrowserContext | null = null;
  try {
    const port = await freePort();
    server = spawn(process.execPath, [join(root, 'server/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        FABDESK_DATA_DIR: join(dir, 'data'),
        FABDESK_ADMIN_NAME: ADMIN.name,
        FABDESK_ADMIN_PASSWORD: ADMIN.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await listening(server);
    const baseUrl = `http://127.0.0.1:${port}`;
    log(`seeding ${JOBS} jobs in SQL…`);
    await seed(database.db);

    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'allow',
    });
    const page = context.pages()[0] ?? (await context.newPage());

    // (c) A fresh device: sign in, then wait until the board counts every job.
    await page.goto(baseUrl);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByLabel('Name of this device').fill('bench device');
    const t0 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Sign in' }).click();
    const t1 = await boardReady(page, 60_000);
    const syncS = (t1 - t0) / 1000;
    log(`fresh device synced ${JOBS} jobs in ${syncS.toFixed(2)} s`);

    // (a) + (b) A fresh navigation with the jobs already on the device.
    const scripts = new Map<string, Promise<number>>();
    let counting = true;
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (!counting || (type !== 'script' && !response.url().endsWith('.js'))) return;
      scripts.set(
        response.url(),
        response.body().then(
          (body) => gzipSync(body).length,
          () => 0,
        ),
      );
    });
    await page.goto(baseUrl, { waitUntil: 'commit' });
    // Where the time goes: the board's frame (scripts run, database open) vs its jobs.
    const frame = page.waitForFunction(
      "document.querySelector('h1')?.textContent === 'Job board' ? performance.now() : false",
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    const readyMs = await boardReady(page, 30_000);
    log(
      `board frame (before its jobs) at ${((await (await frame).jsonValue()) as number).toFixed(0)} ms`,
    );
    counting = false;
    const gzipBytes = (await Promise.all(scripts.values())).reduce((s, n) => s + n, 0);
    log(`navigation to an interactive board: ${readyMs.toFixed(0)} ms`);
    log(`initial JavaScript: ${scripts.size} files, ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
    for (const url of scripts.keys()) log(`  ${new URL(url).pathname}`);

    figures.push(atMost('initial JS', gzipBytes / 1024, 'KB gzip', 150));
    figures.push(atMost('board with 10k', readyMs / 1000, 's', 1));
    figures.push(atMost('fresh sync 10k', syncS, 's', 10));
  } finally {
    await context?.close();
    if (server) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await database.drop();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
  printFigures(figures, json);
}

/**
 * Waits until the board's Intake count shows every seeded job and a job card is on the
 * page; returns the page's clock at that moment (ms since its navigation started).
 */
async function boardReady(page: Page, timeoutMs: number): Promise<number> {
  // A string: bench/ has no DOM types; this runs in the page.
  const ready = `(() => {
    const count = document.querySelector('#stage-intake .count')?.textContent;
    return count === '${JOBS}' && document.querySelector('.job-card') ? performance.now() : false;
  })()`;
  const handle = await page.waitForFunction(ready, undefined, {
    polling: 'raf',
    timeout: timeoutMs,
  });
  return (await handle.jsonValue()) as number;
}

function listening(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`server not listening:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(' listening on http://')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${log}`)));
  });
}

/** 10,000 NEW jobs (one layer each), in bulk; sync_seq from the column default. */
async function seed(db: Kysely<Database>) {
  await seedJobs(db, JOBS, (i) => ({ name: `bench job ${i}`, priority: i % 4 }));
}
