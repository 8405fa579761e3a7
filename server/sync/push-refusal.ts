/** Why the server did not take a pushed document; the client gets the server's state back as a conflict. */
export const PushRefusal = {
  conflict: 'conflict',
  noPermission: 'no-permission',
  readOnly: 'read-only',
  appendOnly: 'append-only',
  noLease: 'no-lease',
  heldByOther: 'held-by-other',
  staleFencingToken: 'stale-fencing-token',
  transitionNotAllowed: 'transition-not-allowed',
  invalidInsert: 'invalid-insert',
  /** A unique field (an active pen's or paper's name) already belongs to another document. */
  duplicate: 'duplicate',
} as const;
export type PushRefusal = (typeof PushRefusal)[keyof typeof PushRefusal];
