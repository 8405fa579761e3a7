import { z } from 'zod';

/** Speed and acceleration caps for one pen state. */
export const MotionLimitsSchema = z.object({
  maxSpeedMmS: z.number().positive(),
  accelMmS2: z.number().positive(),
  /** Junction deviation δ (grbl/Marlin): how far a corner may be cut, in mm; 0 stops at every corner. */
  corneringMm: z.number().nonnegative(),
});
export type MotionLimits = z.infer<typeof MotionLimitsSchema>;

/**
 * What the planner needs to know about one plotter: where it can reach, how its motors map
 * to x/y, and how fast it may move. A plain object (stored with the machine, edited in the
 * UI), validated with this schema at every boundary; the type is inferred from it.
 *
 * Kinematics: AxiDraw's two motors drive a CoreXY-like belt, so in motor steps
 * motor1 = (x + y)·stepsPerMm and motor2 = (x − y)·stepsPerMm (see `motorSteps`).
 */
export const DeviceProfileSchema = z.object({
  /** Stable id, e.g. `axidraw-v3-a3`. */
  model: z.string().min(1),
  label: z.string().min(1),
  /** Reachable area from home (0,0), mm. */
  travelWidthMm: z.number().positive(),
  travelHeightMm: z.number().positive(),
  /** Steps per mm along x or y at the configured microstepping (AxiDraw: 80 at 16×). */
  stepsPerMm: z.number().positive(),
  microstepping: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8), z.literal(16)]),
  penDown: MotionLimitsSchema,
  penUp: MotionLimitsSchema,
  /** Servo move times, seconds: the pen is not moving while it rises or drops. */
  penRaiseS: z.number().nonnegative(),
  penLowerS: z.number().nonnegative(),
});
export type DeviceProfile = z.infer<typeof DeviceProfileSchema>;

export const DeviceProfileErrorCode = { invalid: 'device_profile_invalid' } as const;
export type DeviceProfileErrorCode =
  (typeof DeviceProfileErrorCode)[keyof typeof DeviceProfileErrorCode];

/** A profile from storage, the wire or the UI did not match the schema. */
export class DeviceProfileError extends Error {
  readonly code: DeviceProfileErrorCode;
  constructor(code: DeviceProfileErrorCode, message: string) {
    super(message);
    this.name = 'DeviceProfileError';
    this.code = code;
  }
}

/** Validates an untrusted profile; the message names each offending field. */
export function parseDeviceProfile(value: unknown): DeviceProfile {
  const result = DeviceProfileSchema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new DeviceProfileError(
      DeviceProfileErrorCode.invalid,
      `expected a device profile, got: ${detail}`,
    );
  }
  return result.data;
}

/** Exact (unrounded) motor positions in steps for a point in mm: motor1 = x+y, motor2 = x−y. */
export function motorSteps(xMm: number, yMm: number, stepsPerMm: number): [number, number] {
  return [(xMm + yMm) * stepsPerMm, (xMm - yMm) * stepsPerMm];
}
