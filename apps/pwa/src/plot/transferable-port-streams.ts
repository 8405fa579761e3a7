import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';

/** An opened port's two streams, as web streams a page can transfer to a worker. */
export interface PortStreams {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
}

/**
 * The streams of an opened port, ready for `postMessage(…, [readable, writable])`: a
 * browser `SerialPort`'s own streams as they are (streams are transferable in Chromium),
 * any other port's (a page-injected fake serial, the emulator's port in Node tests) wrapped
 * in web streams that read and write through it. A read that fails (the device was lost)
 * errors the stream with the same error, which reaches the worker's reader.
 */
export function transferablePortStreams(port: SerialPortLike): PortStreams {
  const { readable, writable } = port;
  if (!readable || !writable) throw new Error('expected an open port with streams, got none');
  return {
    readable:
      readable instanceof ReadableStream
        ? (readable as ReadableStream<Uint8Array>)
        : wrapSource(readable.getReader()),
    writable:
      writable instanceof WritableStream
        ? (writable as WritableStream<Uint8Array>)
        : wrapSink(writable.getWriter()),
  };
}

function wrapSource(
  reader: ReturnType<NonNullable<SerialPortLike['readable']>['getReader']>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function wrapSink(
  writer: ReturnType<NonNullable<SerialPortLike['writable']>['getWriter']>,
): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write: (chunk) => writer.write(chunk),
    close: () => writer.close(),
    abort: () => writer.close().catch(() => undefined),
  });
}
