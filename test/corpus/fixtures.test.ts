/**
 * Issue 9, held-out real fixtures: messages written by other projects' test suites, paired with their WSDLs, run
 * through the code wsdl2ts generates for them. Today's pairs are node-soap's test/request-response-samples (every
 * request.xml / response.xml beside a soap.wsdl in ../shared/corpus). For each message:
 *
 * - generate (in memory) and load the generated client specs and serializers;
 * - requests go over 127.0.0.1 to the generated server's listener (createSoapListener with the generated operation
 *   specs), which picks the operation by the body element; the handler records the decoded input and SOAP headers;
 * - responses go through the runtime's SoapClient, with a transport that answers the fixture, for the operation whose
 *   output element is the body element (a Fault: the operation the request named);
 * - the decoded value is re-encoded with the same codec the client (request) or server (response) writes with, and
 *   compared with the fixture's Body: the same infoset modulo prefixes, namespace declarations and white space
 *   between elements (text and attribute values exactly);
 * - the known-invalid messages (KNOWN_INVALID, each with why) must be refused with an error naming the path.
 *
 * Counts and every message's verdict go to test/corpus/report/fixtures.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DOMParser, XMLSerializer, type Attr, type CharacterData, type Element, type Node } from '@xmldom/xmldom';
import * as rt from '@wsdl2ts/runtime';
import { unwrapBare } from '../../packages/runtime/src/soap-client';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadGeneratedSources } from '../helpers/load-generated-modules';
import { KNOWN_GAPS, KNOWN_INVALID } from './fixtures-verdicts';

const REPO = path.resolve(__dirname, '../..');
const CORPUS = path.resolve(process.env.WSDL2TS_CORPUS ?? path.join(REPO, '../shared/corpus'));
const SAMPLES = path.join(CORPUS, 'fixtures-node-soap/test/request-response-samples');
const REPORT = path.join(__dirname, 'report/fixtures.md');
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

type AnyOp = rt.OperationSpec<unknown, unknown>;
type Verdict = 'round-trip' | 'fault decoded' | 'refused' | 'differs' | 'no method' | 'not generated' | 'error';
interface Outcome {
  readonly fixture: string;
  readonly kind: 'request' | 'response';
  readonly verdict: Verdict;
  readonly operation?: string;
  readonly detail: string;
  /** xmllint's verdict on the whole envelope (SOAP envelope schema + the WSDL's schemas), for messages that did
   * not round-trip: '' valid, else its first complaint; undefined when not run. */
  xmllint?: string;
}

// ---- the infoset comparison -------------------------------------------------------------------------------------

interface Canon {
  name: string;
  readonly attrs: string[];
  readonly children: (Canon | string)[];
  /** The effective soap:encodingStyle (SOAP 1.1 section 4.1.1: it applies to the element and its content, unless a
   * descendant says otherwise), and whether this element itself declares it. */
  readonly style: string | undefined;
  readonly styleHere: boolean;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const SOAP_ENC = 'http://schemas.xmlsoap.org/soap/encoding/';
const SOAP12_ENC = 'http://www.w3.org/2003/05/soap-encoding';

/** soap:encodingStyle declared on an element itself (either SOAP version's attribute), if any. */
const ownStyle = (el: Element): string | undefined => {
  for (const ns of [S11, S12]) if (el.hasAttributeNS(ns, 'encodingStyle')) return el.getAttributeNS(ns, 'encodingStyle') ?? '';
  return undefined;
};

/** The encodingStyle in effect at a Body child: the nearest declaration on the Body or the Envelope, else `binding`
 * (the soap:body encodingStyle of an encoded operation: SOAP 1.1 has no default encoding and does not require the
 * attribute, so a message that declares none is read with the rules its WSDL binding names). */
function inheritedStyle(body: Element | undefined, binding: string | undefined): string | undefined {
  for (let n: Node | null | undefined = body; n && n.nodeType === 1; n = n.parentNode) {
    const own = ownStyle(n as Element);
    if (own !== undefined) return own;
  }
  return binding;
}

/** An element as a comparable tree: `{ns}local`, attributes sorted (xsi:type resolved to `{ns}local`), element
 * children and non-blank text; text between child elements that is only white space is not content. The
 * encodingStyle attribute is not an attribute here but the element's effective style: where it is declared does not
 * matter, what is in effect does. */
function canon(el: Element, inherited?: string): Canon {
  const attrs: string[] = [];
  const declared = ownStyle(el);
  const style = declared ?? inherited;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i]!;
    if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
    if (a.localName === 'encodingStyle' && (a.namespaceURI === S11 || a.namespaceURI === S12)) continue;
    let value = a.value;
    if (a.namespaceURI === XSI && a.localName === 'type') {
      const [p, l] = value.includes(':') ? value.split(':') : ['', value];
      value = `{${(p ? el.lookupNamespaceURI(p) : (el.lookupNamespaceURI('') ?? el.lookupNamespaceURI(null))) ?? ''}}${l}`;
    }
    attrs.push(`{${a.namespaceURI ?? ''}}${a.localName}=${JSON.stringify(value)}`);
  }
  attrs.sort();
  const children: (Canon | string)[] = [];
  let text = '';
  let hasElement = false;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) {
      hasElement = true;
      if (text.trim()) children.push(text);
      text = '';
      children.push(canon(n as Element, style));
    } else if (n.nodeType === 3 || n.nodeType === 4) text += (n as CharacterData).data;
  }
  // Text between child elements that is only white space is not content; other text is compared exactly. A leaf
  // whose text is only white space keeps it: see firstDifference.
  if (text.trim() || (!hasElement && text)) children.push(text);
  return { name: `{${el.namespaceURI ?? ''}}${el.localName}`, attrs, children, style, styleHere: declared !== undefined };
}

/** A SOAP-encoded array (SOAP 1.1 soapenc:arrayType or xsi:type soapenc:Array, SOAP 1.2 enc:itemType/arraySize):
 * its items' order is significant and their names are not. */
const isEncodedArray = (c: Canon) =>
  c.attrs.some((t) => t.startsWith(`{${SOAP_ENC}}arrayType=`) || t.startsWith(`{${SOAP12_ENC}}itemType=`) || t.startsWith(`{${SOAP12_ENC}}arraySize=`) || t === `${XSI_TYPE}${JSON.stringify(`{${SOAP_ENC}}Array`)}`);
const isNilLeaf = (c: Canon | string): c is Canon => typeof c !== 'string' && c.children.length === 0 && c.attrs.includes(`{${XSI}}nil="true"`);

