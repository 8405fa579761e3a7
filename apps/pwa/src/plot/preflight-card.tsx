import { useState } from 'preact/hooks';

const CHECKS = [
  { id: 'paper', text: 'Paper loaded and taped down' },
  { id: 'pen', text: 'Pen fitted for the first layer' },
  { id: 'home', text: 'Carriage at home (top left, pen up)' },
] as const;

/**
 * The checks before a job is armed: a plot started on loose paper, without a pen or away
 * from home ruins the sheet or the drawing's placement. Arming is offered once all are
 * ticked.
 */
export function PreflightCard(props: { disabled: boolean; onArm: () => void; firstPen: string }) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const all = CHECKS.every((c) => ticked.has(c.id));
  return (
    <section class="card" aria-labelledby="preflight-title">
      <h2 id="preflight-title">Before plotting</h2>
      <p class="hint">First pen: {props.firstPen}.</p>
      <ul class="checklist">
        {CHECKS.map((c) => (
          <li key={c.id}>
            <label class="check">
              <input
                type="checkbox"
                checked={ticked.has(c.id)}
                onChange={(e) => {
                  const next = new Set(ticked);
                  if (e.currentTarget.checked) next.add(c.id);
                  else next.delete(c.id);
                  setTicked(next);
                }}
              />
              <span>{c.text}</span>
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="button button-primary"
        disabled={!all || props.disabled}
        onClick={props.onArm}
      >
        Arm plotter
      </button>
    </section>
  );
}
