/**
 * Repairs of the known defects of XML printed in protocol documents. Every repair is reported with the spec line;
 * what cannot be repaired without guessing is left for the parser to refuse (W2T710).
 */
import type { DiagnosticCode } from '../diagnostics/catalogue';
import { RUNNING_HEADER, SpecLine, XML_BULLET, XmlBlock } from './spec-text';
import { LineMap, localOf, prefixOf, render, Token, tokenize } from './xml-tokens';

export type Report = (code: DiagnosticCode, message: string, line: number) => void;

export interface RepairedChunk {
  /** The tokens of one document (or fragment), repaired. */
  readonly tokens: Token[];
  readonly firstLine: number;
}

/** Attributes whose misspellings the specs are known to contain, per element local name. */
const MISSPELLED: ReadonlyArray<{ on: RegExp; wrong: string; right: string }> = [
  { on: /^(input|output|fault)$/, wrong: 'messages', right: 'message' },
  { on: /^(element|attribute)$/, wrong: 'nullable', right: 'nillable' },
  { on: /^(element|any|group|sequence|choice|all)$/, wrong: 'minOccur', right: 'minOccurs' },
  { on: /^(element|any|group|sequence|choice|all)$/, wrong: 'maxOccur', right: 'maxOccurs' },
  { on: /^(element|any|group|sequence|choice|all)$/, wrong: 'minoccurs', right: 'minOccurs' },
  { on: /^(element|any|group|sequence|choice|all)$/, wrong: 'maxoccurs', right: 'maxOccurs' },
  { on: /^(element|attribute)$/, wrong: 'nilable', right: 'nillable' },
  { on: /^(schema|definitions)$/, wrong: 'targetnamespace', right: 'targetNamespace' },
  { on: /^schema$/, wrong: 'elementFormdefault', right: 'elementFormDefault' },
  { on: /^(import|include)$/, wrong: 'schemalocation', right: 'schemaLocation' },
];

/** Attributes holding a QName that refers to a named definition. */
const QNAME_ATTRS = new Set(['type', 'element', 'message', 'binding', 'base', 'ref', 'itemType', 'substitutionGroup']);
/** Elements whose `name` must be an NCName (the definitions the WSDL and schema name). */
const NAMED = /^(definitions|message|part|portType|operation|binding|service|port|element|complexType|simpleType|attribute|group|attributeGroup|fault)$/;
/** Top-level WSDL and XSD definitions, which never nest inside one another. */
const WSDL_TOP = new Set(['types', 'message', 'portType', 'binding', 'service', 'import']);

/** Namespaces every WSDL toolkit knows, to recognise their misspellings. */
const WELL_KNOWN = ['http://schemas.xmlsoap.org/wsdl/', 'http://schemas.xmlsoap.org/wsdl/soap/', 'http://schemas.xmlsoap.org/wsdl/soap12/', 'http://schemas.xmlsoap.org/wsdl/http/', 'http://schemas.xmlsoap.org/wsdl/mime/', 'http://schemas.xmlsoap.org/soap/encoding/', 'http://schemas.xmlsoap.org/soap/envelope/', 'http://schemas.xmlsoap.org/soap/http', 'http://www.w3.org/2001/XMLSchema', 'http://www.w3.org/2001/XMLSchema-instance', 'http://www.w3.org/2003/05/soap-envelope', 'http://www.w3.org/2006/05/addressing/wsdl', 'http://www.w3.org/2005/08/addressing', 'http://schemas.microsoft.com/2003/10/Serialization/'];

/** The well-known namespace a value misspells (differs only by a trailing slash or letter case), if any. */
export function wellKnownFix(uri: string): string | undefined {
  const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
  if (WELL_KNOWN.includes(uri)) return undefined;
  return WELL_KNOWN.find((w) => norm(w) === norm(uri));
}

function isUriValue(v: string): boolean {
  return /^\s*(?:https?:\/\/|urn:|file:)/i.test(v);
}

