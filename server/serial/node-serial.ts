import { type NodePortInfo, NodeSerialPort, type SerialStreamLike } from './node-serial-port.ts';

/** A Web Serial `SerialPortFilter`. */
export interface SerialPortFilter {
  usbVendorId?: number;
  usbProductId?: number;
}

/** Where the ports come from: serialport's `SerialPort` (hardware) or `SerialPortMock`. */
export interface SerialBackend {
  list(): Promise<NodePortInfo[]>;
  connect(path: string, baudRate: number): SerialStreamLike;
}

/** The `navigator.serial` shape the app uses, for Node. */
export interface NodeSerial {
  requestPort(options?: { filters?: SerialPortFilter[]; path?: string }): Promise<NodeSerialPort>;
  getPorts(): Promise<NodeSerialPort[]>;
}

/**
 * `navigator.serial` for Node on top of the `serialport` package. There is no permission
 * prompt in a terminal: `requestPort` picks the first listed port that matches the filters
 * (or the one at `path`, the CLI's `--port`), and rejects with a `NotFoundError` as the
 * browser does when the user picks nothing. `getPorts` lists every matching port.
 */
export function createNodeSerial(backend: SerialBackend): NodeSerial {
  const matching = async (filters: SerialPortFilter[] = []) =>
    (await backend.list()).filter(
      (info) =>
        filters.length === 0 ||
        filters.some(
          (f) =>
            (f.usbVendorId === undefined || hex(info.vendorId) === f.usbVendorId) &&
            (f.usbProductId === undefined || hex(info.productId) === f.usbProductId),
        ),
    );
  return {
    async requestPort(options = {}) {
      const ports = options.path
        ? (await backend.list()).filter((p) => p.path === options.path)
        : await matching(options.filters);
      const info = ports[0];
      if (!info)
        throw new DOMException(
          options.path
            ? `No port at ${options.path}.`
            : 'No port matches the filters: is the plotter plugged in and powered?',
          'NotFoundError',
        );
      return new NodeSerialPort(info, backend.connect);
    },
    async getPorts() {
      return (await matching()).map((info) => new NodeSerialPort(info, backend.connect));
    },
  };
}

function hex(id: string | undefined): number | undefined {
  return id === undefined ? undefined : Number.parseInt(id, 16);
}
