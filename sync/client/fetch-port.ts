/**
 * The slice of the WHATWG fetch API the sync client uses. sync/ is typed without DOM or
 * Node libraries (it runs in both), so the shapes are spelled out here; browsers and
 * Node 24 supply the real `fetch`, tests may pass another.
 */
export interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

export interface FetchResponseLike {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
  body: { getReader(): ByteReader } | null;
}

export interface FetchInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignalLike;
}

export type FetchLike = (url: string, init?: FetchInitLike) => Promise<FetchResponseLike>;

/** An AbortController's signal, as fetch takes it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

interface TextDecoderLike {
  decode(bytes?: Uint8Array, options?: { stream: boolean }): string;
}

/** The platform globals the client needs, present in browsers and Node 24 alike. */
interface WebPlatform {
  fetch: FetchLike;
  AbortController: new () => AbortControllerLike;
  TextDecoder: new () => TextDecoderLike;
}

export const webPlatform = globalThis as unknown as WebPlatform;