/**
 * The type annotations of a SOAP-encoded value, as far as they say something about the value. The decoder checks
 * every annotation the fixture carries against the schema (a contradicting xsi:type or arrayType item type is
 * refused), and the encoder writes the schema's: so
 * - an xsi:type only the re-encoding has is the declared type made explicit (SOAP 1.1 section 5.1: a type may be
 *   determined by the schema instead of xsi:type; zeep and node-soap omit it);
 * - of an array, what is compared is its size ([n] of soapenc:arrayType, enc:arraySize) and its items: its xsi:type
 *   (soapenc:Array or a named restriction of it) and the arrayType's item type name (PHP writes the 1999 name
 *   xsd:ur-type for anyType) say nothing more once the decoder has accepted them. A size only the re-encoding has
 *   is the one SOAP 1.1 section 5.4.2 requires ("MUST contain a SOAP-ENC:arrayType attribute") and the fixture
 *   omitted. Every such case is noted.
 */
function encodedAnnotations(x: Canon, y: Canon, at: string, notes: string[]): [string[], string[]] {
  let xa = x.attrs;
  let ya = y.attrs;
  if (isEncodedArray(x) || isEncodedArray(y)) {
    const ARRAY_TYPE = `{${SOAP_ENC}}arrayType=`;
    const size = (t: string) => (t.startsWith(ARRAY_TYPE) ? `${ARRAY_TYPE}${JSON.stringify(/(\[[^\]]*\])+$/.exec(JSON.parse(t.slice(ARRAY_TYPE.length)) as string)?.[0] ?? '')}` : t);
    const strip = (l: string[]) => l.filter((t) => !t.startsWith(XSI_TYPE) && !t.startsWith(`{${SOAP12_ENC}}itemType=`)).map(size);
    const [sx, sy] = [strip(xa), strip(ya)];
    if (sx.join(' ') !== xa.join(' ') || sy.join(' ') !== ya.join(' ')) notes.push(`${at}: array type annotations compared by size only ([${xa.join(' ')}] / [${ya.join(' ')}])`);
    xa = sx;
    ya = sy;
    if (!xa.some((t) => t.startsWith(ARRAY_TYPE)) && ya.some((t) => t.startsWith(ARRAY_TYPE))) {
      notes.push(`${at}: soapenc:arrayType written back where the fixture has none (SOAP 1.1 section 5.4.2 requires it)`);
      ya = ya.filter((t) => !t.startsWith(ARRAY_TYPE));
    }
    return [xa, ya];
  }
  if (!xa.some((t) => t.startsWith(XSI_TYPE)) && ya.some((t) => t.startsWith(XSI_TYPE))) {
    notes.push(`${at}: xsi:type written where the fixture relies on the schema (SOAP 1.1 section 5.1)`);
    ya = ya.filter((t) => !t.startsWith(XSI_TYPE));
  }
  return [xa, ya];
}

/**
 * What SOAP encoding (SOAP 1.1 section 5) makes equal in a struct's member list: a member the fixture omits is the
 * same as one written xsi:nil="true" (section 5.1: "A NULL value or a default value MAY be represented by omission
 * of the accessor element"), and members in another order are the same struct (section 5.4.1: "accessor name is the
 * only distinction among member values") as long as no name repeats. Arrays keep their order. Noted, never silent.
 */
function encodedMembers(x: Canon, y: Canon, at: string, notes: string[]): [(Canon | string)[], (Canon | string)[]] {
  let a = x.children;
  let b = y.children;
  if (isEncodedArray(x) || isEncodedArray(y)) return [a, b];
  const names = (l: readonly (Canon | string)[]) => l.map((c) => (typeof c === 'string' ? '' : c.name));
  const omitted = (l: readonly (Canon | string)[], other: readonly (Canon | string)[]) => l.filter((c) => isNilLeaf(c) && !names(other).includes(c.name));
  for (const [from, other, side] of [[b, a, 'written as xsi:nil'], [a, b, 'xsi:nil in the fixture']] as const) {
    const drop = omitted(from, other);
    if (!drop.length) continue;
    notes.push(`${at}: ${drop.map((c) => (c as Canon).name.replace(/^\{[^}]*\}/, '')).join(', ')} omitted on one side, ${side} on the other (SOAP 1.1 section 5.1: the same null)`);
    if (from === b) b = b.filter((c) => !drop.includes(c as Canon));
    else a = a.filter((c) => !drop.includes(c as Canon));
  }
  const na = names(a);
  const nb = names(b);
  if (na.some((n) => n === '') || nb.some((n) => n === '') || new Set(na).size !== na.length || new Set(nb).size !== nb.length) return [a, b];
  if (na.join(' ') === nb.join(' ')) return [a, b];
  const byName = (l: readonly (Canon | string)[]) => [...l].sort((p, q) => ((p as Canon).name < (q as Canon).name ? -1 : (p as Canon).name > (q as Canon).name ? 1 : 0));
  if ([...na].sort().join(' ') === [...nb].sort().join(' ')) notes.push(`${at}: struct members in another order (SOAP 1.1 section 5.4.1: matched by name)`);
  return [byName(a), byName(b)];
}

const XSI_TYPE = `{${XSI}}type=`;

/**
 * Two lexical forms of one XSD value, as a canonical comparison sees them: decimals and integers exactly (sign,
 * leading zeros, trailing fractional zeros and surrounding white space aside; never through a double, so a long that
 * lost precision is still a difference), floats and doubles as doubles, booleans 1/true and 0/false. Nothing else:
 * strings and dates must be kept exactly.
 */
