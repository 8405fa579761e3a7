import { EbbError } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { PlotCallbacks } from '@fabdesk/shared/ebb/driver/plot-callbacks.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { BLOCK_STRIDE } from '@fabdesk/shared/plan/motion-block.ts';
import { planMotion } from '@fabdesk/shared/plan/plan-motion.ts';
import { compareDrawn } from '@fabdesk/shared/plot/compare-drawn.ts';
import { plotRun } from '@fabdesk/shared/plot/plot-run.ts';
import { PlotSession } from '@fabdesk/shared/plot/plot-session.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlotHost } from './plot-host.ts';
import { layer, testHost } from './plot-test-kit.ts';
import { startInThreadPlotter } from './in-thread-plotter.ts';
import type { PlotterWorkerEnv } from './plotter-worker-host.ts';
import { realTimeClock } from './real-time-clock.ts';
import { RealTimeEmulator } from './real-time-emulator.ts';
import { RemoteEbbDriver } from './remote-ebb-driver.ts';

// The page's proxy and the worker's host over a real MessageChannel, as in the browser but
// in one Node thread: every call, callback, error and reading crosses as a message.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function startHost(env: Partial<Omit<PlotterWorkerEnv, 'clock'>> = {}) {
  const link = startInThreadPlotter(realTimeClock(), { scope: 'test-worker', ...env });
  let terminated = false;
  const stop = link.terminate;
  link.terminate = () => {
    terminated = true;
    stop();
  };
  cleanups.push(() => link.terminate());
  return { host: link.host, link, terminated: () => terminated };
}

function board(firmware: '2.8.1' | '3.0.3', speedUp: number) {
  const b = new RealTimeEmulator(firmware, testHost, speedUp);
  b.start();
  cleanups.push(() => b.stop());
  return b;
}

const plan = planMotion(
  [
    layer('black', '#000000', [
      [20, 20, 40, 20, 40, 40],
      [50, 20, 70, 30],
      [20, 50, 30, 60, 40, 50],
    ]),
    layer('red', '#ff0000', [
      [20, 60, 60, 60],
      [60, 70, 20, 80],
    ]),
  ],
  axidrawProfile('axidraw-v3'),
);
const blockCount = plan.blocks.length / BLOCK_STRIDE;

async function openVirtual(firmware: '2.8.1' | '3.0.3', speedUp = 200) {
  const { host, link } = startHost();
  const driver = await RemoteEbbDriver.open(
    link,
    { kind: 'virtual', firmware, speedUp },
    { pen: {}, page: testHost },
  );
  cleanups.push(() => driver.close());
  const emulator = host.virtualBoard?.emulator;
  if (!emulator) throw new Error('expected the host to run a virtual board');
  return { host, driver, emulator };
}

