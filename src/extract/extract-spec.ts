/**
 * `extractSpec`: a pure function from a protocol document's (file name, text) to the WSDL and schema documents it
 * holds, its protocol examples, and a located report of every repair made on the way.
 */
import { DOMParser, Element, XMLSerializer } from '@xmldom/xmldom';
import { CATALOGUE, DiagnosticCode } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { NS } from '../xml/dom-utils';
import { DEFAULT_XML_LIMITS } from '../xml/parse-xml';
import { deriveBinding, elementChildren, escapeAttr, firstDifference, inScope, qualifyReferences, transportSoapVersion } from './definitions';
import { makeExamples, xmldomMessage } from './examples';
import { fileNameForNamespace, uniqueName } from './file-names';
import { cleanLines, joinContinuations, repairAttributes, repairSpacedNames, repairStructure, Report, tokensOf, wellKnownFix } from './repair-xml';
import { findXmlBlocks, namespaceTable, Section, sectionOf, splitLines, XmlBlock } from './spec-text';
import { localOf, prefixOf, render, Token } from './xml-tokens';

export interface SpecDocument {
  /** File name in the extracted set (flat, derived from the target namespace). */
  readonly path: string;
  readonly text: string;
  readonly kind: 'wsdl' | 'xsd';
  readonly targetNamespace: string;
  /** Where it came from, e.g. "section 6 (Appendix A: Full WSDL)". */
  readonly source: string;
}

export interface SpecExample {
  /** `examples/<section>-<n>-<element>.xml`. */
  readonly path: string;
  readonly text: string;
  readonly section: string;
  readonly line: number;
  /** The first element of the SOAP body, with the envelope's namespace declarations copied onto it. */
  readonly body?: { readonly xml: string; readonly ns: string; readonly local: string; readonly line: number };
}

