/**
 * Reading an Open Specifications protocol document as text: its numbered sections, its namespace table, and the
 * runs of lines that hold XML. Two shapes exist: the text export (XML in ``` fences, a page break shows up as a fence
 * closed and reopened) and the markdown export (XML lines unfenced, each followed by a blank line).
 */

export interface SpecLine {
  /** 1-based line number in the spec. */
  readonly line: number;
  readonly text: string;
}

export interface Section {
  /** "6", "3.1.4.6.3.1"; "" before the first numbered heading. */
  readonly number: string;
  readonly title: string;
  readonly line: number;
}

export interface XmlBlock {
  readonly lines: SpecLine[];
  readonly section: Section;
  readonly fenced: boolean;
  /** False for a fenced block that does not start like XML: used only as the continuation of an open block. */
  readonly looksXml: boolean;
  /** Lines (blank, running headers, fence markers) between this block and the previous one, when nothing else is. */
  readonly gapFromPrevious?: { readonly lines: SpecLine[]; readonly previous: XmlBlock };
  /** The `**Namespace:** <uri>` line of the section, when it has one. */
  readonly declaredNamespace?: string;
}

const HEADING = /^\s{0,3}#{1,6}\s+(?:\*\*)?\s*((?:\d+|[A-Z])(?:\.\d+)*)\.?\s+(.*?)(?:\*\*)?\s*$/;
const FENCE = /^\s*(```|~~~)/;
/** Lines a page break leaves behind in the text export: running headers, footers and page numbers. */
export const RUNNING_HEADER = /^\s*(?:Preliminary|\[MS-[A-Z0-9-]+\]\s*(?:[-—–:].*)?|\[MC-[A-Z0-9-]+\]\s*(?:[-—–:].*)?|.*Copyright\s*©.*Microsoft Corporation.*|Release:\s.*|(?:Page\s+)?\d{1,4}\s*(?:\/|of)\s*\d{1,4})\s*$/;
/** HTML the markdown conversion writes, never part of the protocol's XML. */
const HTML_TAG = /^<\/?(?:a|b|i|u|em|strong|br|sup|sub|p|span|div|table|thead|tbody|tr|td|th|img|ul|ol|li|code|pre|hr|font|details|summary|h[1-6])(?:[\s/>]|$)/i;
const XML_START = /^<(?:\?xml\b|!--|[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?(?:[\s/>]|$))/;

/** A markdown list bullet the conversion put in front of XML lines (`- <xs:element …>`, `- xmlns:a="…"`). */
export const XML_BULLET = /^(\s*)[-*+]\s+(?=<|&lt;|[A-Za-z_][\w.:-]*\s*=\s*["'])/;

export function isXmlStart(text: string): boolean {
  const t = text.replace(XML_BULLET, '$1').trim();
  return XML_START.test(t) && !HTML_TAG.test(t);
}

export function splitLines(text: string): SpecLine[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n?|\n/).map((t, i) => ({ line: i + 1, text: t }));
}

export function sectionOf(line: string): { number: string; title: string } | undefined {
  const m = HEADING.exec(line);
  if (!m) return undefined;
  return { number: m[1]!, title: m[2]!.replace(/\*\*/g, '').replace(/\\_/g, '_').trim() };
}

/** Finds every XML block with the section it is in. */
export function findXmlBlocks(lines: readonly SpecLine[]): XmlBlock[] {
  const blocks: XmlBlock[] = [];
  let section: Section = { number: '', title: '', line: 0 };
  let declaredNamespace: string | undefined;
  let gap: SpecLine[] = [];
  let lastBlock: XmlBlock | undefined;
  const push = (b: Omit<XmlBlock, 'gapFromPrevious' | 'section' | 'declaredNamespace'>) => {
    const onlyGap = lastBlock && lastBlock.section === section && gap.every((l) => l.text.trim() === '' || FENCE.test(l.text) || RUNNING_HEADER.test(l.text));
    const block: XmlBlock = { ...b, section, declaredNamespace, ...(onlyGap ? { gapFromPrevious: { lines: gap, previous: lastBlock! } } : {}) };
    blocks.push(block);
    lastBlock = block;
    gap = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const heading = sectionOf(l.text);
    if (heading) {
      section = { ...heading, line: l.line };
      declaredNamespace = undefined;
      gap = [];
      lastBlock = undefined;
      continue;
    }
    const ns = /^\s*\**Namespace:?\**:?\s*<?\[?((?:https?:|urn:)[^\s<>\]\)]+)/i.exec(l.text);
    if (ns) declaredNamespace = ns[1];
    if (FENCE.test(l.text)) {
      const body: SpecLine[] = [];
      let j = i + 1;
      while (j < lines.length && !FENCE.test(lines[j]!.text)) body.push(lines[j++]!);
      const first = body.find((b) => b.text.trim() !== '');
      const looksXml = first !== undefined && (isXmlStart(first.text) || /^\s*<\/|^\s*</.test(first.text) || /^\s*&lt;[A-Za-z/?]/.test(first.text));
      const afterBreak = lastBlock && lastBlock.section === section && gap.every((g) => g.text.trim() === '' || FENCE.test(g.text) || RUNNING_HEADER.test(g.text));
      if (looksXml || (afterBreak && first !== undefined)) push({ lines: body, fenced: true, looksXml });
      else {
        gap.push(l, ...body);
        if (j < lines.length) gap.push(lines[j]!);
      }
      i = j;
      continue;
    }
    if (isXmlStart(l.text) || /^\s*&lt;(?:\?xml|[A-Za-z_][\w.-]*:[A-Za-z_])/.test(l.text.replace(XML_BULLET, '$1'))) {
      const body = collectUnfenced(lines, i);
      push({ lines: body, fenced: false, looksXml: true });
      i = body[body.length - 1]!.line - 1;
      continue;
    }
    gap.push(l);
  }
  return blocks;
}

/**
 * An unfenced run of XML: lines starting with `<`, lines continuing an open tag, and text lines sandwiched between
 * XML lines (element content such as a wrapped URI). Prose, headings and tables end it.
 */
function collectUnfenced(lines: readonly SpecLine[], start: number): SpecLine[] {
  const body: SpecLine[] = [];
  let inTag = false;
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    const t = l.text.replace(XML_BULLET, '$1').trim();
    if (t === '') {
      body.push(l);
      continue;
    }
    if (sectionOf(l.text) || FENCE.test(l.text)) break;
    const xmlLine = (t.startsWith('<') && !HTML_TAG.test(t)) || t.startsWith('&lt;');
    // Text is element content only inside an open element (or continues an open tag); prose ends the block.
    if (!xmlLine && !inTag) {
      if (depth <= 0) break;
      // Prose-like text is element content (a wsdl:documentation) only when XML follows it directly.
      const prose = /^(?:The|This|In|For|If|When|Note|These|Each|Binding|See)\s[a-z].*[.:]$/.test(t) || /^\*\*[^*]+:?\*\*/.test(t);
      if (prose && !nextNonBlankStartsXml(lines, i + 1)) break;
    }
    body.push(l);
    const s = scanLine(inTag, depth, t.startsWith('&lt;') ? t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') : t);
    inTag = s.inTag;
    depth = s.depth;
  }
  while (body.length && body[body.length - 1]!.text.trim() === '') body.pop();
  return body;
}

function nextNonBlankStartsXml(lines: readonly SpecLine[], from: number): boolean {
  for (let k = from; k < lines.length; k++) {
    const t = lines[k]!.text.replace(XML_BULLET, '$1').trim();
    if (t !== '') return t.startsWith('<') && !HTML_TAG.test(t);
  }
  return false;
}

/** Tracks, line by line, whether a tag is open and how deep the elements nest. */
function scanLine(inTag: boolean, depth: number, text: string): { inTag: boolean; depth: number } {
  let quote = '';
  let state = inTag;
  let d = depth;
  let pendingKind: 'open' | 'close' | 'other' = 'open';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (state) {
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') {
        state = false;
        if (pendingKind === 'open' && text[i - 1] !== '/') d++;
        else if (pendingKind === 'close') d--;
      }
    } else if (c === '<') {
      state = true;
      const n = text[i + 1];
      pendingKind = n === '/' ? 'close' : n === '?' || n === '!' ? 'other' : 'open';
    }
  }
  return { inTag: state, depth: d };
}

/** Prefix → namespace rows of the spec's namespace tables (tab- or pipe-separated). */
export function namespaceTable(lines: readonly SpecLine[]): Map<string, string> {
  const out = new Map<string, string>();
  let inTable = false;
  for (const l of lines) {
    const cells = l.text.includes('|') ? l.text.split('|').map((c) => c.trim()).filter((c, i, all) => !(c === '' && (i === 0 || i === all.length - 1))) : l.text.split('\t').map((c) => c.trim());
    if (cells.length >= 2 && /^\**prefix\**$/i.test(cells[0]!) && /namespace/i.test(cells[1]!)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (cells.length < 2) {
      if (l.text.trim() !== '') inTable = false;
      continue;
    }
    if (/^-+$/.test(cells[0]!)) continue;
    const prefix = cells[0]!.replace(/\*\*|\\|<\/?b>/g, '').replace(/:$/, '').trim();
    const uri = cells[1]!.replace(/<\/?b>|\*\*/g, '').replace(/^<|>$/g, '').replace(/^\[([^\]]*)\]\([^)]*\)$/, '$1').trim();
    if (/^[A-Za-z_][\w.-]*$/.test(prefix) && /^(?:https?:|urn:)\S+$/.test(uri) && !out.has(prefix)) out.set(prefix, uri);
  }
  return out;
}
