import type { EmulatedFirmware } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import type { Plotter } from '@fabdesk/shared/models/plotter.ts';
import { AXIDRAW_MODELS } from '@fabdesk/shared/plan/axidraw-models.ts';
import { useEffect, useState } from 'preact/hooks';
import { useCollection } from '../hooks/use-collection.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';
import { type MotionDrafts, MotionFields, motionDraftsInvalid } from './motion-fields.tsx';
import type { PlotController, PlotSnapshot } from './plot-controller.ts';
import { type PlotterSettings, plotterSettings } from './plotter-settings.ts';

/**
 * Which plotter, its settings (kept in the plotter's `defaults`, so every device uses the
 * same calibration and motion limits; a refused value is never saved), the connection (USB with the AxiDraw filter, reconnecting without a
 * prompt once allowed, or the built-in virtual plotter) and the live pen test.
 */
export function PlotterCard(props: {
  controller: PlotController;
  state: PlotSnapshot;
  settings: PlotterSettings;
  onSettings: (s: PlotterSettings) => void;
  /** Whether a typed setting is refused (the screen holds the plot until it is fixed). */
  onInvalid: (invalid: boolean) => void;
}) {
  const { controller, state, settings, onSettings, onInvalid } = props;
  const { device } = useSignedIn();
  const { now, newId, plot } = useServices();
  const plotters = useCollection<Plotter>('plotters', { selector: { retiredAt: null } });
  const [plotterId, setPlotterId] = useState('');
  const [firmware, setFirmware] = useState<EmulatedFirmware>('3.0.3');
  const [speedUp, setSpeedUp] = useState(1);
  const [granted, setGranted] = useState(false);
  const [saved, setSaved] = useState<{ ok: boolean; text: string } | null>(null);
  const [drafts, setDrafts] = useState<MotionDrafts>({});
  const invalid = motionDraftsInvalid(drafts);
  const plotter = plotters.docs.find((p) => p.id === plotterId) ?? plotters.docs[0];

  useEffect(() => {
    if (plotter && plotter.id !== plotterId) setPlotterId(plotter.id);
    onSettings(plotterSettings(plotter));
    setDrafts({});
  }, [plotter?.id, plotter?.updatedAt]);
  useEffect(() => onInvalid(invalid), [invalid]);
  useEffect(() => {
    controller.grantedPort().then(
      (p) => setGranted(p !== null),
      () => setGranted(false),
    );
  }, [controller]);

  const connected = state.phase !== 'disconnected' && state.phase !== 'connecting';
  const busy = controller.busy;
  const save = async () => {
    if (invalid) {
      setSaved({ ok: false, text: 'Nothing was saved: correct the marked settings first.' });
      return;
    }
    const at = now().toISOString();
    const defaults = { ...(plotter?.defaults ?? {}), ...settings };
    if (plotter) {
      const doc = await device.db.plotters.findOne(plotter.id).exec();
      await doc?.incrementalPatch({ defaults, model: settings.model, updatedAt: at });
    } else {
      await device.db.plotters.insert({
        id: newId(),
        kind: 'axidraw',
        model: settings.model,
        name: AXIDRAW_MODELS[settings.model as keyof typeof AXIDRAW_MODELS]?.label ?? 'AxiDraw',
        port: null,
        firmware: null,
        defaults,
        createdAt: at,
        updatedAt: at,
        retiredAt: null,
      });
    }
    setSaved({ ok: true, text: 'Settings saved for this plotter.' });
  };
  const number = (value: string) => Math.min(100, Math.max(0, Number(value) || 0));

  return (
    <section class="card" aria-labelledby="plotter-title">
      <h2 id="plotter-title">Plotter</h2>
      <div class="plot-fields">
        {plotters.docs.length > 0 && (
          <label class="field">
            <span>Plotter</span>
            <select value={plotterId} onChange={(e) => setPlotterId(e.currentTarget.value)}>
              {plotters.docs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="field">
          <span>Model</span>
          <select
            value={settings.model}
            onChange={(e) => onSettings({ ...settings, model: e.currentTarget.value })}
          >
            {Object.entries(AXIDRAW_MODELS).map(([key, m]) => (
              <option key={key} value={key}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Pen up height (%)</span>
          <input
            type="number"
            min={0}
            max={100}
            value={settings.penUpPercent}
            onInput={(e) =>
              onSettings({ ...settings, penUpPercent: number(e.currentTarget.value) })
            }
          />
        </label>
        <label class="field">
          <span>Pen down height (%)</span>
          <input
            type="number"
            min={0}
            max={100}
            value={settings.penDownPercent}
            onInput={(e) =>
              onSettings({ ...settings, penDownPercent: number(e.currentTarget.value) })
            }
          />
        </label>
      </div>
      <MotionFields
        settings={settings}
        drafts={drafts}
        disabled={busy}
        onChange={(next, nextDrafts) => {
          onSettings(next);
          setDrafts(nextDrafts);
          setSaved(null);
        }}
      />
      <div class="button-row">
        <button type="button" class="button" onClick={() => void save()}>
          {plotter ? 'Save settings' : 'Save as a new plotter'}
        </button>
        {saved?.ok && (
          <span class="hint" role="status">
            {saved.text}
          </span>
        )}
        {saved && !saved.ok && (
          <span class="form-error" role="alert">
            {saved.text}
          </span>
        )}
      </div>

      <h3>Connection</h3>
      <p data-testid="plot-connection" role="status">
        {state.phase === 'connecting' ? 'Connecting…' : (state.connection ?? 'Not connected.')}
      </p>
      {!connected ? (
        <div class="plot-connect">
          <div class="button-row">
            <button
              type="button"
              class="button"
              disabled={!plot.serial || state.phase === 'connecting'}
              onClick={() => void controller.connectSerial(settings, !granted)}
            >
              {granted ? 'Reconnect USB plotter' : 'Connect USB plotter'}
            </button>
          </div>
          {!plot.serial && (
            <p class="hint">This browser cannot reach USB plotters; the virtual plotter works.</p>
          )}
          <fieldset class="plot-virtual">
            <legend>Virtual plotter (rehearse a plot and see its true time)</legend>
            <label class="field">
              <span>Firmware</span>
              <select
                value={firmware}
                onChange={(e) => setFirmware(e.currentTarget.value as EmulatedFirmware)}
              >
                <option value="3.0.3">3.0.3 (32-deep queue)</option>
                <option value="2.8.1">2.8.1 (1-deep queue)</option>
              </select>
            </label>
            <label class="field">
              <span>Speed-up (×)</span>
              <input
                type="number"
                min={1}
                max={1000}
                value={speedUp}
                onInput={(e) =>
                  setSpeedUp(Math.min(1000, Math.max(1, Number(e.currentTarget.value) || 1)))
                }
              />
            </label>
            <button
              type="button"
              class="button"
              disabled={state.phase === 'connecting'}
              onClick={() => void controller.connectVirtual(settings, firmware, speedUp)}
            >
              Connect virtual plotter
            </button>
          </fieldset>
        </div>
      ) : (
        <>
          <div class="button-row">
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void controller.testPen(settings, true)}
            >
              Raise pen
            </button>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void controller.testPen(settings, false)}
            >
              Lower pen
            </button>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void controller.disconnect()}
            >
              Disconnect
            </button>
          </div>
          <p data-testid="pen-state">
            {state.penDown === null
              ? 'Pen: not tested yet.'
              : state.penDown
                ? 'Pen is down.'
                : 'Pen is up.'}
          </p>
        </>
      )}
    </section>
  );
}
