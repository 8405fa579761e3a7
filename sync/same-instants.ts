import { jsonEqual } from './json-equal.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether two JSON values are equal once every ISO 8601 time in them is written as UTC
 * with milliseconds (how the server returns what it stored as timestamptz).
 */
export function sameInstants(a: unknown, b: unknown): boolean {
  return jsonEqual(canonicalTimes(a), canonicalTimes(b));
}

function canonicalTimes(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!ISO_TIME.test(value)) return value;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  if (Array.isArray(value)) return value.map(canonicalTimes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonicalTimes(v)]));
  }
  return value;
}
