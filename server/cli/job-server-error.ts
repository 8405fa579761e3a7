/** Why the CLI could not get what it needed from the fabdesk server. */
export const JobServerErrorCode = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  notFound: 'not-found',
  notPlottable: 'not-plottable',
  leaseHeld: 'lease-held',
  badPlan: 'bad-plan',
  refused: 'refused',
} as const;
export type JobServerErrorCode = (typeof JobServerErrorCode)[keyof typeof JobServerErrorCode];

/**
 * The one error class of the CLI ↔ server boundary. Its message is one line meant for the
 * person at the plotter (the command prints it as is and exits 1).
 */
export class JobServerError extends Error {
  readonly code: JobServerErrorCode;
  constructor(code: JobServerErrorCode, message: string) {
    super(message);
    this.name = 'JobServerError';
    this.code = code;
  }
}
