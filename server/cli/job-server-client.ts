import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '@fabdesk/sync/protocol-version.ts';
import type { PushResponse, PushRow, WireDocument } from '@fabdesk/sync/sync-messages.ts';
import { JobServerError } from './job-server-error.ts';

/** What the plot command needs of a job (the rest of `GET /jobs/:id` is ignored). */
export interface ServerJob {
  id: string;
  name: string;
  state: string;
  planHash: string | null;
}

/** What the plot command needs of a lease answer. */
export interface ServerLease {
  holderName: string | null;
  fencingToken: number;
  expiresAt: string | null;
}

/** Who the token belongs to (`GET /auth/me`): the record's events name them. */
export interface ServerIdentity {
  staff: { id: string; name: string; role: string };
  workstation: { id: string; name: string };
}

/**
 * A request that has not answered by then is given up as `unavailable` (a server that
 * accepts the connection but hangs must not stall the record queue or a lease renewal).
 * Long enough for a plan blob of several MB over a slow lab Wi-Fi.
 */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The few server calls `fabdesk plot <job id>` makes, with a device token. Every failure
 * becomes a `JobServerError` whose message is the server's own one-line explanation where
 * it gave one (the lease route says "held by <name> until <time>"), so the CLI never
 * prints a stack trace or an HTTP body for an expected refusal. Failures that may pass by
 * themselves (no connection, 5xx, 429, timeout) are `transient`; the record queue retries
 * those and nothing else. Aborting `options.signal` cancels every request in flight.
 */
export function createJobServerClient(
  baseUrl: string,
  token: string,
  options: { signal?: AbortSignal } = {},
) {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        signal: options.signal
          ? AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), options.signal])
          : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new JobServerError(
          'unavailable',
          `${base} did not answer ${method} ${path} within ${REQUEST_TIMEOUT_MS / 1000} s`,
        );
      throw new JobServerError(
        'unreachable',
        `cannot reach ${base}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`,
      );
    }
    if (response.ok) return response;
    const message = await serverMessage(response);
    if (response.status === 401)
      throw new JobServerError('unauthorized', `the server refused the token (${message})`);
    if (response.status === 404) throw new JobServerError('not-found', message);
    if (response.status === 409 && path.startsWith('/leases/'))
      throw new JobServerError('lease-held', message);
    throw new JobServerError(
      response.status >= 500 || response.status === 429 ? 'unavailable' : 'refused',
      `${method} ${path} answered ${response.status}: ${message}`,
    );
  };
  const sync = { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) };
  return {
    base,
    async getJob(id: string): Promise<ServerJob> {
      const body = (await (await call('GET', `/jobs/${encodeURIComponent(id)}`)).json()) as {
        job: ServerJob;
      };
      return body.job;
    },
    async getBlob(hash: string): Promise<Uint8Array> {
      return new Uint8Array(await (await call('GET', `/blobs/${hash}`)).arrayBuffer());
    },
    async lease(
      action: 'acquire' | 'renew' | 'release',
      jobId: string,
      ttlSeconds?: number,
    ): Promise<ServerLease> {
      const body = ttlSeconds === undefined ? undefined : { ttlSeconds };
      return (await (await call('POST', `/leases/${jobId}/${action}`, body)).json()) as ServerLease;
    },
    async me(): Promise<ServerIdentity> {
      return (await (await call('GET', '/auth/me')).json()) as ServerIdentity;
    },
    /** One replicated document as the server has it now (a push's assumed master), or null. */
    async readDocument(collection: ReplicatedCollection, id: string): Promise<WireDocument | null> {
      try {
        const path = `/sync/${collection}/docs/${encodeURIComponent(id)}`;
        return (await (await call('GET', path, undefined, sync)).json()) as WireDocument;
      } catch (error) {
        if (error instanceof JobServerError && error.code === 'not-found') return null;
        throw error;
      }
    },
    /** A replication push: the server applies its write rules and answers what it refused. */
    async push(collection: ReplicatedCollection, rows: PushRow[]): Promise<PushResponse> {
      return (await (
        await call('POST', `/sync/${collection}/push`, { rows }, sync)
      ).json()) as PushResponse;
    },
  };
}
export type JobServerClient = ReturnType<typeof createJobServerClient>;

/** The `{ error: { message } }` the server's onError answers, or the status text. */
async function serverMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string' && message) return message;
  } catch {}
  return text.trim().split('\n')[0] || response.statusText || String(response.status);
}
