import type { Plotter } from '@fabdesk/shared/models/plotter.ts';
import {
  AXIDRAW_MOTION_BOUNDS,
  type AxidrawMotionSetting,
} from '@fabdesk/shared/plan/axidraw-motion-bounds.ts';
import {
  AXIDRAW_MODELS,
  type AxidrawModel,
  axidrawProfile,
} from '@fabdesk/shared/plan/axidraw-models.ts';
import { type DeviceProfile, parseDeviceProfile } from '@fabdesk/shared/plan/device-profile.ts';
import { z } from 'zod';

/** The motion limits a plotter keeps in its `defaults`, flat beside the pen heights. */
export const MOTION_SETTINGS = Object.keys(AXIDRAW_MOTION_BOUNDS) as AxidrawMotionSetting[];

/** What each motion setting is called on screen and in its error messages. */
export const MOTION_LABELS: Record<AxidrawMotionSetting, string> = {
  penDownSpeedMmS: 'Pen-down speed',
  penDownAccelMmS2: 'Pen-down acceleration',
  penUpSpeedMmS: 'Pen-up speed',
  penUpAccelMmS2: 'Pen-up acceleration',
  corneringMm: 'Cornering',
};

/** Why a value above the bound is refused, for the message. */
const TOO_HIGH: Record<AxidrawMotionSetting, string> = {
  penDownSpeedMmS: 'the EBB steps its motors at most 25,000 times a second',
  penDownAccelMmS2: 'harder starts and stops make the motors skip steps',
  penUpSpeedMmS: 'the EBB steps its motors at most 25,000 times a second',
  penUpAccelMmS2: 'harder starts and stops make the motors skip steps',
  corneringMm: 'corners would be taken too fast for the pen to follow the line',
};

const bounded = (key: AxidrawMotionSetting) =>
  z.number().min(AXIDRAW_MOTION_BOUNDS[key].min).max(AXIDRAW_MOTION_BOUNDS[key].max);

/**
 * What the plot console keeps per plotter in the `plotters` document's `defaults`: the
 * model, the pen heights (percent of the servo's travel) and the motion limits (the
 * AxiDraw's bounds, axidraw-motion-bounds.ts). Every device plans with them.
 */
export const PlotterSettings = z.object({
  model: z.string().max(50),
  penUpPercent: z.number().min(0).max(100),
  penDownPercent: z.number().min(0).max(100),
  penDownSpeedMmS: bounded('penDownSpeedMmS'),
  penDownAccelMmS2: bounded('penDownAccelMmS2'),
  penUpSpeedMmS: bounded('penUpSpeedMmS'),
  penUpAccelMmS2: bounded('penUpAccelMmS2'),
  corneringMm: bounded('corneringMm'),
});
export type PlotterSettings = z.infer<typeof PlotterSettings>;

/**
 * The stored form, parsed leniently: a field another tool wrote in another shape (or a
 * plotter saved before motion limits existed) falls back to its default instead of failing.
 */
const StoredSettings = z.object({
  model: z.string().max(50).catch('axidraw-v3'),
  penUpPercent: z.number().min(0).max(100).catch(60),
  penDownPercent: z.number().min(0).max(100).catch(30),
  ...Object.fromEntries(
    MOTION_SETTINGS.map((key) => [key, bounded(key).optional().catch(undefined)]),
  ),
});

/** The stock profile of a model, or of the V3 for a model this build does not know. */
export function stockProfile(model: string): DeviceProfile {
  return axidrawProfile(
    Object.hasOwn(AXIDRAW_MODELS, model) ? (model as AxidrawModel) : 'axidraw-v3',
  );
}

function stockMotion(model: string): Pick<PlotterSettings, AxidrawMotionSetting> {
  const p = stockProfile(model);
  return {
    penDownSpeedMmS: p.penDown.maxSpeedMmS,
    penDownAccelMmS2: p.penDown.accelMmS2,
    penUpSpeedMmS: p.penUp.maxSpeedMmS,
    penUpAccelMmS2: p.penUp.accelMmS2,
    corneringMm: p.penDown.corneringMm,
  };
}

export const DEFAULT_PLOTTER_SETTINGS: PlotterSettings = {
  model: 'axidraw-v3',
  penUpPercent: 60,
  penDownPercent: 30,
  ...stockMotion('axidraw-v3'),
};

/** A plotter's settings; limits it has not stored are its model's stock ones. */
export function plotterSettings(plotter: Plotter | undefined): PlotterSettings {
  if (!plotter) return DEFAULT_PLOTTER_SETTINGS;
  const stored = StoredSettings.parse({ model: plotter.model ?? undefined, ...plotter.defaults });
  const settings: PlotterSettings = {
    model: stored.model,
    penUpPercent: stored.penUpPercent,
    penDownPercent: stored.penDownPercent,
    ...stockMotion(stored.model),
  };
  for (const key of MOTION_SETTINGS) {
    const value = (stored as Record<string, unknown>)[key];
    if (typeof value === 'number') settings[key] = value;
  }
  return settings;
}

/** The motion profile the settings describe: the model's stock profile with their limits. */
export function plotterProfile(settings: PlotterSettings): DeviceProfile {
  const stock = stockProfile(settings.model);
  return parseDeviceProfile({
    ...stock,
    penDown: {
      maxSpeedMmS: settings.penDownSpeedMmS,
      accelMmS2: settings.penDownAccelMmS2,
      corneringMm: settings.corneringMm,
    },
    penUp: {
      ...stock.penUp,
      maxSpeedMmS: settings.penUpSpeedMmS,
      accelMmS2: settings.penUpAccelMmS2,
    },
  });
}

/** A typed-in motion setting: its value, or what is wrong with it in words. */
export type MotionInput = { ok: true; value: number } | { ok: false; message: string };

/** Reads what a person typed into a motion field (a decimal comma is accepted). */
export function parseMotionInput(key: AxidrawMotionSetting, text: string): MotionInput {
  const { min, max, unit } = AXIDRAW_MOTION_BOUNDS[key];
  const label = MOTION_LABELS[key];
  const range = `${min}–${max} ${unit}`;
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { ok: false, message: `Enter the ${label.toLowerCase()} (${range}).` };
  const value = Number(trimmed);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(trimmed) || !Number.isFinite(value))
    return { ok: false, message: `${label}: “${text.trim()}” is not a number; enter ${range}.` };
  if (value < min) return { ok: false, message: `${label} must be at least ${min} ${unit}.` };
  if (value > max)
    return { ok: false, message: `${label} must be at most ${max} ${unit}: ${TOO_HIGH[key]}.` };
  return { ok: true, value };
}
