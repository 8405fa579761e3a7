import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { useMemo, useRef, useState } from 'preact/hooks';
import { InventoryForm } from '../components/inventory-form.tsx';
import { InventoryTable } from '../components/inventory-table.tsx';
import { INVENTORY_NOUN, InventoryKind } from '../data/inventory-fields.ts';
import { inventoryNameClash } from '../data/inventory-name-clash.ts';
import { inventoryRefusals } from '../data/inventory-refusals.ts';
import type { InventoryItem } from '../data/validate-inventory-item.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

const KINDS = Object.values(InventoryKind);
const TITLE: Record<InventoryKind, string> = {
  plotters: 'Plotters',
  pens: 'Pens',
  papers: 'Papers',
};
const byName = (a: InventoryItem, b: InventoryItem) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/**
 * The lab's plotters, pens and papers: list, add, edit, retire. Writes go into the
 * device's collections and replicate; any staff member may make them. Retired items stay
 * (old jobs refer to them) but are hidden unless "Show retired" is on.
 */
export function InventoryScreen() {
  const { now } = useServices();
  const { device } = useSignedIn();
  const collections = {
    plotters: useCollection<InventoryItem>('plotters'),
    pens: useCollection<InventoryItem>('pens'),
    papers: useCollection<InventoryItem>('papers'),
  };
  const losers = useCollection<DeviceStateEntry>('device_state', {
    selector: { kind: 'conflict' },
  });
  const [kind, setKind] = useState<InventoryKind>('pens');
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<InventoryItem | 'new' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const tabs = useRef<HTMLDivElement>(null);

  const all = collections[kind].docs;
  const shown = useMemo(
    () => all.filter((i) => showRetired || i.retiredAt === null).sort(byName),
    [all, showRetired],
  );
  const refusals = inventoryRefusals(losers.docs, {
    plotters: collections.plotters.docs,
    pens: collections.pens.docs,
    papers: collections.papers.docs,
  });
  const noun = INVENTORY_NOUN[kind];

  const choose = (next: InventoryKind, focus = false) => {
    setKind(next);
    setEditing(null);
    setStatus(null);
    if (focus) tabs.current?.querySelector<HTMLElement>(`#tab-${next}`)?.focus();
  };
  const patch = async (item: InventoryItem, retiredAt: string | null) => {
    const at = now().toISOString();
    const doc = await device.db[kind].findOne(item.id).exec();
    await doc?.incrementalPatch({ retiredAt, updatedAt: at });
  };
  async function retire(item: InventoryItem) {
    await patch(item, now().toISOString());
    setStatus(
      `Retired “${item.name}”. Jobs that used it keep it; turn on “Show retired” to see it.`,
    );
  }
  async function restore(item: InventoryItem) {
    const clash = inventoryNameClash(item.name, item.id, all);
    if (clash) {
      setStatus(
        `“${item.name}” cannot come back: another ${noun} is already called “${clash.name}”.`,
      );
      return;
    }
    await patch(item, null);
    setStatus(`“${item.name}” is back in use.`);
  }

  return (
    <main class="page" id="main">
      <div class="page-title">
        <h1>Inventory</h1>
        <label class="check">
          <input
            type="checkbox"
            checked={showRetired}
            onChange={(e) => setShowRetired(e.currentTarget.checked)}
          />
          <span>Show retired</span>
        </label>
      </div>
      {refusals.length > 0 && (
        <div class="refusal-notice" role="alert" data-testid="inventory-refusals">
          <h2 class="refusal-notice-title">Not saved by the server</h2>
          <ul>
            {refusals.map((r) => (
              <li key={r.entryId}>
                {r.message}{' '}
                <button
                  type="button"
                  class="button button-quiet"
                  onClick={() => void device.db.device_state.findOne(r.entryId).remove()}
                >
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div
        ref={tabs}
        class="tabs"
        role="tablist"
        aria-label="Kind of inventory"
        onKeyDown={(e) => {
          const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (!step) return;
          e.preventDefault();
          const next = KINDS[(KINDS.indexOf(kind) + step + KINDS.length) % KINDS.length];
          if (next) choose(next, true);
        }}
      >
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            class="tab"
            aria-selected={k === kind}
            aria-controls={`panel-${k}`}
            tabIndex={k === kind ? 0 : -1}
            onClick={() => choose(k)}
          >
            {TITLE[k]}{' '}
            <span class="count">
              {collections[k].docs.filter((i) => i.retiredAt === null).length}
            </span>
          </button>
        ))}
      </div>
      <section
        class="tab-panel"
        role="tabpanel"
        id={`panel-${kind}`}
        aria-labelledby={`tab-${kind}`}
      >
        <div class="section-head">
          <h2>{TITLE[kind]}</h2>
          {editing === null && (
            <button
              type="button"
              class="button button-primary"
              onClick={() => {
                setStatus(null);
                setEditing('new');
              }}
            >
              Add {noun}
            </button>
          )}
        </div>
        <p class="form-status" role="status">
          {status}
        </p>
        {editing !== null && (
          <InventoryForm
            key={editing === 'new' ? `new-${kind}` : editing.id}
            kind={kind}
            editing={editing === 'new' ? null : editing}
            existing={all}
            onDone={(saved) => {
              setEditing(null);
              if (saved) setStatus(`Saved “${saved.name}”.`);
            }}
          />
        )}
        {collections[kind].loading ? null : shown.length === 0 ? (
          <div class="empty card">
            <p>
              {all.length === 0
                ? `No ${kind} yet. Add the first with “Add ${noun}”.`
                : `Every ${noun} is retired. Turn on “Show retired” to see them, or add one.`}
            </p>
          </div>
        ) : (
          <InventoryTable
            kind={kind}
            items={shown}
            onEdit={(item) => {
              setStatus(null);
              setEditing(item);
            }}
            onRetire={(item) => void retire(item)}
            onRestore={(item) => void restore(item)}
          />
        )}
      </section>
    </main>
  );
}
