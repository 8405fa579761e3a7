import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { processAlive } from './process-alive.ts';

test('a running process is alive; one that has exited and been reaped is not', async () => {
  expect(processAlive(process.pid)).toBe(true);
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid as number;
  await once(child, 'exit');
  expect(processAlive(pid)).toBe(false);
});
