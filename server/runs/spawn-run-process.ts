import { type ChildProcess, spawn } from 'node:child_process';
import type { WorkerMessage, WorkerStart } from './worker-messages.ts';

const workerPath = new URL('./run-worker.ts', import.meta.url).pathname;

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few kB of its stderr (a crash's stack trace). */
  stderrTail: string;
}

/** A running worker process: its own process group, so signals reach everything it starts. */
export interface RunProcess {
  pid: number;
  /** Equal to `pid`: the worker leads its own group (`detached`). */
  pgid: number;
  exited: Promise<WorkerExit>;
  start(message: WorkerStart): void;
  /** Signals the whole process group; false when it is already gone. */
  signalGroup(signal: NodeJS.Signals): boolean;
}

/**
 * Spawns `run-worker.ts` on this Node (process.execPath, so Node 24 runs the .ts) in a new
 * process group (`detached: true` makes it a group leader, pgid = pid) with an IPC channel.
 */
export function spawnRunProcess(onMessage: (message: WorkerMessage) => void): RunProcess {
  const child: ChildProcess = spawn(process.execPath, [workerPath], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start a run worker process');
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });
  child.on('message', (message) => onMessage(message as WorkerMessage));
  const exited = new Promise<WorkerExit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderrTail }));
    child.on('error', () => resolve({ code: null, signal: null, stderrTail }));
  });
  return {
    pid,
    pgid: pid,
    exited,
    start: (message) => child.send(message),
    signalGroup: (signal) => {
      try {
        process.kill(-pid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}
