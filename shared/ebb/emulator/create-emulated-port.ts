import type { ByteSourceLike, SerialPortLike } from '../serial-port-like.ts';

type ReadResult = Awaited<ReturnType<ReturnType<ByteSourceLike['getReader']>['read']>>;
import type { EbbEmulator } from './ebb-emulator.ts';

/**
 * A `SerialPort`-shaped front for an `EbbEmulator`, so the driver runs against it unchanged.
 * Writes reach the emulator synchronously; replies queue up for the reader. Like a Web
 * Serial port it can be opened again after `close`. When the
 * emulator disconnects or loses power, pending and later reads reject the way Web Serial
 * does when the device is lost (a `NetworkError`), and writes reject too.
 */
export function createEmulatedPort(
  emulator: Pick<EbbEmulator, 'connected' | 'receive' | 'attach'>,
): SerialPortLike {
  const chunks: Uint8Array[] = [];
  const waiting: {
    resolve: (r: { done: false; value: Uint8Array } | { done: true }) => void;
    reject: (e: Error) => void;
  }[] = [];
  let lostError: Error | null = null;
  let closed = false;
  const deviceLost = () =>
    Object.assign(new Error('The device has been lost.'), { name: 'NetworkError' });

  const deliver = (bytes: Uint8Array) => {
    const w = waiting.shift();
    if (w) w.resolve({ done: false, value: bytes });
    else chunks.push(bytes);
  };
  const lost = () => {
    lostError = deviceLost();
    for (const w of waiting.splice(0)) w.reject(lostError);
  };

  let opened = false;
  return {
    get readable() {
      if (!opened) return null;
      return {
        getReader: () => ({
          read: (): Promise<ReadResult> => {
            const chunk = chunks.shift();
            if (chunk) return Promise.resolve({ done: false as const, value: chunk });
            if (lostError) return Promise.reject(lostError);
            if (closed) return Promise.resolve({ done: true as const });
            return new Promise<ReadResult>((resolve, reject) => waiting.push({ resolve, reject }));
          },
          cancel: async () => {
            closed = true;
            for (const w of waiting.splice(0)) w.resolve({ done: true });
          },
          releaseLock: () => {},
        }),
      };
    },
    get writable() {
      if (!opened) return null;
      return {
        getWriter: () => ({
          write: async (chunk: Uint8Array) => {
            if (lostError || !emulator.connected) throw lostError ?? deviceLost();
            emulator.receive(chunk);
          },
          close: async () => {},
          releaseLock: () => {},
        }),
      };
    },
    async open() {
      if (!emulator.connected && lostError) throw new Error('The port is not connected.');
      // Reopened after a close (a second Connect): a fresh stream, nothing left from before.
      closed = false;
      chunks.length = 0;
      opened = true;
      emulator.attach(deliver, lost);
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w.resolve({ done: true });
    },
    getInfo() {
      return { usbVendorId: 0x04d8, usbProductId: 0xfd92 };
    },
  };
}
