import { useRef, useState } from 'preact/hooks';
import {
  INVENTORY_DEFAULTS,
  INVENTORY_FIELDS,
  INVENTORY_NOUN,
  type InventoryField,
  type InventoryKind,
} from '../data/inventory-fields.ts';
import {
  draftOf,
  type InventoryItem,
  validateInventoryItem,
} from '../data/validate-inventory-item.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

/**
 * Creates or edits one plotter, pen or paper on this device (it replicates from here).
 * Every wrong field gets its message beside the input and focus goes to the first one;
 * nothing is written until the whole item is valid.
 */
export function InventoryForm(props: {
  kind: InventoryKind;
  editing: InventoryItem | null;
  existing: readonly InventoryItem[];
  onDone: (saved: InventoryItem | null) => void;
}) {
  const { kind, editing } = props;
  const { newId, now } = useServices();
  const { device } = useSignedIn();
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    editing ? draftOf(kind, editing) : { ...INVENTORY_DEFAULTS[kind] },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const noun = INVENTORY_NOUN[kind];
  const idOf = (key: string) => `inv-${kind}-${key}`;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setFailure(null);
    const result = validateInventoryItem({
      kind,
      draft,
      editing,
      existing: props.existing,
      newId,
      now: now(),
    });
    if (!result.ok) {
      setErrors(result.errors);
      const first = INVENTORY_FIELDS[kind].find((f) => result.errors[f.key]);
      if (first) form.current?.querySelector<HTMLElement>(`#${idOf(first.key)}`)?.focus();
      return;
    }
    setErrors({});
    const collection = device.db[kind];
    try {
      if (editing) {
        const current = await collection.findOne(editing.id).exec();
        if (!current) throw new Error('gone');
        // Only what the form edits (and the time): a change synced in meanwhile to a field
        // this form does not show is kept.
        const doc = result.doc as unknown as Record<string, unknown>;
        const changes: Record<string, unknown> = { updatedAt: doc.updatedAt };
        for (const f of INVENTORY_FIELDS[kind]) changes[f.key] = doc[f.key];
        await current.incrementalPatch(changes);
      } else {
        await collection.insert(result.doc as never);
      }
      props.onDone(result.doc);
    } catch {
      setFailure(`The ${noun} could not be saved on this device. Reload the app and try again.`);
    }
  }

  return (
    <form
      ref={form}
      class="card form inventory-form"
      aria-labelledby={`inv-${kind}-form-title`}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={`inv-${kind}-form-title`}>{editing ? `Edit ${editing.name}` : `New ${noun}`}</h3>
      <div class="form-grid">
        {INVENTORY_FIELDS[kind].map((field) => (
          <FieldInput
            key={field.key}
            id={idOf(field.key)}
            field={field}
            value={draft[field.key] ?? ''}
            error={errors[field.key]}
            onInput={(value) => setDraft({ ...draft, [field.key]: value })}
          />
        ))}
      </div>
      {failure && (
        <p class="form-error" role="alert">
          {failure}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button button-primary">
          {editing ? 'Save changes' : `Add ${noun}`}
        </button>
        <button type="button" class="button" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function FieldInput(props: {
  id: string;
  field: InventoryField;
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
}) {
  const { id, field, value, error } = props;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: field.key,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error ? errorId : undefined,
  };
  const label = `${field.label}${field.unit ? ` (${field.unit})` : ''}${field.optional ? ' (optional)' : ''}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {field.input === 'orientation' ? (
        <select {...common} value={value} onChange={(e) => props.onInput(e.currentTarget.value)}>
          <option value="portrait">Portrait</option>
          <option value="landscape">Landscape</option>
        </select>
      ) : (
        <span class="input-with-swatch">
          {field.input === 'colour' && (
            <span
              class="swatch"
              aria-hidden="true"
              style={{ background: /^#[0-9a-f]{6}$/i.test(value) ? value : 'transparent' }}
            />
          )}
          <input
            {...common}
            type="text"
            inputMode={field.input === 'number' ? 'decimal' : undefined}
            autoComplete="off"
            placeholder={field.placeholder}
            value={value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        </span>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
