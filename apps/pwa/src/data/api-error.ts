/** Why a call to the server's auth or lease routes failed, in words for the lab. */
export const ApiErrorCode = {
  offline: 'offline',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  leaseHeld: 'lease-held',
  badRequest: 'bad-request',
  conflict: 'conflict',
  tooManyRequests: 'too-many-requests',
  server: 'server-error',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** The one error class of the PWA's HTTP boundary; `message` is shown to the user as is. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}
