import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DrawingLayer } from '../../geometry/drawing.ts';
import { axidrawProfile } from '../../plan/axidraw-models.ts';
import { planMotion } from '../../plan/plan-motion.ts';
import { summarizePlan } from '../../plan/summarize-plan.ts';
import { createEmulatedPort } from '../emulator/create-emulated-port.ts';
import { EbbEmulator, type EbbEmulatorOptions } from '../emulator/ebb-emulator.ts';
import type { FirmwareString } from '../emulator/firmware-profile.ts';
import { VirtualTimer } from '../emulator/virtual-timer.ts';
import type { SerialPortLike } from '../serial-port-like.ts';
import { EbbDriver } from './ebb-driver.ts';
import { EbbError } from './ebb-error.ts';

// The driver against a misbehaving board: garbage, wrong answers, stray replies, late
// replies, a hang, firmware too old to drive and firmware too old for LM. Each fault ends
// the plot with an EbbError that names what was expected and what came; where the board is
// still there, the driver resynchronises and the pen ends up; checkpoints stay true.

const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};

const strokes = (paths: number[][]): DrawingLayer => ({
  key: 'k',
  name: 'black',
  order: 0,
  color: '#000000',
  options: { pauseBefore: false, skip: false },
  paths: paths.map((p) => Float64Array.from(p)),
});
const motion = planMotion(
  [
    strokes([
      [20, 20, 60, 20, 60, 50, 20, 50, 20, 20],
      [80, 10, 95, 33, 101, 12],
      [30, 70, 90, 70, 90, 110],
      [120, 20, 150, 60],
    ]),
  ],
  axidrawProfile('axidraw-v3'),
);
const plan = motion.blocks;
/** The plan's pen-down length: what a whole plot draws. */
const plannedMm = summarizePlan(motion).distancePlottedMm;

const drawnMm = (emu: EbbEmulator) =>
  emu.drawn.reduce((n, s) => n + Math.hypot(s.x1Mm - s.x0Mm, s.y1Mm - s.y0Mm), 0);

async function setUp(firmware: FirmwareString, options: EbbEmulatorOptions = {}) {
  const emu = new EbbEmulator(firmware, options);
  const timer = new VirtualTimer(emu);
  const driver = await timer.run(
    EbbDriver.open(createEmulatedPort(emu), { timer, replyTimeoutMs: 1000 }),
    flush,
  );
  return { emu, timer, driver };
}

/**
 * Plots `plan`, injecting a fault once the driver reports progress at `atBlock` with the
 * pen down; returns the error, and the checkpoints with what had been drawn when each came.
 */
async function plotWithFault(
  firmware: FirmwareString,
  inject: (emu: EbbEmulator, timer: VirtualTimer, driver: EbbDriver) => void,
  atBlock = 30,
) {
  const { emu, timer, driver } = await setUp(firmware);
  const checkpoints: { at: { penDownDistanceMm: number }; drawnMm: number }[] = [];
  let injectedAt: { ms: number; log: number } | null = null;
  const outcome = await timer
    .run(
      driver.plot(plan, {
        onProgress: (p) => {
          if (injectedAt || p.blockIndex < atBlock || !p.penDown) return;
          injectedAt = { ms: emu.nowMs, log: emu.commandLog.length };
          inject(emu, timer, driver);
        },
        onCheckpoint: (at) => checkpoints.push({ at, drawnMm: drawnMm(emu) }),
      }),
      flush,
    )
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(injectedAt).not.toBeNull();
  const at = injectedAt as unknown as { ms: number; log: number };
  emu.runUntilIdle();
  // Nothing lost: every checkpoint reported claims only what the board had drawn by then.
  for (const c of checkpoints)
    expect(c.drawnMm).toBeGreaterThanOrEqual(c.at.penDownDistanceMm - 0.05);
  expect(outcome).toBeInstanceOf(EbbError);
  return {
    error: outcome as EbbError,
    emu,
    timer,
    driver,
    checkpoints,
    failedAfterMs: emu.nowMs - at.ms,
    logAfter: emu.commandLog.slice(at.log),
  };
}

