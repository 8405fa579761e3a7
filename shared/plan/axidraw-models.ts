import type { DeviceProfile, MotionLimits } from './device-profile.ts';

// Travel areas from Evil Mad Scientist's axidraw_conf.py (x_travel_* / y_travel_*), which
// gives them in inches with the mm in comments: default (V2/V3/SE A4) 11.81 × 8.58 in
// (300 × 218 mm), V3/A3 and SE/A3 16.93 × 11.69 in (430 × 297 mm), V3 XLX 23.42 × 8.58 in
// (595 × 218 mm), MiniKit 6.30 × 4.00 in (160 × 101.6 mm). We use the mm figures.

/** Motion defaults matching saxi 0.17.1's plan defaults, a proven setting for AxiDraws. */
const PEN_DOWN: MotionLimits = { maxSpeedMmS: 50, accelMmS2: 200, corneringMm: 0.127 };
const PEN_UP: MotionLimits = { maxSpeedMmS: 200, accelMmS2: 400, corneringMm: 0 };

function axidraw(model: string, label: string, widthMm: number, heightMm: number): DeviceProfile {
  return {
    model,
    label,
    travelWidthMm: widthMm,
    travelHeightMm: heightMm,
    stepsPerMm: 80,
    microstepping: 16,
    penDown: { ...PEN_DOWN },
    penUp: { ...PEN_UP },
    penRaiseS: 0.12,
    penLowerS: 0.12,
  };
}

/** The stock AxiDraw models. Each call site gets its own copy via `axidrawProfile`. */
export const AXIDRAW_MODELS = {
  'axidraw-v3': axidraw('axidraw-v3', 'AxiDraw V3 / SE/A4', 300, 218),
  'axidraw-v3-a3': axidraw('axidraw-v3-a3', 'AxiDraw V3/A3 / SE/A3', 430, 297),
  'axidraw-v3-xlx': axidraw('axidraw-v3-xlx', 'AxiDraw V3 XLX', 595, 218),
  'axidraw-minikit': axidraw('axidraw-minikit', 'AxiDraw MiniKit', 160, 101.6),
} as const satisfies Record<string, DeviceProfile>;
export type AxidrawModel = keyof typeof AXIDRAW_MODELS;

/** A fresh, mutable copy of a stock model's profile. */
export function axidrawProfile(model: AxidrawModel): DeviceProfile {
  const p = AXIDRAW_MODELS[model];
  return { ...p, penDown: { ...p.penDown }, penUp: { ...p.penUp } };
}
