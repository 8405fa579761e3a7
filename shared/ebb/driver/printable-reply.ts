/**
 * A received line as an error message can show it: control and high bytes as `\xNN` (a
 * message shown in the console or a terminal must not carry them raw), at most 40
 * characters then `…`.
 */
export function printableReply(line: string): string {
  const escaped = line
    .slice(0, 40)
    .replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return line.length > 40 ? `${escaped}…` : escaped;
}