export interface ExtractResult {
  readonly documents: readonly SpecDocument[];
  readonly examples: readonly SpecExample[];
  /** The document to generate from (a WSDL when there is one). */
  readonly main?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** The largest protocol document read (the largest published ones are a few MB of text). */
const MAX_SPEC_CHARS = 64 * 1024 * 1024;

const QNAME_ATTRS = new Set(['type', 'element', 'message', 'binding', 'base', 'ref', 'itemType', 'substitutionGroup']);
const XS_COMPONENTS = new Set(['element', 'complexType', 'simpleType', 'attribute', 'group', 'attributeGroup']);
const WSDL_COMPONENTS = new Set(['message', 'portType', 'binding', 'service']);

interface Chunk {
  tokens: Token[];
  /** Prefixes this chunk used without declaring them (declared by us from the namespace table). */
  injected?: Set<string>;
  section: Section;
  appendix: boolean;
  declaredNamespace?: string;
  line: number;
}

interface Parsed {
  chunk: Chunk;
  root: Element;
}

export function extractSpec(fileName: string, text: string): ExtractResult {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (code: DiagnosticCode, message: string, line: number, path = '') => {
    const key = `${code}|${line}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push({ code, severity: CATALOGUE[code].severity, message, file: fileName, line, column: 1, path });
  };
  if (text.length > MAX_SPEC_CHARS) {
    add('W2T102', `the document is larger than ${MAX_SPEC_CHARS} characters; not read`, 1);
    return { documents: [], examples: [], diagnostics };
  }
  const lines = splitLines(text);
  const topTitles = new Map<string, string>();
  for (const l of lines) {
    const s = sectionOf(l.text);
    if (s && !s.number.includes('.')) topTitles.set(s.number, s.title);
  }
  const isAppendix = (s: Section) => /appendix/i.test(topTitles.get(s.number.split('.')[0]!) ?? '') || /appendix/i.test(s.title);
  const nsTable = namespaceTable(lines);

  // 1. Blocks, joined across page breaks, split into documents and repaired.
  const chunks: Chunk[] = [];
  const pending: { tokens: Token[]; first: XmlBlock; report: Report }[] = [];
  const examples: SpecExample[] = [];
  const blocks = findXmlBlocks(lines);
  for (let i = 0; i < blocks.length; ) {
    const chain: XmlBlock[] = [blocks[i]!];
    let j = i + 1;
    while (j < blocks.length && blocks[j]!.gapFromPrevious?.previous === blocks[j - 1]) {
      const sofar = chain.flatMap((b) => tokensOf(cleanLines(b.lines, () => undefined, true)));
      const next = tokensOf(cleanLines(blocks[j]!.lines, () => undefined, true));
      if (!(depth(sofar) > 0 || startsWithClose(next))) break;
      chain.push(blocks[j++]!);
    }
    i = j;
    const first = chain[0]!;
    if (!first.looksXml && chain.length === 1) continue;
    const quietTokens = joinContinuations(chain, () => undefined, true);
    const firstStart = quietTokens.find((t) => t.kind === 'start');
    if (!firstStart) continue;
    const where = `section ${first.section.number} ${first.section.title}`.trim();
    const report: Report = (code, message, line) => add(code, message, line, where);
    // An envelope, or the rest of one after a page break the chain could not bridge (it still holds the Body).
    const isEnvelope = localOf(firstStart.name) === 'Envelope' || (quietTokens.some((t) => t.kind === 'start' && localOf(t.name) === 'Body') && quietTokens.some((t) => (t.kind === 'start' || t.kind === 'end') && localOf(t.name) === 'Envelope'));
    if (isEnvelope) {
      const tokens = joinContinuations(chain, () => undefined, true);
      repairAttributes(tokens, report);
      examples.push(...makeExamples(tokens, first, examples, report));
      continue;
    }
    const tokens = joinContinuations(chain, report, false);
    repairAttributes(tokens, report);
    pending.push({ tokens, first, report });
  }
  repairSpacedNames(
    pending.map((p) => p.tokens),
    (code, message, line) => add(code, message, line, `line ${line}`),
  );
  for (const { tokens, first, report } of pending) {
    for (const doc of repairStructure(tokens, report)) {
      chunks.push({ tokens: doc.tokens, section: first.section, appendix: isAppendix(first.section), declaredNamespace: first.declaredNamespace, line: doc.firstLine });
    }
  }

  // 2. Prefixes: the namespace table, then every declaration made in the appendix, fill in undeclared ones.
  // The appendix's own declarations come first: namespace tables have typos (a missing trailing slash) more often.
  const prefixes = new Map<string, string>();
  for (const c of chunks.filter((x) => x.appendix)) {
    for (const t of c.tokens) if (t.kind === 'start') for (const a of t.attrs) if (a.name.startsWith('xmlns:') && !prefixes.has(a.name.slice(6))) prefixes.set(a.name.slice(6), a.value);
  }
  for (const [p, uri] of nsTable) if (!prefixes.has(p)) prefixes.set(p, wellKnownFix(uri) ?? uri);
  const parsed: Parsed[] = [];
  for (const c of chunks) {
    declarePrefixes(c, prefixes, (code, message, line) => add(code, message, line, `section ${c.section.number}`));
    const root = parse(c, (code, message, line) => add(code, message, line, `section ${c.section.number}`));
    if (root) parsed.push({ chunk: c, root });
  }

  // 3. Whole documents: the appendix wins over a copy elsewhere.
  interface Doc {
    kind: 'wsdl' | 'xsd';
    tns: string;
    parsed: Parsed;
    extra: Element[];
    source: string;
  }
  const docs: Doc[] = [];
  const fragments: Parsed[] = [];
  for (const p of parsed) {
    const { root } = p;
    const kind = root.namespaceURI === NS.wsdl && root.localName === 'definitions' ? 'wsdl' : root.namespaceURI === NS.xs && root.localName === 'schema' ? 'xsd' : undefined;
    if (!kind) {
      if (root.namespaceURI === NS.wsdl || root.namespaceURI === NS.xs) fragments.push(p);
      continue;
    }
    const tns = root.getAttribute('targetNamespace') ?? '';
    const source = `section ${p.chunk.section.number} (${p.chunk.section.title})`;
    const same = docs.find((d) => d.kind === kind && d.tns === tns);
    if (same && same.parsed.chunk.appendix === p.chunk.appendix) {
      // Two documents for one namespace in the same place (a WSDL printed in parts, two versions of a schema):
      // what the second adds is merged into the first, what it redefines differently is reported.
      mergeInto(same, p, source);
      continue;
    }
    if (same) {
      const keepNew = p.chunk.appendix && !same.parsed.chunk.appendix;
      const dropped = keepNew ? same : { parsed: p, source };
      const kept = keepNew ? { parsed: p, source } : same;
      const diff = firstDifference(dropped.parsed.root, kept.parsed.root, '');
      if (diff !== undefined) add('W2T711', `${kind === 'wsdl' ? 'WSDL' : 'schema'} for ${tns || '(no namespace)'} in ${dropped.source} differs from the one in ${kept.source} (${diff}); the latter is used`, dropped.parsed.chunk.line, dropped.source);
      if (keepNew) Object.assign(same, { parsed: p, source });
      continue;
    }
    docs.push({ kind, tns, parsed: p, extra: [], source });
  }

  function mergeInto(target: Doc, p: Parsed, source: string): void {
    const keyOf = (e: Element) => {
      const name = e.getAttribute('name');
      if (name) return `${e.localName}|${name}`;
      if (e.localName === 'import') return `import|${e.getAttribute('namespace') ?? ''}`;
      return undefined;
    };
    const known = new Map<string, Element>();
    const knownSchemas = new Set<string>();
    for (const e of [...elementChildren(target.parsed.root), ...target.extra]) {
      const k = keyOf(e);
      if (k) known.set(k, e);
      if (e.localName === 'types') for (const sc of elementChildren(e)) knownSchemas.add(sc.getAttribute('targetNamespace') ?? '');
    }
    const added: string[] = [];
    for (const child of elementChildren(p.root)) {
      if (child.localName === 'types') {
        const fresh = elementChildren(child).filter((sc) => !knownSchemas.has(sc.getAttribute('targetNamespace') ?? ''));
        if (fresh.length) {
          target.extra.push(inScope(child));
          added.push(...fresh.map((sc) => `schema ${sc.getAttribute('targetNamespace') ?? ''}`));
        }
        continue;
      }
      const k = keyOf(child);
      if (!k) continue;
      const twin = known.get(k);
      if (!twin) {
        target.extra.push(inScope(child));
        known.set(k, child);
        added.push(k.replace('|', ' '));
        continue;
      }
      const diff = firstDifference(child, twin, '');
      if (diff !== undefined) add('W2T711', `${k.replace('|', ' ')} in ${source} differs from the one in ${target.source} (${diff}); the first is used`, p.chunk.line, source);
    }
    if (added.length) add('W2T712', `the ${target.kind === 'wsdl' ? 'WSDL' : 'schema'} for ${target.tns || '(no namespace)'} in ${source} is a second document for that namespace; what it adds is merged into the first (${target.source}): ${added.slice(0, 12).join(', ')}${added.length > 12 ? `, and ${added.length - 12} more` : ''}`, p.chunk.line, source);
  }

  // 4. Definitions of sections 2 and 3: checked against the documents, added where no document has them.
  const index = new Map<string, Element>();
  const componentKey = (kind: string, ns: string, name: string) => `${kind}|${ns}|${name}`;
  for (const d of docs) indexComponents(d.parsed.root, d.tns, index);
  const inlineSchemas = new Map<string, Element>();
  const unplacedGroups = new Map<string, { what: string; names: string[]; line: number; where: string }>();
  const unplaced = (key: string, what: string, name: string, line: number, where: string) => {
    const g = unplacedGroups.get(key);
    if (g) g.names.push(name);
    else unplacedGroups.set(key, { what, names: [name], line, where });
  };
  // References in the appendix documents that no document defines: a section 2/3 definition of one fills the gap.
  const danglingRefs = new Set<string>();
  {
    const attrKinds: Record<string, string> = { element: 'element', type: 'type', base: 'type', itemType: 'type', message: 'message', binding: 'binding' };
    const walk = (el: Element) => {
      for (const [attrName, kindName] of Object.entries(attrKinds)) {
        const v = el.getAttribute(attrName)?.trim();
        if (!v || !/^[A-Za-z_][\w.-]*:[A-Za-z_]/.test(v) && !/^[A-Za-z_][\w.-]*$/.test(v)) continue;
        const refNs = el.lookupNamespaceURI(prefixOf(v) || null);
        if (refNs === null || refNs === NS.xs) continue;
        const kindKey = attrName === 'type' && el.localName === 'binding' ? 'portType' : kindName;
        const defKinds = kindKey === 'type' ? ['complexType', 'simpleType'] : [kindKey];
        if (!defKinds.some((k) => index.has(componentKey(k, refNs, localOf(v))))) danglingRefs.add(`${kindKey}|${refNs}|${localOf(v)}`);
      }
      for (const c of elementChildren(el)) walk(c);
    };
    for (const d of docs) if (d.parsed.chunk.appendix) walk(d.parsed.root);
  }
  const refNamespaces = referencedNamespaces(docs.map((d) => d.parsed.root).concat(fragments.map((f) => f.root)));
  for (const f of fragments) {
    const { root, chunk } = f;
    const local = root.localName!;
    const name = root.getAttribute('name') ?? '';
    const where = `section ${chunk.section.number}`;
    if (root.namespaceURI === NS.wsdl && local === 'operation') {
      const twins = [...index.entries()].filter(([k]) => k.startsWith(`operation|`) && k.endsWith(`|${name}`)).map(([, e]) => e);
      if (twins.length === 1) {
        const diff = firstDifference(root, twins[0]!, '', chunk.injected);
        if (diff !== undefined) add('W2T711', `wsdl:operation ${name} in ${where} differs from the appendix (${diff}); the appendix is used`, chunk.line, where);
      } else if (twins.length === 0) unplaced('op', 'wsdl:operations of sections 2/3 in no portType of the extracted WSDL (not used)', name, chunk.line, where);
      continue;
    }
    const isXs = root.namespaceURI === NS.xs && XS_COMPONENTS.has(local);
    const isWsdl = root.namespaceURI === NS.wsdl && WSDL_COMPONENTS.has(local);
    if (!isXs && !isWsdl) {
      unplaced('nottop', 'XML fragments of sections 2/3 that are not top-level WSDL or schema definitions (not used)', `${root.tagName}${name ? ` ${name}` : ''}`, chunk.line, where);
      continue;
    }
    const candidates = [...index.entries()].filter(([k]) => k.startsWith(`${local}|`) && k.endsWith(`|${name}`));
    let ns = chunk.declaredNamespace ?? (isXs ? refNamespaces.get(`${local === 'element' ? 'element' : 'type'}|${name}`) : undefined);
    if (ns === undefined && candidates.length === 1) ns = candidates[0]![0].split('|')[1];
    if (ns === undefined && isWsdl) {
      const wsdls = docs.filter((d) => d.kind === 'wsdl');
      if (wsdls.length === 1) ns = wsdls[0]!.tns;
    }
    if (ns === undefined) {
      unplaced('nons', 'definitions of sections 2/3 whose namespace is not stated (no "Namespace:" line, no reference to them; not used)', `${local} ${name}`, chunk.line, where);
      continue;
    }
    const twin = index.get(componentKey(local, ns, name));
    if (twin) {
      const diff = firstDifference(root, twin, '', chunk.injected);
      if (diff !== undefined) add('W2T711', `${root.tagName} ${name} in ${where} differs from the appendix (${diff}); the appendix is used`, chunk.line, where);
      continue;
    }
    const kind = isXs ? 'xsd' : 'wsdl';
    let doc = docs.find((d) => d.kind === kind && d.tns === ns);
    const refKind = isXs ? (local === 'element' ? 'element' : local === 'complexType' || local === 'simpleType' ? 'type' : local) : local;
    // Filling a gap only helps when what fills it resolves in turn.
    const dangling = danglingRefs.has(`${refKind}|${ns}|${name}`) && unresolvedIn(root, (k, refNs, n) => (k === 'type' ? ['complexType', 'simpleType'] : [k]).some((kk) => index.has(componentKey(kk, refNs, n)))).length === 0;
    if (doc && doc.parsed.chunk.appendix && !chunk.appendix && !dangling) {
      // The appendix is the full WSDL or schema: a definition only sections 2/3 have is reported, not merged.
      // (Definitions printed in the appendix after its document, such as bindings, are merged below.)
      unplaced(`${root.tagName.split(':')[0]}|${ns}`, `${kind === 'xsd' ? 'schema' : 'WSDL'} definitions in sections 2/3 that the appendix's full ${kind === 'xsd' ? 'schema' : 'WSDL'} for ${ns} does not have (not used)`, `${local} ${name}`, chunk.line, where);
      continue;
    }
    // A schema embedded in a WSDL (wsdl:types) holds this namespace: the definition goes there, in a second
    // wsdl:types of that WSDL, since a separate schema file for a namespace already known would never be read.
    const inlineHost = !doc && isXs ? docs.find((d) => d.kind === 'wsdl' && elementChildren(d.parsed.root).some((t) => t.localName === 'types' && elementChildren(t).some((sc) => (sc.getAttribute('targetNamespace') ?? '') === ns))) : undefined;
    if (inlineHost) {
      if (inlineHost.parsed.chunk.appendix && !chunk.appendix && !dangling) {
        unplaced(`inline|${ns}`, `schema definitions in sections 2/3 that the appendix's full WSDL does not have for ${ns} (not used)`, `${local} ${name}`, chunk.line, where);
        continue;
      }
      let schemaEl = inlineSchemas.get(ns);
      if (!schemaEl) {
        const form = elementChildren(inlineHost.parsed.root).flatMap((t) => (t.localName === 'types' ? elementChildren(t) : [])).find((sc) => (sc.getAttribute('targetNamespace') ?? '') === ns)?.getAttribute('elementFormDefault') ?? 'unqualified';
        const types = new DOMParser().parseFromString(`<wsdl:types xmlns:wsdl="${NS.wsdl}"><xs:schema xmlns:xs="${NS.xs}" targetNamespace="${escapeAttr(ns)}" elementFormDefault="${escapeAttr(form)}"/></wsdl:types>`, 'text/xml').documentElement!;
        schemaEl = elementChildren(types)[0]!;
        inlineHost.extra.push(types);
        inlineSchemas.set(ns, schemaEl);
      }
      schemaEl.appendChild(schemaEl.ownerDocument!.importNode(root, true));
      index.set(componentKey(local, ns, name), root);
      unplaced(`inline-added|${ns}|${dangling}`, dangling ? `definitions the appendix refers to but never gives, taken from sections 2/3 into the WSDL's schema for ${ns}` : `definitions of sections 2/3 added to the WSDL's schema for ${ns}`, `${local} ${name}`, chunk.line, where);
      continue;
    }
    if (!doc) {
      const skeleton = isXs
        ? `<xs:schema xmlns:xs="${NS.xs}" targetNamespace="${escapeAttr(ns)}" elementFormDefault="qualified"/>`
        : `<wsdl:definitions xmlns:wsdl="${NS.wsdl}" targetNamespace="${escapeAttr(ns)}"/>`;
      const sroot = new DOMParser().parseFromString(skeleton, 'text/xml').documentElement!;
      doc = { kind, tns: ns, parsed: { chunk: { ...chunk, appendix: false }, root: sroot }, extra: [], source: `definitions of sections 2 and 3` };
      docs.push(doc);
    }
    if (isWsdl) qualifyReferences(root, ns, (m) => add('W2T719', m, chunk.line, where));
    doc.extra.push(root);
    index.set(componentKey(local, ns, name), root);
    if (dangling && doc.parsed.chunk.appendix && !chunk.appendix) unplaced(`dangling|${kind}|${ns}`, `definitions the appendix refers to but never gives, taken from sections 2/3 into the extracted ${kind === 'xsd' ? 'schema' : 'WSDL'} for ${ns}`, `${local} ${name}`, chunk.line, where);
    else unplaced(`added|${kind}|${ns}|${chunk.appendix}`, chunk.appendix ? `definitions printed in the appendix outside its ${kind === 'xsd' ? 'schema' : 'WSDL'} document, added to the one for ${ns}` : `definitions of sections 2/3 in no appendix document, added to the extracted ${kind === 'xsd' ? 'schema' : 'WSDL'} for ${ns}`, `${local} ${name}`, chunk.line, where);
  }
  for (const u of unplacedGroups.values()) {
    const shown = u.names.slice(0, 12).join(', ');
    add('W2T712', `${u.names.length} ${u.what}: ${shown}${u.names.length > 12 ? `, and ${u.names.length - 12} more` : ''}`, u.line, u.where);
  }

