import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { ProgressCallback } from '../progress/progress-callback.ts';
import { SvgImportError, SvgImportErrorCode } from './svg-import-error.ts';
import type { XmlElement } from './xml-element.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Namespaces whose attributes the importer reads, keyed by the prefix it uses for them. */
const KNOWN_PREFIXES: Record<string, string> = {
  'http://www.w3.org/1999/xlink': 'xlink',
  'http://www.inkscape.org/namespaces/inkscape': 'inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd': 'sodipodi',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  'http://www.w3.org/2000/xmlns/': 'xmlns',
};
/** Far beyond any plottable drawing; a guard against documents built to exhaust memory. */
const MAX_INPUT_CHARS = 64 * 1024 * 1024;
const MAX_ELEMENTS = 2_000_000;
/** Keeps the importer's recursive walk far from the JavaScript stack limit. */
const MAX_DEPTH = 1000;
/** With a progress callback the text is fed to saxes in pieces of this many characters. */
const PROGRESS_CHUNK_CHARS = 1 << 20;

/**
 * Parses SVG text into an element tree with saxes, a strict (well-formedness checking),
 * dependency-free streaming parser that runs unchanged in browsers, workers and Node, reports
 * line and column, and never fetches or expands a DTD.
 *
 * Security: entity declarations are refused in the `doctype` event, which saxes emits before it
 * reads any content, so nothing is ever expanded (billion laughs, XXE). References to
 * undeclared entities fail in saxes and are reported as refused entities too. A plain external
 * DTD reference (`<!DOCTYPE svg PUBLIC … "…svg10.dtd">`, common in real files) is harmless
 * because it is never fetched, and is accepted.
 */
export function parseXml(text: string, onProgress?: ProgressCallback): XmlElement {
  if (text.length > MAX_INPUT_CHARS) {
    throw new SvgImportError(
      SvgImportErrorCode.tooLarge,
      `expected an SVG of at most ${MAX_INPUT_CHARS} characters, got ${text.length}`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (!start.startsWith('<')) {
    throw new SvgImportError(
      SvgImportErrorCode.notSvg,
      `expected SVG text starting with '<', got ${describeStart(start)}`,
    );
  }

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elementCount = 0;

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new SvgImportError(
        SvgImportErrorCode.entityRefused,
        `expected an SVG without entity declarations, got a DOCTYPE declaring entities (line ${parser.line}); entities are refused, not expanded`,
      );
    }
  });
  parser.on('opentag', (tag) => {
    elementCount += 1;
    if (elementCount > MAX_ELEMENTS) {
      throw new SvgImportError(
        SvgImportErrorCode.tooLarge,
        `expected at most ${MAX_ELEMENTS} elements, got more`,
      );
    }
    if (stack.length >= MAX_DEPTH) {
      throw new SvgImportError(
        SvgImportErrorCode.tooLarge,
        `expected elements nested at most ${MAX_DEPTH} deep, got deeper at line ${parser.line}`,
      );
    }
    const element = toElement(tag as SaxesTagNS);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (data: string) => {
    const current = stack[stack.length - 1];
    if (current) current.text += data;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    if (onProgress) {
      // saxes is a streaming parser: pieces parse exactly as the whole text (it carries a
      // trailing CR or half a surrogate pair over to the next piece) and positions carry on.
      for (let at = 0; at < body.length; at += PROGRESS_CHUNK_CHARS) {
        onProgress(at, body.length);
        parser.write(body.slice(at, at + PROGRESS_CHUNK_CHARS));
      }
      parser.close();
      onProgress(body.length, body.length);
    } else parser.write(body).close();
  } catch (error) {
    if (error instanceof SvgImportError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const located = /^(\d+):(\d+): (.*)$/s.exec(message);
    const where = located
      ? `line ${located[1]}, column ${Number(located[2]) + 1}`
      : 'unknown position';
    const what = located ? located[3] : message;
    if (/undefined entity|entity name/.test(message)) {
      throw new SvgImportError(
        SvgImportErrorCode.entityRefused,
        `expected only the predefined XML entities, got a reference to another entity at ${where}`,
      );
    }
    throw new SvgImportError(
      SvgImportErrorCode.malformedXml,
      `expected well-formed XML, got "${what}" at ${where}`,
    );
  }

  const found = root as XmlElement | null;
  if (found === null || found.name !== 'svg') {
    throw new SvgImportError(
      SvgImportErrorCode.notSvg,
      `expected an <svg> root element, got ${found === null ? 'no element' : `<${found.name}>`}`,
    );
  }
  return found;
}

function toElement(tag: SaxesTagNS): XmlElement {
  const attributes = new Map<string, string>();
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.uri === '') attributes.set(attribute.local, attribute.value);
    else {
      const prefix = KNOWN_PREFIXES[attribute.uri];
      attributes.set(
        prefix === undefined
          ? `{${attribute.uri}}${attribute.local}`
          : `${prefix}:${attribute.local}`,
        attribute.value,
      );
    }
  }
  // Files without an xmlns declaration are accepted as SVG, as Inkscape does.
  const name = tag.uri === SVG_NS || tag.uri === '' ? tag.local : `{${tag.uri}}${tag.local}`;
  return { name, attributes, children: [], text: '' };
}

function describeStart(start: string): string {
  if (start.length === 0) return 'an empty text';
  if (start.includes('PNG')) return 'bytes that look like a PNG image';
  if (start.startsWith('%PDF')) return 'a PDF document';
  if (start.startsWith('GIF8')) return 'bytes that look like a GIF image';
  if (start.charCodeAt(0) === 0xfffd || start.charCodeAt(0) === 0xff) return 'binary data';
  return `text beginning ${JSON.stringify(start.slice(0, 20))}`;
}
