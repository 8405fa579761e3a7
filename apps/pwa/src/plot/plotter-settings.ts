import type { Plotter } from '@fabdesk/shared/models/plotter.ts';
import { z } from 'zod';

/**
 * What the plot console keeps per plotter in the `plotters` document's `defaults`: the
 * model and the pen heights (percent of the servo's travel). Parsed leniently: a field
 * another tool wrote in another shape falls back to the default instead of failing.
 */
export const PlotterSettings = z.object({
  model: z.string().max(50).catch('axidraw-v3'),
  penUpPercent: z.number().min(0).max(100).catch(60),
  penDownPercent: z.number().min(0).max(100).catch(30),
});
export type PlotterSettings = z.infer<typeof PlotterSettings>;

export const DEFAULT_PLOTTER_SETTINGS: PlotterSettings = {
  model: 'axidraw-v3',
  penUpPercent: 60,
  penDownPercent: 30,
};

export function plotterSettings(plotter: Plotter | undefined): PlotterSettings {
  if (!plotter) return DEFAULT_PLOTTER_SETTINGS;
  return PlotterSettings.parse({ model: plotter.model ?? undefined, ...plotter.defaults });
}