/** The driver's resynchronisation after a fault: V, then stop (ES) and pen up. */
function expectLiftedAfterResync(log: string[]) {
  const v = log.lastIndexOf('V');
  expect(v).toBeGreaterThanOrEqual(0);
  expect(log.slice(v + 1, v + 2)).toEqual(['ES']);
  expect(log[v + 2]).toMatch(/^(SP,1|S2,19800,4),/);
}

describe.each(['2.8.1', '3.0.3'] as const)('EbbDriver faults on firmware %s', (firmware) => {
  it('random bytes mid-plot: garbage naming the command and the bytes; resynchronised, pen up', async () => {
    const junk = new Uint8Array([0x9c, 0x00, 0x4b, 0xe1, 0x7f, 0x3a, 0x0d, 0x0a]);
    const { error, emu, logAfter, timer, driver } = await plotWithFault(firmware, (e) =>
      e.faults.sendGarbage(junk),
    );
    expect(error.code).toBe('garbage');
    expect(error.message).toMatch(
      // With paced flow control the link may have nothing in flight when the bytes come.
      /^expected ((OK|a reply line) to|nothing after the reply to) '.+', got '\\x9c\\x00K\\xe1\\x7f:'$/,
    );
    expectLiftedAfterResync(logAfter);
    expect(emu.penUp).toBe(true);
    expect(emu.errorReplies).toEqual([]);
    // The link works again: the console can query the board and resume from here.
    expect(await timer.run(driver.query('QP'), flush)).toBe('1');
  });

  it('a wrong answer to a status query: garbage naming the format; pen up', async () => {
    const { error, emu, logAfter } = await plotWithFault(firmware, (e) =>
      e.faults.replaceNextReply('0,0\r\n', 'QG'),
    );
    expect(error.code).toBe('garbage');
    expect(error.message).toBe("expected a hex status byte to 'QG', got '0,0'");
    expectLiftedAfterResync(logAfter);
    expect(emu.penUp).toBe(true);
  });

  it('a reply to a command never sent (during a pause): garbage at the next command; pen up', async () => {
    const { emu, timer, driver } = await setUp(firmware);
    // A pause at the end of the first path; the board sends an OK nobody asked for.
    let paused = 0;
    const outcome = await timer
      .run(
        driver.plot(plan, {
          onProgress: (p) => {
            if (p.penDown) driver.pause('end-of-path');
          },
          onPause: () => {
            paused++;
            emu.faults.sendGarbage('OK\r\n');
            timer.setTimeout(() => driver.resume(), 50);
          },
        }),
        flush,
      )
      .catch((e: unknown) => e);
    emu.runUntilIdle();
    expect(paused).toBe(1);
    expect(outcome).toBeInstanceOf(EbbError);
    expect((outcome as EbbError).code).toBe('garbage');
    expect((outcome as EbbError).message).toMatch(
      /^expected nothing after the reply to '.+', got 'OK'$/,
    );
    expect(emu.penUp).toBe(true);
  });

  it('late replies within the timeout: the plot completes as planned', async () => {
    const { emu, timer, driver } = await setUp(firmware);
    emu.faults.delayReplies(600);
    const result = await timer.run(driver.plot(plan), flush);
    expect(result.completed).toBe(true);
    expect(emu.errorReplies).toEqual([]);
    expect(emu.positionSteps).toEqual([0, 0]);
    expect(drawnMm(emu)).toBeCloseTo(plannedMm, 1);
  });

  it('replies held beyond the timeout: no-reply naming the command; late replies dropped, pen up', async () => {
    const { error, emu, logAfter, failedAfterMs } = await plotWithFault(firmware, (e, timer) => {
      // A USB hiccup that lasts until the driver has given up and asks the board for V.
      e.faults.holdReplies();
      const from = e.commandLog.length;
      const watch = () => {
        if (e.commandLog.slice(from).includes('V')) e.faults.releaseReplies();
        else timer.setTimeout(watch, 20);
      };
      watch();
    });
    expect(error.code).toBe('no-reply');
    expect(error.message).toMatch(
      /^expected (OK|a reply line) to '.+' within \d+ ms, got nothing$/,
    );
    // Not before the reply timeout: the driver waited at least that long.
    expect(failedAfterMs).toBeGreaterThanOrEqual(1000);
    expectLiftedAfterResync(logAfter);
    expect(emu.penUp).toBe(true);
  });

  it('a board that stops answering mid-plot: no-reply after the queued motion plus the timeout', async () => {
    const { error, emu, logAfter } = await plotWithFault(firmware, (e) => e.faults.stall());
    expect(error.code).toBe('no-reply');
    expect(error.message).toMatch(
      /^expected (OK|a reply line) to '.+' within \d+ ms, got nothing$/,
    );
    // The hung board parsed nothing more: no stop, no pen-up reached it.
    expect(logAfter).not.toContain('ES');
    expect(emu.faults.stalled).toBe(true);
  });
});

