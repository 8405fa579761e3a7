import { webPlatform } from './web-platform.ts';

/** SHA-256 of `bytes` as 64 lowercase hex digits: the id of a content-addressed blob. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await webPlatform.crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
