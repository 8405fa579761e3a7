/** What a query's reply line must look like, and how a message names it. */
export interface ReplyFormat {
  pattern: RegExp;
  description: string;
}

/**
 * The data lines of the queries the driver sends, from the EBB command reference (legacy
 * reply formats, v2.4.4 to 3.x). A line that does not match is not this query's answer: the
 * stream is out of step with the commands (a stray or lost line) or the bytes are noise,
 * and taking it as the answer would misread the board (a QG of "OK" as a status byte).
 * `V` is left to the driver, which parses the version out of it.
 */
const FORMATS: Record<string, ReplyFormat> = {
  QG: { pattern: /^[0-9A-Fa-f]{2}$/, description: 'a hex status byte' },
  // FIFO status joined the three others in 2.4.4.
  QM: { pattern: /^QM(,[01]){3,4}$/, description: "'QM,<command>,<motor1>,<motor2>,<fifo>'" },
  QS: { pattern: /^-?\d+,-?\d+$/, description: "'<steps1>,<steps2>'" },
  QP: { pattern: /^[01]$/, description: '0 or 1' },
  QB: { pattern: /^[01]$/, description: '0 or 1' },
  QE: { pattern: /^\d+,\d+$/, description: "'<motor1>,<motor2>'" },
  QU: { pattern: /^QU,\d+,-?\d+$/, description: "'QU,<parameter>,<value>'" },
  // 2.x answers `<interrupted>,<fifo1>,<fifo2>,<rem1>,<rem2>`; 3.x may send the first alone.
  ES: { pattern: /^[01](,-?\d+)*$/, description: "'<interrupted>[,<steps>…]'" },
};

/** The format of `command`'s reply line (by its name, any case), or null if not checked. */
export function ebbReplyFormat(command: string): ReplyFormat | null {
  const name = (command.split(',', 1)[0] ?? '').toUpperCase();
  return Object.hasOwn(FORMATS, name) ? (FORMATS[name] as ReplyFormat) : null;
}
