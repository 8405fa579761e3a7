/**
 * What went wrong, as the client sees it in `{ error: { code, message } }`. Clients
 * branch on `code`; `message` is for people. Each code has one HTTP status.
 */
export const HttpErrorCode = {
  badRequest: 'bad-request',
  /**
   * A pull checkpoint beyond anything this server handed out (its database was reset or
   * restored): the device restarts that collection's pull from the beginning.
   */
  checkpointAhead: 'checkpoint-ahead',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  methodNotAllowed: 'method-not-allowed',
  conflict: 'conflict',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  tooManyRequests: 'too-many-requests',
  upgradeRequired: 'protocol-outdated',
  internal: 'internal',
  unavailable: 'unavailable',
} as const;
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];

export const httpStatusOf = {
  'bad-request': 400,
  'checkpoint-ahead': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  'protocol-outdated': 426,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<HttpErrorCode, number>;
export type HttpErrorStatus = (typeof httpStatusOf)[HttpErrorCode];

/**
 * An expected failure of a request, thrown by route handlers and turned into the JSON
 * error body by the app's one `onError`. The message goes to the client as written, so
 * it says what was expected and what arrived, and nothing about the server's insides.
 */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly status: HttpErrorStatus;
  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.status = httpStatusOf[code];
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: HttpErrorCode; message: string };
}
