import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { INVENTORY_NOUN, type InventoryKind } from './inventory-fields.ts';
import { inventoryNameClash, type NamedItem } from './inventory-name-clash.ts';

/** An inventory write the server turned down because its name was taken. */
export interface InventoryRefusal {
  entryId: string;
  kind: InventoryKind;
  message: string;
}

/**
 * The inventory writes the server refused as `duplicate` (its unique index on active
 * names), found among the conflict losers kept in device_state. The refusal reason does
 * not reach the device (RxDB's push answer carries documents only), so it is recognised
 * by what it leaves behind: our losing version is active and its name belongs to another
 * active item of the same kind, which happens when two devices add the same name while
 * apart. Other losers are for the conflict review to show.
 */
export function inventoryRefusals(
  entries: readonly DeviceStateEntry[],
  items: Readonly<Record<InventoryKind, readonly NamedItem[]>>,
): InventoryRefusal[] {
  const refusals: InventoryRefusal[] = [];
  for (const entry of entries) {
    const kind = entry.collectionName as InventoryKind;
    if (entry.kind !== 'conflict' || !(kind in INVENTORY_NOUN) || !entry.ours) continue;
    const { name, retiredAt } = entry.ours;
    if (typeof name !== 'string' || retiredAt !== null) continue;
    const clash = inventoryNameClash(name, entry.docId ?? '', items[kind]);
    if (!clash) continue;
    const noun = INVENTORY_NOUN[kind];
    refusals.push({
      entryId: entry.id,
      kind,
      message: `“${name}” was not saved: another ${noun} is already called “${clash.name}”. Use a different name.`,
    });
  }
  return refusals;
}
