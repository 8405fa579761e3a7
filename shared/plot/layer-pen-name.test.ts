import type { Layer } from '../models/layer.ts';
import type { Pen } from '../models/pen.ts';
import { describe, expect, it } from 'vitest';
import { layerPenName } from './layer-pen-name.ts';

const jobLayer = (orderIndex: number, name: string, penId: string | null) =>
  ({ id: `l${orderIndex}`, orderIndex, name, penId }) as Layer;
const pens = [{ id: 'p1', name: 'Fineliner red 0.3' }] as Pen[];

describe('layerPenName', () => {
  const plan = [
    { name: 'outline', color: '#000000' },
    { name: 'x', color: '#ff0000' },
  ];
  it('names the pen assigned to the job layer at that place in the plan', () => {
    const layers = [jobLayer(0, 'outline', null), jobLayer(1, 'fill', 'p1')];
    expect(layerPenName(1, plan, layers, pens)).toBe('Fineliner red 0.3');
  });
  it('falls back to the layer name, then to the ink colour', () => {
    expect(layerPenName(1, plan, [jobLayer(4, 'x', 'p1')], pens)).toBe('Fineliner red 0.3');
    expect(layerPenName(1, plan, [], pens)).toBe('a #ff0000 pen');
    expect(layerPenName(null, plan, [], pens)).toBe('the next pen');
    expect(layerPenName(2, plan, [], pens)).toBe('the next pen');
  });
});
