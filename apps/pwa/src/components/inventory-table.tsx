import type { Paper } from '@fabdesk/shared/models/paper.ts';
import type { Pen } from '@fabdesk/shared/models/pen.ts';
import type { Plotter } from '@fabdesk/shared/models/plotter.ts';
import type { ComponentChild } from 'preact';
import type { InventoryKind } from '../data/inventory-fields.ts';
import type { InventoryItem } from '../data/validate-inventory-item.ts';

const dash = '—';
const mm = (value: number | null) => (value === null ? dash : `${value} mm`);

/** Per kind: the column headings and one row's cells after the name. */
const COLUMNS: Record<
  InventoryKind,
  { heads: string[]; cells: (item: InventoryItem) => ComponentChild[] }
> = {
  plotters: {
    heads: ['Kind', 'Model', 'Port', 'Firmware'],
    cells: (item) => {
      const p = item as Plotter;
      return [p.kind, p.model ?? dash, p.port ?? dash, p.firmware ?? dash];
    },
  },
  pens: {
    heads: ['Colour', 'Width', 'Pressure', 'Passes', 'Speed limit'],
    cells: (item) => {
      const p = item as Pen;
      return [
        p.colorHex ? (
          <span class="colour-cell">
            <span class="swatch" aria-hidden="true" style={{ background: p.colorHex }} />
            <code>{p.colorHex}</code>
          </span>
        ) : (
          dash
        ),
        mm(p.widthMm),
        p.pressure === null ? dash : `${p.pressure}%`,
        p.passes,
        p.speedCapMmS === null ? dash : `${p.speedCapMmS} mm/s`,
      ];
    },
  },
  papers: {
    heads: ['Size', 'Margin', 'Orientation'],
    cells: (item) => {
      const p = item as Paper;
      return [`${p.widthMm} × ${p.heightMm} mm`, mm(p.marginMm), p.orientation];
    },
  },
};

/** One kind's items as a table, each with Edit and Retire (or Bring back when retired). */
export function InventoryTable(props: {
  kind: InventoryKind;
  items: readonly InventoryItem[];
  onEdit: (item: InventoryItem) => void;
  onRetire: (item: InventoryItem) => void;
  onRestore: (item: InventoryItem) => void;
}) {
  const { heads, cells } = COLUMNS[props.kind];
  return (
    <div class="table-scroll">
      <table class="data-table" data-testid={`inventory-${props.kind}`}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {heads.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr key={item.id} class={item.retiredAt ? 'is-retired' : undefined}>
              <th scope="row">
                {item.name}
                {item.retiredAt && <span class="badge">retired</span>}
              </th>
              {cells(item).map((cell, i) => (
                <td key={heads[i]}>{cell}</td>
              ))}
              <td class="row-actions">
                <div class="row-buttons">
                  {item.retiredAt ? (
                    <button type="button" class="button" onClick={() => props.onRestore(item)}>
                      Bring back<span class="visually-hidden"> {item.name}</span>
                    </button>
                  ) : (
                    <>
                      <button type="button" class="button" onClick={() => props.onEdit(item)}>
                        Edit<span class="visually-hidden"> {item.name}</span>
                      </button>
                      <button
                        type="button"
                        class="button button-danger"
                        onClick={() => props.onRetire(item)}
                      >
                        Retire<span class="visually-hidden"> {item.name}</span>
                      </button>
                    </>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
