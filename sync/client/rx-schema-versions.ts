import type { DeviceCollection } from './rx-schemas.ts';

/** A collection's RxDB schema version and the fingerprint of that version's schema. */
export interface RxSchemaVersion {
  version: number;
  /** `rxSchemaHash` of the collection's RxDB schema at this version. */
  hash: string;
}

/**
 * The schema version of every device collection, and what its schema was at that version.
 * Installed PWAs hold their collections at these versions: a device refuses to open a
 * collection whose schema changed without a new version (RxDB error DB6), so a change to a
 * schema (a field, a bound, an index, a zod or RxDB upgrade that derives it differently)
 * ships as a new version with a migration step (rx-migrations.ts).
 * rx-schema-versions.test.ts compares each hash with the schema derived today and says what
 * to do when they differ. Never edit a hash without raising the version.
 */
export const RX_SCHEMA_VERSIONS: Readonly<Record<DeviceCollection, RxSchemaVersion>> = {
  staff: { version: 0, hash: 'c720b1fba2d5691354e1402c09ef86128ffe9c6cd0eda9ee0ca163f1ffb9f9e4' },
  plotters: {
    version: 0,
    hash: '10c4106b26c8b346a5495bd8b310af200e7f3c271a32050b3c54f69f2ccfbc49',
  },
  pens: { version: 0, hash: '0fdeadaa23e940475785a713c08ac1f980507e922312dd15eca9a53cb275d28f' },
  papers: { version: 0, hash: '2b52b5dba7cf46f56e9638c7a1587774b44ebc130de43314b7f8539fb9c45b54' },
  jobs: { version: 0, hash: 'fc2f376d8f1018f3bfb98f0193c76fad5cd9b1b75f781ad7d21585c32bf086ef' },
  events: { version: 0, hash: 'da3c17ebd8ee14b974489c960d800aeec022cff23a8dba644eb6ef9340b0303d' },
  runs: { version: 0, hash: '408ec24d9f4229be6b5d4eb30e68fefbedc375a2e644edfbd5ad4118c71b8f3c' },
  leases: { version: 0, hash: 'aead2021d6c198659fbc76b71fb6a89a15029153d33cbd6ef05a1970e7692e24' },
  plot_stats: {
    version: 0,
    hash: '086b7e2d39ecee875048cb01ad78eb01849c382c627d522f22bdc85be2865f78',
  },
  settings: {
    version: 0,
    hash: '95ce9604859bdb08704daac8aace41f3bb60a1879351b054712bf42fbf25e1c9',
  },
  outbox: { version: 0, hash: 'eda6c2385644526e36652811f7f55e0215d297f2e967380e854faaecbcf4cf23' },
  device_state: {
    version: 0,
    hash: '7065a9b0053a00e1fb885c2d3122110ecacb46620d94e646b4c57eecc4b8f9eb',
  },
};
