import { EbbError, type EbbErrorCode } from './ebb-error.ts';

/** Each fault in the words of someone standing at the plotter, and what they can do. */
const WORDS: Record<EbbErrorCode, { what: string; advice: string }> = {
  garbage: { what: 'the plotter sent something that is not an EBB reply', advice: '' },
  'no-reply': {
    what: 'the plotter did not answer in time',
    advice: 'Check that it is switched on and its USB cable is in.',
  },
  disconnected: {
    what: 'the plotter is no longer connected',
    advice: 'Check its USB cable and power, then connect it again.',
  },
  'firmware-too-old': {
    what: "the plotter's firmware is too old",
    advice: 'Update the EiBotBoard firmware.',
  },
  'board-error': { what: 'the plotter refused a command', advice: '' },
};

/**
 * A driver failure as the console and the CLI show it, to follow "Could not connect: " or
 * "The plot stopped: ": the fault in plain words, the protocol detail (what was expected,
 * what arrived) in brackets for whoever debugs it, then what to do. Not an `EbbError`: its
 * message as it is.
 */
export function describeEbbError(error: unknown): string {
  if (!(error instanceof EbbError)) return error instanceof Error ? error.message : String(error);
  const { what, advice } = WORDS[error.code];
  return `${what} (${error.message}).${advice ? ` ${advice}` : ''}`;
}
