import { describe, expect, it } from 'vitest';
import { ALL_COLLECTIONS } from '../collections.ts';
import { RX_MIGRATIONS } from './rx-migrations.ts';
import { rxSchemaHash } from './rx-schema-hash.ts';
import { RX_SCHEMA_VERSIONS } from './rx-schema-versions.ts';
import { type DeviceCollection, RX_SCHEMAS } from './rx-schemas.ts';

const names = ALL_COLLECTIONS as DeviceCollection[];

/** What to do when a collection's schema no longer matches its recorded version. */
function howToShip(name: DeviceCollection, hash: string): string {
  const { version, hash: recorded } = RX_SCHEMA_VERSIONS[name];
  const next = version + 1;
  return [
    `${name}: its RxDB schema changed (hash ${hash}), but sync/client/rx-schema-versions.ts`,
    `records version ${version} with hash ${recorded}. Installed devices hold ${name} at`,
    `version ${version}: they would refuse to open a changed schema at the same version`,
    `(RxDB DB6), stranding their unsent writes. To ship the change:`,
    `  1. raise the version: in sync/client/rx-schema-versions.ts set`,
    `     ${name}: { version: ${next}, hash: '${hash}' }`,
    `  2. add its migration strategy: in sync/client/rx-migrations.ts add`,
    `     RX_MIGRATIONS.${name}[${next}], a step that converts a version ${version} document`,
    `     (follow the rules written there: convert every document, never drop one)`,
    `  3. record the new hash (step 1 does) and prove the upgrade as`,
    `     create-device-database-upgrade.test.ts does.`,
    `If you already raised the version for this change, only record the hash above at it.`,
    `If you did not mean to change the schema (a zod or RxDB upgrade, reordered fields or`,
    `indexes), undo that instead.`,
  ].join('\n');
}

describe('device collection schema versions', () => {
  it.each(names)('%s: the schema is the one recorded for its version', async (name) => {
    const hash = await rxSchemaHash(RX_SCHEMAS[name]);
    if (hash !== RX_SCHEMA_VERSIONS[name].hash) expect.fail(howToShip(name, hash));
  });

  it.each(names)('%s: opens at its recorded version', (name) => {
    expect(RX_SCHEMAS[name].version).toBe(RX_SCHEMA_VERSIONS[name].version);
  });

  it.each(names)('%s: has a migration step for each version after 0, and no other', (name) => {
    const { version } = RX_SCHEMA_VERSIONS[name];
    const expected = Array.from({ length: version }, (_, i) => String(i + 1));
    const steps = Object.keys(RX_MIGRATIONS[name]);
    const missing = expected.filter((v) => !steps.includes(v));
    const extra = steps.filter((v) => !expected.includes(v));
    expect(
      missing,
      `${name} is at version ${version}: add RX_MIGRATIONS.${name}[${missing.join('], [')}] in sync/client/rx-migrations.ts (a device at any earlier version runs each step up to ${version})`,
    ).toEqual([]);
    expect(
      extra,
      `${name} is at version ${version}: RX_MIGRATIONS.${name} has steps to versions it does not have (${extra.join(', ')}); raise the version in rx-schema-versions.ts or remove them`,
    ).toEqual([]);
  });
});