  // 5. PortTypes the document never binds (the binding is only described in prose): a document/literal binding.
  const transport = transportSoapVersion(lines);
  const soap12 = transport === '1.2' || (transport === undefined && examples.some((e) => e.text.includes('http://www.w3.org/2003/05/soap-envelope')) && !examples.some((e) => e.text.includes('http://schemas.xmlsoap.org/soap/envelope/')));
  for (const d of docs) {
    if (d.kind !== 'wsdl') continue;
    const all = [...elementChildren(d.parsed.root), ...d.extra];
    const bound = new Set(all.filter((e) => e.namespaceURI === NS.wsdl && e.localName === 'binding').map((b) => localOf(b.getAttribute('type') ?? '')));
    for (const pt of all.filter((e) => e.namespaceURI === NS.wsdl && e.localName === 'portType')) {
      const name = pt.getAttribute('name') ?? '';
      if (!name || bound.has(name)) continue;
      const binding = deriveBinding(pt, d.tns, soap12);
      d.extra.push(binding);
      add('W2T723', `portType ${name} has no wsdl:binding in the document; derived ${binding.getAttribute('name')} (document/literal, SOAP ${soap12 ? '1.2' : '1.1'} ${transport ? 'as section 2 says' : soap12 ? 'as the examples use' : 'by default: section 2 and the examples do not say'}, soapAction from each input's wsaw:Action)`, d.parsed.chunk.line, d.source);
    }
  }

