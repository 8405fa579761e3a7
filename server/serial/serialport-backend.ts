import { SerialPort } from 'serialport';
import type { SerialBackend } from './node-serial.ts';

/** Real hardware through serialport's native bindings. */
export const serialportBackend: SerialBackend = {
  list: () => SerialPort.list(),
  connect: (path, baudRate) => new SerialPort({ path, baudRate, autoOpen: false }),
};
