import { describe, expect, it } from 'vitest';
import { parseColor } from './parse-color.ts';

describe('parseColor', () => {
  it.each([
    ['#00f', '#0000ff'],
    ['#00F8', '#0000ff'],
    ['#123456', '#123456'],
    ['#12345678', '#123456'],
    ['rgb(255, 0, 10)', '#ff000a'],
    ['rgba(100%, 50%, 0%, 0.5)', '#ff8000'],
    ['rgb(255 0 0 / 50%)', '#ff0000'],
    ['RebeccaPurple', '#663399'],
    [' black ', '#000000'],
  ])('%s is %s', (text, hex) => {
    expect(parseColor(text)).toBe(hex);
  });

  it.each(['hsl(0, 100%, 50%)', '#12', 'nope', ''])('%s is unknown', (text) => {
    expect(parseColor(text)).toBeNull();
  });
});
