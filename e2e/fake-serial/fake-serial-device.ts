import { createEmulatedPort } from '../../shared/ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../../shared/ebb/emulator/ebb-emulator.ts';
import type { FirmwareString } from '../../shared/ebb/emulator/firmware-profile.ts';

// A USB AxiDraw for the e2e suite, injected into the page before the app loads (bundled by
// fake-serial-script.ts): `navigator.serial` answers with an emulated EiBotBoard whose clock
// follows real time (times `speedUp`) by itself, as a real board's does, and whose port is
// not the browser's own SerialPort, so the plotter worker cannot reopen it and the page
// hands the port's streams over. `window.fakeSerial` lets the spec look at the board.

declare const FAKE_SERIAL_CONFIG: { firmware: FirmwareString; speedUp: number };

const emulator = new EbbEmulator(FAKE_SERIAL_CONFIG.firmware);
// A cable pulled and plugged in again gives a new port (the board, with power, runs on).
let port = createEmulatedPort(emulator);
let granted = false;
let lastMs = performance.now();
setInterval(() => {
  const now = performance.now();
  emulator.advance((now - lastMs) * FAKE_SERIAL_CONFIG.speedUp);
  lastMs = now;
}, 2);

const serial = {
  async requestPort(options: { filters?: { usbVendorId?: number; usbProductId?: number }[] }) {
    const info = port.getInfo();
    const fits = (options.filters ?? []).some(
      (f) => f.usbVendorId === info.usbVendorId && f.usbProductId === info.usbProductId,
    );
    if (!fits) throw new DOMException('No port selected by the user.', 'NotFoundError');
    granted = true;
    return port;
  },
  getPorts: async () => (granted ? [port] : []),
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
};
Object.defineProperty(Navigator.prototype, 'serial', { configurable: true, get: () => serial });

Object.assign(window, {
  fakeSerial: {
    commands: () => [...emulator.commandLog],
    drawnCount: () => emulator.drawn.length,
    underruns: () => emulator.underruns,
    steps: () => [...emulator.positionSteps],
    /** Every pen-down line the board drew, in mm. */
    drawn: () => emulator.drawn.map((s) => [s.x0Mm, s.y0Mm, s.x1Mm, s.y1Mm]),
    penUp: () => emulator.penUp,
    /** USB cable out: the port is lost; the board keeps running what it had queued. */
    pullCable: () => emulator.disconnect(),
    /** USB cable in again: the board is a (granted) port again. */
    plugIn: () => {
      port = createEmulatedPort(emulator);
    },
  },
});
