import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EbbAscii } from '../ebb-ascii.ts';
import type { SerialPortLike } from '../serial-port-like.ts';
import { EbbError } from './ebb-error.ts';
import { EbbLink } from './ebb-link.ts';
import type { EbbTimer } from './ebb-timer.ts';

const flush = async () => {
  for (let i = 0; i < 3; i++) await setImmediate();
};

/** A hand-moved clock: timers fire only inside `advance`. */
function manualTimer() {
  let now = 0;
  let nextId = 1;
  let timers: { id: number; dueMs: number; callback: () => void }[] = [];
  const timer: EbbTimer = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.push({ id, dueMs: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = timers.filter((t) => t.dueMs <= end).sort((a, b) => a.dueMs - b.dueMs)[0];
      if (!next) break;
      now = next.dueMs;
      timer.clearTimeout(next.id);
      next.callback();
      await flush();
    }
    now = end;
    await flush();
  };
  return { timer, advance };
}

/** A port the test plays the board on: it sees the commands and types the replies. */
function boardPort() {
  const written: string[] = [];
  const chunks: Uint8Array[] = [];
  let waiting: {
    resolve: (r: { done: false; value: Uint8Array }) => void;
    reject: (e: Error) => void;
  } | null = null;
  let lostError: Error | null = null;
  const port: SerialPortLike = {
    readable: {
      getReader: () => ({
        read: () => {
          const chunk = chunks.shift();
          if (chunk) return Promise.resolve({ done: false as const, value: chunk });
          if (lostError) return Promise.reject(lostError);
          return new Promise((resolve, reject) => {
            waiting = { resolve, reject };
          });
        },
        cancel: async () => {},
        releaseLock: () => {},
      }),
    },
    writable: {
      getWriter: () => ({
        write: async (chunk: Uint8Array) => {
          written.push(EbbAscii.decode(chunk).replace(/\r$/, ''));
        },
        close: async () => {},
        releaseLock: () => {},
      }),
    },
    open: async () => {},
    close: async () => {},
    getInfo: () => ({}),
  };
  const reply = async (text: string | Uint8Array) => {
    const value = typeof text === 'string' ? EbbAscii.encode(text) : text;
    const w = waiting;
    waiting = null;
    if (w) w.resolve({ done: false, value });
    else chunks.push(value);
    await flush();
  };
  const lose = async () => {
    lostError = Object.assign(new Error('The device has been lost.'), { name: 'NetworkError' });
    waiting?.reject(lostError);
    waiting = null;
    await flush();
  };
  return { port, written, reply, lose };
}

async function openLink(replyTimeoutMs = 500) {
  const board = boardPort();
  const clock = manualTimer();
  const link = new EbbLink(board.port, clock.timer, replyTimeoutMs);
  await link.open();
  return { link, ...board, ...clock };
}

