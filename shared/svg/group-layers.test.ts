import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countPaths } from './count-paths.ts';
import { importSvg } from './import-svg.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const load = (name: string) => readFileSync(new URL(name, corpus), 'utf8');

const summary = (name: string) =>
  importSvg(load(name)).layers.map((layer) => ({
    key: layer.key,
    name: layer.name,
    order: layer.order,
    color: layer.color,
    paths: layer.paths.length,
  }));

describe('layers', () => {
  it('misc__multilayer: numbered Inkscape layers by number, strokes outside layers last', () => {
    expect(summary('misc__multilayer.svg')).toEqual([
      { key: 'layer:2', name: '2', order: 2, color: '#008800', paths: 2 },
      { key: 'layer:3', name: '3', order: 3, color: '#0000ff', paths: 1 },
      { key: 'outside-layers', name: 'Outside layers', order: 4, color: '#cccccc', paths: 1 },
    ]);
  });

  it('misc__multilayer_by_attributes: layers win over stroke attributes; colour is the most used, first on ties', () => {
    expect(summary('misc__multilayer_by_attributes.svg')).toEqual([
      { key: 'layer:2', name: '2', order: 2, color: '#0000ff', paths: 2 },
      { key: 'layer:3', name: '3', order: 3, color: '#0000ff', paths: 1 },
      { key: 'outside-layers', name: 'Outside layers', order: 4, color: '#990066', paths: 1 },
    ]);
  });

  it('misc__multilayer_empty_layer: a second, empty layer "3" adds nothing', () => {
    expect(summary('misc__multilayer_empty_layer.svg')).toEqual(summary('misc__multilayer.svg'));
  });

  it('misc__multilayer_named_layers: unnumbered layers keep document order', () => {
    expect(summary('misc__multilayer_named_layers.svg')).toEqual([
      { key: 'outside-layers', name: 'Outside layers', order: 0, color: '#cccccc', paths: 1 },
      { key: 'label:my layer 1', name: 'my layer 1', order: 1, color: '#0000ff', paths: 1 },
      { key: 'label:my layer 2', name: 'my layer 2', order: 2, color: '#0000ff', paths: 1 },
      { key: 'label:my layer 3', name: 'my layer 3', order: 3, color: '#008800', paths: 2 },
    ]);
  });

  it('vpy__cmyk_svgs__file1: four named pen layers', () => {
    expect(summary('vpy__cmyk_svgs__file1.svg').map((l) => [l.name, l.color, l.paths])).toEqual([
      ['cyan', '#00ffff', 3],
      ['magenta', '#ff00ff', 5],
      ['yellow', '#ffff00', 3],
      ['black', '#000000', 3],
    ]);
  });

  it('vpy__paint_well_svgs__multilayer: red, green, blue with 200 lines each', () => {
    expect(
      summary('vpy__paint_well_svgs__multilayer.svg').map((l) => [l.name, l.color, l.paths]),
    ).toEqual([
      ['red', '#ff0000', 200],
      ['green', '#00ff00', 200],
      ['blue', '#0000ff', 200],
    ]);
  });

  it('vpy__two_layers_a4: layers 1 and 2', () => {
    expect(summary('vpy__two_layers_a4.svg').map((l) => [l.key, l.color, l.paths])).toEqual([
      ['layer:1', '#ff0000', 200],
      ['layer:2', '#0000ff', 200],
    ]);
  });

  it('without Inkscape layers, groups strokes by colour in first-appearance order', () => {
    const drawing = importSvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm" viewBox="0 0 10 10">
        <line x1="0" y1="0" x2="1" y2="1" stroke="red"/>
        <line x1="0" y1="0" x2="1" y2="2" stroke="#00f"/>
        <line x1="0" y1="0" x2="1" y2="3" stroke="rgb(255,0,0)"/>
      </svg>`,
    );
    expect(drawing.layers.map((l) => [l.key, l.order, l.paths.length])).toEqual([
      ['color:#ff0000', 0, 2],
      ['color:#0000ff', 1, 1],
    ]);
  });

  it('reads AxiDraw options from Inkscape layer names', () => {
    const drawing = importSvg(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="10mm" height="10mm" viewBox="0 0 10 10">
        <g inkscape:groupmode="layer" inkscape:label="!2 red +s40" stroke="red"><line x2="5" y2="5"/></g>
        <g inkscape:groupmode="layer" inkscape:label="%1 notes"><path d="M0 0 L1 1" stroke="black"/></g>
      </svg>`,
    );
    expect(drawing.layers.map((l) => [l.name, l.order, l.options])).toEqual([
      ['notes', 1, { pauseBefore: false, skip: true }],
      ['red', 2, { pauseBefore: true, skip: false, speedPercent: 40 }],
    ]);
    expect(countPaths(drawing)).toBe(1);
  });
});
