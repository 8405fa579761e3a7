import { randomUUID } from 'node:crypto';

/**
 * A new pen document as a device writes it (every field of the pens collection, a unique
 * id and name), with `changes` laid over it. No test runner here: the sync bench uses it too.
 */
export function newPen(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    name: `pen ${randomUUID().slice(0, 8)}`,
    widthMm: 0.5,
    speedCapMmS: null,
    pressure: null,
    passes: 1,
    colorHex: null,
    createdAt: now,
    updatedAt: now,
    retiredAt: null,
    ...changes,
  };
}
