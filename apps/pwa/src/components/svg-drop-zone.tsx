import { useState } from 'preact/hooks';

/**
 * Where SVG files come in: dropped on the zone or chosen with the file picker. The picker
 * is a real file input inside its label, so it works by keyboard (Tab, Enter) and touch;
 * the drop is a shortcut for mouse users, never the only way.
 */
export function SvgDropZone(props: { onFiles(files: File[]): void; disabled?: boolean }) {
  const [over, setOver] = useState(false);
  return (
    <fieldset
      class={`drop-zone${over ? ' is-over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length && !props.disabled) props.onFiles(files);
      }}
    >
      <legend>SVG files</legend>
      <p>Drop SVG files here, or</p>
      <label class="button">
        Choose SVG files
        <input
          class="visually-hidden"
          type="file"
          multiple
          accept=".svg,image/svg+xml"
          disabled={props.disabled}
          onChange={(e) => {
            const input = e.currentTarget;
            const files = [...(input.files ?? [])];
            // Cleared so picking the same file again after removing it still fires.
            input.value = '';
            if (files.length) props.onFiles(files);
          }}
        />
      </label>
      <p class="hint">One or more files become one job with a layer per pen.</p>
    </fieldset>
  );
}
