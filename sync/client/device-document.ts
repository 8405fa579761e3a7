/**
 * A document of any device collection as RxDB sees it generically. Typed access goes
 * through each collection's zod type (e.g. `Job`); code that works on every collection
 * (schemas, conflict handlers, replication) uses this.
 */
export type DeviceDocument = Record<string, unknown>;
