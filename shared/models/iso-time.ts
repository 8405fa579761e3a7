import { z } from 'zod';

/**
 * A point in time as an ISO 8601 string with offset (what RxDB stores and JSON carries).
 * Postgres keeps these as `timestamptz`.
 */
export const IsoTime = z.iso.datetime({ offset: true });
export type IsoTime = z.infer<typeof IsoTime>;
