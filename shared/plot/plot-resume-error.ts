/** Expected failures when resuming a plot. */
export const PlotResumeErrorCode = {
  /** The checkpoint belongs to another job or plan, or does not fall on a pen-up of the plan. */
  checkpointMismatch: 'checkpoint-mismatch',
  /** A pause-now left the carriage somewhere the plan does not pass (it was moved by hand). */
  stopOffPlan: 'stop-off-plan',
} as const;
export type PlotResumeErrorCode = (typeof PlotResumeErrorCode)[keyof typeof PlotResumeErrorCode];

/** The one error class of plot resumption; the message says what was expected and what came. */
export class PlotResumeError extends Error {
  readonly code: PlotResumeErrorCode;
  constructor(code: PlotResumeErrorCode, message: string) {
    super(message);
    this.name = 'PlotResumeError';
    this.code = code;
  }
}
