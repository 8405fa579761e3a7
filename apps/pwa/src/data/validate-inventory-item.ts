import { Paper } from '@fabdesk/shared/models/paper.ts';
import { Pen } from '@fabdesk/shared/models/pen.ts';
import { Plotter } from '@fabdesk/shared/models/plotter.ts';
import { describeFieldIssue } from './describe-field-issue.ts';
import {
  INVENTORY_FIELDS,
  INVENTORY_NOUN,
  type InventoryField,
  type InventoryKind,
} from './inventory-fields.ts';
import { inventoryNameClash } from './inventory-name-clash.ts';

export type InventoryItem = Pen | Paper | Plotter;

const SCHEMAS = { plotters: Plotter, pens: Pen, papers: Paper } as const;

/** The form's text per field key, as typed. */
export type InventoryDraft = Readonly<Record<string, string>>;

/** A document ready to write, or one plain message per field that is wrong. */
export type InventoryValidation =
  | { ok: true; doc: InventoryItem }
  | { ok: false; errors: Record<string, string> };

export interface ValidateInventoryInput {
  kind: InventoryKind;
  draft: InventoryDraft;
  /** The item being edited; null when creating one. */
  editing: InventoryItem | null;
  /** Every item of this kind on the device (retired ones too): names must be unique. */
  existing: readonly InventoryItem[];
  newId: () => string;
  now: Date;
}

/**
 * Turns the inventory form into a document of its entity's zod schema (shared/models),
 * the same one the server checks, plus the rule the server enforces with a unique index:
 * no two active items of a kind share a name (case-insensitive). Messages name the field
 * and its unit, so they can stand next to the input.
 */
export function validateInventoryItem(input: ValidateInventoryInput): InventoryValidation {
  const { kind, draft, editing } = input;
  const fields = INVENTORY_FIELDS[kind];
  const errors: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const text = (draft[field.key] ?? '').trim();
    if (text === '') {
      if (field.optional) values[field.key] = null;
      else errors[field.key] = `${field.label} is needed`;
      continue;
    }
    values[field.key] = field.input === 'number' ? parseNumber(text) : text;
  }
  const at = input.now.toISOString();
  const base = editing ?? {
    id: input.newId(),
    createdAt: at,
    retiredAt: null,
    ...(kind === 'plotters' ? { defaults: {} } : {}),
  };
  const candidate = { ...base, ...values, updatedAt: at };
  const parsed = SCHEMAS[kind].safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const field = fields.find((f) => f.key === key);
      // A field the form does not show (id, times) is wrong only through a bug.
      if (!field) throw new Error(`${kind}.${key}: ${issue.message}`);
      errors[key] ??= describeFieldIssue(field, issue);
    }
  const name = typeof values.name === 'string' ? values.name : '';
  if (!errors.name && name && candidate.retiredAt === null) {
    const clash = inventoryNameClash(name, candidate.id, input.existing);
    if (clash) errors.name = `Another ${INVENTORY_NOUN[kind]} is already called “${clash.name}”`;
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, doc: parsed.data };
}

/** A number as typed; a decimal comma is fine ("0,3"), anything else is NaN. */
function parseNumber(text: string): number {
  const normal = text.replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(normal) ? Number(normal) : Number.NaN;
}

/** The form's starting text for an item being edited. */
export function draftOf(kind: InventoryKind, item: InventoryItem): Record<string, string> {
  const record = item as unknown as Record<string, unknown>;
  return Object.fromEntries(
    INVENTORY_FIELDS[kind].map((f: InventoryField) => {
      const value = record[f.key];
      return [f.key, value === null || value === undefined ? '' : String(value)];
    }),
  );
}
