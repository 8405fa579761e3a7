import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';

// One tsc run per side: each side has its own lib/types (no DOM in shared/sync/server,
// no Node types in apps or in shared's non-test code), so the compiler enforces them.
const projects = [
  'shared/tsconfig.json',
  'shared/tsconfig.test.json',
  'sync/tsconfig.json',
  'sync/tsconfig.test.json',
  'migrations/tsconfig.json',
  'server/tsconfig.json',
  'apps/pwa/tsconfig.json',
  'tsconfig.json',
].filter((p) => existsSync(p) && hasSources(dirname(p)));

/** A side with no .ts files yet (e.g. the PWA before its first screen) has nothing to check. */
function hasSources(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some(
    (f) => !f.includes('node_modules') && /\.tsx?$/.test(f),
  );
}

let failed = 0;
for (const project of projects) {
  const result = spawnSync('node_modules/.bin/tsc', ['-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.log(`typecheck failed: ${project}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
