/** Why a device database could not be opened. */
export const DeviceDatabaseErrorCode = {
  /**
   * RxDB error DB6: a collection's stored schema differs from this app's at the same
   * version. A release changed a schema without raising its version (which
   * rx-schema-versions.test.ts exists to prevent); only another release can fix it.
   */
  schemaChanged: 'schema-changed',
  /**
   * RxDB error DM4: a migration step failed. The device keeps its data at the old
   * version; the next open tries again (rx-migrations.ts, rule 2).
   */
  migrationFailed: 'migration-failed',
} as const;
export type DeviceDatabaseErrorCode =
  (typeof DeviceDatabaseErrorCode)[keyof typeof DeviceDatabaseErrorCode];

/**
 * The one error class for a device database that cannot be opened because of its schema.
 * The message names the collection and what went wrong (RxDB without its dev-mode plugin
 * says only an error code); `cause` is RxDB's error. Other failures (storage blocked or
 * full) are thrown as RxDB or the browser raised them.
 */
export class DeviceDatabaseError extends Error {
  readonly code: DeviceDatabaseErrorCode;
  readonly collection: string;
  constructor(
    code: DeviceDatabaseErrorCode,
    collection: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeviceDatabaseError';
    this.code = code;
    this.collection = collection;
  }
}