  if (!docs.length) {
    add('W2T714', 'no WSDL (wsdl:definitions) and no schema (xs:schema) found in the document', 1);
    return { documents: [], examples, diagnostics: byLine(diagnostics) };
  }

  // 6. File names, import wiring, text.
  const used = new Set<string>();
  const named = docs.map((d) => ({ d, path: uniqueName(fileNameForNamespace(d.tns, d.kind), used) }));
  const pathOfNs = (ns: string, kind: 'wsdl' | 'xsd') => named.find((n) => n.d.tns === ns && n.d.kind === kind)?.path;
  const documents: SpecDocument[] = named.map(({ d, path }) => {
    const body = d.parsed.chunk.tokens.length && d.source !== 'definitions of sections 2 and 3' ? wireImports(d.parsed.chunk.tokens, pathOfNs, (m, line) => add('W2T716', m, line, d.source)) : undefined;
    let out = body ?? new XMLSerializer().serializeToString(d.parsed.root);
    if (d.extra.length) out = insertBeforeRootEnd(out, d.extra.map((e) => new XMLSerializer().serializeToString(e)).join('\n'));
    if (!/^<\?xml\s/.test(out)) out = `<?xml version="1.0" encoding="utf-8"?>\n${out}`;
    return { path, text: out.replace(/[ \t]+$/gm, '') + '\n', kind: d.kind, targetNamespace: d.tns, source: d.source };
  });
  const wsdls = documents.filter((d) => d.kind === 'wsdl');
  let main: string | undefined;
  if (wsdls.length === 1) main = wsdls[0]!.path;
  else if (wsdls.length > 1) {
    main = uniqueName(`${fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'spec'}.all.wsdl`, used);
    const imports = wsdls.map((w) => `  <wsdl:import namespace="${escapeAttr(w.targetNamespace)}" location="${escapeAttr(w.path)}"/>`).join('\n');
    documents.push({ path: main, kind: 'wsdl', targetNamespace: wsdls[0]!.targetNamespace, source: 'every WSDL of the document', text: `<?xml version="1.0" encoding="utf-8"?>\n<!-- Imports every WSDL extracted from ${escapeComment(fileName)}. -->\n<wsdl:definitions xmlns:wsdl="${NS.wsdl}" targetNamespace="${escapeAttr(wsdls[0]!.targetNamespace)}">\n${imports}\n</wsdl:definitions>\n` });
  } else main = documents[0]!.path;
  return { documents, examples, main, diagnostics: byLine(diagnostics) };
}

