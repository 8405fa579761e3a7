import { DeviceWriteError } from '@fabdesk/sync/client/device-write-error.ts';

/** "staffViewedAt" → "staff viewed at"; "layers.0.penId" → "layers 1 pen id". */
function fieldWords(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
}

/**
 * A failed local write in words for the lab: which field and what was expected when the
 * device database refused it (DeviceWriteError), a generic line otherwise.
 */
export function describeWriteError(error: unknown): string {
  if (error instanceof DeviceWriteError) {
    const what = error.field ? `“${fieldWords(error.field)}”` : 'this record';
    return `Not saved: ${what} is not valid (${error.reason}). Nothing was changed.`;
  }
  return 'The change could not be saved on this device. Reload and try again.';
}
