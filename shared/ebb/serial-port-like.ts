/**
 * The part of the Web Serial `SerialPort` the EBB driver uses. `shared/` has no DOM types, so
 * the shape is declared here structurally: the browser's `SerialPort`, a Node serialport
 * adapter and the emulator's port (`emulator/create-emulated-port.ts`) all satisfy it.
 * Reads resolve with `done: true` when the port closes and reject when the device is lost.
 */
export interface SerialPortLike {
  readonly readable: ByteSourceLike | null;
  readonly writable: ByteSinkLike | null;
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
}

/** Minimal `ReadableStream<Uint8Array>`: only the default reader is used. */
export interface ByteSourceLike {
  getReader(): {
    // A done result may carry a value in the DOM typings (`ReadableStreamReadDoneResult`).
    read(): Promise<
      { done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array }
    >;
    cancel(reason?: unknown): Promise<void>;
    releaseLock(): void;
  };
}

/** Minimal `WritableStream<Uint8Array>`: only the default writer is used. */
export interface ByteSinkLike {
  getWriter(): {
    write(chunk: Uint8Array): Promise<void>;
    close(): Promise<void>;
    releaseLock(): void;
  };
}
