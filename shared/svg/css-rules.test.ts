import { describe, expect, it } from 'vitest';
import { parseCssRules, ruleMatches } from './css-rules.ts';
import { initialPaintStyle, paintStyle } from './paint-style.ts';
import type { XmlElement } from './xml-element.ts';

const element = (name: string, attributes: Record<string, string> = {}): XmlElement => ({
  name,
  attributes: new Map(Object.entries(attributes)),
  children: [],
  text: '',
});

describe('parseCssRules', () => {
  it('reads element, class, id and grouped selectors, skipping comments and at-rules', () => {
    const rules = parseCssRules(`
      /* pens */ @import url(evil.css);
      @media print { .a { stroke: green } }
      path, .pen-a { stroke: red; fill: none }
      #logo { display: none }
      g.layer.top { stroke: blue }
      g > path { stroke: pink }
    `);
    expect(rules.map((r) => [r.tag, r.id, r.classes, r.specificity])).toEqual([
      ['path', null, [], 1],
      [null, null, ['pen-a'], 100],
      [null, 'logo', [], 10000],
      ['g', null, ['layer', 'top'], 201],
    ]);
    expect(rules[0]?.declarations.get('stroke')).toBe('red');
  });

  it('matches by element name, id and all classes', () => {
    const [byTag, byId, byClasses] = parseCssRules('circle {} #c {} .a.b {}');
    const circle = element('circle', { id: 'c', class: 'b  a x' });
    expect(
      [byTag, byId, byClasses].map((rule) => rule !== undefined && ruleMatches(rule, circle)),
    ).toEqual([true, true, true]);
    expect(
      byClasses !== undefined && ruleMatches(byClasses, element('circle', { class: 'a' })),
    ).toBe(false);
  });
});

describe('paintStyle cascade', () => {
  const rules = parseCssRules(
    '.pen { stroke: #00f } #special { stroke: green } path { stroke: red }',
  );

  it('class rule beats presentation attribute; style attribute beats both', () => {
    expect(
      paintStyle(initialPaintStyle, element('path', { class: 'pen', stroke: 'black' }), rules)
        .stroke,
    ).toEqual({
      color: '#0000ff',
    });
    expect(
      paintStyle(
        initialPaintStyle,
        element('path', { class: 'pen', style: 'stroke: #123456' }),
        rules,
      ).stroke,
    ).toEqual({ color: '#123456' });
  });

  it('id beats class beats element regardless of source order', () => {
    expect(
      paintStyle(initialPaintStyle, element('path', { class: 'pen', id: 'special' }), rules).stroke,
    ).toEqual({
      color: '#008000',
    });
  });

  it('inherits stroke and visibility, resolves currentColor, and ignores invalid colours', () => {
    const parent = paintStyle(
      initialPaintStyle,
      element('g', { stroke: 'red', visibility: 'hidden', color: 'blue' }),
      [],
    );
    const child = paintStyle(
      parent,
      element('path', { fill: 'currentColor', stroke: 'not-a-colour' }),
      [],
    );
    expect(child).toEqual({
      stroke: { color: '#ff0000' },
      fill: { color: '#0000ff' },
      color: '#0000ff',
      visible: false,
      displayNone: false,
    });
    expect(paintStyle(parent, element('path', { visibility: 'visible' }), []).visible).toBe(true);
  });

  it('marks display:none and paints gradients with an unknown colour', () => {
    const style = paintStyle(
      initialPaintStyle,
      element('rect', { style: 'display:none; fill:url(#g)' }),
      [],
    );
    expect(style.displayNone).toBe(true);
    expect(style.fill).toEqual({ color: null });
  });
});
