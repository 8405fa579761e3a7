import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port.ts';

const root = join(import.meta.dirname, '..');

/**
 * Global setup: builds the PWA, starts the server the start command runs on a fresh data
 * folder and free ports, creates the first admin through `/auth/setup` with the setup
 * code the server prints, and adds a second staff member. Tests read the address and the
 * accounts from FABDESK_E2E_* variables; the returned function stops the server.
 */
export default async function startApp(): Promise<() => Promise<void>> {
  // A build of its own: a second e2e run (or `npm start`) never has its files replaced
  // under it mid-run.
  const pwaDir = mkdtempSync(join(tmpdir(), 'fabdesk-e2e-pwa-'));
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/pwa/vite.config.ts',
      '--outDir',
      pwaDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('the PWA build failed');

  const dataDir = mkdtempSync(join(tmpdir(), 'fabdesk-e2e-'));
  // As root, the embedded Postgres runs as `postgres`, which must enter every parent.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      FABDESK_DATA_DIR: dataDir,
      FABDESK_PWA_DIR: pwaDir,
      FABDESK_EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: '',
      FABDESK_ADMIN_NAME: '',
      FABDESK_ADMIN_PASSWORD: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const setupCode = await waitForSetupCode(server);

  const admin = { name: 'Ada Admin', password: 'correct horse battery' };
  const staff = { name: 'Grace Staff', password: 'staple battery horse' };
  const setup = await post(`${baseUrl}/auth/setup`, {
    setupCode,
    ...admin,
    deviceName: 'e2e setup',
  });
  const token = (setup as { token: string }).token;
  await post(`${baseUrl}/staff`, { ...staff, role: 'staff' }, token);

  process.env.FABDESK_E2E_URL = baseUrl;
  process.env.FABDESK_E2E_ADMIN = JSON.stringify(admin);
  process.env.FABDESK_E2E_STAFF = JSON.stringify(staff);

  return async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(pwaDir, { recursive: true, force: true });
  };
}

function waitForSetupCode(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(
      () => reject(new Error(`no setup code and listening server within 60 s; log:\n${log}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const code = /setup code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(log)?.[1];
      // The code is printed before the server listens; wait for both.
      if (code && log.includes('listening on')) {
        clearTimeout(timer);
        resolve(code);
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${log}`)));
  });
}

async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}