function sameValue(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  const decimal = (v: string) => {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(v);
    if (!m || (m[2] === '' && !m[3])) return undefined;
    const int = m[2]!.replace(/^0+/, '') || '0';
    const frac = (m[3] ?? '').replace(/0+$/, '');
    const zero = int === '0' && frac === '';
    return `${m[1] === '-' && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
  };
  const dx = decimal(x);
  const dy = decimal(y);
  if (dx !== undefined && dy !== undefined) return dx === dy;
  const float = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^(-?INF|NaN)$/;
  if (float.test(x) && float.test(y)) {
    const n = (v: string) => (v === 'INF' ? Infinity : v === '-INF' ? -Infinity : Number(v));
    return Object.is(n(x), n(y)) || n(x) === n(y);
  }
  const bool = (v: string) => (v === '1' || v === 'true' ? 'true' : v === '0' || v === 'false' ? 'false' : undefined);
  return bool(x) !== undefined && bool(x) === bool(y);
}

/** The first difference between two lists of canonical elements, or '' when equal. An xsi:type the fixture has and
 * the re-encoding has not names the element's declared type (a derived one is kept in `$type` and written back, or
 * its content differs): that instance is the same to the schema, and is noted in `notes`. */
function firstDifference(a: readonly (Canon | string)[], b: readonly (Canon | string)[], at: string, notes: string[] = [], encoded = false, arrayItems = false): string {
  const blank = (v: Canon | string | undefined) => v === undefined || (typeof v === 'string' && v.trim() === '');
  // White space alone in a leaf is content for a string but not for an empty complex element (a pretty-printed
  // `<Req>\n</Req>`): without the schema at hand it is noted, not failed.
  if (a.length <= 1 && b.length <= 1 && blank(a[0]) && blank(b[0])) {
    if (a[0] !== b[0]) notes.push(`${at}: white space-only content ${JSON.stringify(a[0] ?? '')} became ${JSON.stringify(b[0] ?? '')}`);
    return '';
  }
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return `${at}: ${x === undefined ? 'missing in the fixture' : 'missing after re-encoding'}: ${JSON.stringify(typeof x === 'string' || x === undefined ? (x ?? y) : x.name)}${y !== undefined && typeof y !== 'string' ? ` ${y.name}` : ''}`;
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y && typeof x === 'string' && typeof y === 'string' && sameValue(x, y)) {
        notes.push(`${at}: ${JSON.stringify(x)} became ${JSON.stringify(y)} (the same value; the canonical lexical form)`);
        continue;
      }
      if (x !== y) return `${at}: text ${JSON.stringify(typeof x === 'string' ? x : x.name)} became ${JSON.stringify(typeof y === 'string' ? y : y.name)}`;
      continue;
    }
    const here = `${at}/${x.name.replace(/^\{[^}]*\}/, '')}`;
    if (x.name !== y.name) {
      // SOAP 1.1 section 5.4.2: "Within an array value, element names are not significant".
      if (!arrayItems) return `${here}: element ${x.name} became ${y.name}`;
      notes.push(`${here}: array item ${x.name} written back as ${y.name} (SOAP 1.1 section 5.4.2: item names are not significant)`);
    }
    const [xAttrs, yAttrs] = encoded ? encodedAnnotations(x, y, here, notes) : [x.attrs, y.attrs];
    const xa = xAttrs.filter((t) => !t.startsWith(XSI_TYPE) || yAttrs.some((u) => u.startsWith(XSI_TYPE)));
    if (xa.length !== xAttrs.length) notes.push(`${here}: redundant xsi:type not written back`);
    const split = (t: string) => [t.slice(0, t.indexOf('=')), JSON.parse(t.slice(t.indexOf('=') + 1)) as string] as const;
    const xs = xa.map(split);
    const ys = yAttrs.map(split);
    const attrsDiffer = xs.length !== ys.length || xs.some(([n, v], k) => ys[k]![0] !== n || (ys[k]![1] !== v && !sameValue(v, ys[k]![1])));
    if (!attrsDiffer && xa.join(' ') !== yAttrs.join(' ')) notes.push(`${here}: attribute values in another lexical form of the same value`);
    if (attrsDiffer) return `${here}: attributes [${x.attrs.join(' ')}] became [${y.attrs.join(' ')}]`;
    if (x.style !== y.style) return `${here}: the encodingStyle in effect ${JSON.stringify(x.style ?? '(none)')} became ${JSON.stringify(y.style ?? '(none)')}`;
    if (x.styleHere !== y.styleHere) notes.push(`${here}: the same encodingStyle, declared ${x.styleHere ? 'here' : 'on an ancestor'} in the fixture and ${y.styleHere ? 'here' : 'on an ancestor'} after re-encoding`);
    const [xc, yc] = encoded ? encodedMembers(x, y, here, notes) : [x.children, y.children];
    const d = firstDifference(xc, yc, here, notes, encoded, encoded && (isEncodedArray(x) || isEncodedArray(y)));
    if (d) return d;
  }
  return '';
}

/** The root element of a document (xmldom; DTDs are not expanded by it). */
function parse(xml: string): Element {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xml, 'text/xml');
  if (errors.length || !doc.documentElement) throw new Error(`not well-formed: ${errors[0] ?? 'no root element'}`);
  return doc.documentElement;
}

const childElements = (el: Element): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
};

/** The Body's child elements of an envelope. */
function bodyChildren(env: Element): { version: '1.1' | '1.2'; children: Element[]; body: Element | undefined } {
  const version = env.namespaceURI === S12 ? '1.2' : '1.1';
  const body = childElements(env).find((e) => e.localName === 'Body' && e.namespaceURI === env.namespaceURI);
  return { version, children: body ? childElements(body) : [], body };
}

/** The encoding an encoded codec's messages use (its soap:body encodingStyle), undefined for a literal one. */
const bindingStyle = (codec: rt.ElementCodec<unknown> | undefined, version: '1.1' | '1.2') => (rt.isEncoded(codec) ? (version === '1.1' ? SOAP_ENC : SOAP12_ENC) : undefined);

/** The declared header blocks of the fixture against their decoded values re-encoded (blocks the WSDL does not
 * declare are not the codecs' business); '' when equal. */
function headerDifference(env: Element, specs: AnyOp['inputHeaders'], values: Record<string, unknown>, notes: string[]): string {
  if (!specs?.length) return '';
  const header = childElements(env).find((e) => e.localName === 'Header' && e.namespaceURI === env.namespaceURI);
  const blocks = header ? childElements(header).filter((b) => specs.some((h) => h.codec.ns === (b.namespaceURI ?? '') && h.codec.local === b.localName)) : [];
  const encoded = specs.flatMap((h) => (values[h.key] === undefined ? [] : [parse(h.codec.toXml(values[h.key], `/Envelope/Header/${h.codec.local}`))]));
  if (blocks.length) notes.push(`${blocks.length} declared header block(s) compared`);
  const inherited = header ? inheritedStyle(header, undefined) : undefined;
  return firstDifference(
    blocks.map((b) => canon(b, inherited)),
    encoded.map((b) => canon(b)),
    '/Envelope/Header',
    notes,
  );
}

/** The elements a body encodes to (a bare body's wrapper is unwrapped, as the client and server write it). */
function encodedBody(codec: rt.ElementCodec<unknown>, bare: boolean, value: unknown): Element[] {
  const xml = codec.toXml(value, `/Envelope/Body/${codec.local}`);
  if (!bare) return [parse(xml)];
  const { decls, content } = unwrapBare(xml);
  return childElements(parse(`<w${decls}>${content}</w>`));
}

// ---- xmllint ------------------------------------------------------------------------------------------------------

const BUNDLED = path.join(REPO, 'src/catalog/bundled');
const XS = 'http://www.w3.org/2001/XMLSchema';
const scratch = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-fixtures-'));
let scratchN = 0;

/**
 * A schema xmllint can load for a WSDL: each xs:schema of wsdl:types written to its own file (with the namespace
 * declarations in scope on the WSDL), relative schemaLocations made absolute, namespace-only imports between them
 * given the file, and one wrapper importing them all plus the SOAP envelope schemas and xml.xsd.
 */
function schemaForWsdl(wsdl: string): string {
  const doc = parse(readFileSync(wsdl, 'utf8'));
  const dir = path.join(scratch, `s${scratchN++}`);
  mkdirSync(dir);
  const schemas = Array.from(doc.getElementsByTagNameNS(XS, 'schema') as unknown as ArrayLike<Element>);
  const fileOf = new Map<string, string>();
  schemas.forEach((s, i) => fileOf.set(s.getAttribute('targetNamespace') ?? '', path.join(dir, `schema${i}.xsd`)));
  const imports = new Map<string, string>([
    ['http://www.w3.org/XML/1998/namespace', path.join(BUNDLED, 'xml.xsd')],
    [S11, path.join(BUNDLED, 'soap11-envelope.xsd')],
    [S12, path.join(BUNDLED, 'soap12-envelope.xsd')],
    ['http://schemas.xmlsoap.org/soap/encoding/', path.join(BUNDLED, 'soap11-encoding.xsd')],
  ]);
  schemas.forEach((s, i) => {
    const copy = s.cloneNode(true) as Element;
    const declared = new Set(Array.from(copy.attributes as unknown as ArrayLike<Attr>, (a) => a.name));
    for (let n: Node | null = s.parentNode; n && n.nodeType === 1; n = n.parentNode) {
      const attrs = (n as Element).attributes;
      for (let j = 0; j < attrs.length; j++) {
        const a = attrs[j]!;
        if ((a.name === 'xmlns' || a.prefix === 'xmlns') && !declared.has(a.name)) {
          declared.add(a.name);
          copy.setAttributeNS('http://www.w3.org/2000/xmlns/', a.name, a.value);
        }
      }
    }
    for (const tag of ['import', 'include', 'redefine']) {
      for (const imp of Array.from(copy.getElementsByTagNameNS(XS, tag) as unknown as ArrayLike<Element>)) {
        const loc = imp.getAttribute('schemaLocation');
        const ns = imp.getAttribute('namespace') ?? '';
        if (loc && !/^[a-z]+:/i.test(loc)) imp.setAttribute('schemaLocation', path.resolve(path.dirname(wsdl), loc));
        else if (!loc && fileOf.has(ns)) imp.setAttribute('schemaLocation', fileOf.get(ns)!);
        else if (!loc && imports.has(ns)) imp.setAttribute('schemaLocation', imports.get(ns)!);
      }
    }
    writeFileSync(path.join(dir, `schema${i}.xsd`), new XMLSerializer().serializeToString(copy));
  });
  const all = [...imports.entries(), ...[...fileOf.entries()].filter(([ns]) => !imports.has(ns))];
  const wrapper = path.join(dir, 'wrapper.xsd');
  writeFileSync(wrapper, `<xs:schema xmlns:xs="${XS}">\n${all.map(([ns, f]) => `  <xs:import namespace="${ns}" schemaLocation="${f}"/>`).join('\n')}\n</xs:schema>\n`);
  return wrapper;
}

function xmllint(schema: string, xml: string): string {
  const file = path.join(scratch, `m${scratchN++}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { stdio: 'pipe', encoding: 'utf8' });
    return '';
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('xmllint is missing: apt-get install libxml2-utils');
    const lines = (err.stderr ?? '').split('\n').filter((l) => /error/i.test(l) && !/warning/i.test(l));
    return (lines[0] ?? 'invalid').replace(/^[^:]*\.xml:\d+: /, '').slice(0, 300);
  }
}

