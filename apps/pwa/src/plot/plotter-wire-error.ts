import { EbbError, type EbbErrorCode } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { WireError } from './plotter-worker-protocol.ts';

/** An error thrown in the plotter worker, as a message can carry it. */
export function toWireError(error: unknown): WireError {
  if (error instanceof EbbError)
    return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error) return { name: error.name, message: error.message, code: null };
  return { name: 'Error', message: String(error), code: null };
}

/** The page's copy of a worker error: an `EbbError` again when it was one, so callers can tell. */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'EbbError' && wire.code !== null)
    return new EbbError(wire.code as EbbErrorCode, wire.message);
  return Object.assign(new Error(wire.message), { name: wire.name });
}
