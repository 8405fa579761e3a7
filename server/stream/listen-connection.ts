import pg from 'pg';
import type { Logger } from '../logger.ts';

/** One LISTENing connection that comes back by itself; `close` ends it for good. */
export interface ListenConnection {
  close(): Promise<void>;
  /** The backend pid while connected (tests cut the connection with it). */
  readonly backendPid: number | undefined;
}

export interface ListenConnectionOptions {
  url: string;
  channel: string;
  logger: Logger;
  onNotification(payload: string): void;
  /** After every successful (re)connect; `reconnected` is false the first time. */
  onConnected(reconnected: boolean): void;
  /** First retry delay; doubles per failed attempt up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * A dedicated `pg.Client` (not a pool connection: LISTEN belongs to a session, and a
 * pooled session would be handed to other queries) that LISTENs on one channel. When the
 * connection drops (database restart, network) it reconnects with exponential backoff
 * plus jitter, so many server processes do not hammer a recovering database in step.
 * Notifications sent while it was away are lost; `onConnected(true)` lets the owner make
 * up for that. Resolves once the first attempt has finished, successful or not.
 */
export async function startListenConnection(
  options: ListenConnectionOptions,
): Promise<ListenConnection> {
  const minMs = options.minBackoffMs ?? 250;
  const maxMs = options.maxBackoffMs ?? 10_000;
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let everConnected = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const scheduleRetry = () => {
    if (closed) return;
    const delay = Math.min(maxMs, minMs * 2 ** failures) * (0.5 + Math.random() / 2);
    failures += 1;
    retry = setTimeout(() => void connect(), delay);
  };
  const drop = (c: pg.Client, reason: string) => {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => {});
    options.logger.warn(`change stream: lost its database connection (${reason}); reconnecting`);
    scheduleRetry();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: options.url, keepAlive: true });
    c.on('notification', (message) => options.onNotification(message.payload ?? ''));
    c.on('error', (error) => drop(c, error.message));
    c.on('end', () => drop(c, 'connection ended'));
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
    } catch (error) {
      c.end().catch(() => {});
      options.logger.warn(
        `change stream: cannot LISTEN (${error instanceof Error ? error.message : String(error)}); retrying`,
      );
      scheduleRetry();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    failures = 0;
    options.onConnected(everConnected);
    everConnected = true;
  };

  await connect();
  return {
    get backendPid() {
      return (client as (pg.Client & { processID?: number }) | undefined)?.processID;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
