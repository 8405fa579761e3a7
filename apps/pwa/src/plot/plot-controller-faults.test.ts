import type { EbbEmulator } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  drawnMm,
  type Move,
  newId,
  faultPlan as plan,
  plannedMm,
  plotWithFault,
  recordPort,
  stopBoards,
  usbPlotter,
} from './plot-fault-kit.ts';
import { statsFor } from './plot-test-kit.ts';
import { DEFAULT_PLOTTER_SETTINGS } from './plotter-settings.ts';

// The plot console when the plotter misbehaves: garbage, a wrong answer, a stray reply,
// replies held past the timeout, a hang, a pulled cable, a power cut, and firmware too old
// to drive or too old for LM moves, on a USB plotter of the fault kit (plot-fault-kit.ts).
// Resuming after such a fault: plot-controller-fault-resume.test.ts.

afterEach(stopBoards);

const WORDS = {
  garbage: 'the plotter sent something that is not an EBB reply',
  'no-reply': 'the plotter did not answer in time',
  disconnected: 'the plotter is no longer connected',
} as const;
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What every fault during a plot must leave: the console names it in plain words with the
 * protocol detail; the job is PAUSED with a PlotPaused event (reason 'fault') whose details
 * say why, so "Resume from the last pen-up" continues it; the last checkpoint is kept and
 * true; the statistics of the part plotted are saved (as a paused run).
 */
function expectFaultRecorded(
  r: Awaited<ReturnType<typeof plotWithFault>>,
  code: keyof typeof WORDS,
  detail: RegExp,
) {
  // The fault came mid-plot, with strokes still to draw.
  expect(r.drawnAtInjectMm).toBeLessThan(plannedMm - 10);
  // A lost board is let go, so the console offers to connect again.
  expect(r.controller.state.phase).toBe(code === 'disconnected' ? 'disconnected' : 'stopped');
  const said = new RegExp(`^${literal(WORDS[code])} \\(${detail.source}\\)\\.`);
  const message = r.controller.state.message ?? '';
  expect(message).toMatch(/^The plot stopped: /);
  expect(message.replace(/^The plot stopped: /, '')).toMatch(said);
  expect(message).toMatch(/ The job is paused: resume it from the last pen-up\.$/);
  const last = r.moves.at(-1) as Move;
  expect(`${last.to}:${last.type}`).toBe('PAUSED:PlotPaused');
  expect(last.details).toMatchObject({ reason: 'fault', fault: code, layer: 'black' });
  expect(String(last.details.message)).toMatch(said);
  expect(r.moves.map((m) => m.type)).toEqual(['PlotStarted', 'PlotPaused']);
  expect(r.store.cleared).toBe(false);
  const cp = r.store.checkpoint;
  expect(cp?.pathIndex).toBeGreaterThanOrEqual(2);
  expect(drawnMm(r.emu)).toBeGreaterThanOrEqual((cp?.penDownDistanceMm ?? 0) - 0.05);
  const s = r.stats[0];
  expect(r.stats).toHaveLength(1);
  expect(s?.eventType).toBe('PlotPaused');
  expect(s?.source).toBe('actual');
  expect(s?.distancePlottedMm).toBeGreaterThan(0);
  expect(s?.distancePlottedMm).toBeLessThan(plannedMm);
}

describe('PlotController: a plotter that answers garbage', () => {
  it.each(['2.8.1', '3.0.3'] as const)(
    'on %s: random bytes mid-plot stop the plot with the bytes named, the job paused, the pen up',
    async (firmware) => {
      const r = await plotWithFault(firmware, (emu) =>
        emu.faults.sendGarbage(new Uint8Array([0xfe, 0x13, 0x5a, 0x80, 0x0d, 0x0a])),
      );
      expectFaultRecorded(
        r,
        'garbage',
        /expected ((OK|a reply line) to|nothing after the reply to) '[^']+', got '\\xfe\\x13Z\\x80'/,
      );
      expect(r.emu.penUp).toBe(true);
      // Resynchronised and stopped before the lift: V, ES, pen up, in that order.
      const log = r.emu.commandLog;
      const v = log.lastIndexOf('V');
      expect(log.slice(v, v + 2)).toEqual(['V', 'ES']);
    },
    20_000,
  );

  it('a wrong answer to a status query stops the plot naming the format, the job paused, the pen up', async () => {
    const r = await plotWithFault('2.8.1', (emu) => emu.faults.replaceNextReply('OK\r\n', 'QG'));
    expectFaultRecorded(r, 'garbage', /expected a reply line to 'QG', got 'OK'/);
    expect(r.emu.penUp).toBe(true);
  }, 20_000);
});

