import { sha256Hex } from '@fabdesk/shared/plan/sha256-hex.ts';
import { ApiError } from './api-error.ts';
import type { Session } from './session.ts';
import type { StartSvgWorker } from './svg-worker-client.ts';

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The fields of `POST /jobs` besides the files. */
export interface UploadFields {
  name: string | null;
  priority: number;
  /** A sheet size name (A4, A3, …); null for the server's default (A3). */
  paper: string | null;
}

/** What the server did with an upload. */
export type UploadAnswer =
  | { kind: 'created'; jobId: string }
  /** The same content is already an active job; nothing new was created. */
  | { kind: 'duplicate'; jobId: string }
  /** The server refused the files (not SVG, too large, …); retrying will not help. */
  | { kind: 'refused'; message: string };

/**
 * Files and blobs over HTTP: the upload that creates a job, content-addressed blobs (plans
 * and source files) cached on the device, run cancel, and the SVG worker. Offline, `upload`
 * and `cancelRun` throw ApiError('offline'); `blob` answers from the cache when it can.
 */
export interface FileServices {
  upload(
    session: Session,
    files: readonly { name: string; data: Blob }[],
    fields: UploadFields,
  ): Promise<UploadAnswer>;
  blob(session: Session, hash: string): Promise<Uint8Array>;
  cancelRun(session: Session, runId: string): Promise<void>;
  startSvgWorker: StartSvgWorker;
}

const BLOB_CACHE = 'fabdesk-blobs-v1';

export function createFileServices(deps: {
  fetch: Fetch;
  caches: CacheStorage | undefined;
  startSvgWorker: StartSvgWorker;
}): FileServices {
  const base = (s: Session) => s.baseUrl.replace(/\/$/, '');
  const auth = (s: Session) => ({ authorization: `Bearer ${s.token}` });
  async function send(session: Session, path: string, init: RequestInit): Promise<Response> {
    try {
      return await deps.fetch(`${base(session)}${path}`, {
        ...init,
        headers: { ...auth(session), ...init.headers },
      });
    } catch {
      throw new ApiError('offline', `Cannot reach the server at ${session.baseUrl}.`);
    }
  }
  const said = async (response: Response) => {
    const json = (await response.json().catch(() => null)) as {
      error?: { message?: string; jobId?: string };
    } | null;
    return json?.error ?? {};
  };

  return {
    async upload(session, files, fields) {
      const form = new FormData();
      for (const f of files) form.append('files', f.data, f.name);
      if (fields.name) form.append('name', fields.name);
      form.append('priority', String(fields.priority));
      if (fields.paper) form.append('paper', fields.paper);
      const response = await send(session, '/jobs', { method: 'POST', body: form });
      if (response.status === 201) {
        const body = (await response.json()) as { job: { id: string } };
        return { kind: 'created', jobId: body.job.id };
      }
      const error = await said(response);
      if (response.status === 409 && error.jobId) return { kind: 'duplicate', jobId: error.jobId };
      if (response.status === 401)
        throw new ApiError('unauthorized', 'This device is signed out; sign in again to upload.');
      if (response.status >= 500 || response.status === 429)
        throw new ApiError(
          'server-error',
          'The server had a problem with the upload. It will try again.',
        );
      const message = error.message ?? `the server answered ${response.status}`;
      return { kind: 'refused', message: `${message[0]?.toUpperCase()}${message.slice(1)}.` };
    },

    async blob(session, hash) {
      const url = `${base(session)}/blobs/${hash}`;
      const cache = await deps.caches?.open(BLOB_CACHE).catch(() => undefined);
      const cached = await cache?.match(url);
      if (cached) return new Uint8Array(await cached.arrayBuffer());
      const response = await send(session, `/blobs/${hash}`, { method: 'GET' });
      if (!response.ok)
        throw new ApiError(
          response.status === 404 ? 'bad-request' : 'server-error',
          `The drawing data could not be fetched (${response.status}).`,
        );
      const bytes = new Uint8Array(await response.arrayBuffer());
      // Content-addressed: bytes that do not hash to their name are never kept.
      if ((await sha256Hex(bytes)) !== hash)
        throw new ApiError('server-error', 'The drawing data arrived damaged. Try again.');
      await cache
        ?.put(url, new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }))
        .catch(() => undefined);
      return bytes;
    },

    async cancelRun(session, runId) {
      const response = await send(session, `/runs/${runId}/cancel`, { method: 'POST' });
      if (!response.ok) {
        const error = await said(response);
        throw new ApiError(
          response.status >= 500 ? 'server-error' : 'bad-request',
          error.message
            ? `Could not cancel: ${error.message}.`
            : `Could not cancel (${response.status}).`,
        );
      }
    },

    startSvgWorker: deps.startSvgWorker,
  };
}
