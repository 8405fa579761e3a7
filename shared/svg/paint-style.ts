import { type CssRule, ruleMatches } from './css-rules.ts';
import { parseColor } from './parse-color.ts';
import { parseDeclarations } from './parse-declarations.ts';
import type { XmlElement } from './xml-element.ts';

/** A stroke or fill: not painted, or painted with `#rrggbb` (null: a gradient or unknown colour). */
export type Paint = 'none' | { color: string | null };

/** The inherited paint properties the importer needs at one element. */
export interface PaintStyle {
  stroke: Paint;
  fill: Paint;
  /** The `color` property, for `currentColor`. */
  color: string;
  /** `visibility` (inherited): hidden elements draw nothing, but a child may set `visible`. */
  visible: boolean;
  /** `display:none` on this element: it and its subtree are not rendered at all. */
  displayNone: boolean;
}

/** SVG's initial values: no stroke, black fill. */
export const initialPaintStyle: PaintStyle = {
  stroke: 'none',
  fill: { color: '#000000' },
  color: '#000000',
  visible: true,
  displayNone: false,
};

const PROPERTIES = ['stroke', 'fill', 'color', 'visibility', 'display'] as const;

/**
 * Computes an element's paint style from its parent's. Cascade, lowest to highest priority as in
 * SVG 1.1 §6.4: presentation attributes, then matching `<style>` rules by specificity and source
 * order, then the `style` attribute. `inherit` and absent properties take the parent's value
 * (display is not inherited, but `none` removes the subtree, which the walker handles).
 */
export function paintStyle(parent: PaintStyle, element: XmlElement, rules: CssRule[]): PaintStyle {
  const declared = new Map<string, string>();
  for (const property of PROPERTIES) {
    const value = element.attributes.get(property);
    if (value !== undefined) declared.set(property, value.trim());
  }
  const matching = rules.filter((rule) => ruleMatches(rule, element));
  if (matching.length > 0) {
    matching.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
    for (const rule of matching)
      for (const [key, value] of rule.declarations) declared.set(key, value);
  }
  const style = element.attributes.get('style');
  if (style !== undefined)
    for (const [key, value] of parseDeclarations(style)) declared.set(key, value);

  const own = (property: string): string | undefined => {
    const value = declared.get(property);
    return value === undefined || value === 'inherit' ? undefined : value;
  };
  const colorText = own('color');
  const color = (colorText === undefined ? null : parseColor(colorText)) ?? parent.color;
  const visibility = own('visibility');
  return {
    color,
    stroke: paint(own('stroke'), parent.stroke, color),
    fill: paint(own('fill'), parent.fill, color),
    visible: visibility === undefined ? parent.visible : visibility === 'visible',
    displayNone: own('display') === 'none',
  };
}

function paint(value: string | undefined, inherited: Paint, currentColor: string): Paint {
  if (value === undefined) return inherited;
  if (value === 'none' || value === 'transparent') return 'none';
  if (value.toLowerCase() === 'currentcolor') return { color: currentColor };
  // A gradient or pattern (`url(#g) fallback`) paints, in its fallback colour if any.
  if (value.startsWith('url(')) return { color: parseColor(value.replace(/^url\([^)]*\)/, '')) };
  const color = parseColor(value);
  // An unparsable value is an invalid declaration, which CSS ignores.
  return color === null ? inherited : { color };
}
