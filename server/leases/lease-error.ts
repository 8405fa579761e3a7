/**
 * Why a lease call was refused. Routes map `held-by-other` to 409 `lease-held` (the
 * client shows who has the job and until when), `not-held` to 409, `not-found` to 404 and
 * `not-admin` to 403.
 */
export const LeaseErrorCode = {
  /** No job with this id on the server (never pushed, or deleted). */
  notFound: 'not-found',
  /** Another workstation holds an unexpired lease on the job. */
  heldByOther: 'held-by-other',
  /** Renew or release from a workstation that does not hold the lease. */
  notHeld: 'not-held',
  /** Force-release asked for by someone who is not an admin. */
  notAdmin: 'not-admin',
} as const;
export type LeaseErrorCode = (typeof LeaseErrorCode)[keyof typeof LeaseErrorCode];

/** Who holds the job, when the refusal is `held-by-other`. */
export interface LeaseHolder {
  name: string;
  workstationId: string;
  expiresAt: string;
}

/** The one error class of the lease boundary; the message is written for people. */
export class LeaseError extends Error {
  readonly code: LeaseErrorCode;
  readonly holder: LeaseHolder | undefined;
  constructor(code: LeaseErrorCode, message: string, holder?: LeaseHolder) {
    super(message);
    this.name = 'LeaseError';
    this.code = code;
    this.holder = holder;
  }
}
