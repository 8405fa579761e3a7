import { describe, expect, it } from 'vitest';
import { importSvg } from './import-svg.ts';
import { SvgImportError, SvgImportErrorCode } from './svg-import-error.ts';

describe('refused input', () => {
  const codeOf = (text: string) => {
    try {
      importSvg(text);
    } catch (error) {
      if (error instanceof SvgImportError) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error('expected the import to fail');
  };

  it('malformed XML names line and column', () => {
    const result = codeOf(
      '<svg xmlns="http://www.w3.org/2000/svg">\n  <g>\n  <path d="M0 0 L1 1">\n</svg>',
    );
    expect(result.code).toBe(SvgImportErrorCode.malformedXml);
    expect(result.message).toMatch(/line 4, column \d+/);
  });

  it('a billion-laughs document is refused before anything is expanded', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE svg [',
      '  <!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>',
    ].join('\n');
    expect(codeOf(lol).code).toBe(SvgImportErrorCode.entityRefused);
  });

  it('an external entity (XXE) is refused', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>';
    const result = codeOf(xxe);
    expect(result.code).toBe(SvgImportErrorCode.entityRefused);
    expect(result.message).not.toContain('root:');
  });

  it('a reference to an undeclared entity is refused', () => {
    expect(codeOf('<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>').code).toBe(
      SvgImportErrorCode.entityRefused,
    );
  });

  it("a PNG's bytes decoded as text are not an SVG", () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const result = codeOf(new TextDecoder().decode(png));
    expect(result.code).toBe(SvgImportErrorCode.notSvg);
    expect(result.message).toContain('PNG');
  });

  it('well-formed XML with another root is not an SVG', () => {
    const result = codeOf('<html><body/></html>');
    expect(result.code).toBe(SvgImportErrorCode.notSvg);
    expect(result.message).toContain('<html>');
  });

  it('garbage path data names the element and the bad text', () => {
    const result = codeOf(
      '<svg xmlns="http://www.w3.org/2000/svg"><path id="wing" d="M 10 10 L 20 banana" stroke="black"/></svg>',
    );
    expect(result.code).toBe(SvgImportErrorCode.badPathData);
    expect(result.message).toContain('id="wing"');
    expect(result.message).toContain('M 10 10 L 20 banana');
  });

  it('garbage points name the element by position when it has no id', () => {
    const result = codeOf(
      '<svg xmlns="http://www.w3.org/2000/svg"><line x2="1"/><polygon points="1,2 3,x" stroke="black"/></svg>',
    );
    expect(result.code).toBe(SvgImportErrorCode.badPathData);
    expect(result.message).toContain('<polygon> (shape 2 in document order)');
  });

  it('a document nested deeper than the walker allows is too large', () => {
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(1500)}${'</g>'.repeat(1500)}</svg>`;
    expect(codeOf(deep).code).toBe(SvgImportErrorCode.tooLarge);
  });
});
