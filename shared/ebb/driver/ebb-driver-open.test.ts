import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EbbAscii } from '../ebb-ascii.ts';
import { EbbEmulator } from '../emulator/ebb-emulator.ts';
import { VirtualTimer } from '../emulator/virtual-timer.ts';
import type { SerialPortLike } from '../serial-port-like.ts';
import { EbbDriver } from './ebb-driver.ts';
import type { EbbError } from './ebb-error.ts';

// EbbDriver.open against a scripted board that answers V with garbage, nothing, or a
// firmware too old to drive (the emulator answers correctly, so these need their own port).

const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};

/** A port whose board answers every command with `answer(command)`, or never. */
function scriptedPort(answer: (command: string) => string | null): SerialPortLike {
  let push: ((bytes: Uint8Array) => void) | null = null;
  const queued: Uint8Array[] = [];
  let open = false;
  return {
    get readable() {
      return open
        ? {
            getReader: () => ({
              read: () => {
                const q = queued.shift();
                if (q) return Promise.resolve({ done: false as const, value: q });
                return new Promise<{ done: false; value: Uint8Array }>((resolve) => {
                  push = (value) => {
                    push = null;
                    resolve({ done: false, value });
                  };
                });
              },
              cancel: async () => {},
              releaseLock: () => {},
            }),
          }
        : null;
    },
    get writable() {
      return open
        ? {
            getWriter: () => ({
              write: async (chunk: Uint8Array) => {
                const reply = answer(EbbAscii.decode(chunk).replace('\r', ''));
                if (reply === null) return;
                // Deliver byte by byte: replies split anywhere must still parse.
                for (const ch of reply) {
                  const b = EbbAscii.encode(ch);
                  if (push) push(b);
                  else queued.push(b);
                }
              },
              close: async () => {},
              releaseLock: () => {},
            }),
          }
        : null;
    },
    async open() {
      open = true;
    },
    async close() {},
    getInfo: () => ({}),
  };
}

describe('EbbDriver.open failures', () => {
  const clock = () => new VirtualTimer(new EbbEmulator('2.8.1'));

  it('rejects garbage with what was expected and what came', async () => {
    const timer = clock();
    const port = scriptedPort(() => '\xff\x00junk\r\n');
    const e = (await timer
      .run(EbbDriver.open(port, { timer }), flush)
      .catch((x: unknown) => x)) as EbbError;
    expect(e.code).toBe('garbage');
    expect(e.message).toBe(
      "expected 'EBBv13_and_above EB Firmware Version x.y.z' to 'V', got '\\xff\\x00junk'",
    );
  });

  it('times out a silent board on the virtual clock', async () => {
    const timer = clock();
    const e = (await timer
      .run(
        EbbDriver.open(
          scriptedPort(() => null),
          { timer, replyTimeoutMs: 750 },
        ),
        flush,
      )
      .catch((x: unknown) => x)) as EbbError;
    expect(e.code).toBe('no-reply');
    expect(e.message).toBe("expected a reply line to 'V' within 750 ms, got nothing");
    expect(timer.now()).toBe(750);
  });

  it('refuses firmware older than 2.4.4', async () => {
    const timer = clock();
    const port = scriptedPort(() => 'EBBv13_and_above EB Firmware Version 2.0.1\r\n');
    const e = (await timer
      .run(EbbDriver.open(port, { timer }), flush)
      .catch((x: unknown) => x)) as EbbError;
    expect(e.code).toBe('firmware-too-old');
  });
});
