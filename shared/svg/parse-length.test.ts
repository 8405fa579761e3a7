import { describe, expect, it } from 'vitest';
import { parseLength } from './parse-length.ts';

describe('parseLength', () => {
  it.each([
    ['12', 12],
    ['12px', 12],
    ['1in', 96],
    ['25.4mm', 96],
    ['2.54cm', 96],
    ['72pt', 96],
    ['6pc', 96],
    ['1e1', 10],
    [' 10MM ', 10 * (96 / 25.4)],
  ])('%s is %f px', (text, px) => {
    const length = parseLength(text);
    expect(length !== null && 'px' in length ? length.px : Number.NaN).toBeCloseTo(px, 9);
  });

  it('keeps percentages for the caller to resolve', () => {
    expect(parseLength('50%')).toEqual({ percent: 50 });
  });

  it.each([undefined, '', 'auto', '10 mm mm', '12furlongs'])('rejects %j', (text) => {
    expect(parseLength(text)).toBeNull();
  });
});
