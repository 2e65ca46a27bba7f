/** The protocol examples of a spec as tests of the generated codecs: decode each body, re-encode, decode again. */
import { isDeepStrictEqual } from 'node:util';
import { DOMParser, Element } from '@xmldom/xmldom';
import { CATALOGUE, DiagnosticCode } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { SpecExample } from '../extract/extract-spec';
import type { GeneratedCodecs } from './load-generated';

export type ExampleStatus = 'ok' | 'invalid' | 'not-equivalent' | 'no-codec' | 'unusable';

export interface ExampleResult {
  readonly path: string;
  readonly line: number;
  /** `{ns}local` of the body element, when there is one. */
  readonly element?: string;
  readonly status: ExampleStatus;
  /** Why it is not ok: the decode error (with its element path), or the first difference after re-encoding. */
  readonly reason?: string;
}

export function verifyExamples(specFile: string, examples: readonly SpecExample[], codecs: GeneratedCodecs): { results: ExampleResult[]; diagnostics: Diagnostic[] } {
  const results: ExampleResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, line: number, path: string) =>
    diagnostics.push({ code, severity: CATALOGUE[code].severity, message, file: specFile, line, column: 1, path });
  for (const ex of examples) {
    if (!ex.body) {
      results.push({ path: ex.path, line: ex.line, status: 'unusable', reason: 'no well-formed SOAP body (see W2T713)' });
      continue;
    }
    const { ns, local, xml, line } = ex.body;
    const element = `{${ns}}${local}`;
    if (!codecs.has(ns, local)) {
      const reason = `${element} is not a global element of the extracted schemas`;
      report('W2T722', `example ${ex.path}: ${reason}`, line, ex.path);
      results.push({ path: ex.path, line, element, status: 'no-codec', reason });
      continue;
    }
    let value: unknown;
    try {
      value = codecs.decode(ns, local, xml);
    } catch (e) {
      const reason = (e as Error).message;
      report('W2T720', `example ${ex.path} is invalid per the spec's schema: ${reason}`, line, ex.path);
      results.push({ path: ex.path, line, element, status: 'invalid', reason });
      continue;
    }
    let again: unknown;
    let reason: string | undefined;
    try {
      again = codecs.decode(ns, local, codecs.encode(ns, local, value));
      if (!isDeepStrictEqual(plain(value), plain(again))) reason = `re-encoded value differs: ${firstDiff(plain(value), plain(again), '')}`;
    } catch (e) {
      reason = `re-encoding failed: ${(e as Error).message}`;
    }
    if (reason) {
      report('W2T721', `example ${ex.path}: ${reason}`, line, ex.path);
      results.push({ path: ex.path, line, element, status: 'not-equivalent', reason });
    } else results.push({ path: ex.path, line, element, status: 'ok' });
  }
  return { results, diagnostics };
}

/** Decoded values as plain data (own enumerable properties, typed arrays as arrays) for a structural comparison. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return Array.from(v);
  // Raw XML (xs:any, mixed content) is compared as XML: which prefixes and declarations carry it does not matter.
  if (v && typeof v === 'object' && Object.keys(v).length === 1 && typeof (v as { xml?: unknown }).xml === 'string') return { xml: canonicalXml((v as { xml: string }).xml) };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: plain((v as Record<string, unknown>)[k]), enumerable: true });
    return out;
  }
  return v;
}

function firstDiff(a: unknown, b: unknown, path: string): string {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!isDeepStrictEqual(x, y)) return firstDiff(x, y, `${path}/${k}`);
    }
  }
  return `${path || '/'}: ${JSON.stringify(a)} before, ${JSON.stringify(b)} after`;
}

/** Expanded names, sorted attributes (no namespace declarations) and text: XML equal up to prefixes. */
function canonicalXml(xml: string): string {
  let root: Element | null = null;
  try {
    root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
  } catch {
    return xml;
  }
  if (!root) return xml;
  const walk = (el: Element): string => {
    const attrs: string[] = [];
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes.item(i)!;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      attrs.push(`{${a.namespaceURI ?? ''}}${a.localName}=${JSON.stringify(a.value)}`);
    }
    let inner = '';
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1) inner += walk(n as Element);
      else if (n.nodeType === 3 || n.nodeType === 4) inner += JSON.stringify(n.nodeValue);
    }
    return `<{${el.namespaceURI ?? ''}}${el.localName} ${attrs.sort().join(' ')}>${inner}</>`;
  };
  return walk(root);
}
