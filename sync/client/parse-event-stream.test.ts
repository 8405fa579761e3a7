import { describe, expect, it } from 'vitest';
import { createEventStreamParser, type ServerSentEvent } from './parse-event-stream.ts';

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createEventStreamParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('the event-stream parser', () => {
  it('reads named events with JSON data and skips comments', () => {
    const text =
      ': keep-alive\n\nevent: change\ndata: {"collections":["jobs"]}\n\nevent: resync\ndata: {}\n\n';
    expect(parse([text])).toEqual([
      { type: 'change', data: '{"collections":["jobs"]}' },
      { type: 'resync', data: '{}' },
    ]);
  });

  it('gives the same events however the text is split, CRLF included', () => {
    const text = 'event: change\r\ndata: {"collections":\r\ndata: ["pens"]}\r\n\r\ndata: x\n\n';
    const whole = parse([text]);
    expect(whole).toEqual([
      { type: 'change', data: '{"collections":\n["pens"]}' },
      { type: 'message', data: 'x' },
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
  });

  it('does not dispatch an event until its blank line arrives', () => {
    expect(parse(['event: change\ndata: {"collections":["jobs"]}\n'])).toEqual([]);
  });
});
