import { Subject, firstValueFrom, race, timer } from 'rxjs';
import type { ReplicatedCollection } from '../collections.ts';
import { StreamHint } from '../sync-messages.ts';
import { type ByteReader, webPlatform } from './fetch-port.ts';
import { createEventStreamParser } from './parse-event-stream.ts';
import { isTerminal } from './sync-error.ts';

export interface HintStreamOptions {
  open: (signal: ReturnType<typeof newAbort>['signal']) => Promise<ByteReader>;
  /** Which collections to pull now; `'all'` after a reconnect or a `resync` event. */
  onHint: (collections: ReplicatedCollection[] | 'all') => void;
  onConnected: (connected: boolean) => void;
  /** A failure; terminal ones (signed out, outdated) end the stream. */
  onError: (error: unknown) => void;
  known: readonly ReplicatedCollection[];
  /** Wait before the n-th reconnect (n from 0); default doubles from 1 s up to 30 s. */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoffMs = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

function newAbort() {
  return new webPlatform.AbortController();
}

/**
 * Keeps one `GET /sync/stream` open and turns its hints into pulls. On every (re)connect
 * it asks for a pull of everything, since hints sent while it was away are lost; after a
 * failure it waits with exponential backoff. Returns a stop function.
 */
export function runHintStream(options: HintStreamOptions): () => void {
  const stopped$ = new Subject<void>();
  let stopped = false;
  let abort = newAbort();
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const known = new Set<string>(options.known);

  const readOnce = async () => {
    const reader = await options.open(abort.signal);
    options.onConnected(true);
    options.onHint('all');
    const decoder = new webPlatform.TextDecoder();
    const parser = createEventStreamParser((event) => {
      if (event.type === 'resync') options.onHint('all');
      if (event.type !== 'change') return;
      const hint = StreamHint.safeParse(safeJson(event.data));
      if (!hint.success) return options.onHint('all'); // unreadable: pulling everything is safe
      const collections = hint.data.collections.filter((c) => known.has(c));
      if (collections.length > 0) options.onHint(collections as ReplicatedCollection[]);
    });
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        if (chunk.value) parser.push(decoder.decode(chunk.value, { stream: true }));
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  };

  const loop = async () => {
    let attempt = 0;
    while (!stopped) {
      const openedAt = Date.now();
      try {
        await readOnce();
      } catch (error) {
        if (stopped) break;
        options.onError(error);
        if (isTerminal(error)) break;
      }
      options.onConnected(false);
      if (stopped) break;
      // A stream that stayed up a while was healthy: start the backoff over.
      if (Date.now() - openedAt > 60_000) attempt = 0;
      await firstValueFrom(race(timer(backoffMs(attempt++)), stopped$), {
        defaultValue: undefined,
      });
    }
  };
  void loop();

  return () => {
    stopped = true;
    stopped$.next();
    abort.abort();
    abort = newAbort();
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