describe('PlotController: a plotter that answers late or not at all', () => {
  it('replies held past the timeout stop the plot as no reply, the job paused; the late ones are dropped, the pen up', async () => {
    const r = await plotWithFault('2.8.1', (emu, board) => {
      // A hiccup on the line that lasts until the driver has given up and asks for V.
      emu.faults.holdReplies();
      const from = emu.commandLog.length;
      const watch = () => {
        if (emu.commandLog.slice(from).includes('V')) emu.faults.releaseReplies();
        else board.timer.setTimeout(watch, 20);
      };
      watch();
    });
    expectFaultRecorded(
      r,
      'no-reply',
      /expected (OK|a reply line) to '[^']+' within \d+ ms, got nothing/,
    );
    expect(r.emu.penUp).toBe(true);
  }, 20_000);

  it('a board that hangs mid-plot stops the plot as no reply, the job paused; nothing more reaches it', async () => {
    let logAtHang = 0;
    const r = await plotWithFault('2.8.1', (emu) => {
      logAtHang = emu.commandLog.length;
      emu.faults.stall();
    });
    expectFaultRecorded(
      r,
      'no-reply',
      /expected (OK|a reply line) to '[^']+' within \d+ ms, got nothing/,
    );
    expect(r.emu.commandLog.length).toBe(logAtHang);
  }, 20_000);
});

describe('PlotController: a plotter that disappears', () => {
  it.each([
    ['a pulled cable', (emu: EbbEmulator) => emu.disconnect()],
    ['a power cut', (emu: EbbEmulator) => emu.powerLoss()],
  ])(
    '%s stops the plot as a lost device, the job paused with its checkpoint, the board let go',
    async (_name, cut) => {
      const r = await plotWithFault('2.8.1', cut);
      expect(r.controller.state.connection).toBeNull();
      expectFaultRecorded(
        r,
        'disconnected',
        /expected replies from the board, the device was lost \(The device has been lost\.\)/,
      );
    },
    20_000,
  );
});

describe('PlotController: firmware', () => {
  it('refuses firmware too old to drive: Could not connect, the reason, nothing sent but V', async () => {
    const { emu, controller } = usbPlotter('2.0.1');
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    expect(controller.state.phase).toBe('disconnected');
    expect(controller.state.connection).toBeNull();
    expect(controller.state.message).toBe(
      "Could not connect: the plotter's firmware is too old (expected EBB firmware 2.4.4 or newer, got 'EBBv13_and_above EB Firmware Version 2.0.1'). Update the EiBotBoard firmware.",
    );
    expect(emu.commandLog).toEqual(['V']);
  });

  it('refuses garbage in answer to V: Could not connect, the bytes named, nothing sent but V', async () => {
    const { emu, controller } = usbPlotter('2.8.1');
    emu.faults.replaceNextReply('\xfe\x01Zx\r\n', 'V');
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    expect(controller.state.phase).toBe('disconnected');
    expect(controller.state.connection).toBeNull();
    expect(controller.state.message).toMatch(
      /^Could not connect: the plotter sent something that is not an EBB reply \(expected 'EBBv13_and_above EB Firmware Version x\.y\.z' to 'V', got '\\xfe\\x01Zx'\)\.$/,
    );
    expect(emu.commandLog).toEqual(['V']);
  });

  it('refuses a board that does not answer V: Could not connect, no reply within the timeout', async () => {
    const { emu, controller } = usbPlotter('2.8.1');
    emu.faults.stall();
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    expect(controller.state.phase).toBe('disconnected');
    expect(controller.state.message).toBe(
      "Could not connect: the plotter did not answer in time (expected a reply line to 'V' within 1000 ms, got nothing). Check that it is switched on and its USB cable is in.",
    );
  });

  it('plots on firmware too old for LM moves with time-sliced SM moves instead', async () => {
    const { emu, controller } = usbPlotter('2.6.5');
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    expect(controller.state.connection).toBe('AxiDraw on USB (firmware 2.6.5)');
    const record = recordPort();
    const jobId = newId();
    await controller.plot({
      jobId,
      planHash: 'f'.repeat(64),
      plan,
      record: record.port,
      details: {},
      stats: statsFor(jobId, newId),
    });
    expect(controller.state.phase).toBe('completed');
    expect(controller.state.message).toBeNull();
    expect(record.moves.map((m) => `${m.to}:${m.type}`)).toEqual([
      'PLOTTING:PlotStarted',
      'COMPLETED:PlotCompleted',
    ]);
    expect(emu.commandLog.some((c) => c.startsWith('LM,'))).toBe(false);
    expect(emu.errorReplies).toEqual([]);
    expect(drawnMm(emu)).toBeCloseTo(plannedMm, 0);
    await controller.disconnect();
  }, 20_000);
});
