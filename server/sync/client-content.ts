const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A document's client-authored content in one canonical string: server-maintained
 * fields dropped, keys sorted, times normalised to UTC milliseconds, `_deleted` as a
 * boolean. Two versions that differ only in how the server stored them compare equal,
 * so the master-write rule never sees a false conflict.
 */
export function clientContent(
  doc: Record<string, unknown>,
  serverFields: readonly string[],
  sortArrays: Readonly<Record<string, readonly string[]>> = {},
): string {
  const copy: Record<string, unknown> = { ...doc, _deleted: doc._deleted === true };
  for (const f of serverFields) delete copy[f];
  for (const [field, keys] of Object.entries(sortArrays)) {
    const list = copy[field];
    if (Array.isArray(list)) copy[field] = sortBy(list as Record<string, unknown>[], keys);
  }
  return JSON.stringify(canonical(copy));
}

/** Sorts rows by the given keys (numbers numerically, the rest as strings). */
export function sortBy<T extends Record<string, unknown>>(list: T[], keys: readonly string[]): T[] {
  return [...list].sort((a, b) => {
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  });
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  if (typeof value === 'string' && ISO_TIME.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return value;
}
