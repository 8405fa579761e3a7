import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
].filter((p) => existsSync(p));

let failed = 0;
for (const project of projects) {
  const result = spawnSync('node_modules/.bin/tsc', ['-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.log(`typecheck failed: ${project}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
