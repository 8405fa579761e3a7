/** Expected failures at the EBB boundary. */
export const EbbErrorCode = {
  noReply: 'no-reply',
  garbage: 'garbage',
  firmwareTooOld: 'firmware-too-old',
  disconnected: 'disconnected',
  boardError: 'board-error',
} as const;
export type EbbErrorCode = (typeof EbbErrorCode)[keyof typeof EbbErrorCode];

/** The one error class of the EBB driver; the message says what was expected and what came. */
export class EbbError extends Error {
  readonly code: EbbErrorCode;
  constructor(code: EbbErrorCode, message: string) {
    super(message);
    this.name = 'EbbError';
    this.code = code;
  }
}
