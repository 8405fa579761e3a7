import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import type { PenServo } from '@fabdesk/shared/ebb/driver/motion-writer.ts';
import type { PlotDriver } from '@fabdesk/shared/ebb/driver/plot-driver.ts';
import type { EmulatedFirmware } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';
import { isBrowserSerialPort } from './is-browser-serial-port.ts';
import type { PlotHost } from './plot-host.ts';
import type { VirtualBoardState } from './plotter-worker-protocol.ts';
import { RemoteEbbDriver, type RemoteTarget } from './remote-ebb-driver.ts';
import { startPlotterWorker } from './start-plotter-worker.ts';

/**
 * An open plotter: its driver, the clock plots are measured on, and how to close it. The
 * driver runs in a plotter worker of its own (`RemoteEbbDriver`), so a long task on the
 * page never delays its reaction to the board; `timer` is that driver's clock seen from the
 * page (the virtual board's own clock for the virtual plotter).
 */
export interface PlotterConnection {
  driver: PlotDriver;
  timer: EbbTimer;
  /** The virtual plotter's board as the worker last reported it, or null for a real one. */
  readonly board: VirtualBoardState | null;
  /** "Virtual plotter (firmware 3.0.3, 50× speed)" or "AxiDraw on USB (firmware 2.8.1)". */
  label: string;
  close(): Promise<void>;
}

/** A USB plotter on `port` (granted to the page), driven from the plotter worker. */
export async function openSerialPlotter(
  host: PlotHost,
  port: SerialPortLike,
  pen: Partial<PenServo>,
): Promise<PlotterConnection> {
  const serial = host.serial;
  if (!serial) throw new Error('expected Web Serial for a USB plotter, this browser has none');
  const driver = await openInWorker(host, pen, {
    kind: 'serial',
    port,
    serial,
    browserPort: isBrowserSerialPort(port),
  });
  const v = driver.firmware;
  return connection(driver, `AxiDraw on USB (firmware ${v.major}.${v.minor}.${v.patch})`);
}

/** The built-in virtual plotter in the plotter worker, on its own clock (`speedUp` × real time). */
export async function openVirtualPlotter(
  host: PlotHost,
  firmware: EmulatedFirmware,
  speedUp: number,
  pen: Partial<PenServo>,
): Promise<PlotterConnection> {
  const driver = await openInWorker(host, pen, { kind: 'virtual', firmware, speedUp });
  return connection(driver, `Virtual plotter (firmware ${firmware}, ${speedUp}× speed)`);
}

async function openInWorker(
  host: PlotHost,
  pen: Partial<PenServo>,
  target: RemoteTarget,
): Promise<RemoteEbbDriver> {
  const link = host.startPlotterWorker
    ? await host.startPlotterWorker(host)
    : await startPlotterWorker();
  return RemoteEbbDriver.open(link, target, { pen, page: host });
}

function connection(driver: RemoteEbbDriver, label: string): PlotterConnection {
  return {
    driver,
    timer: driver.timer,
    get board() {
      return driver.board;
    },
    label,
    close: () => driver.close(),
  };
}
