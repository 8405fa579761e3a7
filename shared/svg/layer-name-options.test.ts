import { describe, expect, it } from 'vitest';
import { layerNameOptions } from './layer-name-options.ts';

describe('layerNameOptions', () => {
  it.each([
    ['2 red', { number: 2, name: 'red', options: { pauseBefore: false, skip: false } }],
    ['3', { number: 3, name: '3', options: { pauseBefore: false, skip: false } }],
    ['outline', { number: null, name: 'outline', options: { pauseBefore: false, skip: false } }],
    ['!4 blue', { number: 4, name: 'blue', options: { pauseBefore: true, skip: false } }],
    ['% notes', { number: null, name: 'notes', options: { pauseBefore: false, skip: true } }],
    [
      '1 fine +d250 +H40+s75',
      {
        number: 1,
        name: 'fine',
        options: {
          pauseBefore: false,
          skip: false,
          penDownDelayMs: 250,
          penDownHeightPercent: 40,
          speedPercent: 75,
        },
      },
    ],
    [
      '5 clamp +h150 +s0',
      {
        number: 5,
        name: 'clamp',
        options: { pauseBefore: false, skip: false, penDownHeightPercent: 100, speedPercent: 1 },
      },
    ],
  ])('%s', (label, expected) => {
    expect(layerNameOptions(label)).toEqual(expected);
  });
});
