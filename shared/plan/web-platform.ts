/**
 * The few Web Platform APIs shared/ uses that its ES2023 lib does not type (no DOM lib, no
 * Node types): WebCrypto's digest and UTF-8 coding. Browsers, Web Workers and Node 24 all
 * provide them as globals; this file only names their shape.
 */
interface WebPlatform {
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (
    label: 'utf-8',
    options: { fatal: boolean },
  ) => { decode(bytes: Uint8Array): string };
}

export const webPlatform = globalThis as unknown as WebPlatform;
