import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';
import { AXIDRAW_USB_FILTER } from './axidraw-usb-filter.ts';

/**
 * The worker's side of a port the page opened and whose streams it transferred (a worker
 * without Web Serial of its own): `open` has nothing left to do, `close` ends both streams,
 * which closes them on the page too, so the page can then close the port itself.
 */
export function streamBackedPort(
  readable: ReadableStream<Uint8Array>,
  writable: WritableStream<Uint8Array>,
): SerialPortLike {
  let opened = false;
  return {
    get readable() {
      return opened ? readable : null;
    },
    get writable() {
      return opened ? writable : null;
    },
    async open() {
      opened = true;
    },
    async close() {
      opened = false;
      // The driver has released its reader and writer by now; a lost device's streams have
      // errored, and ending them fails harmlessly.
      await readable.cancel().catch(() => undefined);
      await writable.close().catch(() => writable.abort().catch(() => undefined));
    },
    getInfo: () => ({ ...AXIDRAW_USB_FILTER }),
  };
}
