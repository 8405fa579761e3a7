/**
 * Is `port` the browser's own Web Serial `SerialPort` (which the plotter worker's
 * `navigator.serial` lists too), rather than a stand-in such as a fake serial injected into
 * the page by a test? Only the browser's own can be reopened in the worker.
 */
export function isBrowserSerialPort(port: unknown): boolean {
  const SerialPort = (globalThis as { SerialPort?: abstract new () => unknown }).SerialPort;
  return SerialPort !== undefined && port instanceof SerialPort;
}
