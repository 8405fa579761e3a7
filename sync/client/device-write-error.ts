/** Why the device database refused a local write. */
export const DeviceWriteErrorCode = {
  /** The document fails its collection's zod schema (the server would answer 400 forever). */
  invalidDocument: 'invalid-document',
} as const;
export type DeviceWriteErrorCode = (typeof DeviceWriteErrorCode)[keyof typeof DeviceWriteErrorCode];

/**
 * The one error class of the device database's write boundary. `field` is the dotted path
 * of the first offending field ('' for the document as a whole); `message` says which
 * collection, which field, and what zod expected.
 */
export class DeviceWriteError extends Error {
  readonly code: DeviceWriteErrorCode;
  readonly collection: string;
  readonly field: string;
  /** Zod's own words for the first problem, e.g. "Too big: expected number to be <=3". */
  readonly reason: string;
  constructor(code: DeviceWriteErrorCode, collection: string, field: string, reason: string) {
    super(`${collection}: ${field || '(document)'}: ${reason}`);
    this.name = 'DeviceWriteError';
    this.code = code;
    this.collection = collection;
    this.field = field;
    this.reason = reason;
  }
}
