import { expect, it } from 'vitest';
import { printableReply } from './printable-reply.ts';

it('shows control and high bytes as \\xNN and cuts long lines at 40 characters', () => {
  expect(printableReply('\xfe\x00OK\x7f')).toBe('\\xfe\\x00OK\\x7f');
  expect(printableReply('QS,12')).toBe('QS,12');
  expect(printableReply(`${'a'.repeat(39)}\x01bc`)).toBe(`${'a'.repeat(39)}\\x01…`);
});
