import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The one test command (README, .ci/run): static checks, then every test suite, then a
// closing line "N passed, N failed" that counts tests; a failed static check counts as
// one failure so the line never reads green when something is red.
const countsDir = mkdtempSync(join(tmpdir(), 'fabdesk-counts-'));
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) console.log(`── ${label} FAILED (exit ${result.status ?? result.signal})`);
  return ok;
}

function staticCheck(label: string, command: string, args: string[]): void {
  if (run(label, command, args)) passed++;
  else failed++;
}

function suite(label: string, command: string, args: string[]): void {
  const countsFile = join(countsDir, `${label}.json`);
  const ok = run(label, command, args, { FABDESK_COUNTS_FILE: countsFile });
  if (!existsSync(countsFile)) {
    failed++; // the runner died before reporting
    return;
  }
  const counts = JSON.parse(readFileSync(countsFile, 'utf8')) as Record<string, number>;
  passed += counts.passed ?? 0;
  failed += counts.failed ?? 0;
  skipped += counts.skipped ?? 0;
  if (!ok && (counts.failed ?? 0) === 0) failed++;
  // A suite that ran nothing is a failure, whatever its exit code said.
  if ((counts.passed ?? 0) + (counts.failed ?? 0) === 0) {
    console.log(`── ${label} ran no test`);
    failed++;
  }
}

const bin = (name: string) => join('node_modules', '.bin', name);
staticCheck('typecheck', process.execPath, ['scripts/typecheck.ts']);
staticCheck('lint', bin('biome'), ['lint', '.']);
staticCheck('format', bin('biome'), ['format', '.']);
suite('vitest', bin('vitest'), ['run']);
e2e();

/** The Playwright suite (e2e/), counted from its JSON report: expected, unexpected, flaky, skipped. */
function e2e(): void {
  const report = join(countsDir, 'e2e.json');
  const cli = join('node_modules', '@playwright', 'test', 'cli.js');
  const ok = run('e2e', process.execPath, [cli, 'test', '--config', 'e2e/playwright.config.ts'], {
    FABDESK_E2E_JSON: report,
  });
  if (!existsSync(report)) {
    failed++; // the runner died before reporting (no Chromium, build failed, server did not start)
    return;
  }
  const { stats } = JSON.parse(readFileSync(report, 'utf8')) as { stats: Record<string, number> };
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  if (stats.flaky) console.log(`── e2e: ${stats.flaky} flaky (failed first, passed on retry)`);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
  if (!ok && (stats.unexpected ?? 0) === 0) failed++;
  if ((stats.expected ?? 0) + (stats.flaky ?? 0) + (stats.unexpected ?? 0) === 0) {
    console.log('── e2e ran no test');
    failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