function depth(tokens: readonly Token[]): number {
  let d = 0;
  for (const t of tokens) {
    if (t.kind === 'start' && !t.selfClose) d++;
    else if (t.kind === 'end') d--;
  }
  return d;
}

function startsWithClose(tokens: readonly Token[]): boolean {
  const first = tokens.find((t) => !(t.kind === 'text' && t.raw.trim() === ''));
  if (!first) return false;
  if (first.kind === 'end') return true;
  // Content that starts with a child of something (an enumeration, an operation) continues the previous page.
  let d = 0;
  for (const t of tokens) {
    if (t.kind === 'start' && !t.selfClose) d++;
    else if (t.kind === 'end') {
      d--;
      if (d < 0) return true;
    }
  }
  return false;
}

function escapeComment(s: string): string {
  return s.replace(/--/g, '- -').replace(/[\r\n]/g, ' ');
}

/** Declares, on the root, prefixes that are used but declared nowhere in the chunk. */
function declarePrefixes(c: Chunk, prefixes: ReadonlyMap<string, string>, report: Report): void {
  const declared = new Set<string>(['xml', 'xmlns']);
  const used = new Map<string, number>();
  for (const t of c.tokens) {
    if (t.kind !== 'start') continue;
    const note = (p: string) => p && !used.has(p) && used.set(p, t.line);
    note(prefixOf(t.name));
    for (const a of t.attrs) {
      if (a.name.startsWith('xmlns:')) declared.add(a.name.slice(6));
      else if (a.name !== 'xmlns') note(prefixOf(a.name));
      if (QNAME_ATTRS.has(a.name) && /^[A-Za-z_][\w.-]*:/.test(a.value.trim())) note(prefixOf(a.value.trim()));
    }
  }
  const root = c.tokens.find((t) => t.kind === 'start');
  if (!root || root.kind !== 'start') return;
  for (const [p, line] of used) {
    if (declared.has(p)) continue;
    (c.injected ??= new Set()).add(p);
    const uri = prefixes.get(p);
    if (uri === undefined) continue;
    root.attrs.push({ name: `xmlns:${p}`, value: uri, quote: '"' });
    root.dirty = true;
    report('W2T715', `prefix ${p}: is used but not declared; declared as ${uri} (from the namespace table or the appendix)`, line);
  }
}

