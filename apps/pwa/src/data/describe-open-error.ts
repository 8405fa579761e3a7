import { DeviceDatabaseError } from '@fabdesk/sync/client/device-database-error.ts';

/**
 * What the app says when this device's database cannot be opened. A schema error is not
 * fixed by closing tabs: a failed upgrade is tried again at the next reload (the data stays
 * at the old version), a schema changed without an upgrade step needs another release.
 * Neither deletes anything, and the message says so.
 */
export function describeOpenError(error: unknown): string {
  if (error instanceof DeviceDatabaseError) {
    if (error.code === 'migration-failed')
      return `Upgrading this device’s data to the new version failed (${error.collection}). Nothing was deleted: reload to try again, and tell the lab’s admin if it fails again.`;
    return `This version of fabdesk cannot read this device’s ${error.collection} data (its format changed without an upgrade step). Nothing was deleted; tell the lab’s admin, who can install a fixed version.`;
  }
  return 'This device’s storage could not be opened. Close other fabdesk tabs and reload.';
}
