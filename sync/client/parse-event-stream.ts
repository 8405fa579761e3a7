/** One server-sent event: its `event:` name ('message' when absent) and its data. */
export interface ServerSentEvent {
  type: string;
  data: string;
}

/**
 * A push parser for `text/event-stream` (WHATWG HTML, "9.2 Server-sent events",
 * interpretation of the event stream): feed it decoded text as it arrives, in chunks
 * split anywhere; it calls `onEvent` at each blank line. Node 24 has no EventSource, and
 * EventSource cannot send an Authorization header, so the client reads a fetch body.
 */
export function createEventStreamParser(onEvent: (event: ServerSentEvent) => void) {
  let buffer = '';
  let type = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onEvent({ type: type || 'message', data: data.join('\n') });
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return; // a comment (keep-alive)
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    // `id` and `retry` are not used: every reconnect resyncs all collections anyway.
  };
  return {
    push(text: string) {
      buffer += text;
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      const pattern = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      for (let match = pattern.exec(buffer); match; match = pattern.exec(buffer)) {
        line(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
    },
  };
}
