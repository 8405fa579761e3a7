import {
  AXIDRAW_MOTION_BOUNDS,
  type AxidrawMotionSetting,
} from '@fabdesk/shared/plan/axidraw-motion-bounds.ts';
import {
  MOTION_LABELS,
  MOTION_SETTINGS,
  type PlotterSettings,
  parseMotionInput,
} from './plotter-settings.ts';

/** What is typed into motion fields that differs from the settings (kept while invalid). */
export type MotionDrafts = Partial<Record<AxidrawMotionSetting, string>>;

/** Whether any typed motion value is refused. */
export function motionDraftsInvalid(drafts: MotionDrafts): boolean {
  return MOTION_SETTINGS.some((key) => {
    const text = drafts[key];
    return text !== undefined && !parseMotionInput(key, text).ok;
  });
}

/**
 * The plotter's speeds, accelerations and cornering. A valid entry updates the settings at
 * once (the plan is made again for them); a refused one stays in its field with the reason
 * beside it, and the settings keep their last valid value.
 */
export function MotionFields(props: {
  settings: PlotterSettings;
  drafts: MotionDrafts;
  disabled: boolean;
  onChange: (settings: PlotterSettings, drafts: MotionDrafts) => void;
}) {
  const { settings, drafts, disabled, onChange } = props;
  const input = (key: AxidrawMotionSetting, text: string) => {
    const parsed = parseMotionInput(key, text);
    onChange(parsed.ok ? { ...settings, [key]: parsed.value } : settings, {
      ...drafts,
      [key]: text,
    });
  };
  return (
    <fieldset class="plot-motion" disabled={disabled}>
      <legend>Speeds and accelerations (plans for this plotter are made with them)</legend>
      <div class="plot-fields">
        {MOTION_SETTINGS.map((key) => {
          const { min, max, unit } = AXIDRAW_MOTION_BOUNDS[key];
          const text = drafts[key];
          const parsed = text === undefined ? null : parseMotionInput(key, text);
          const error = parsed && !parsed.ok ? parsed.message : null;
          const id = `motion-${key}`;
          return (
            <div class="field" key={key}>
              <label for={id}>
                {MOTION_LABELS[key]} ({unit})
              </label>
              <input
                id={id}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={text ?? String(settings[key])}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? `${id}-error` : `${id}-range`}
                onInput={(e) => input(key, e.currentTarget.value)}
              />
              {error ? (
                <p class="field-error" id={`${id}-error`}>
                  {error}
                </p>
              ) : (
                <span class="hint" id={`${id}-range`}>
                  {min}–{max}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
