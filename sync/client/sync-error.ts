/** Why a sync request failed, as the status shows it. */
export const SyncErrorCode = {
  /** 401: the device token is no longer valid; the device must pair again. */
  signedOut: 'signed-out',
  /** 426: the server speaks another protocol version; the PWA offers a reload. */
  outdatedClient: 'outdated-client',
  /** The request never got an answer (no network, server down). */
  offline: 'offline',
  /** Any other answer than the expected one; retried. */
  server: 'server-error',
  /** 400 `checkpoint-ahead`: the server's data was reset; pull this collection from the start. */
  checkpointAhead: 'checkpoint-ahead',
  /** The server sent a document its collection's schema refuses. */
  badDocument: 'bad-document',
} as const;
export type SyncErrorCode = (typeof SyncErrorCode)[keyof typeof SyncErrorCode];

/** The one error class of the sync client's boundary. */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  constructor(code: SyncErrorCode, message: string) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
  }
}

/** Errors after which retrying is pointless until the user acts (pair again, reload). */
export function isTerminal(error: unknown): error is SyncError {
  return (
    error instanceof SyncError &&
    (error.code === SyncErrorCode.signedOut || error.code === SyncErrorCode.outdatedClient)
  );
}