describe('EbbDriver and firmware versions', () => {
  it('refuses firmware below 2.4.4 at open, naming the minimum and the banner', async () => {
    const emu = new EbbEmulator('2.0.1');
    const timer = new VirtualTimer(emu);
    const error = await timer
      .run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EbbError);
    expect((error as EbbError).code).toBe('firmware-too-old');
    expect((error as EbbError).message).toBe(
      "expected EBB firmware 2.4.4 or newer, got 'EBBv13_and_above EB Firmware Version 2.0.1'",
    );
  });

  it('refuses a board whose V answer is no EBB banner', async () => {
    const emu = new EbbEmulator('2.8.1', { versionLine: 'EggDuino firmware 1.6a' });
    const timer = new VirtualTimer(emu);
    const error = (await timer
      .run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush)
      .catch((e: unknown) => e)) as EbbError;
    expect(error.code).toBe('garbage');
    expect(error.message).toBe(
      "expected 'EBBv13_and_above EB Firmware Version x.y.z' to 'V', got 'EggDuino firmware 1.6a'",
    );
  });

  it.each([
    ['2.6.5', false],
    ['2.7.0', true],
  ] as const)('firmware %s: LM moves %s, the plot completes either way', async (firmware, lm) => {
    const { emu, timer, driver } = await setUp(firmware);
    expect(driver.hasLm).toBe(lm);
    const result = await timer.run(driver.plot(plan), flush);
    expect(result.completed).toBe(true);
    expect(emu.errorReplies).toEqual([]);
    expect(emu.commandLog.some((c) => c.startsWith('LM,'))).toBe(lm);
    // Below 2.7.0 the moves are time-sliced SM commands instead.
    if (!lm) expect(emu.commandLog.filter((c) => c.startsWith('SM,')).length).toBeGreaterThan(20);
    expect(emu.positionSteps).toEqual([0, 0]);
    expect(emu.penUp).toBe(true);
    expect(drawnMm(emu)).toBeCloseTo(plannedMm, 1);
  });
});

describe('EbbDriver.open leaves the port reusable', () => {
  /** Web Serial's rule: `open()` on a port that is open rejects with InvalidStateError. */
  function strictPort(emu: EbbEmulator): SerialPortLike {
    const port = createEmulatedPort(emu);
    let open = false;
    return {
      get readable() {
        return port.readable;
      },
      get writable() {
        return port.writable;
      },
      async open(options) {
        if (open)
          throw Object.assign(new Error('The port is already open.'), {
            name: 'InvalidStateError',
          });
        await port.open(options);
        open = true;
      },
      async close() {
        await port.close();
        open = false;
      },
      getInfo: () => port.getInfo(),
    };
  }

  it.each([
    ['stays silent', (emu: EbbEmulator) => emu.faults.stall(), 'no-reply'],
    [
      'answers garbage',
      (emu: EbbEmulator) => emu.faults.replaceNextReply('\x00\x01\r\n', 'V'),
      'garbage',
    ],
  ] as const)(
    'after a board that %s, a second connect succeeds once it answers',
    async (_name, fault, code) => {
      const emu = new EbbEmulator('2.8.1');
      const timer = new VirtualTimer(emu);
      const port = strictPort(emu);
      fault(emu);
      const first = await timer
        .run(EbbDriver.open(port, { timer }), flush)
        .catch((e: unknown) => e);
      expect((first as EbbError).code).toBe(code);
      emu.faults.unstall();
      const driver = await timer.run(EbbDriver.open(port, { timer }), flush);
      expect(driver.firmware).toEqual({ major: 2, minor: 8, patch: 1 });
    },
  );
});