// ---- the run ----------------------------------------------------------------------------------------------------

interface Loaded {
  readonly binding: rt.BindingSpec;
  readonly ops: Record<string, AnyOp>;
}

function bindingsOf(client: Record<string, unknown>): Loaded[] {
  const out: Loaded[] = [];
  for (const [k, v] of Object.entries(client)) {
    if (!k.endsWith('_binding')) continue;
    const ops = client[`${k.slice(0, -'_binding'.length)}_operations`] as Record<string, AnyOp> | undefined;
    if (ops) out.push({ binding: v as rt.BindingSpec, ops });
  }
  return out;
}

const errorText = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));
/** The path an error names (DecodeError, ResponseValidationError, a SOAP fault reason quoting one). */
function pathOf(e: unknown): string {
  const p = (e as { path?: unknown }).path;
  if (typeof p === 'string' && p) return p;
  const m = /(\/Envelope\/[^\s:,]*)/.exec(e instanceof Error ? e.message : String(e));
  return m ? m[1]! : '';
}

/** A WSDL and messages written for it by another toolkit; `opHint` names the operation when the body cannot. */
interface Pair {
  readonly fixture: string;
  readonly wsdl: string;
  readonly opHint: string;
  readonly messages: readonly { readonly kind: 'request' | 'response'; readonly file: string }[];
}

/** node-soap's layout: <Operation>__<description>/{soap.wsdl, request.xml, response.xml}. */
function nodeSoapPair(dir: string): Pair {
  const fixture = path.basename(dir);
  return {
    fixture,
    wsdl: path.join(dir, 'soap.wsdl'),
    opHint: fixture.split('__')[0]!,
    messages: (['request', 'response'] as const).filter((k) => existsSync(path.join(dir, `${k}.xml`))).map((kind) => ({ kind, file: path.join(dir, `${kind}.xml`) })),
  };
}

const generatedFor = new Map<string, ReturnType<typeof generateWithDiagnostics>>();

// ---- MIME multipart (MTOM/XOP, attachments) messages ------------------------------------------------------------

