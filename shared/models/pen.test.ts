import { describe, expect, it } from 'vitest';
import { Pen } from './pen.ts';

const pen = {
  id: '0b6f3c9e-8f1a-4b7e-9c4d-2a1e5f6a7b8c',
  name: '0.5mm red',
  widthMm: 0.5,
  speedCapMmS: 120,
  pressure: 40,
  passes: 1,
  colorHex: '#FF0000',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  retiredAt: null,
};

describe('Pen', () => {
  it('accepts the seed example', () => {
    expect(Pen.parse(pen)).toEqual(pen);
  });

  it.each([
    ['widthMm', 0, 'Too small'],
    ['pressure', 101, 'Too big'],
    ['pressure', 2.5, 'expected int'],
    ['colorHex', 'red', 'a colour like #1a2b3c'],
    ['name', '   ', 'Too small'],
    ['passes', 0, 'Too small'],
  ])('refuses %s = %j with a message saying what was expected', (field, value, message) => {
    const result = Pen.safeParse({ ...pen, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  it('refuses fields it does not know', () => {
    expect(Pen.safeParse({ ...pen, inkLevel: 3 }).success).toBe(false);
  });
});
