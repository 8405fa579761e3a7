import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

// Crockford's base32 alphabet: no I, L, O or U, so a code read off a terminal and typed on
// a tablet survives 0/O and 1/I/l mix-ups (normalise maps those back).
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The one-time code that lets the first admin be created over HTTP while the staff table
 * is empty. Only its hash stays in memory; `code` is printed once at start and never kept.
 * 8 characters of a 32-letter alphabet is 40 bits; with failures rate-limited that is
 * far beyond guessing range during the minutes a fresh install waits for its admin.
 */
export interface SetupCode {
  matches(input: string): boolean;
  /** After the first admin exists the code is spent, even if the server keeps running. */
  spend(): void;
  readonly spent: boolean;
}

/**
 * A new setup code: `code` (XXXX-XXXX) is for the one start-up log line and then dropped
 * by the caller; `setup` keeps only its SHA-256.
 */
export function createSetupCode(pick: (max: number) => number = randomInt): {
  code: string;
  setup: SetupCode;
} {
  let raw = '';
  for (let i = 0; i < 8; i++) raw += alphabet[pick(alphabet.length)];
  const digest = sha256(raw);
  let spent = false;
  const setup: SetupCode = {
    matches: (input) => !spent && timingSafeEqual(sha256(normalise(input)), digest),
    spend: () => {
      spent = true;
    },
    get spent() {
      return spent;
    },
  };
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, setup };
}

function normalise(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