/** Settles `promise` into its error (or fails the test if it resolves). */
const errorOf = async (promise: Promise<unknown>) => {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${String(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(EbbError);
  return outcome.error as EbbError;
};

/** Deterministic noise: a linear congruential generator's bytes. */
function noise(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = x >> 23;
  }
  return bytes;
}

describe('EbbLink: garbage', () => {
  it('fails on random bytes where an OK was due, naming both, and rejects the rest in flight', async () => {
    const { link, reply } = await openLink();
    const first = errorOf(link.send('SM,100,10,10'));
    const second = errorOf(link.send('SM,100,10,10'));
    const junk = noise(7, 12);
    await reply(new Uint8Array([...junk, 0x0d, 0x0a]));
    const e = await first;
    expect(e.code).toBe('garbage');
    const shown = EbbAscii.decode(junk)
      .split(/[\r\n]/)
      .find((l) => l !== '') as string;
    expect(e.message).toBe(
      `expected OK to 'SM,100,10,10', got '${shown.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`,
    );
    expect(await second).toBe(e);
    expect(await errorOf(link.send('QG', 'line'))).toBe(e);
    expect(link.failed).toBe(e);
  });

  it.each([
    ['QG', 'line', 'OK', "expected a reply line to 'QG', got 'OK'"],
    ['QG', 'line', '0,0', "expected a hex status byte to 'QG', got '0,0'"],
    ['QS', 'line-ok', '17', "expected '<steps1>,<steps2>' to 'QS', got '17'"],
    ['QP', 'line-ok', 'OK', "expected a reply line and OK to 'QP', got 'OK'"],
    ['QU,2', 'line-ok', '32', "expected 'QU,<parameter>,<value>' to 'QU,2', got '32'"],
    ['ES', 'line-ok', '1;0', "expected '<interrupted>[,<steps>…]' to 'ES', got '1;0'"],
  ] as const)('refuses a wrong answer to %s (%s): %s', async (command, shape, line, message) => {
    const { link, reply } = await openLink();
    const sent = errorOf(link.send(command, shape));
    await reply(`${line}\r\n`);
    const e = await sent;
    expect(e.code).toBe('garbage');
    expect(e.message).toBe(message);
  });

  it('takes a right answer in either line ending, split anywhere', async () => {
    const { link, reply } = await openLink();
    const qs = link.send('QS', 'line-ok');
    const qg = link.send('QG', 'line');
    for (const ch of '-12,40\n\rOK\r\n3A\r\n') await reply(ch);
    expect(await qs).toBe('-12,40');
    expect(await qg).toBe('3A');
    expect(link.failed).toBeNull();
  });

  it('fails on a reply to a command never sent, and the next send learns of it', async () => {
    const { link, reply } = await openLink();
    const qg = link.send('QG', 'line');
    await reply('10\r\nOK\r\n');
    expect(await qg).toBe('10');
    expect(link.failed?.code).toBe('garbage');
    expect(link.failed?.message).toBe("expected nothing after the reply to 'QG', got 'OK'");
    expect((await errorOf(link.send('SM,10,1,1'))).message).toBe(link.failed?.message);
  });

  it('fails on a long run of bytes with no line end instead of waiting for the timeout', async () => {
    const { link, reply } = await openLink();
    const sent = errorOf(link.send('SM,100,10,10'));
    await reply('x'.repeat(121));
    const e = await sent;
    expect(e.code).toBe('garbage');
    expect(e.message).toBe(
      `expected OK to 'SM,100,10,10', got 121 bytes without a line end: '${'x'.repeat(40)}…'`,
    );
  });

  it('resynchronises after garbage: late replies are dropped until the board answers V', async () => {
    const { link, reply, written } = await openLink();
    const sent = errorOf(link.send('SM,100,10,10'));
    await reply('\xfe\xff\r\n');
    await sent;
    const recovered = link.recover();
    await flush();
    expect(written.at(-1)).toBe('V');
    // The rest of the old stream (an OK, an error line, more noise), then the banner.
    await reply('OK\r\n!8 Err: Unknown command\r\nzz');
    await reply('EBBv13_and_above EB Firmware Version 2.8.1\r\n');
    await recovered;
    expect(link.failed).toBeNull();
    const qp = link.send('QP', 'line-ok');
    await reply('0\n\rOK\r\n');
    expect(await qp).toBe('0');
  });
});

describe('EbbLink: late and missing replies', () => {
  it('times out with what was expected and what arrived: nothing, half a line, or only the data', async () => {
    const { link, advance } = await openLink(500);
    const sm = errorOf(link.send('SM,100,10,10'));
    await advance(499);
    expect(link.failed).toBeNull();
    await advance(1);
    const e = await sm;
    expect(e.code).toBe('no-reply');
    expect(e.message).toBe("expected OK to 'SM,100,10,10' within 500 ms, got nothing");

    const half = await openLink(500);
    const qg = errorOf(half.link.send('QG', 'line'));
    await half.reply('1');
    await half.advance(500);
    expect((await qg).message).toBe(
      "expected a reply line to 'QG' within 500 ms, got '1' without a line end",
    );

    const data = await openLink(500);
    const qs = errorOf(data.link.send('QS', 'line-ok'));
    await data.reply('0,0\n\r');
    await data.advance(500);
    expect((await qs).message).toBe(
      "expected a reply line and OK to 'QS' within 500 ms, got only '0,0'",
    );
  });

  it('gives a command the time the motion queued ahead of it takes', async () => {
    const { link, reply, advance } = await openLink(500);
    const sm = link.send('SM,2000,100,100', 'ok', 2500);
    await advance(2400);
    await reply('OK\r\n');
    expect(await sm).toBe('');
    expect(link.failed).toBeNull();
  });

  it('drops a reply that comes after its timeout, and recovers once the board answers again', async () => {
    const { link, reply, advance, written } = await openLink(500);
    const late = errorOf(link.send('SM,100,10,10'));
    await advance(500);
    expect((await late).code).toBe('no-reply');
    const recovered = link.recover();
    await flush();
    await advance(200);
    await reply('OK\r\n'); // the late OK: not taken for V's answer
    expect(link.failed).toBeNull();
    await reply('EBBv13_and_above EB Firmware Version 3.0.3\r\n');
    await recovered;
    expect(written).toEqual(['SM,100,10,10', 'V']);
  });

  it('waits for V as long as the commands in flight had, since the board parses it after them', async () => {
    const { link, reply, advance } = await openLink(500);
    const motion = errorOf(link.send('SM,3000,300,300', 'ok', 3500));
    const query = errorOf(link.send('QG', 'line'));
    await reply('bad\r\n');
    await motion;
    await query;
    const recovered = link.recover();
    await flush();
    await advance(3000); // well past the 500 ms reply timeout
    await reply('OK\r\n10\r\nEBBv13_and_above EB Firmware Version 3.0.3\r\n');
    await recovered;
    expect(link.failed).toBeNull();
  });

  it('reports a board that stays silent after a failure as no-reply from recover', async () => {
    const { link, reply, advance } = await openLink(500);
    const sent = errorOf(link.send('QG', 'line'));
    await reply('??\r\n');
    await sent;
    const recovered = errorOf(link.recover());
    await advance(500);
    const e = await recovered;
    expect(e.code).toBe('no-reply');
    expect(e.message).toBe("expected a reply line to 'V' within 500 ms, got nothing");
  });

  it('does not try to recover a lost device', async () => {
    const { link, lose } = await openLink();
    const sent = errorOf(link.send('QG', 'line'));
    await lose();
    const e = await sent;
    expect(e.code).toBe('disconnected');
    expect(e.message).toBe(
      'expected replies from the board, the device was lost (The device has been lost.)',
    );
    expect(await errorOf(link.recover())).toBe(e);
  });

  it('turns an error line into board-error naming the command', async () => {
    const { link, reply } = await openLink();
    const sent = errorOf(link.send('LM,1,2,3'));
    await reply('!6 Err: Invalid paramter value\r\nOK\r\n');
    const e = await sent;
    expect(e.code).toBe('board-error');
    expect(e.message).toBe(
      "expected OK to 'LM,1,2,3', the board answered '!6 Err: Invalid paramter value'",
    );
  });
});
