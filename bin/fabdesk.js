#!/usr/bin/env node
// The `fabdesk` command (package.json "bin"). fabdesk is TypeScript run directly by
// Node 24's type stripping; an older `node` on PATH cannot load it, so this plain-JS shim
// re-runs the CLI with the project's own Node 24 (the `node` dev dependency) when needed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../server/cli/fabdesk.ts', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  await import(cli);
} else {
  const node24 = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(node24)) {
    console.error(
      `fabdesk needs Node 24 (this is ${process.version}); run \`npm install\` in the project first`,
    );
    process.exit(1);
  }
  const result = spawnSync(node24, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
