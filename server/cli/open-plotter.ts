import { setTimeout as sleep, setImmediate } from 'node:timers/promises';
import { EbbDriver } from '@fabdesk/shared/ebb/driver/ebb-driver.ts';
import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import { createEmulatedPort } from '@fabdesk/shared/ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import { VirtualTimer } from '@fabdesk/shared/ebb/emulator/virtual-timer.ts';
import { createNodeSerial } from '../serial/node-serial.ts';

const AXIDRAW_FILTER = { usbVendorId: 0x04d8, usbProductId: 0xfd92 };

/** An open plotter: the driver, the clock the plot is measured on, and how to close it. */
export interface Plotter {
  driver: EbbDriver;
  label: string;
  nowMs(): number;
  /** When the board finished moving (the emulator knows; a real board: now). */
  endMs(): number;
  /** Runs the plot to its end (the virtual plotter drives its clock meanwhile). */
  run<T>(work: Promise<T>): Promise<T>;
  /** The virtual plotter, and its command log's length before the plot. */
  emulator?: EbbEmulator;
  commandsBefore: number;
  port?: string;
}

/**
 * The built-in virtual plotter: the EBB emulator on its own clock, which runs as fast as
 * the machine can unless `speedUp` is given: then the board's clock is held to real time
 * times `speedUp` (a 40 s plot at 10 takes 4 s), to watch a plot, or to rehearse stopping
 * one (Ctrl-C, kill) half-way.
 */
export async function openVirtual(
  firmware: '2.8.1' | '3.0.3',
  speedUp: number | null = null,
): Promise<Plotter> {
  const emu = new EbbEmulator(firmware);
  const timer = new VirtualTimer(emu);
  const realStartMs = performance.now();
  const boardStartMs = emu.nowMs;
  const flush = async () => {
    for (let i = 0; i < 2; i++) await setImmediate();
    if (speedUp === null) return;
    // The board's clock has run ahead of real time: wait until real time catches up.
    const aheadMs = (emu.nowMs - boardStartMs) / speedUp - (performance.now() - realStartMs);
    if (aheadMs > 1) await sleep(aheadMs);
  };
  const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
  return {
    driver,
    label: `Virtual plotter (firmware ${firmware})`,
    nowMs: () => emu.nowMs,
    endMs: () => emu.idleSinceMs ?? emu.nowMs,
    run: (work) => timer.run(work, flush),
    emulator: emu,
    commandsBefore: emu.commandLog.length,
  };
}

/** An AxiDraw on a serial port: `path`, or the one found by its USB ids. */
export async function openSerial(path: string | undefined): Promise<Plotter> {
  const serial = createNodeSerial(
    (await import('../serial/serialport-backend.ts')).serialportBackend,
  );
  const port = await serial.requestPort(path ? { path } : { filters: [AXIDRAW_FILTER] });
  const timer: EbbTimer = {
    now: () => performance.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
  const driver = await EbbDriver.open(port, { timer });
  const v = driver.firmware;
  return {
    driver,
    label: `AxiDraw on ${port.info.path} (firmware ${v.major}.${v.minor}.${v.patch})`,
    nowMs: () => performance.now(),
    endMs: () => performance.now(),
    run: (work) => work,
    commandsBefore: 0,
    port: port.info.path,
  };
}
