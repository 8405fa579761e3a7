/** Standard sheet sizes in portrait orientation (width < height), mm. */
export const PAPER_SIZES = {
  A6: { widthMm: 105, heightMm: 148 },
  A5: { widthMm: 148, heightMm: 210 },
  A4: { widthMm: 210, heightMm: 297 },
  A3: { widthMm: 297, heightMm: 420 },
  A2: { widthMm: 420, heightMm: 594 },
  A1: { widthMm: 594, heightMm: 841 },
  Letter: { widthMm: 215.9, heightMm: 279.4 },
  Tabloid: { widthMm: 279.4, heightMm: 431.8 },
} as const;
export type PaperSizeName = keyof typeof PAPER_SIZES;

export function isPaperSizeName(name: string): name is PaperSizeName {
  return Object.hasOwn(PAPER_SIZES, name);
}