describe('RemoteEbbDriver ⇄ PlotterWorkerHost', () => {
  it.each(['2.8.1', '3.0.3'] as const)(
    'a full plot on the virtual plotter %s draws the plan; callbacks come in order on the driver clock',
    async (firmware) => {
      const { driver, emulator } = await openVirtual(firmware);
      expect(driver.runsIn).toBe('test-worker');
      expect(`${driver.firmware.major}.${driver.firmware.minor}.${driver.firmware.patch}`).toBe(
        firmware,
      );
      const blocks: number[] = [];
      const checkpoints: number[] = [];
      const pauses: string[] = [];
      const times: number[] = [];
      const outcome = await driver.plot(plan.blocks, {
        onProgress: (p) => {
          blocks.push(p.blockIndex);
          times.push(driver.timer.now());
        },
        onCheckpoint: (cp) => {
          checkpoints.push(cp.pathIndex);
          times.push(driver.timer.now());
        },
        // The pen swap before the red layer: resumed from inside the callback, across the
        // channel, after the worker has started waiting.
        onPause: (reason) => {
          pauses.push(reason);
          driver.resume();
        },
      });
      expect(outcome).toEqual({ completed: true, stop: null });
      const drawn = compareDrawn(plan.blocks, emulator.drawn);
      expect(drawn.plannedMm).toBeGreaterThan(100);
      expect(drawn).toMatchObject({ missingMm: 0, retracedMm: 0, strayLines: 0 });
      expect(pauses).toEqual(['plan']);
      expect(checkpoints).toEqual([1, 2, 3, 1, 2]);
      expect(blocks.at(-1)).toBe(blockCount - 1);
      expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
      // Each callback saw its event's own time on the board's clock, never the page's.
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.at(-1)).toBeLessThanOrEqual(emulator.nowMs);
      // …which runs 200× faster than the page's: the callbacks span the plot's board time.
      expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThan(plan.durationS * 1000 * 0.8);
      // The page's view of the virtual board came from the worker with the reply.
      expect(driver.board?.steps).toEqual([0, 0]);
      expect(driver.board?.penUp).toBe(true);
      expect(driver.board?.underruns).toBe(emulator.underruns);
      expect(await driver.querySteps()).toEqual([0, 0]);
    },
    30_000,
  );

  it('pen calibration and queries cross the channel', async () => {
    const { driver, emulator } = await openVirtual('3.0.3');
    driver.setPen({ downPosition: 12000 });
    await driver.movePen(false);
    expect(emulator.penUp).toBe(false);
    expect(emulator.commandLog).toContain('SC,5,12000');
    expect(await driver.query('QP')).toBe('0');
    await driver.movePen(true);
    expect(await driver.query('QP')).toBe('1');
    expect(await driver.waitIdle()).toBe(true);
  });

  it('pause at the end of a path, resume from the page later, complete', async () => {
    // 2.8.1: a one-deep queue, so the first layer is not all queued before the pause arrives.
    const { driver, emulator } = await openVirtual('2.8.1', 50);
    const pauses: string[] = [];
    let asked = false;
    const outcome = await driver.plot(plan.blocks, {
      onProgress: () => {
        if (asked) return;
        asked = true;
        driver.pause('end-of-path');
      },
      onPause: (reason) => {
        pauses.push(reason);
        if (reason === 'plan') driver.resume();
        else setTimeout(() => driver.resume(), 50);
      },
    });
    expect(outcome.completed).toBe(true);
    expect(pauses).toEqual(['user', 'plan']);
    expect(compareDrawn(plan.blocks, emulator.drawn)).toMatchObject({
      missingMm: 0,
      retracedMm: 0,
    });
  });

  it.each(['2.8.1', '3.0.3'] as const)(
    'pause now on %s stops the board where it is; a PlotSession continues from there over the channel and the plan is drawn once',
    async (firmware) => {
      const { driver, emulator } = await openVirtual(firmware, 20);
      const session = new PlotSession(driver, plan, axidrawProfile('axidraw-v3'));
      const pauses: string[] = [];
      let stoppedAt: { xMm: number; yMm: number } | null = null;
      let swapped = false;
      let asked = false;
      const outcome = await session.run(plotRun(plan), {
        // Mid-way into the red layer, after its pen swap.
        onProgress: () => {
          if (!swapped || asked) return;
          asked = true;
          session.pause('now');
        },
        onPause: (reason, at) => {
          pauses.push(reason);
          if (reason === 'plan') swapped = true;
          if (at) stoppedAt = at;
          session.resume();
        },
      });
      expect(outcome).toEqual({ completed: true });
      expect(pauses).toEqual(['plan', 'user']);
      expect(stoppedAt).not.toBeNull();
      expect(compareDrawn(plan.blocks, emulator.drawn)).toMatchObject({
        missingMm: 0,
        retracedMm: 0,
        strayLines: 0,
      });
      expect(await driver.querySteps()).toEqual([0, 0]);
    },
    30_000,
  );

  it('abort stops the plot, lifts the pen and goes home', async () => {
    const { driver, emulator } = await openVirtual('3.0.3', 50);
    let aborted = false;
    const outcome = await driver.plot(plan.blocks, {
      onCheckpoint: () => {
        if (aborted) return;
        aborted = true;
        driver.abort();
      },
    });
    expect(outcome).toEqual({ completed: false, stop: null });
    expect(await driver.querySteps()).toEqual([0, 0]);
    expect(emulator.penUp).toBe(true);
    expect(compareDrawn(plan.blocks, emulator.drawn).missingMm).toBeGreaterThan(1);
  });

  it('a callback that throws aborts the plot and rejects it with that error', async () => {
    const { driver } = await openVirtual('3.0.3', 50);
    const failure = driver.plot(plan.blocks, {
      onCheckpoint: () => {
        throw new Error('the record could not keep up');
      },
    });
    await expect(failure).rejects.toThrow('the record could not keep up');
    expect(await driver.querySteps()).toEqual([0, 0]);
  });

  it('a worker without Web Serial gets the page-opened port as transferred streams; a vanished board gives the driver error on the page', async () => {
    const b = board('3.0.3', 50);
    const serial: NonNullable<PlotHost['serial']> = {
      requestPort: async () => b.port,
      getPorts: async () => [b.port],
    };
    const { link, terminated } = startHost({ serial: undefined });
    const driver = await RemoteEbbDriver.open(
      link,
      { kind: 'serial', port: b.port, serial, browserPort: false },
      { pen: {}, page: testHost },
    );
    expect(driver.board).toBeNull();
    expect(b.emulator.commandLog[0]).toBe('V');
    const checkpoints: number[] = [];
    const callbacks: PlotCallbacks = {
      onCheckpoint: (cp) => {
        checkpoints.push(cp.pathIndex);
        if (checkpoints.length === 2) b.emulator.disconnect();
      },
      onPause: () => driver.resume(),
    };
    const failure = driver.plot(plan.blocks, callbacks).catch((e: unknown) => e);
    const error = await failure;
    expect(error).toBeInstanceOf(EbbError);
    expect(error).toMatchObject({ code: 'disconnected' });
    expect((error as Error).message).toMatch(/^expected .*(lost|closed)/);
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    await driver.close();
    expect(terminated()).toBe(true);
    await expect(driver.querySteps()).rejects.toMatchObject({ code: 'disconnected' });
  }, 20_000);

  it('a worker with Web Serial opens the granted port itself, found by its place among the AxiDraw ports', async () => {
    const a = board('3.0.3', 10);
    const b = board('2.8.1', 10);
    const other = { ...a.port, getInfo: () => ({ usbVendorId: 0x2341, usbProductId: 0x0043 }) };
    const pageSerial: NonNullable<PlotHost['serial']> = {
      requestPort: async () => b.port,
      getPorts: async () => [a.port, b.port],
    };
    // The worker's own objects for the same devices, with another device listed first.
    const { link } = startHost({ serial: { getPorts: async () => [other, a.port, b.port] } });
    const driver = await RemoteEbbDriver.open(
      link,
      { kind: 'serial', port: b.port, serial: pageSerial, browserPort: true },
      { pen: {}, page: testHost },
    );
    expect(driver.firmware).toEqual({ major: 2, minor: 8, patch: 1 });
    expect(b.emulator.commandLog).toContain('V');
    expect(a.emulator.commandLog).toEqual([]);
    await driver.close();

    // A fake serial injected into the page: the worker's own Web Serial is never asked (it
    // would list the real AxiDraw A), the page's port goes over as streams.
    const c = board('3.0.3', 10);
    const fakeSerial: NonNullable<PlotHost['serial']> = {
      requestPort: async () => c.port,
      getPorts: async () => [c.port],
    };
    const blind = startHost({ serial: { getPorts: async () => [a.port] } });
    const fallback = await RemoteEbbDriver.open(
      blind.link,
      { kind: 'serial', port: c.port, serial: fakeSerial, browserPort: false },
      { pen: {}, page: testHost },
    );
    expect(fallback.firmware).toEqual({ major: 3, minor: 0, patch: 3 });
    expect(c.emulator.commandLog).toContain('V');
    expect(a.emulator.commandLog).toEqual([]);
    expect(await fallback.querySteps()).toEqual([0, 0]);
    await fallback.close();

    // A browser port the worker does not list after all: the page hands over its streams.
    const d = board('2.8.1', 10);
    const unlisted = startHost({ serial: { getPorts: async () => [] } });
    const late = await RemoteEbbDriver.open(
      unlisted.link,
      {
        kind: 'serial',
        port: d.port,
        serial: { getPorts: async () => [d.port] },
        browserPort: true,
      },
      { pen: {}, page: testHost },
    );
    expect(d.emulator.commandLog).toContain('V');
    await late.close();
  });
});
