import { z } from 'zod';

/**
 * Every entity's primary key: a UUID made where the entity is created (a device may be
 * offline, so ids are never allocated by the server). Lower-case canonical form.
 */
export const EntityId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lower-case UUID');
export type EntityId = z.infer<typeof EntityId>;

/** A SHA-256 digest as 64 lower-case hex characters (file dedup, content-addressed blobs). */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters');
export type Sha256Hex = z.infer<typeof Sha256Hex>;