function parse(c: Chunk, report: Report): Element | undefined {
  const { text, lineOf } = renderWithLines(c.tokens);
  let error: { message: string; line: number } | undefined;
  const parser = new DOMParser({
    locator: true,
    onError: (level, message, ctx: { locator?: { lineNumber?: number } } | undefined) => {
      if (level === 'warning') return;
      error ??= { message: String(message).split('\n')[0]!.replace(/^\[xmldom \w+\]\s*/, ''), line: ctx?.locator?.lineNumber ?? 1 };
      throw new Error(message);
    },
  });
  let nesting = 0;
  let deepest = 0;
  for (const t of c.tokens) {
    if (t.kind === 'start' && !t.selfClose) deepest = Math.max(deepest, ++nesting);
    else if (t.kind === 'end') nesting--;
  }
  if (deepest > DEFAULT_XML_LIMITS.maxDepth) {
    report('W2T710', `XML nests deeper than ${DEFAULT_XML_LIMITS.maxDepth} levels; this block is not used`, c.line);
    return undefined;
  }
  if (/<!DOCTYPE/i.test(text)) {
    report('W2T710', 'a DOCTYPE inside spec XML is refused', c.line);
    return undefined;
  }
  try {
    const doc = parser.parseFromString(text, 'text/xml');
    if (!error && doc.documentElement) return doc.documentElement;
  } catch (e) {
    error ??= { message: String((e as Error).message).split('\n')[0]!, line: 1 };
  }
  report('W2T710', `XML is not well-formed after the known repairs (${xmldomMessage(new Error(error?.message ?? 'no root element'))}); this block is not used`, lineOf(error?.line ?? 1));
  return undefined;
}