/** How a multipart message goes on the wire: its bytes and its HTTP Content-Type. */
interface Wire {
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** A message file: the SOAP envelope to compare with (for a multipart body, its root part, XOP content inlined) and, for a multipart body, how it travels. */
interface Message {
  readonly xml: string;
  readonly wire?: Wire;
}

const XOP_NS = 'http://www.w3.org/2004/08/xop/include';

/**
 * Reads a message file. Most are an envelope; a few are a MIME multipart HTTP body (MTOM/XOP from Axis2, SOAP with
 * Attachments). Their Content-Type is node-soap's `<kind>HttpHeader.json` beside the file when it has one; the Axis2
 * MTOM bodies come without (node-soap cuts the envelope out of the body with a regular expression), so they get the
 * Content-Type Axis2 sends with such a body, rebuilt from the body: the boundary of its first line, `start` the first
 * part's Content-ID, `type` that part's media type and `start-info` its type parameter. The envelope to compare with
 * is split out here independently of the runtime's reader, each xop:Include replaced by its part's bytes in base64:
 * the infoset the XOP package stands for.
 */
function loadMessage(file: string, kind: 'request' | 'response'): Message {
  const bytes = readFileSync(file);
  const latin1 = bytes.toString('latin1');
  const headerFile = path.join(path.dirname(file), `${kind}HttpHeader.json`);
  let contentType = existsSync(headerFile) ? ((JSON.parse(readFileSync(headerFile, 'utf8')) as Record<string, string>)['content-type'] ?? (JSON.parse(readFileSync(headerFile, 'utf8')) as Record<string, string>)['Content-Type']) : undefined;
  const firstLine = /^\s*--([0-9A-Za-z'()+_,\-./:=? ]{1,70}?)[ \t]*\r?\n/.exec(latin1);
  if (contentType === undefined && !firstLine) return { xml: bytes.toString('utf8') };
  if (contentType !== undefined && !/^\s*multipart\//i.test(contentType)) return { xml: bytes.toString('utf8') };
  const parts = splitMultipart(latin1, contentType !== undefined ? /boundary="?([^";]+)"?/i.exec(contentType)![1]! : firstLine![1]!);
  if (contentType === undefined) {
    const first = parts[0]!;
    const type = /^[^;]+/.exec(first.headers.get('content-type') ?? 'text/xml')![0].trim();
    const info = /type="([^"]*)"/i.exec(first.headers.get('content-type') ?? '')?.[1];
    contentType = `multipart/related; type="${type}"; boundary="${firstLine![1]}"${first.headers.has('content-id') ? `; start="${first.headers.get('content-id')}"` : ''}${info ? `; start-info="${info}"` : ''}`;
  }
  const start = /start="?(<[^">]*>)"?/i.exec(contentType)?.[1];
  const root = parts.find((p) => start !== undefined && p.headers.get('content-id') === start) ?? parts[0]!;
  const doc = new DOMParser().parseFromString(Buffer.from(root.body, 'latin1').toString('utf8'), 'text/xml');
  for (const inc of Array.from(doc.getElementsByTagNameNS(XOP_NS, 'Include') as unknown as ArrayLike<Element>)) {
    const id = decodeURIComponent((inc.getAttribute('href') ?? '').replace(/^cid:/i, ''));
    const part = parts.find((p) => p.headers.get('content-id') === `<${id}>`);
    if (!part) throw new Error(`xop:Include names cid:${id}, which no part has`);
    inc.parentNode!.replaceChild(doc.createTextNode(Buffer.from(part.body, 'latin1').toString('base64')), inc);
  }
  return { xml: new XMLSerializer().serializeToString(doc), wire: { contentType, bytes } };
}