/** Line-level clean-up: running headers and markdown decoration. Returns the cleaned lines. */
export function cleanLines(lines: readonly SpecLine[], report: Report, quiet: boolean): SpecLine[] {
  const out: SpecLine[] = [];
  const escapedBlock = !lines.some((l) => /<[A-Za-z_/?!]/.test(l.text)) && lines.some((l) => /&lt;[A-Za-z_/?!]/.test(l.text));
  if (escapedBlock && !quiet) report('W2T709', 'the XML is written escaped (&lt;…&gt;) by the markdown conversion; unescaped', lines[0]?.line ?? 0);
  let decorated: { line: number; sample: string; count: number } | undefined;
  for (const l of lines) {
    let t = l.text;
    if (t.trim() !== '' && RUNNING_HEADER.test(t) && !/[<>]/.test(t)) {
      if (!quiet) report('W2T701', `running header or page number "${t.trim()}" inside XML removed`, l.line);
      continue;
    }
    if (escapedBlock) t = t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const before = t;
    t = t
      .replace(XML_BULLET, '$1')
      .replace(/\\([_<>#|[\]])/g, '$1')
      .replace(/^(\s*)\*\*(<.*>)\*\*\s*$/, '$1$2')
      .replace(/<br\s*\/?>/gi, '')
      .replace(/\[([^\]\n]*)\]\(#[^)\s]*\)/g, '$1')
      .replace(/&nbsp;/g, ' ')
      .replace(/\u00a0/g, ' ')
      .replace(/=\s*[\u201c\u201d]([^\u201c\u201d"]*)[\u201c\u201d]/g, '="$1"');
    if (t !== before) {
      if (decorated) decorated.count++;
      else decorated = { line: l.line, sample: before.trim().slice(0, 60), count: 1 };
    }
    out.push({ line: l.line, text: t });
  }
  if (decorated && !quiet) report('W2T709', `markdown decoration (list bullets, escapes, bold, links, <br>) removed from ${decorated.count} line(s), first ${JSON.stringify(decorated.sample)}`, decorated.line);
  return out;
}

export function tokensOf(lines: readonly SpecLine[]): Token[] {
  const text = lines.map((l) => l.text).join('\n');
  return tokenize(text, new LineMap(text, lines.map((l) => l.line)));
}

/** Element names a token list closes without opening (at its start), innermost first. */
function unmatchedCloses(tokens: readonly Token[]): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'start' && !t.selfClose) stack.push(t.name);
    else if (t.kind === 'end') {
      if (stack.length) {
        if (stack[stack.length - 1] === t.name) stack.pop();
      } else out.push(t.name);
    }
  }
  return out;
}

function openDepth(tokens: readonly Token[]): number {
  let d = 0;
  for (const t of tokens) {
    if (t.kind === 'start' && !t.selfClose) d++;
    else if (t.kind === 'end') d--;
  }
  return d;
}

/**
 * Joins a block with its page-break continuations. When the part before the break already closed its document and
 * the part after it closes elements it never opened, the closing tags written before the break were a premature
 * copy of those: they are removed (MS-WMS 7.1).
 */
export function joinContinuations(parts: readonly XmlBlock[], report: Report, quiet: boolean): Token[] {
  let tokens: Token[] = [];
  parts.forEach((part, k) => {
    const next = tokensOf(cleanLines(part.lines, report, quiet));
    if (k > 0) {
      if (!quiet) report('W2T700', `XML continues after a page break (section ${part.section.number || '?'}); joined`, part.lines.find((l) => l.text.trim())?.line ?? part.lines[0]?.line ?? 0);
      const closes = unmatchedCloses(next);
      if (closes.length && openDepth(tokens) <= 0) {
        const tail: number[] = [];
        for (let i = tokens.length - 1; i >= 0 && tail.length < closes.length; i--) {
          const t = tokens[i]!;
          if (t.kind === 'text' && t.raw.trim() === '') continue;
          if (t.kind !== 'end') break;
          tail.push(i);
        }
        // Collected from the end backwards, so outermost first; `closes` is innermost first.
        const names = tail.map((i) => (tokens[i] as { name: string }).name).reverse();
        if (names.length === closes.length && names.every((n, i) => n === closes[i])) {
          if (!quiet) report('W2T702', `closing tags ${names.map((n) => `</${n}>`).join('')} before the page break are repeated after it; the ones before it were removed`, tokens[tail[tail.length - 1]!]!.line);
          tokens = tokens.filter((_, i) => !tail.includes(i));
        }
      }
      tokens.push({ kind: 'text', raw: '\n', line: part.lines[0]?.line ?? 0 });
    }
    tokens.push(...next);
  });
  return tokens;
}

/** Start-tag repairs: misspelled attributes, values split by line wraps, names with spaces (and their references). */
export function repairAttributes(tokens: Token[], report: Report): void {
  for (const t of tokens) {
    if (t.kind !== 'start') continue;
    const local = localOf(t.name);
    for (const m of MISSPELLED) {
      if (!m.on.test(local)) continue;
      const a = t.attrs.find((x) => x.name === m.wrong);
      if (a && !t.attrs.some((x) => x.name === m.right)) {
        report('W2T706', `<${t.name}> has attribute ${m.wrong}="…"; written as ${m.right}`, t.line);
        a.name = m.right;
        t.dirty = true;
      }
    }
    for (const a of t.attrs) {
      if (a.unquoted) {
        report('W2T717', `${a.name}=${a.value} on <${t.name}> is missing its quotes (or its closing quote); written as ${a.name}="${a.value}"`, t.line);
        delete a.unquoted;
      }
      const attrLocal = localOf(a.name);
      const known = (a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !/[\r\n]/.test(a.value) ? wellKnownFix(a.value) : undefined;
      if (known) {
        report('W2T718', `${a.name}="${a.value}" misspells the well-known namespace ${known}; corrected`, t.line);
        a.value = known;
        t.dirty = true;
      }
      // A namespace name never contains white space: the markdown export joins wrapped lines with spaces.
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && /\s/.test(a.value.trim())) {
        const joined = a.value.replace(/\s+/g, '');
        report('W2T705', `${a.name}="${a.value.replace(/\s*[\r\n]\s*/g, '⏎')}" on <${t.name}> is a namespace split by a line wrap; joined as "${joined}"`, t.line);
        a.value = joined;
        t.dirty = true;
        continue;
      }
      if (!/[\r\n]/.test(a.value)) continue;
      const uri = isUriValue(a.value) || /^(Action|soapAction|namespace|targetNamespace|location|schemaLocation|Algorithm|URI)$/.test(attrLocal) || a.name.startsWith('xmlns');
      const nameLike = (attrLocal === 'name' && NAMED.test(local)) || QNAME_ATTRS.has(a.name);
      if (!uri && !nameLike) continue;
      const joined = a.value.replace(/\s*[\r\n]\s*/g, '');
      report('W2T705', `${a.name}="${a.value.replace(/\s*[\r\n]\s*/g, '⏎')}" on <${t.name}> is split by a line wrap; joined as "${joined.trim()}"`, t.line);
      a.value = joined.trim();
      t.dirty = true;
    }
  }
}

/**
 * Names containing spaces, over every chunk of the spec at once: a definition's name and the references to it must
 * agree. A reference is joined the way that matches a defined name (without the spaces, or with underscores); a
 * definition nobody refers to gets underscores (WCF's `DefaultBinding_<contract>` naming).
 */
export function repairSpacedNames(all: readonly Token[][], report: Report): void {
  const defined = new Set<string>();
  const referenced = new Set<string>();
  for (const tokens of all) {
    for (const t of tokens) {
      if (t.kind !== 'start') continue;
      const n = t.attrs.find((a) => a.name === 'name');
      if (n && NAMED.test(localOf(t.name))) defined.add(n.value.trim());
      for (const a of t.attrs) if (QNAME_ATTRS.has(a.name)) referenced.add(localOf(a.value.trim().replace(/\s*:\s*/, ':')));
    }
  }
  const joinName = (v: string, known: Set<string>) => {
    const none = v.replace(/\s+/g, '');
    const under = v.split(/\s+/).join('_');
    if (known.has(none)) return none;
    if (known.has(under)) return under;
    return /[_:]\s|\s[_:]/.test(v) ? none : under;
  };
  for (const tokens of all) {
    for (const t of tokens) {
      if (t.kind !== 'start') continue;
      const local = localOf(t.name);
      for (const a of t.attrs) {
        const v = a.value.trim();
        if (!/\s/.test(v)) continue;
        let fixed: string | undefined;
        if (a.name === 'name' && NAMED.test(local)) fixed = joinName(v, referenced);
        else if (QNAME_ATTRS.has(a.name)) {
          const m = /^([A-Za-z_][\w.-]*)\s*:\s*(.*)$/.exec(v);
          fixed = m ? `${m[1]}:${/\s/.test(m[2]!) ? joinName(m[2]!, defined) : m[2]}` : joinName(v, defined);
        }
        if (fixed === undefined) continue;
        report('W2T704', `${a.name}="${a.value}" on <${t.name}> contains spaces (not a valid name); written as "${fixed}"`, t.line);
        a.value = fixed;
        t.dirty = true;
      }
    }
  }
}

/**
 * Splits a token list into documents (one root element each) and repairs their structure: XML declarations that
 * are not at the start are dropped, a self-closed root that is followed by its content is reopened, and missing
 * closing tags are added where the nesting rules of WSDL and XSD make their place certain (or at the end).
 */
export function repairStructure(tokens: readonly Token[], report: Report): RepairedChunk[] {
  const docs: RepairedChunk[] = [];
  let cur: Token[] = [];
  const stack: Extract<Token, { kind: 'start' }>[] = [];
  let rootSeen = false;
  let rootClosed = false;
  const finish = () => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const open = stack[i]!;
      report('W2T707', `<${open.name}> is never closed; </${open.name}> added at the end`, open.line);
      cur.push({ kind: 'text', raw: '\n', line: open.line }, { kind: 'end', name: open.name, raw: `</${open.name}>`, line: open.line });
    }
    stack.length = 0;
    if (cur.some((t) => t.kind === 'start')) docs.push({ tokens: trimTokens(cur), firstLine: cur.find((t) => t.kind === 'start')!.line });
    cur = [];
    rootSeen = false;
    rootClosed = false;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'pi' && /^<\?xml\s/i.test(t.raw)) {
      if (rootClosed || (rootSeen && stack.length === 0)) finish();
      if (rootSeen) {
        report('W2T708', 'an <?xml ...?> declaration inside a document was removed', t.line);
        continue;
      }
      if (cur.some((x) => x.kind !== 'text' || x.raw.trim() !== '')) {
        report('W2T708', 'an <?xml ...?> declaration after other content was removed', t.line);
        continue;
      }
      cur = [t];
      continue;
    }
    if (t.kind === 'start') {
      if (rootClosed) finish();
      if (!rootSeen) {
        rootSeen = true;
        // A self-closed root followed by more elements and its own closing tag: the `/` is a typo.
        if (t.selfClose && closesLater(tokens, i, t.name)) {
          report('W2T703', `the root start tag <${t.name} …/> is self-closed but its content and </${t.name}> follow; reopened`, t.line);
          t.selfClose = false;
          t.dirty = true;
        }
        cur.push(t);
        if (t.selfClose) rootClosed = true;
        else stack.push(t);
        continue;
      }
      const local = localOf(t.name);
      // A top-level WSDL definition cannot be inside another one: the previous one lost its closing tag.
      if (stack.length >= 2 && localOf(stack[0]!.name) === 'definitions' && WSDL_TOP.has(local) && prefixOf(t.name) === prefixOf(stack[0]!.name)) {
        while (stack.length > 1) {
          const open = stack.pop()!;
          report('W2T707', `</${open.name}> is missing before <${t.name}>; added`, t.line);
          cur.push({ kind: 'end', name: open.name, raw: `</${open.name}>`, line: t.line }, { kind: 'text', raw: '\n', line: t.line });
        }
      }
      cur.push(t);
      if (!t.selfClose) stack.push(t);
      continue;
    }
    if (t.kind === 'end') {
      const at = stack.map((s) => s.name).lastIndexOf(t.name);
      if (at < 0) {
        // Nothing to match: left in place, so the parser reports it (W2T710) rather than a guess being made.
        cur.push(t);
        continue;
      }
      while (stack.length - 1 > at) {
        const open = stack.pop()!;
        report('W2T707', `</${open.name}> is missing before </${t.name}>; added`, t.line);
        cur.push({ kind: 'end', name: open.name, raw: `</${open.name}>`, line: t.line });
      }
      stack.pop();
      cur.push(t);
      if (!stack.length) rootClosed = true;
      continue;
    }
    cur.push(t);
  }
  finish();
  return docs;
}

function closesLater(tokens: readonly Token[], from: number, name: string): boolean {
  let sawElement = false;
  for (let i = from + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'pi' && /^<\?xml\s/i.test(t.raw)) return false;
    if (t.kind === 'start') sawElement = true;
    else if (t.kind === 'end' && t.name === name) return sawElement;
  }
  return false;
}

function trimTokens(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a]!.kind === 'text' && tokens[a]!.raw.trim() === '') a++;
  while (b > a && tokens[b - 1]!.kind === 'text' && tokens[b - 1]!.raw.trim() === '') b--;
  return tokens.slice(a, b);
}

export { render };
