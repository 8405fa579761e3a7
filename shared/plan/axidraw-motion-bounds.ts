/** The range a plotter setting may take: inclusive bounds and the unit shown with it. */
export interface SettingBounds {
  min: number;
  max: number;
  unit: string;
}

/**
 * What an AxiDraw (EBB at 16× microstepping, 80 steps/mm per axis) can be asked to do, for
 * motion limits a person types in. Facts behind the numbers:
 * - The EBB steps at most 25 kHz per motor (EBB command reference, LM/SM). A diagonal move
 *   turns one motor at (x + y)·80 = √2·80·v steps/s, so 25 kHz caps the speed at 221 mm/s
 *   (EMS's axidraw_conf.py gives the same figure, speed_lim_xy_hr = 8.6979 in/s). The
 *   driver rounds each block to whole ticks and carries sub-step remainders, which can
 *   raise a short block's rate by a few percent, so the cap here keeps 5% in hand.
 * - axidraw_conf.py's acceleration rates are 40 in/s² pen down (≈ 1000 mm/s²) and
 *   60 in/s² pen up (≈ 1500 mm/s²) at their 100% setting.
 * - Cornering is the planner's junction deviation (plan-motion.ts); the stock 0.127 mm
 *   already rounds corners visibly above a millimetre or so.
 * The lower bounds only refuse settings that would make a plot crawl for hours.
 */
export const AXIDRAW_MOTION_BOUNDS = {
  penDownSpeedMmS: { min: 1, max: 210, unit: 'mm/s' },
  penDownAccelMmS2: { min: 10, max: 1000, unit: 'mm/s²' },
  penUpSpeedMmS: { min: 5, max: 210, unit: 'mm/s' },
  penUpAccelMmS2: { min: 10, max: 1500, unit: 'mm/s²' },
  corneringMm: { min: 0, max: 1, unit: 'mm' },
} as const satisfies Record<string, SettingBounds>;
export type AxidrawMotionSetting = keyof typeof AXIDRAW_MOTION_BOUNDS;
