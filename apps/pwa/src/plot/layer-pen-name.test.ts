import type { Layer } from '@fabdesk/shared/models/layer.ts';
import type { Pen } from '@fabdesk/shared/models/pen.ts';
import { describe, expect, it } from 'vitest';
import { layerPenName } from './layer-pen-name.ts';

const jobLayer = (orderIndex: number, name: string, penId: string | null) =>
  ({ id: `l${orderIndex}`, orderIndex, name, penId }) as Layer;
const pens = [{ id: 'p1', name: 'Fineliner red 0.3' }] as Pen[];

describe('layerPenName', () => {
  it('names the pen assigned to the layer at that place in the drawing', () => {
    const layers = [jobLayer(0, 'outline', null), jobLayer(1, 'fill', 'p1')];
    expect(layerPenName({ layerIndex: 1, name: 'x', color: '#ff0000' }, layers, pens)).toBe(
      'Fineliner red 0.3',
    );
  });
  it('falls back to the layer name, then to the ink colour', () => {
    expect(
      layerPenName({ layerIndex: 5, name: 'fill', color: null }, [jobLayer(1, 'fill', 'p1')], pens),
    ).toBe('Fineliner red 0.3');
    expect(layerPenName({ layerIndex: 0, name: 'a', color: '#00ff00' }, [], pens)).toBe(
      'a #00ff00 pen',
    );
    expect(layerPenName(undefined, [], pens)).toBe('the next pen');
  });
});
