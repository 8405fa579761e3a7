import type { DeviceDocument } from './device-document.ts';
import type { RxJsonSchema } from 'rxdb';
import { z } from 'zod';

/** What RxDB needs beyond the fields: the key, indexes, attachments and a version. */
export interface RxSchemaOptions {
  primaryKey: string;
  /**
   * Compound indexes, each a list of field names (all required and non-null: strings, or
   * integers with a minimum and a maximum).
   */
  indexes?: string[][];
  attachments?: boolean;
  /** The collection's schema version (rx-schema-versions.ts); default 0. */
  version?: number;
}

type JsonSchemaNode = Record<string, unknown>;

/**
 * Derives an RxDB collection schema from an entity's zod schema, so the fields are
 * written once (CONVENTIONS: one source of truth per entity). zod's JSON Schema is
 * adjusted to what RxDB accepts: nullable unions become `type: [t, 'null']`, `z.json()`
 * references become "any" (no `$defs`), and `pattern`/`format` are dropped — documents
 * are validated with the zod schema itself at the boundary, and leaving regexes out keeps
 * the RxDB schema hash (which RxDB checks against the stored one) stable across zod
 * upgrades. The primary key and indexed strings get the `maxLength` RxDB requires.
 */
export function rxSchemaFromZod(
  schema: z.ZodObject,
  options: RxSchemaOptions,
): RxJsonSchema<DeviceDocument> {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchemaNode;
  const properties = json.properties as Record<string, JsonSchemaNode>;
  const indexedFields = new Set([options.primaryKey, ...(options.indexes ?? []).flat()]);
  const required = (json.required as string[] | undefined) ?? [];
  const adjusted: Record<string, JsonSchemaNode> = {};
  for (const [field, node] of Object.entries(properties)) {
    adjusted[field] = indexedFields.has(field)
      ? indexedField(field, node, required)
      : (simplify(node) as JsonSchemaNode);
  }
  return {
    version: options.version ?? 0,
    primaryKey: options.primaryKey,
    type: 'object',
    properties: adjusted,
    required,
    ...(options.indexes ? { indexes: options.indexes } : {}),
    ...(options.attachments ? { attachments: {} } : {}),
  } as RxJsonSchema<DeviceDocument>;
}

/**
 * RxDB indexes only required, non-null fields of a known width: strings with a maxLength,
 * or numbers with a minimum, a maximum and a `multipleOf` (1 for integers).
 */
function indexedField(field: string, node: JsonSchemaNode, required: string[]): JsonSchemaNode {
  if (node.type === 'integer' && required.includes(field)) {
    if (!Number.isFinite(node.minimum) || !Number.isFinite(node.maximum)) {
      throw new Error(`${field}: an indexed integer needs a minimum and a maximum`);
    }
    return { ...(simplify(node) as JsonSchemaNode), multipleOf: 1 };
  }
  if (node.type !== 'string' || !required.includes(field)) {
    throw new Error(`${field}: an indexed field must be a required, non-null string or integer`);
  }
  const maxLength = typeof node.maxLength === 'number' ? node.maxLength : impliedMaxLength(node);
  if (maxLength === undefined) throw new Error(`${field}: an indexed string needs a maxLength`);
  return { ...(simplify(node) as JsonSchemaNode), maxLength };
}

/** The longest value a string schema admits, when its shape says so. */
function impliedMaxLength(node: JsonSchemaNode): number | undefined {
  if (Array.isArray(node.enum)) return Math.max(...node.enum.map((v) => String(v).length));
  if (typeof node.const === 'string') return node.const.length;
  if (node.format === 'date-time') return 40; // ISO 8601 with fraction and offset: ≤ 35
  if (typeof node.pattern === 'string' && node.pattern === UUID_PATTERN) return 36;
  return undefined;
}

const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const DROPPED = new Set(['pattern', 'format', 'propertyNames', '$schema', '$defs', '$ref']);

function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node as JsonSchemaNode);
  const anyOf = (node as JsonSchemaNode).anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const [value, nothing] = anyOf as JsonSchemaNode[];
    if (nothing?.type === 'null' && typeof value?.type === 'string') {
      return simplify({ ...value, type: [value.type, 'null'] });
    }
  }
  const out: JsonSchemaNode = {};
  for (const [key, value] of entries) if (!DROPPED.has(key)) out[key] = simplify(value);
  return out;
}
