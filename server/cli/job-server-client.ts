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

/**
 * The few server calls `fabdesk plot <job id>` makes, with a device token. Every failure
 * becomes a `JobServerError` whose message is the server's own one-line explanation where
 * it gave one (the lease route says "held by <name> until <time>"), so the CLI never
 * prints a stack trace or an HTTP body for an expected refusal.
 */
export function createJobServerClient(baseUrl: string, token: string) {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
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
      'refused',
      `${method} ${path} answered ${response.status}: ${message}`,
    );
  };
  return {
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
