const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const SEPARATOR = /[\s,]*/y;

/**
 * Parses a `points` attribute (polyline, polygon) into flat coordinates. An odd trailing
 * coordinate is dropped, as renderers do (SVG 1.1 §9.7.1 draws up to the error); any other text
 * returns the error with its position.
 */
export function parsePoints(text: string): number[] | { error: string } {
  const values: number[] = [];
  let index = 0;
  SEPARATOR.lastIndex = 0;
  SEPARATOR.exec(text);
  index = SEPARATOR.lastIndex;
  while (index < text.length) {
    NUMBER.lastIndex = index;
    const match = NUMBER.exec(text);
    if (match === null) {
      return {
        error: `expected a number at position ${index}, got ${JSON.stringify(text.slice(index, index + 20))}`,
      };
    }
    values.push(Number(match[0]));
    SEPARATOR.lastIndex = NUMBER.lastIndex;
    SEPARATOR.exec(text);
    index = SEPARATOR.lastIndex;
  }
  if (values.length % 2 === 1) values.pop();
  return values;
}