/** The parts of a multipart body given as latin1 text (one character per byte), split on its boundary lines. */
function splitMultipart(latin1: string, boundary: string): { headers: Map<string, string>; body: string }[] {
  const lines = latin1.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const out: { headers: Map<string, string>; body: string }[] = [];
  for (const chunk of lines.slice(1)) {
    if (chunk.startsWith('--')) break;
    const m = /^[ \t]*\r?\n([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(chunk);
    if (!m) throw new Error('a part without its header block');
    const headers = new Map<string, string>();
    for (const h of m[1]!.split(/\r?\n/)) {
      const c = h.indexOf(':');
      if (c > 0) headers.set(h.slice(0, c).trim().toLowerCase(), h.slice(c + 1).trim());
    }
    out.push({ headers, body: m[2]! });
  }
  return out;
}

async function runFixture(pair: Pair): Promise<Outcome[]> {
  const { fixture, opHint } = pair;
  const messages = pair.messages.map((m) => m.kind);
  const fileOf = (kind: 'request' | 'response') => pair.messages.find((m) => m.kind === kind)!.file;
  const out: Outcome[] = [];
  let loaded: Loaded[];
  let noMethod: string[] = [];
  try {
    if (!generatedFor.has(pair.wsdl)) generatedFor.set(pair.wsdl, generateWithDiagnostics({ input: pair.wsdl, artifacts: ['types', 'serializers', 'client'] }));
    const r = await generatedFor.get(pair.wsdl)!;
    // Operations that get no method say why (W2T512, W2T75x): their messages are counted as such, not as refused.
    noMethod = r.diagnostics.filter((d) => /^W2T(512|75\d)$/.test(d.code)).map((d) => `${d.code} ${d.message}`);
    if (!r.files.some((f) => f.path === 'client.ts')) {
      const first = r.diagnostics.find((d) => d.severity === 'error');
      const where = first ? `${path.basename(first.file)}:${first.line}:${first.column} ${first.code} ${first.message}` : 'no client.ts';
      return messages.map((kind) => ({ fixture, kind, verdict: 'not generated', detail: where.slice(0, 300) }));
    }
    loaded = bindingsOf(loadGeneratedSources(r.files)('client'));
    if (!loaded.length) {
      const why = r.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.message}`).slice(0, 2).join('; ');
      return messages.map((kind) => ({ fixture, kind, verdict: 'no method', detail: why || 'no SOAP binding with a method' }));
    }
  } catch (e) {
    return messages.map((kind) => ({ fixture, kind, verdict: 'not generated', detail: errorText(e).slice(0, 300) }));
  }
  const all = loaded.flatMap((l) => Object.entries(l.ops).map(([method, op]) => ({ method, op, binding: l.binding })));
  const matches = (first: Element | undefined, codec: rt.ElementCodec<unknown> | undefined, bare: { first?: { ns: string; local: string } } | boolean | undefined) => {
    if (!codec) return false;
    if (bare) {
      const f = typeof bare === 'object' ? bare.first : undefined;
      return f ? first !== undefined && first.namespaceURI === f.ns && first.localName === f.local : first === undefined;
    }
    return first !== undefined && (first.namespaceURI ?? '') === codec.ns && first.localName === codec.local;
  };
  let requestOp: (typeof all)[number] | undefined;

  const loadedXml = new Map<string, string>();
  for (const kind of messages) {
    let msg: Message;
    try {
      msg = loadMessage(fileOf(kind), kind);
    } catch (e) {
      out.push({ fixture, kind, verdict: 'refused', detail: `not a readable MIME multipart body: ${errorText(e).slice(0, 200)}` });
      continue;
    }
    const { xml, wire } = msg;
    loadedXml.set(kind, xml);
    let root: Element;
    try {
      root = parse(xml);
    } catch (e) {
      out.push({ fixture, kind, verdict: 'refused', detail: `not well-formed XML: ${errorText(e).slice(0, 200)}` });
      continue;
    }
    if (root.localName !== 'Envelope' || (root.namespaceURI !== S11 && root.namespaceURI !== S12)) {
      out.push({ fixture, kind, verdict: 'refused', detail: `not a SOAP envelope: the root element is {${root.namespaceURI ?? ''}}${root.localName} [path /${root.localName}]` });
      continue;
    }
    const { version, children, body } = bodyChildren(root);
    const first = children[0];
    const isFault = first?.localName === 'Fault' && (first.namespaceURI === S11 || first.namespaceURI === S12);
    const byBody = all.filter((c) => (kind === 'request' ? matches(first, c.op.input, c.op.inputBare) : matches(first, c.op.output, c.op.outputBare)));
    // A response goes to the operation that was called: a Fault, or a SOAP 1.1 rpc/encoded response whose wrapper may
    // have any name (SOAP 1.1 section 7.1), is the hinted operation's.
    const called = kind === 'response' ? (requestOp ?? all.find((c) => c.op.name === opHint)) : undefined;
    const chosen =
      byBody.find((c) => c.op.name === opHint) ??
      byBody[0] ??
      (isFault || (version === '1.1' && first && rt.isEncoded(called?.op.output)) ? called : undefined);
    const why = noMethod.find((m) => m.includes(`"${opHint}"`) || m.includes(` ${opHint} `) || m.includes(`${opHint}:`));
    if (!chosen && why) {
      out.push({ fixture, kind, operation: opHint, verdict: 'no method', detail: why.slice(0, 300) });
      continue;
    }
    if (!chosen) {
      const hinted = all.find((c) => c.op.name === opHint);
      out.push({ fixture, kind, verdict: 'refused', operation: hinted?.op.name, detail: `no operation takes the body element ${first ? `{${first.namespaceURI ?? ''}}${first.localName}` : '(empty body)'}${hinted ? ` (operation ${opHint} expects {${(kind === 'request' ? hinted.op.input : hinted.op.output)?.ns}}${(kind === 'request' ? hinted.op.input : hinted.op.output)?.local})` : ''}` });
      continue;
    }
    if (kind === 'request') requestOp = chosen;
    const { op, binding } = chosen;
    try {
      let value: unknown;
      let headers: Record<string, unknown> = {};
      if (kind === 'request') {
        ({ input: value, headers } = await decodeRequest(binding, chosen.method, op, version, xml, wire));
        const sent = encodedBody(op.input, !!op.inputBare, value);
        const notes: string[] = [];
        const style = bindingStyle(op.input, version);
        const d =
          firstDifference(
            children.map((c) => canon(c, inheritedStyle(body, style))),
            sent.map((c) => canon(c, style)),
            '/Envelope/Body',
            notes,
            rt.isEncoded(op.input),
          ) || headerDifference(root, op.inputHeaders, headers, notes);
        out.push({ fixture, kind, operation: op.name, verdict: d ? 'differs' : 'round-trip', detail: d || notes.join('; ') });
      } else {
        try {
          value = await decodeResponse(binding, op, version, xml, isFault, (h) => (headers = h), wire);
        } catch (e) {
          if (isFault && e instanceof rt.SoapFaultError) {
            out.push({ fixture, kind, operation: op.name, verdict: 'fault decoded', detail: `${e.code.local}: ${e.reason.slice(0, 80)}` });
            continue;
          }
          throw e;
        }
        const written = encodedBody(op.output!, !!op.outputBare, value);
        const notes: string[] = [];
        const style = bindingStyle(op.output, version);
        const got = children.map((c) => canon(c, inheritedStyle(body, style)));
        const again = written.map((c) => canon(c, style));
        // SOAP 1.1 section 7.1: the name of an rpc response struct is not significant (the client reads any).
        if (rt.isEncoded(op.output) && version === '1.1' && got[0] && again[0] && got[0].name !== again[0].name) {
          notes.push(`/Envelope/Body: the rpc/encoded response wrapper ${got[0].name} is written back as ${again[0].name} (SOAP 1.1 section 7.1: its name is not significant)`);
          again[0].name = got[0].name;
        }
        const d = firstDifference(got, again, '/Envelope/Body', notes, rt.isEncoded(op.output)) || headerDifference(root, op.outputHeaders, headers, notes);
        out.push({ fixture, kind, operation: op.name, verdict: d ? 'differs' : 'round-trip', detail: d || notes.join('; ') });
      }
    } catch (e) {
      const p = pathOf(e);
      out.push({ fixture, kind, operation: op.name, verdict: p ? 'refused' : 'error', detail: `${errorText(e).slice(0, 400)}${p ? ` [path ${p}]` : ''}` });
    }
  }
  // xmllint's verdict on every message that did not round-trip (a message xmllint accepts and we refuse is a bug).
  let schema: string | undefined;
  for (const o of out) {
    if (o.verdict === 'round-trip' || o.verdict === 'fault decoded') continue;
    try {
      schema ??= schemaForWsdl(pair.wsdl);
      const xml = loadedXml.get(o.kind) ?? readFileSync(fileOf(o.kind), 'utf8');
      // The envelope (the SOAP schema's Body and Header wildcards are lax: undeclared elements pass), then each body
      // element on its own, where it must be declared.
      o.xmllint = xmllint(schema, xml);
      if (!o.xmllint) {
        for (const el of bodyChildren(parse(xml)).children) {
          o.xmllint = xmllint(schema, new XMLSerializer().serializeToString(el));
          if (o.xmllint) break;
        }
      }
    } catch (e) {
      o.xmllint = `not run: ${errorText(e).slice(0, 120)}`;
    }
  }
  return out;
}

/** Decodes a request the way the generated server does: over 127.0.0.1 to the listener, which picks the operation. */
async function decodeRequest(binding: rt.BindingSpec, method: string, op: AnyOp, version: '1.1' | '1.2', xml: string, wire?: Wire): Promise<{ input: unknown; headers: Record<string, unknown> }> {
  let input: unknown;
  let headers: Record<string, unknown> = {};
  let ran = false;
  const handler: Record<string, (i: unknown, ctx: rt.ServerContext<unknown, Record<string, unknown>>) => unknown> = {};
  handler[method] = (i, ctx) => {
    ran = true;
    input = i;
    headers = ctx.soapHeaders;
    throw new rt.SoapFault('server', 'decoded; this test answers no response');
  };
  const listener = rt.createSoapListener(binding, { [method]: op }, handler, {
    authenticate: () => 'fixture',
    // node-soap's security fixtures carry wsse:Security; what they hold is not the codec's business here.
    verifySecurity: () => true,
  });
  const srv = rt.createSoapServer(listener) as unknown as http.Server;
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  try {
    const action = op.soapAction ?? op.inputAction;
    const httpHeaders: Record<string, string> =
      version === '1.1' ? { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${action}"` } : { 'Content-Type': `application/soap+xml; charset=utf-8; action="${action}"` };
    // A MIME multipart (MTOM/XOP) message travels as it is, with its own Content-Type.
    if (wire) httpHeaders['Content-Type'] = wire.contentType;
    const res = await fetch(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/svc`, { method: 'POST', headers: httpHeaders, body: wire ? wire.bytes : xml });
    const text = await res.text();
    if (ran) return { input, headers };
    const reason = /<(?:\w+:)?(?:faultstring|Text)[^>]*>([^<]*)</.exec(text)?.[1] ?? text.slice(0, 300);
    throw new Error(`the generated server refused it (HTTP ${res.status}): ${reason.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')}`);
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}

/** Decodes a response the way the generated client does: SoapClient, with a transport that answers the fixture
 * (the request is not this test's business: the operation's input is replaced by an empty element). */
async function decodeResponse(binding: rt.BindingSpec, op: AnyOp, version: '1.1' | '1.2', xml: string, isFault: boolean, onHeaders: (h: Record<string, unknown>) => void, wire?: Wire): Promise<unknown> {
  const client = new rt.SoapClient(binding, {
    endpoint: 'http://127.0.0.1:9/unused',
    soapVersion: version,
    addressing: false,
    transport: async () =>
      wire
        ? { status: isFault ? 500 : 200, headers: { 'content-type': wire.contentType }, body: wire.bytes.toString('utf8'), bodyBytes: wire.bytes }
        : { status: isFault ? 500 : 200, headers: { 'content-type': version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8' }, body: xml },
  });
  const dummy = { ...op.input, toXml: () => '<x/>' } as rt.ElementCodec<unknown>;
  return client.call({ ...op, input: dummy, inputBare: undefined }, undefined, { onResponseHeaders: onHeaders });
}

/** Refused by the generated code with a path, and xmllint finds the message invalid against the same schemas (or
 * the message is not well-formed XML): both validators agree the message is invalid. */
/** document/encoded operations (or a foreign encodingStyle) get no method, saying why (W2T754; README "rpc/encoded"). */
const encodedGap = (o: Outcome) => o.verdict === 'no method' && /^W2T754 /.test(o.detail);

function agreedInvalid(o: Outcome): boolean {
  if (o.verdict !== 'refused') return false;
  if (/^not well-formed XML/.test(o.detail)) return true;
  // "No matching global declaration" is no verdict on an rpc wrapper (never declared): those are judged by hand.
  return /\[path \/|no operation takes the body element/.test(o.detail) && /Schemas validity error/.test(o.xmllint ?? '') && !/No matching global declaration/.test(o.xmllint ?? '');
}

// ---- the report -------------------------------------------------------------------------------------------------

function report(outcomes: readonly Outcome[]): string {
  const verdicts: Verdict[] = ['round-trip', 'fault decoded', 'refused', 'differs', 'no method', 'not generated', 'error'];
  const count = (kind: string, v: Verdict) => outcomes.filter((o) => o.kind === kind && o.verdict === v).length;
  const lines = [
    '# Held-out real fixtures: decode and round-trip',
    '',
    'Written by `npm run test:corpus` (test/corpus/fixtures.test.ts). Source: node-soap `test/request-response-samples` in `../shared/corpus/fixtures-node-soap`, each message with the `soap.wsdl` beside it.',
    'A request is decoded by the generated server (over 127.0.0.1), a response by the generated client; the value is re-encoded by the same codec and compared with the fixture\'s Body (same infoset modulo prefixes, namespace declarations and white space between elements).',
    '',
    `| | ${verdicts.join(' | ')} | total |`,
    `|---|${verdicts.map(() => '---').join('|')}|---|`,
    ...(['request', 'response'] as const).map((k) => `| ${k}s | ${verdicts.map((v) => count(k, v)).join(' | ')} | ${outcomes.filter((o) => o.kind === k).length} |`),
    '',
    '## Messages that are refused or not run, and why',
    '',
    '| fixture | message | verdict | operation | detail | xmllint (envelope + WSDL schemas) | why |',
    '|---|---|---|---|---|---|---|',
  ];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const o of outcomes) {
    if (o.verdict === 'round-trip' || o.verdict === 'fault decoded') continue;
    const key = `${o.fixture}/${o.kind}`;
    const why = KNOWN_INVALID[key] ?? KNOWN_GAPS[key] ?? (agreedInvalid(o) ? 'invalid: refused by both (see xmllint)' : encodedGap(o) ? 'gap: document/encoded or a foreign encodingStyle (W2T754): no method' : '**unexplained**');
    const lint = o.xmllint === undefined ? '' : o.xmllint === '' ? 'valid' : /parser error/.test(o.xmllint) ? `n/a: xmllint cannot load the schemas or the message (${o.xmllint})` : o.xmllint;
    lines.push(`| ${cell(o.fixture)} | ${o.kind} | ${o.verdict} | ${o.operation ?? ''} | ${cell(o.detail)} | ${cell(lint)} | ${cell(why)} |`);
  }
  lines.push('', '## Every message', '', '| fixture | message | verdict | operation | note |', '|---|---|---|---|---|');
  for (const o of outcomes) lines.push(`| ${cell(o.fixture)} | ${o.kind} | ${o.verdict} | ${o.operation ?? ''} | ${o.verdict === 'round-trip' ? cell(o.detail) : ''} |`);
  return `${lines.join('\n')}\n`;
}

describe('held-out real fixtures (node-soap request-response-samples)', () => {
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    if (!existsSync(SAMPLES)) throw new Error(`the shared corpus is missing: ${SAMPLES} (set WSDL2TS_CORPUS, or put the corpus at ../shared/corpus beside the repository)`);
    const dirs = readdirSync(SAMPLES, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(SAMPLES, d.name, 'soap.wsdl')))
      .map((d) => d.name)
      .sort();
    for (const d of dirs) outcomes.push(...(await runFixture(nodeSoapPair(path.join(SAMPLES, d)))));
    // More fixtures in the same layout (e.g. the held-out set): WSDL2TS_FIXTURES=dir[:dir…], each holding
    // <Operation>__<description>/ folders with a soap.wsdl and request.xml / response.xml.
    for (const extra of (process.env.WSDL2TS_FIXTURES ?? '').split(path.delimiter).filter(Boolean)) {
      const root = path.resolve(extra);
      for (const d of readdirSync(root).filter((n) => existsSync(path.join(root, n, 'soap.wsdl'))).sort()) {
        outcomes.push(...(await runFixture({ ...nodeSoapPair(path.join(root, d)), fixture: `${path.basename(root)}:${d}` })));
      }
    }
    mkdirSync(path.dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, report(outcomes));
  }, 30 * 60 * 1000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('the comparator: encodingStyle by scope, SOAP encoding equivalences only for encoded messages', () => {
    const env = (bodyAttr: string, inner: string) => parse(`<s:Envelope xmlns:s="${S11}" xmlns:xsi="${XSI}" xmlns:e="${SOAP_ENC}"><s:Body${bodyAttr}>${inner}</s:Body></s:Envelope>`);
    const diff = (a: Element, b: Element, binding: string | undefined, encoded: boolean, notes: string[] = []) => {
      const x = bodyChildren(a);
      const y = bodyChildren(b);
      return firstDifference(x.children.map((c) => canon(c, inheritedStyle(x.body, binding))), y.children.map((c) => canon(c, inheritedStyle(y.body, binding))), '/Envelope/Body', notes, encoded);
    };
    const style = ` s:encodingStyle="${SOAP_ENC}"`;
    // Declared on the Body or on the wrapper: the same style is in effect.
    const notes: string[] = [];
    expect(diff(env(style, '<w><a>1</a></w>'), env('', `<w${style}><a>1</a></w>`), undefined, false, notes)).toBe('');
    expect(notes.join(' ')).toContain('the same encodingStyle, declared on an ancestor in the fixture and here');
    // A part that switches the encoding off ("" : no claims) is a difference, not a placement.
    expect(diff(env(style, '<w><a s:encodingStyle="">1</a></w>'), env('', `<w${style}><a>1</a></w>`), undefined, false)).toContain('/Envelope/Body/w/a: the encodingStyle in effect "" became "http://schemas.xmlsoap.org/soap/encoding/"');
    // Nothing declared: the binding's encodingStyle is the one in effect (SOAP 1.1 has no default encoding).
    expect(diff(env('', '<w><a>1</a></w>'), env('', `<w${style}><a>1</a></w>`), SOAP_ENC, false)).toBe('');
    expect(diff(env('', '<w><a>1</a></w>'), env('', `<w${style}><a>1</a></w>`), undefined, false)).toContain('the encodingStyle in effect "(none)"');
    // Encoded only: member order, omitted vs nil, an explicit xsi:type; never in literal messages.
    const fixture = env('', '<w><b>2</b><a>1</a></w>');
    const again = env('', '<w><a xsi:type="xsd:int">1</a><b>2</b><c xsi:nil="true"/></w>');
    expect(diff(fixture, again, SOAP_ENC, true)).toBe('');
    expect(diff(fixture, again, undefined, false)).toContain('/Envelope/Body/w/b: element {}b became {}a');
    // Array items keep their order, and a different size stays a difference.
    expect(diff(env('', '<w><l e:arrayType="xsd:int[2]"><i>2</i><i>1</i></l></w>'), env('', '<w><l e:arrayType="xsd:int[2]"><i>1</i><i>2</i></l></w>'), SOAP_ENC, true)).toContain('text "2" became "1"');
    expect(diff(env('', '<w><l e:arrayType="xsd:int[2]"><i>1</i><i>2</i></l></w>'), env('', '<w><l e:arrayType="xsd:int[3]"><i>1</i><i>2</i></l></w>'), SOAP_ENC, true)).toContain('attributes');
  });

  test('there are fixtures', () => {
    expect(outcomes.length).toBeGreaterThan(100);
  });

  test('every valid message decodes and re-encodes to the same infoset', () => {
    const bad = outcomes.filter((o) => o.verdict !== 'round-trip' && o.verdict !== 'fault decoded' && !agreedInvalid(o) && !encodedGap(o) && !KNOWN_INVALID[`${o.fixture}/${o.kind}`] && !KNOWN_GAPS[`${o.fixture}/${o.kind}`]);
    expect(bad.map((o) => `${o.fixture}/${o.kind}: ${o.verdict}: ${o.detail}`)).toEqual([]);
  });

  test('every known-invalid message is refused with a path', () => {
    const invalid = outcomes.filter((o) => KNOWN_INVALID[`${o.fixture}/${o.kind}`]);
    expect(invalid.length).toBe(Object.keys(KNOWN_INVALID).length);
    // A refused message names the path; an invalid WSDL is refused at generation time with a located diagnostic.
    const refusedWithPath = (o: Outcome) =>
      (o.verdict === 'refused' && /\[path \/|no operation takes the body element|not well-formed/.test(o.detail)) ||
      (o.verdict === 'not generated' && /^[^:]+:\d+:\d+ W2T\d+ /.test(o.detail)) ||
      (o.verdict === 'no method' && /^W2T512 /.test(o.detail));
    for (const o of invalid) expect({ key: `${o.fixture}/${o.kind}`, verdict: o.verdict, refusedWithPath: refusedWithPath(o) }).toEqual({ key: `${o.fixture}/${o.kind}`, verdict: o.verdict, refusedWithPath: true });
  });

  test('the known gaps are still gaps (a fixed one must leave KNOWN_GAPS)', () => {
    const fixed = outcomes.filter((o) => KNOWN_GAPS[`${o.fixture}/${o.kind}`] && (o.verdict === 'round-trip' || o.verdict === 'fault decoded'));
    expect(fixed.map((o) => `${o.fixture}/${o.kind}`)).toEqual([]);
  });
});
