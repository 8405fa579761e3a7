const bearer = /^Bearer ([A-Za-z0-9_-]{43})$/;

/**
 * The device token in an `Authorization: Bearer <token>` header, or undefined when the
 * header is missing or cannot be one of our tokens (so no database lookup is spent on it).
 */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  return authorization ? bearer.exec(authorization.trim())?.[1] : undefined;
}
