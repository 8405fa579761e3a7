/** Expected failures when resuming a plot. */
export const PlotResumeErrorCode = {
  /** The checkpoint belongs to another job or plan, or does not fall on a pen-up of the plan. */
  checkpointMismatch: 'checkpoint-mismatch',
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