function renderWithLines(tokens: readonly Token[]): { text: string; lineOf: (outLine: number) => number } {
  const starts: { outLine: number; line: number }[] = [];
  let outLine = 1;
  let text = '';
  for (const t of tokens) {
    const piece = render([t]);
    starts.push({ outLine, line: t.line });
    text += piece;
    outLine += (piece.match(/\n/g) ?? []).length;
  }
  return {
    text,
    lineOf: (l) => {
      let best = starts[0]?.line ?? 0;
      let bestOut = 1;
      for (const s of starts) if (s.outLine <= l) ((best = s.line), (bestOut = s.outLine));
      return best + (l - bestOut);
    },
  };
}

function indexComponents(root: Element, tns: string, index: Map<string, Element>): void {
  for (const child of elementChildren(root)) {
    if (child.namespaceURI === NS.wsdl && child.localName === 'types') {
      for (const s of elementChildren(child)) if (s.localName === 'schema') indexComponents(s, s.getAttribute('targetNamespace') ?? '', index);
      continue;
    }
    const name = child.getAttribute('name');
    if (!name) continue;
    index.set(`${child.localName}|${tns}|${name}`, child);
    if (child.namespaceURI === NS.wsdl && child.localName === 'portType') {
      for (const op of elementChildren(child)) if (op.localName === 'operation') index.set(`operation|${tns}|${name}|${op.getAttribute('name') ?? ''}`, op);
    }
  }
}

