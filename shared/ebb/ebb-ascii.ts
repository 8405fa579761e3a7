/**
 * The EBB speaks 7-bit ASCII; `TextEncoder` is not in shared's ES2023 lib, and a byte-per-char
 * mapping is exactly what the board does anyway.
 */
export const EbbAscii = {
  encode(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    return bytes;
  },
  decode(bytes: Uint8Array): string {
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte);
    return text;
  },
} as const;
