/**
 * Why an SVG could not be imported. Expected failures only: each one is something the user
 * can fix in their file, so the message says what was expected and what arrived.
 * "Nothing to plot" is not here: an empty drawing imports as zero layers.
 */
export const SvgImportErrorCode = {
  /** The text is not well-formed XML (the message names line and column). */
  malformedXml: 'malformed-xml',
  /** Well-formed XML (or not XML at all) whose root is not an SVG `<svg>` element. */
  notSvg: 'not-svg',
  /** The document declares or references entities; refused without expanding anything. */
  entityRefused: 'entity-refused',
  /** A `d` or `points` attribute could not be parsed. */
  badPathData: 'bad-path-data',
  /** The input or its flattened geometry exceeds the import limits. */
  tooLarge: 'too-large',
} as const;

export type SvgImportErrorCode = (typeof SvgImportErrorCode)[keyof typeof SvgImportErrorCode];

/** The one error class of the SVG import boundary. */
export class SvgImportError extends Error {
  readonly code: SvgImportErrorCode;

  constructor(code: SvgImportErrorCode, message: string) {
    super(message);
    this.name = 'SvgImportError';
    this.code = code;
  }
}
