import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Counts passed, failed and skipped tests and writes them to the file named by
 * FABDESK_COUNTS_FILE, so scripts/test-all.ts can print one closing line for the
 * whole run (vitest and Playwright together).
 */
export class CountingReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const file = process.env.FABDESK_COUNTS_FILE;
    if (file) writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
  }
}
