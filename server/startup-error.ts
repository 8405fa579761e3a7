/** What part of the start-up failed; the server prints it with the message and exits 1. */
export const StartupErrorCode = {
  config: 'config',
  database: 'database',
  dataDir: 'data-dir',
  port: 'port',
  migrations: 'migrations',
} as const;
export type StartupErrorCode = (typeof StartupErrorCode)[keyof typeof StartupErrorCode];

/**
 * An expected failure while starting the server (bad configuration, unreachable
 * database, port in use). `main.ts` prints `message` as one line, no stack trace.
 */
export class StartupError extends Error {
  readonly code: StartupErrorCode;
  constructor(code: StartupErrorCode, message: string) {
    super(message);
    this.name = 'StartupError';
    this.code = code;
  }
}