/** element|name and type|name → namespace, from every QName reference in the parsed XML. */
function referencedNamespaces(roots: readonly Element[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (el: Element) => {
    for (const attrName of ['element', 'type', 'base', 'ref', 'itemType']) {
      const v = el.getAttribute(attrName);
      if (!v) continue;
      const p = prefixOf(v.trim());
      const ns = el.lookupNamespaceURI(p || null);
      if (ns === null || ns === NS.xs) continue;
      const kind = attrName === 'element' || (attrName === 'ref' && el.localName === 'element') ? 'element' : 'type';
      const key = `${kind}|${localOf(v.trim())}`;
      if (!out.has(key)) out.set(key, ns);
    }
    for (const c of elementChildren(el)) walk(c);
  };
  roots.forEach(walk);
  return out;
}

/** Points namespace imports at the extracted document for their namespace (schemaLocation/location rewritten). */
function wireImports(tokens: readonly Token[], pathOfNs: (ns: string, kind: 'wsdl' | 'xsd') => string | undefined, report: (m: string, line: number) => void): string {
  // A wsdl:import is a child of wsdl:definitions; an xs:import is a child of xs:schema (whatever the prefixes).
  const stack: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'end') stack.pop();
    if (t.kind !== 'start') continue;
    const parent = stack[stack.length - 1];
    if (!t.selfClose) stack.push(localOf(t.name));
    if (localOf(t.name) !== 'import') continue;
    const ns = t.attrs.find((a) => a.name === 'namespace')?.value;
    if (ns === undefined) continue;
    const isWsdl = parent === 'definitions' || t.attrs.some((a) => a.name === 'location');
    const locName = isWsdl ? 'location' : 'schemaLocation';
    const target = pathOfNs(ns, isWsdl ? 'wsdl' : 'xsd') ?? (isWsdl ? pathOfNs(ns, 'xsd') : undefined);
    if (!target) continue;
    const loc = t.attrs.find((a) => a.name === locName);
    if (loc?.value === target) continue;
    report(loc ? `${t.name} of ${ns}: ${locName}="${loc.value}" is not in the document; pointed at the extracted ${target}` : `${t.name} of ${ns} has no ${locName}; pointed at the extracted ${target}`, t.line);
    if (loc) loc.value = target;
    else t.attrs.push({ name: locName, value: target, quote: '"' });
    t.dirty = true;
  }
  return render(tokens);
}

function insertBeforeRootEnd(text: string, extra: string): string {
  const m = /<\/([A-Za-z_][\w.-]*:)?(schema|definitions)\s*>\s*$/.exec(text);
  if (m) return `${text.slice(0, m.index)}${extra}\n${text.slice(m.index)}`;
  // A self-closed skeleton.
  return text.replace(/\/>\s*$/, `>\n${extra}\n</${/^<([^\s>/]+)/.exec(text.replace(/^<\?xml[^>]*\?>\s*/, ''))?.[1] ?? 'xs:schema'}>`);
}

/** QName references in a definition (type, base, ref, element, message, binding) that `defined` does not know. */
function unresolvedIn(root: Element, defined: (kind: string, ns: string, local: string) => boolean): string[] {
  const out: string[] = [];
  const kinds: Record<string, string> = { type: 'type', base: 'type', itemType: 'type', element: 'element', ref: 'element', message: 'message', binding: 'binding' };
  const walk = (el: Element) => {
    for (const attrName of Object.keys(kinds)) {
      const v = el.getAttribute(attrName)?.trim();
      if (!v) continue;
      const refNs = el.lookupNamespaceURI(prefixOf(v) || null);
      if (refNs === NS.xs || refNs === null) continue;
      const kind = attrName === 'ref' && el.localName !== 'element' ? el.localName! : attrName === 'type' && el.localName === 'binding' ? 'portType' : kinds[attrName]!;
      if (!defined(kind, refNs, localOf(v))) out.push(v);
    }
    for (const c of elementChildren(el)) walk(c);
  };
  walk(root);
  return out;
}

/** In spec order (stable for equal lines), so the report reads top to bottom. */
function byLine(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds.map((d, i) => ({ d, i })).sort((a, b) => a.d.line - b.d.line || a.i - b.i).map((x) => x.d);
}
