import { readFileSync } from 'node:fs';

/**
 * Whether `pid` is still a fabdesk run worker (its command line names run-worker.ts), so a
 * recorded pid that the OS has since given to another program is never signalled. Reads
 * /proc (Linux); elsewhere it cannot tell and answers false.
 */
export function isRunWorker(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('run-worker.ts');
  } catch {
    return false;
  }
}
