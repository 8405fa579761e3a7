/** The pen-up motion limits a travel move runs under. */
export interface TravelLimits {
  maxSpeedMmS: number;
  accelMmS2: number;
}

/**
 * Seconds a pen-up move of `distanceMm` takes from rest to rest under a trapezoidal (or,
 * when too short to reach full speed, triangular) profile — the planner's pen-up moves.
 * Time grows like √distance for short moves, so the shortest total distance is not always
 * the quickest plot: the optimiser can weigh moves by this instead of by length.
 */
export function travelTimeS(distanceMm: number, limits: TravelLimits): number {
  const { maxSpeedMmS: v, accelMmS2: a } = limits;
  if (distanceMm <= 0) return 0;
  return distanceMm < (v * v) / a ? 2 * Math.sqrt(distanceMm / a) : distanceMm / v + v / a;
}

/** `travelTimeS` bound to one set of limits: a travel cost for the optimiser. */
export const travelTimeCost =
  (limits: TravelLimits) =>
  (distanceMm: number): number =>
    travelTimeS(distanceMm, limits);
