/**
 * The largest singular value of the 2×2 matrix [[p, q], [r, s]]: how much it can stretch a unit
 * vector, used to turn a curve's size in user units into its size in mm.
 */
export function maxScale(p: number, q: number, r: number, s: number): number {
  const sum = p * p + q * q + r * r + s * s;
  const det = p * s - q * r;
  return Math.sqrt((sum + Math.sqrt(Math.max(0, sum * sum - 4 * det * det))) / 2);
}
