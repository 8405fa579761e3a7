const TWO_31 = 2 ** 31;
/** LM rate units per step/s: 2^31 × 40 µs (EBB ref, LM "Computing values"). */
const RATE_PER_HZ = TWO_31 / 25_000;

/**
 * LM `Rate` and `Accel` for one axis so that, starting from a cleared accumulator, the axis
 * takes exactly `steps` steps by tick `ticks` and (unless its final speed is near zero) not a
 * tick earlier, with its speed ramping linearly from `startHz` toward `endHz`.
 *
 * Per the reference the firmware starts from Rate − Accel/2 and adds Accel then Rate every
 * tick, so after T ticks the accumulator holds S(T) = T·R′ + Accel·T(T+1)/2 with
 * R′ = Rate − trunc(Accel/2). Choosing the smallest integer R′ with S(T) ≥ steps·2^31 puts
 * the last step on tick T: the board's timing then matches the plan's to the tick.
 */
export function lmRegisters(
  steps: number,
  ticks: number,
  startHz: number,
  endHz: number,
): { rate: number; accel: number } {
  const n = Math.abs(steps);
  if (n === 0) return { rate: 0, accel: 0 };
  const target = n * TWO_31;
  let accel = Math.round(((endHz - startHz) * RATE_PER_HZ) / ticks);
  let working = Math.ceil((target - (accel * ticks * (ticks + 1)) / 2) / ticks);
  // A rate that dips below zero would roll over to 2^31 on the board: use a constant rate.
  if (working + accel < 0 || working + accel * ticks < 0) {
    accel = 0;
    working = Math.ceil(target / ticks);
  }
  const peak = Math.max(working + accel, working + accel * ticks);
  if (peak > TWO_31 - 1) {
    throw new Error(`LM step rate ${(peak / RATE_PER_HZ).toFixed(0)} Hz exceeds the EBB's 25 kHz`);
  }
  // Rate is unsigned on the wire. Starting from rest, R′ ≈ −Accel/2 and the ceiling can land
  // a hair below zero; clamping adds under one tick's worth of travel, never a step.
  return { rate: Math.max(0, working + Math.trunc(accel / 2)), accel };
}
