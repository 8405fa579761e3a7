/**
 * AxiDraw's mixed-axis (CoreXY-like) mapping between the paper frame in mm and the two
 * motor step counters, at 1/16 microstepping (`EM,1,1`): 80 steps per mm.
 * motor1 = x + y, motor2 = x − y (EBB reference, `XM`). Positions are rounded from the
 * absolute mm position, never accumulated from rounded deltas, so no error builds up.
 */
export const AxiKinematics = {
  stepsPerMm: 80,
  /** Absolute motor step position for a point in mm: the exact rounding, per motor. */
  motorSteps(xMm: number, yMm: number): [number, number] {
    return [Math.round(80 * (xMm + yMm)), Math.round(80 * (xMm - yMm))];
  },
  /** The point in mm that a pair of motor step counters stands for. */
  pointMm(motor1Steps: number, motor2Steps: number): [number, number] {
    return [(motor1Steps + motor2Steps) / 160, (motor1Steps - motor2Steps) / 160];
  },
} as const;
