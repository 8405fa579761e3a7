/**
 * CSS absolute units in CSS pixels (CSS Values 4 §6.2: 1in = 96px = 2.54cm), the scale every
 * browser and Inkscape use for SVG lengths. `em`/`ex` use the CSS default font size of 16px,
 * since the importer does not track fonts.
 */
export const PX_PER_UNIT: Readonly<Record<string, number>> = {
  '': 1,
  px: 1,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
  pt: 96 / 72,
  pc: 16,
  em: 16,
  ex: 8,
};

/** Millimetres per CSS pixel. */
export const MM_PER_PX = 25.4 / 96;
