import type { DeviceDocument } from './device-document.ts';
import { defaultHashSha256, fillWithDefaultSettings, type RxJsonSchema } from 'rxdb';

/**
 * A stable fingerprint of a collection's RxDB schema, apart from its version: SHA-256 (hex)
 * of its canonical JSON (object keys sorted, arrays in order). It is taken of the schema as
 * RxDB stores it on the device (`fillWithDefaultSettings`: its own fields `_meta`, `_rev`…
 * and indexes added), because that stored copy is what RxDB compares on every open, key
 * order aside and array order included: two schemas with one fingerprint open the same
 * device database, and a change of fingerprint at the same version is refused (DB6). So an
 * RxDB upgrade that changes those defaults shows up here too, before it reaches a device.
 */
export async function rxSchemaHash(schema: RxJsonSchema<DeviceDocument>): Promise<string> {
  const { version: _version, ...stored } = fillWithDefaultSettings(schema);
  return defaultHashSha256(JSON.stringify(sortKeys(stored)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  // Code-unit order, not localeCompare: the fingerprint must not depend on the machine.
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
