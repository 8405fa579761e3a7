/**
 * Parses CSS declarations (`stroke: red; display:none`) as found in a `style` attribute or a
 * rule body, into lower-case property → value. `!important` is dropped (the importer's cascade
 * is simplified, see `css-rules.ts`); later declarations win, as in CSS.
 */
export function parseDeclarations(text: string): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const part of text.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const property = part.slice(0, colon).trim().toLowerCase();
    const value = part
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim();
    if (property !== '' && value !== '') declarations.set(property, value);
  }
  return declarations;
}
