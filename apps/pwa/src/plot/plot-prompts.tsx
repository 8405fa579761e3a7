/** The power-lost resume's question: the carriage must be homed by hand first. */
export function ConfirmHomePrompt(props: { onConfirm: () => void; onCancel: () => void }) {
  return (
    <div class="plot-prompt" role="alert" data-testid="confirm-home">
      <p>
        Move the carriage to home (top-left) with the motors off, then confirm. The plot continues
        from the last pen-up; the stroke it was drawing is drawn again.
      </p>
      <button type="button" class="button button-primary" onClick={props.onConfirm}>
        The carriage is home, continue
      </button>
      <button type="button" class="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

/**
 * The plot waits before a layer: a pen change (naming the pen the layer needs) or, for a
 * `!` layer drawn with the same pen, a pause the drawing asked for.
 */
export function PenSwapPrompt(props: {
  layerName: string;
  penName: string;
  penChange: boolean;
  onContinue: () => void;
}) {
  const { layerName, penName, penChange } = props;
  return (
    <div class="plot-prompt" role="alert" data-testid="pen-swap">
      {penChange ? (
        <p>
          Change the pen for layer <strong>{layerName}</strong>: fit <strong>{penName}</strong>,
          then continue.
        </p>
      ) : (
        <p>
          Layer <strong>{layerName}</strong> asks for a pause before it (its name starts with !). It
          is drawn with <strong>{penName}</strong>; continue when ready.
        </p>
      )}
      <button type="button" class="button button-primary" onClick={props.onContinue}>
        {penChange ? 'Pen changed, continue' : 'Continue'}
      </button>
    </div>
  );
}
