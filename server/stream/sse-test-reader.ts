/** One server-sent event as a test sees it. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Test helper: reads SSE frames off a response body. `next(timeoutMs)` resolves with the
 * next event or rejects after the timeout; `cancel` is the client going away.
 */
export function readSse(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queued: SseEvent[] = [];
  const fill = async (): Promise<void> => {
    while (queued.length === 0) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
        const data = [...frame.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
        queued.push({ event, data });
        cut = buffer.indexOf('\n\n');
      }
    }
  };
  let filling: Promise<void> | undefined;
  return {
    async next(timeoutMs = 3000): Promise<SseEvent> {
      filling ??= fill().finally(() => {
        filling = undefined;
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([filling, timeout]);
      } finally {
        clearTimeout(timer);
      }
      return queued.shift()!;
    },
    /** Next event of this type, skipping others (heartbeats). */
    async nextOf(event: string, timeoutMs = 3000): Promise<SseEvent> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const e = await this.next(Math.max(1, until - Date.now()));
        if (e.event === event) return e;
      }
    },
    cancel: () => reader.cancel(),
  };
}
