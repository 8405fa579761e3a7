import type { ReplicatedCollection } from '../collections.ts';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../protocol-version.ts';
import type { Checkpoint, PullResponse, PushResponse, PushRow } from '../sync-messages.ts';
import type { AbortSignalLike, ByteReader, FetchLike, FetchResponseLike } from './fetch-port.ts';
import { SyncError } from './sync-error.ts';

export interface SyncHttpOptions {
  /** The server's origin (and path prefix, if any), without a trailing slash. */
  baseUrl: string;
  /** The device token from pairing. */
  token: string;
  fetch: FetchLike;
}

/** The sync endpoints as calls; every failure is a SyncError. */
export interface SyncHttp {
  pull(
    collection: ReplicatedCollection,
    checkpoint: Checkpoint | undefined,
    limit: number,
  ): Promise<PullResponse>;
  push(collection: ReplicatedCollection, rows: PushRow[]): Promise<PushResponse>;
  /** Opens `GET /sync/stream` and hands back its body. */
  openStream(signal: AbortSignalLike): Promise<ByteReader>;
}

export function createSyncHttp({ baseUrl, token, fetch }: SyncHttpOptions): SyncHttp {
  const headers = {
    authorization: `Bearer ${token}`,
    [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
  };
  const send = async (path: string, init: Parameters<FetchLike>[1] = {}) => {
    let response: FetchResponseLike;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { ...headers, ...init.headers },
      });
    } catch (error) {
      throw new SyncError('offline', `${path}: no answer (${messageOf(error)})`);
    }
    if (response.ok) return response;
    const { code, detail } = await errorOf(response);
    if (code === 'checkpoint-ahead') throw new SyncError('checkpoint-ahead', detail);
    if (response.status === 401) throw new SyncError('signed-out', `signed out: ${detail}`);
    if (response.status === 426) throw new SyncError('outdated-client', detail);
    throw new SyncError('server-error', `${path} answered ${response.status}: ${detail}`);
  };
  return {
    async pull(collection, checkpoint, limit) {
      const query = checkpoint ? `seq=${checkpoint.seq}&limit=${limit}` : `limit=${limit}`;
      const response = await send(`/sync/${collection}/pull?${query}`);
      return (await response.json()) as PullResponse;
    },
    async push(collection, rows) {
      const response = await send(`/sync/${collection}/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rows }),
      });
      return (await response.json()) as PushResponse;
    },
    async openStream(signal) {
      const response = await send('/sync/stream', {
        headers: { accept: 'text/event-stream' },
        signal,
      });
      if (!response.body)
        throw new SyncError('server-error', '/sync/stream answered without a body');
      return response.body.getReader();
    },
  };
}

/** The `{ error: { code, message } }` body the server sends, or the status alone. */
async function errorOf(
  response: FetchResponseLike,
): Promise<{ code: string | undefined; detail: string }> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : undefined;
    if (typeof body.error?.message === 'string') return { code, detail: body.error.message };
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return { code: undefined, detail: `HTTP ${response.status}` };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
