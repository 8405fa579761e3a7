import { parseDeclarations } from './parse-declarations.ts';
import type { XmlElement } from './xml-element.ts';

/** One compound selector (`path`, `.a`, `#b`, `g.a.b`, `*`) of a `<style>` rule and its declarations. */
export interface CssRule {
  tag: string | null;
  id: string | null;
  classes: string[];
  /** ids·10000 + classes·100 + tags, compared before source order as in CSS. */
  specificity: number;
  /** Source order across all `<style>` elements; later wins at equal specificity. */
  order: number;
  declarations: Map<string, string>;
}

const COMPOUND = /^(\*|[a-zA-Z][\w-]*)?((?:[.#][\w-]+)*)$/;

/**
 * Parses a `<style>` sheet into rules with simple selectors: element, class, id, `*` and their
 * compounds, grouped with commas. Selectors with combinators, attributes or pseudo-classes are
 * skipped (they would need a full selector engine, and plotter SVGs from Inkscape, Illustrator
 * and generators use simple class rules); at-rules (`@media`, `@import`, …) are skipped whole,
 * so nothing is ever fetched.
 */
export function parseCssRules(sheet: string, firstOrder = 0): CssRule[] {
  const rules: CssRule[] = [];
  const text = sheet
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/@[^{;]*(;|\{[^{}]*(\{[^{}]*\}[^{}]*)*\})/g, '');
  let order = firstOrder;
  for (const match of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = parseDeclarations(match[2] ?? '');
    for (const raw of (match[1] ?? '').split(',')) {
      const parsed = COMPOUND.exec(raw.trim());
      if (parsed === null || raw.trim() === '') continue;
      const tag = parsed[1] === undefined || parsed[1] === '*' ? null : parsed[1];
      const parts = (parsed[2] ?? '').match(/[.#][\w-]+/g) ?? [];
      const ids = parts.filter((part) => part.startsWith('#')).map((part) => part.slice(1));
      const classes = parts.filter((part) => part.startsWith('.')).map((part) => part.slice(1));
      if (ids.length > 1) continue;
      rules.push({
        tag,
        id: ids[0] ?? null,
        classes,
        specificity: ids.length * 10000 + classes.length * 100 + (tag === null ? 0 : 1),
        order: order++,
        declarations,
      });
    }
  }
  return rules;
}

/** Whether a rule's selector matches an element. */
export function ruleMatches(rule: CssRule, element: XmlElement): boolean {
  if (rule.tag !== null && rule.tag !== element.name) return false;
  if (rule.id !== null && element.attributes.get('id') !== rule.id) return false;
  if (rule.classes.length === 0) return true;
  const classes = (element.attributes.get('class') ?? '').split(/\s+/);
  return rule.classes.every((name) => classes.includes(name));
}
