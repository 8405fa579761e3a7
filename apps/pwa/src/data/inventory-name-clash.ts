/** What the uniqueness rule needs of an inventory item. */
export interface NamedItem {
  id: string;
  name: string;
  retiredAt: string | null;
}

/**
 * The active item (not retired, not `id` itself) that already has `name`, compared
 * case-insensitively and trimmed, as the server's unique index on `lower(name)` among
 * active rows does; null when the name is free.
 */
export function inventoryNameClash<T extends NamedItem>(
  name: string,
  id: string,
  items: readonly T[],
): T | null {
  const wanted = name.trim().toLowerCase();
  return (
    items.find(
      (item) =>
        item.id !== id && item.retiredAt === null && item.name.trim().toLowerCase() === wanted,
    ) ?? null
  );
}
