import { DOMParser, Document, Element } from '@xmldom/xmldom';
import { DiagnosticBag } from '../diagnostics/diagnostic';

export interface XmlLimits {
  /** Largest document accepted, in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 64 * 1024 * 1024, maxDepth: 256 };

export interface ParsedXml {
  readonly file: string;
  readonly document: Document;
  readonly root: Element;
}

/**
 * Parses untrusted XML. Refuses any DOCTYPE before xmldom sees it (so no entity is ever declared or expanded),
 * bounds size and depth, and reports malformed input as W2T100 with the parser's line and column.
 * Returns undefined when the document is unusable; the reason is in `diags`.
 */
export function parseXml(text: string, file: string, diags: DiagnosticBag, limits: XmlLimits = DEFAULT_XML_LIMITS): ParsedXml | undefined {
  const at = (line: number, column: number) => ({ file, line, column, path: '' });
  if (utf8Length(text) > limits.maxBytes) {
    diags.add('W2T102', `document is larger than ${limits.maxBytes} bytes`, at(1, 1));
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doctype = findDoctype(text);
  if (doctype !== undefined) {
    const { line, column } = lineCol(text, doctype);
    diags.add('W2T101', 'DOCTYPE declarations are refused: no DTD or entity is processed', at(line, column));
    return undefined;
  }
  let firstError: { message: string; line: number; column: number } | undefined;
  const parser = new DOMParser({
    locator: true,
    // XML 1.0 line-end handling only: xmldom's default also folds U+2028/U+0085, which would change data.
    normalizeLineEndings: (s: string) => s.replace(/\r\n?/g, '\n'),
    onError: (level, message, context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) => {
      if (level === 'warning') return;
      const loc = context?.locator;
      if (!firstError) firstError = { message: cleanMessage(message), line: loc?.lineNumber ?? 0, column: loc?.columnNumber ?? 0 };
      throw new Error(message);
    },
  });
  let document: Document;
  try {
    document = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const err = e as Error & { locator?: { lineNumber?: number; columnNumber?: number } };
    const info = firstError ?? { message: cleanMessage(String(err.message)), line: err.locator?.lineNumber ?? 0, column: err.locator?.columnNumber ?? 0 };
    diags.add('W2T100', `not well-formed XML: ${info.message}`, at(info.line, info.column));
    return undefined;
  }
  const root = document.documentElement;
  if (!root) {
    diags.add('W2T100', 'not well-formed XML: no root element', at(1, 1));
    return undefined;
  }
  const tooDeep = findTooDeep(root, limits.maxDepth);
  if (tooDeep) {
    diags.add('W2T103', `elements nest deeper than ${limits.maxDepth} levels`, at(tooDeep.lineNumber ?? 0, tooDeep.columnNumber ?? 0));
    return undefined;
  }
  return { file, document, root };
}

/** Offset of a DOCTYPE in the prolog, skipping the XML declaration, PIs, comments and white space. */
function findDoctype(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return undefined;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<!', i) && text.slice(i + 2, i + 9).toUpperCase() === 'DOCTYPE') return i;
    return undefined;
  }
  return undefined;
}

function findTooDeep(root: Element, maxDepth: number): Element | undefined {
  // Iterative, so a hostile 100k-deep document cannot overflow the stack here.
  const stack: Array<[Element, number]> = [[root, 1]];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (depth > maxDepth) return el;
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) stack.push([c as Element, depth + 1]);
  }
  return undefined;
}

function cleanMessage(message: string): string {
  return message.replace(/\s*@#\[line:\d+,col:\d+\]\s*$/s, '').replace(/^\[xmldom \w+\]\s*/, '').split('\n')[0]!.trim();
}

export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** UTF-8 byte length without Buffer (the parser also runs in the browser playground) and without encoding a copy. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
