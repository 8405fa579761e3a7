import type { Pen } from '@fabdesk/shared/models/pen.ts';
import { describe, expect, it } from 'vitest';
import { draftOf, validateInventoryItem } from './validate-inventory-item.ts';

const now = new Date('2026-03-01T10:00:00.000Z');
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function pen(name: string, retiredAt: string | null = null): Pen {
  return {
    id: newId(),
    name,
    widthMm: 0.3,
    speedCapMmS: null,
    pressure: null,
    passes: 1,
    colorHex: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    retiredAt,
  };
}

const validPen = {
  name: 'Blue 0.5',
  widthMm: '0.5',
  pressure: '40',
  passes: '1',
  colorHex: '#1a2b3c',
};
const check = (draft: Record<string, string>, existing: Pen[] = [], editing: Pen | null = null) =>
  validateInventoryItem({ kind: 'pens', draft, editing, existing, newId, now });
const errorsOf = (result: ReturnType<typeof check>) => (result.ok ? {} : result.errors);

describe('validateInventoryItem', () => {
  it('builds a pen document from the form, blanks as null and a decimal comma accepted', () => {
    const result = check({ ...validPen, widthMm: '0,5', speedCapMmS: '' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.doc).toMatchObject({
      name: 'Blue 0.5',
      widthMm: 0.5,
      pressure: 40,
      passes: 1,
      colorHex: '#1a2b3c',
      speedCapMmS: null,
      retiredAt: null,
      createdAt: now.toISOString(),
    });
  });

  it.each([
    ['widthMm', '0', 'Width must be more than 0 mm'],
    ['widthMm', '-2', 'Width must be more than 0 mm'],
    ['widthMm', 'thin', 'Width must be a number'],
    ['pressure', '101', 'Pressure must be at most 100%'],
    ['pressure', '-1', 'Pressure must be at least 0%'],
    ['pressure', '12.5', 'Pressure must be a whole number'],
    ['passes', '0', 'Passes must be at least 1'],
    ['passes', '', 'Passes is needed'],
    ['colorHex', 'red', 'Colour must be a hex colour like #1a2b3c'],
    ['colorHex', '#12345', 'Colour must be a hex colour like #1a2b3c'],
    ['name', '   ', 'Name is needed'],
  ])('pen %s = %j says "%s"', (key, value, message) => {
    expect(errorsOf(check({ ...validPen, [key]: value }))).toEqual({ [key]: message });
  });

  it('refuses a name an active pen already has, in any case, but not a retired one', () => {
    const existing = [pen('Blue 0.5'), pen('Red', '2026-01-01T00:00:00.000Z')];
    expect(errorsOf(check({ ...validPen, name: ' blue 0.5 ' }, existing))).toEqual({
      name: 'Another pen is already called “Blue 0.5”',
    });
    expect(check({ ...validPen, name: 'RED' }, existing).ok).toBe(true);
  });

  it('lets an edited pen keep its own name and its id and creation time', () => {
    const own = pen('Blue 0.5');
    const result = check({ ...draftOf('pens', own), pressure: '55' }, [own], own);
    expect(result).toMatchObject({
      ok: true,
      doc: { id: own.id, pressure: 55, createdAt: own.createdAt },
    });
  });

  it('checks papers: sizes above 0 mm, margin not negative, orientation chosen', () => {
    const result = validateInventoryItem({
      kind: 'papers',
      draft: { name: 'A4', widthMm: '0', heightMm: '297', marginMm: '-1', orientation: 'portrait' },
      editing: null,
      existing: [],
      newId,
      now,
    });
    expect(errorsOf(result)).toEqual({
      widthMm: 'Width must be more than 0 mm',
      marginMm: 'Margin must be at least 0 mm',
    });
  });

  it('gives a new plotter empty defaults and needs a kind', () => {
    const make = (kind: string) =>
      validateInventoryItem({
        kind: 'plotters',
        draft: { name: 'Window AxiDraw', kind, model: '', port: '', firmware: '' },
        editing: null,
        existing: [],
        newId,
        now,
      });
    expect(make('axidraw')).toMatchObject({ ok: true, doc: { defaults: {}, model: null } });
    expect(errorsOf(make(''))).toEqual({ kind: 'Kind is needed' });
  });
});
