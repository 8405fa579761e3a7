/** Why the CLI could not get what it needed from the fabdesk server. */
export const JobServerErrorCode = {
  /** No answer: the network or the server is down (worth trying again later). */
  unreachable: 'unreachable',
  /** The server answered 5xx, 429 or not in time (worth trying again later). */
  unavailable: 'unavailable',
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

  /** Whether the same request may succeed later without anyone changing anything. */
  get transient(): boolean {
    return this.code === 'unreachable' || this.code === 'unavailable';
  }
}
