import { randomBytes } from 'node:crypto';
import { hashDeviceToken } from './hash-device-token.ts';

/** A new device token: `token` goes to the device once; only `tokenHash` is stored. */
export interface NewDeviceToken {
  token: string;
  tokenHash: string;
}

/** 32 random bytes as base64url: 43 characters, safe in a header without escaping. */
export function createDeviceToken(): NewDeviceToken {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashDeviceToken(token) };
}
