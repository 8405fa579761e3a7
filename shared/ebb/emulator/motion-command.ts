/**
 * A command as it sits in the emulated motion FIFO. Times are 40 µs ISR ticks (25 kHz),
 * steps are motor steps (motor1, motor2).
 */
export type MotionCommand =
  | {
      kind: 'lm';
      rate: [number, number];
      steps: [number, number];
      accel: [number, number];
      clear: number;
    }
  | { kind: 'sm'; ticks: number; steps: [number, number] }
  | { kind: 'hm'; stepsPerS: number; target: [number, number] }
  | { kind: 'pen'; up: boolean; delayTicks: number }
  | { kind: 'em'; enable1: number; enable2: number };
