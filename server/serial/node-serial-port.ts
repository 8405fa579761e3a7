import type { SerialPortLike } from '../../shared/ebb/serial-port-like.ts';

/** What the adapter uses of a serialport `SerialPort` / `SerialPortMock` (a Node Duplex). */
export interface SerialStreamLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'close', listener: (error?: Error & { disconnected?: boolean }) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

/** USB details as `SerialPort.list()` gives them (ids are hex strings, e.g. '04d8'). */
export interface NodePortInfo {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/**
 * A Web Serial `SerialPort` on top of the `serialport` package, so `EbbDriver` runs in Node
 * unchanged. `readable`/`writable` are WHATWG streams created by `open` (null before, as in
 * the browser). Device loss (the cable pulled: serialport closes with `disconnected`) errors
 * the readable with a `NetworkError`, as Chrome does; a plain `close()` ends it.
 */
export class NodeSerialPort implements SerialPortLike {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  readonly info: NodePortInfo;
  private readonly connect: (path: string, baudRate: number) => SerialStreamLike;
  private stream: SerialStreamLike | null = null;

  constructor(info: NodePortInfo, connect: (path: string, baudRate: number) => SerialStreamLike) {
    this.info = info;
    this.connect = connect;
  }

  async open(options: { baudRate: number }): Promise<void> {
    if (this.stream) throw new DOMException('The port is already open.', 'InvalidStateError');
    const stream = this.connect(this.info.path, options.baudRate);
    await new Promise<void>((resolve, reject) =>
      stream.open((error) => (error ? reject(networkError(error.message)) : resolve())),
    );
    this.stream = stream;
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        stream.on('data', (data) => controller.enqueue(new Uint8Array(data)));
        stream.on('error', (error) => controller.error(networkError(error.message)));
        stream.on('close', (error) => {
          if (error?.disconnected) controller.error(networkError('The device has been lost.'));
          else
            try {
              controller.close();
            } catch {
              // Already cancelled by the reader.
            }
        });
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          stream.write(Buffer.from(chunk), (error) =>
            error ? reject(networkError(error.message)) : resolve(),
          );
        }),
    });
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.readable = null;
    this.writable = null;
    if (!stream?.isOpen) return;
    await new Promise<void>((resolve) => stream.close(() => resolve()));
  }

  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    const info: { usbVendorId?: number; usbProductId?: number } = {};
    if (this.info.vendorId) info.usbVendorId = Number.parseInt(this.info.vendorId, 16);
    if (this.info.productId) info.usbProductId = Number.parseInt(this.info.productId, 16);
    return info;
  }
}

function networkError(message: string): DOMException {
  return new DOMException(message, 'NetworkError');
}
