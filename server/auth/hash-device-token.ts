import { createHash } from 'node:crypto';

/**
 * What `device_tokens.token_hash` holds for a token: SHA-256, 64 lower-case hex. A plain
 * (unsalted, fast) hash is enough because tokens are 256 random bits, not guessable
 * passwords; it lets the middleware find a token with one primary-key lookup.
 */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
