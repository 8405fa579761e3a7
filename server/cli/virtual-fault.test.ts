import { describe, expect, it } from 'vitest';
import { parseVirtualFault } from './virtual-fault.ts';

describe('parseVirtualFault', () => {
  it.each([
    ['disconnect@50%', { kind: 'disconnect', atPercent: 50 }],
    ['power-loss@0%', { kind: 'power-loss', atPercent: 0 }],
    ['garbage@12.5%', { kind: 'garbage', atPercent: 12.5 }],
    ['no-reply@100%', { kind: 'no-reply', atPercent: 100 }],
  ])('%s', (text, fault) => {
    expect(parseVirtualFault(text)).toEqual(fault);
  });

  it.each(['disconnect', 'disconnect@50', 'unplug@50%', 'disconnect@101%', 'disconnect@-1%'])(
    'refuses %s, saying what it takes',
    (text) => {
      expect(() => parseVirtualFault(text)).toThrow(
        `--virtual-fault takes <disconnect|power-loss|garbage|no-reply>@<0-100>%, e.g. disconnect@50%; got ${JSON.stringify(text)}`,
      );
    },
  );
});
