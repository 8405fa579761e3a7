import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// `npm start`: the whole app at one address. Builds the PWA first when its build is
// missing or older than its sources (apps/pwa, shared, sync), then runs the server,
// which serves the build beside the API.

const root = join(import.meta.dirname, '..');
const built = join(root, 'apps/pwa/dist/index.html');
const sources = [
  'apps/pwa/src',
  'apps/pwa/public',
  'apps/pwa/index.html',
  'apps/pwa/vite.config.ts',
  'shared',
  'sync',
];

function newestMs(path: string): number {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(full, { recursive: true, encoding: 'utf8' })) {
    if (entry.includes('node_modules')) continue;
    newest = Math.max(newest, statSync(join(full, entry)).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(built) || Math.max(...sources.map(newestMs)) > statSync(built).mtimeMs;
if (stale) {
  console.log('building the PWA (apps/pwa/dist is missing or older than its sources)…');
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'apps/pwa/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    process.stderr.write(
      'fabdesk: the PWA build failed (see above); fix it or run `npm run build`\n',
    );
    process.exit(1);
  }
}
await import('../server/main.ts');
