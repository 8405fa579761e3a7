/**
 * AxiDraw pen heights as percentages (0 = lowest, 100 = highest the servo goes) to EBB
 * servo positions (`SC,4`/`SC,5`, units of 1/12 µs). The range is the AxiDraw's standard
 * servo's: 9855 at 0 % to 27831 at 100 % (AxiDraw configuration reference).
 */
const SERVO_MIN = 9855;
const SERVO_MAX = 27831;

export function penServoPositions(penUpPercent: number, penDownPercent: number) {
  const at = (pct: number) =>
    Math.round(SERVO_MIN + ((SERVO_MAX - SERVO_MIN) * Math.min(100, Math.max(0, pct))) / 100);
  return { upPosition: at(penUpPercent), downPosition: at(penDownPercent) };
}
