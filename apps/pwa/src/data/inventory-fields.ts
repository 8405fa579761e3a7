/** The three kinds of lab inventory, each a replicated collection of the same name. */
export const InventoryKind = { plotters: 'plotters', pens: 'pens', papers: 'papers' } as const;
export type InventoryKind = (typeof InventoryKind)[keyof typeof InventoryKind];

/** How a form field is typed in and turned into the document's value. */
export const FieldInput = {
  text: 'text',
  number: 'number',
  colour: 'colour',
  orientation: 'orientation',
} as const;
export type FieldInput = (typeof FieldInput)[keyof typeof FieldInput];

/**
 * One editable field of an inventory item: the document key, the words the form and its
 * messages use, and the unit (messages say "more than 0 mm", never "> 0").
 */
export interface InventoryField {
  key: string;
  label: string;
  input: FieldInput;
  /** Blank is allowed and stored as null. */
  optional: boolean;
  unit?: string;
  placeholder?: string;
}

const name: InventoryField = { key: 'name', label: 'Name', input: 'text', optional: false };

/** The fields the inventory form shows, per kind, in form order. */
export const INVENTORY_FIELDS: Record<InventoryKind, readonly InventoryField[]> = {
  plotters: [
    { ...name, placeholder: 'AxiDraw by the window' },
    { key: 'kind', label: 'Kind', input: 'text', optional: false, placeholder: 'axidraw' },
    { key: 'model', label: 'Model', input: 'text', optional: true, placeholder: 'V3/A3' },
    { key: 'port', label: 'Port', input: 'text', optional: true, placeholder: '/dev/ttyACM0' },
    { key: 'firmware', label: 'Firmware', input: 'text', optional: true, placeholder: '2.8.1' },
  ],
  pens: [
    { ...name, placeholder: 'Black fineliner 0.3' },
    { key: 'colorHex', label: 'Colour', input: 'colour', optional: true, placeholder: '#1a2b3c' },
    { key: 'widthMm', label: 'Width', input: 'number', optional: true, unit: 'mm' },
    { key: 'pressure', label: 'Pressure', input: 'number', optional: true, unit: '%' },
    { key: 'passes', label: 'Passes', input: 'number', optional: false },
    { key: 'speedCapMmS', label: 'Speed limit', input: 'number', optional: true, unit: 'mm/s' },
  ],
  papers: [
    { ...name, placeholder: 'A3 Bristol' },
    { key: 'widthMm', label: 'Width', input: 'number', optional: false, unit: 'mm' },
    { key: 'heightMm', label: 'Height', input: 'number', optional: false, unit: 'mm' },
    { key: 'marginMm', label: 'Margin', input: 'number', optional: false, unit: 'mm' },
    { key: 'orientation', label: 'Orientation', input: 'orientation', optional: false },
  ],
};

/** Singular words for headings and buttons ("Add pen"). */
export const INVENTORY_NOUN: Record<InventoryKind, string> = {
  plotters: 'plotter',
  pens: 'pen',
  papers: 'paper',
};

/** What a new item's form starts with. */
export const INVENTORY_DEFAULTS: Record<InventoryKind, Record<string, string>> = {
  plotters: { kind: 'axidraw' },
  pens: { passes: '1' },
  papers: { marginMm: '10', orientation: 'portrait' },
};
