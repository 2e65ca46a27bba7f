/**
 * SOAP 1.1 section 5 encoding ("rpc/encoded"), and SOAP 1.2's (Part 2 section 3), for the rpc wrappers of encoded operations, driven by the same schema
 * description as the literal codecs (schema-desc.ts). Kept apart from schema.ts because the rules differ: every value
 * carries xsi:type, arrays are soapenc:Array with soapenc:arrayType, struct members are matched by name, and values
 * may be multi-references (`href="#id"` pointing at an independent element, a sibling of the wrapper in the Body, as
 * gSOAP and Axis 1 write them).
 *
 * Decoding reads the Body's children: the wrapper first, then the independent elements, each kept as standalone XML
 * in a Map by id (never an object: `id="__proto__"` is just a key). An href is resolved by decoding its target with the
 * expected type, once per (id, type): shared targets give one shared value. A target that is being decoded when it is
 * reached again is a cycle, refused; chains of references are bounded (MAX_REF_DEPTH), as is the whole document by the
 * reader's limits. Offset, partial, sparse and multi-dimensional arrays are refused with a message that says so.
 *
 * SOAP 1.2 encoding differs in spelling, not in model: references are `enc:ref="id"` to an element carrying
 * `enc:id="id"` (inline, where the value first occurs, or after the wrapper), arrays carry `enc:itemType` and
 * `enc:arraySize`, encodingStyle is in the SOAP 1.2 envelope namespace and may not be on the Body, and a response may
 * name its return value with `rpc:result`. An inline id is a reference target once its element has been read: a
 * reference to an inline id that comes later in the message is refused (gSOAP and .NET write the value first).
 */
import type { ElementCodec } from './document';
import { readNil, rawXml, setOwn } from './document';
import { DecodeError, EncodeError } from './errors';
import { escapeAttr, escapeText } from './escape';
import { XSD_BUILTINS, type XsdBuiltinName } from './lexical';
import type { AttrDesc, ComplexDesc, ElementDesc, GroupDesc, Ref, SchemaDesc, SimpleDesc, TypeDesc } from './schema-desc';
import type { Schema } from './schema';
import { ReaderLimits, XmlReader } from './xml-reader';
import { XmlWriter } from './xml-writer';
import { isBinaryKind, readBinaryValue, type XopResolver } from './xop';

export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const SOAP12_ENC_NS = 'http://www.w3.org/2003/05/soap-encoding';
const SOAP11_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP12_RPC_NS = 'http://www.w3.org/2003/05/soap-rpc';

/** The encoding's namespaces and attribute names, per SOAP version. */
interface Dialect {
  readonly v12: boolean;
  readonly env: string;
  readonly enc: string;
}
const DIALECTS: Readonly<Record<'1.1' | '1.2', Dialect>> = {
  '1.1': { v12: false, env: SOAP11_ENV_NS, enc: SOAP_ENC_NS },
  '1.2': { v12: true, env: SOAP12_ENV_NS, enc: SOAP12_ENC_NS },
};
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Longest chain of references followed while decoding one value (a → b → c …). */
export const MAX_REF_DEPTH = 64;
/** Deepest value nesting written by the encoder (a deeper value is almost surely a cycle). */
const MAX_ENCODE_DEPTH = 256;

/**
 * A wrapper codec whose body is SOAP-encoded: `encodedBody` reads the whole Body (the wrapper and its multi-refs).
 * With `anyWrapperName` (a SOAP 1.1 rpc response) the wrapper may have any name: SOAP 1.1 section 7.1 says the name
 * of the response struct is not significant ("By convention" it is the method name + "Response"), and Apache SOAP,
 * PHP and ATL Server answer with other names; the request's wrapper names the method and must match.
 * `envelopeStyle` is the soap:encodingStyle on the Envelope, in effect where the Body and the wrapper declare none.
 */
export interface EncodedElementCodec<T> extends ElementCodec<T> {
  readonly encodedBody: (r: XmlReader, path: string, limits?: Partial<ReaderLimits>, options?: { readonly anyWrapperName?: boolean; readonly envelopeStyle?: string }) => T;
}

export function isEncoded<T>(codec: ElementCodec<T> | undefined): codec is EncodedElementCodec<T> {
  return codec !== undefined && typeof (codec as Partial<EncodedElementCodec<T>>).encodedBody === 'function';
}

/** One model per schema and version, built on first use: generated modules create every wrapper codec at load. */
function modelOf(schema: Schema, desc: SchemaDesc, version: '1.1' | '1.2'): () => EncodedModel {
  return () => {
    let byVersion = models.get(schema);
    if (!byVersion) models.set(schema, (byVersion = {}));
    return (byVersion[version] ??= new EncodedModel(schema, desc, DIALECTS[version]));
  };
}

/** Builds the codec of an encoded rpc wrapper of type `ref` (see Schema.encoded). */
export function encodedCodec<T>(schema: Schema, desc: SchemaDesc, ns: number, local: string, ref: Ref, version: '1.1' | '1.2' = '1.1'): EncodedElementCodec<T> {
  const model = modelOf(schema, desc, version);
  const uri = ns ? (desc.ns[ns] ?? '') : '';
  const codec: EncodedElementCodec<T> = {
    ns: uri,
    local,
    decode(r, path) {
      return new EncodedDecoder(model(), new Map(), undefined, undefined, r.xop).wrapper(r, ref, path) as T;
    },
    encodedBody(r, path, limits, options) {
      return decodeEncodedBody(model(), r, path, uri, local, ref, limits, options?.anyWrapperName === true, options?.envelopeStyle) as T;
    },
    toXml(value, path) {
      return model().wrapperXml(ns, local, ref, value, path);
    },
    encode(w: XmlWriter, value, path) {
      w.raw(codec.toXml(value, path));
    },
  };
  return codec;
}

const models = new WeakMap<Schema, { '1.1'?: EncodedModel; '1.2'?: EncodedModel }>();

/**
 * The codec of an element holding one SOAP-encoded value of type `ref`: an encoded soap:header part (WSDL 1.1
 * section 3.7, use="encoded"), written as its header block with xsi:type on every value and soap:encodingStyle on
 * the block. A block is one value, not a struct of parts, so it may be of a simple type. Multi-reference values
 * (href/enc:ref) are refused in a header block: their targets would be other Header or Body children, which a
 * header codec does not see (gSOAP and Axis write header values inline).
 */
export function encodedValueCodec<T>(schema: Schema, desc: SchemaDesc, ns: number, local: string, ref: Ref, version: '1.1' | '1.2' = '1.1'): ElementCodec<T> {
  const model = modelOf(schema, desc, version);
  const codec: ElementCodec<T> = {
    ns: ns ? (desc.ns[ns] ?? '') : '',
    local,
    decode(r, path) {
      return new EncodedDecoder(model(), new Map(), undefined, 'a SOAP header block', r.xop).value(r, ref, path, false) as T;
    },
    toXml(value, path) {
      return model().valueXml(ns, local, ref, value, path);
    },
    encode(w: XmlWriter, value, path) {
      w.raw(codec.toXml(value, path));
    },
  };
  return codec;
}

/** At the Body's start tag: the wrapper (which must come first), then independent elements with an id. */
function decodeEncodedBody(model: EncodedModel, r: XmlReader, path: string, ns: string, local: string, ref: Ref, limits: Partial<ReaderLimits> | undefined, anyWrapperName: boolean, envelopeStyle: string | undefined): unknown {
  // SOAP 1.1 section 4.1.1: the nearest encodingStyle is in effect; the Body's, else the Envelope's, covers the
  // wrapper and the independent elements unless they declare their own.
  const outerStyle = r.attr(model.d.env, 'encodingStyle') ?? envelopeStyle;
  let wrapper: string | undefined;
  let wrapperLocal = local;
  const refs = new Map<string, string>();
  // An MTOM/XOP message: the raw wrapper and values keep their xop:Include elements, resolved when they are decoded.
  const xop = r.xop;
  r.xop = undefined;
  try {
    while (r.nextChild()) {
      if (wrapper === undefined) {
        wrapperLocal = r.local;
        if (!anyWrapperName && (r.ns !== ns || r.local !== local)) throw new DecodeError(`${path}: expected {${ns}}${local}, found {${r.ns}}${r.local}`, `${path}/${r.local}`);
        wrapper = r.readRaw();
        continue;
      }
      const id = model.d.v12 ? r.attr(SOAP12_ENC_NS, 'id') : r.attr('', 'id');
      if (id === undefined) throw new DecodeError(`${path}: {${r.ns}}${r.local} after the rpc wrapper has no id (only multi-reference values may follow it)`, `${path}/${r.local}`);
      if (refs.has(id)) throw new DecodeError(`${path}: the id ${JSON.stringify(id.slice(0, 64))} is used twice`, `${path}/${r.local}`);
      refs.set(id, r.readRaw());
    }
  } finally {
    r.xop = xop;
  }
  if (wrapper === undefined) throw new DecodeError(`${path}: the body is empty (expected {${ns}}${local})`, path);
  if (outerStyle !== undefined && refs.size > 0) checkStyle(model.d, outerStyle, path);
  const wr = new XmlReader(wrapper, limits);
  wr.xop = xop;
  wr.readRoot();
  return new EncodedDecoder(model, refs, limits, undefined, xop).wrapper(wr, ref, `${path}/${wrapperLocal}`, outerStyle);
}

interface Member {
  readonly el: string;
  readonly ns: string;
  readonly type: Ref;
  readonly prop: string;
  readonly min: number;
  readonly repeated: boolean;
  readonly nillable: boolean;
}

/** What the encoding needs from the description, computed once per type. */
class EncodedModel {
  private readonly members = new Map<string, Member[]>();
  private readonly subtypes = new Map<string, string[]>();
  private readonly byName = new Map<string, string>();
  private nsDecls: string | undefined;

  constructor(
    readonly schema: Schema,
    readonly desc: SchemaDesc,
    readonly d: Dialect,
  ) {
    for (const key of Object.keys(desc.types)) {
      const t = desc.types[key]!;
      const name = typeName(t);
      if (name) this.byName.set(`{${this.uri(name[0])}}${name[1]}`, key);
      if (isSimple(t)) continue;
      const base = t.extends ?? t.restricts;
      if (base === undefined) continue;
      const list = this.subtypes.get(base);
      if (list) list.push(key);
      else this.subtypes.set(base, [key]);
    }
  }

  uri(i: number | undefined): string {
    if (!i) return '';
    const u = this.desc.ns[i];
    if (u === undefined) throw new Error(`schema description: no namespace #${i}`);
    return u;
  }

  type(ref: Ref): TypeDesc | undefined {
    return Object.prototype.hasOwnProperty.call(this.desc.types, ref) ? this.desc.types[ref] : undefined;
  }

  complex(ref: Ref): ComplexDesc | undefined {
    const t = this.type(ref);
    return t && !isSimple(t) ? t : undefined;
  }

  /** The description key of the type named {ns}local. */
  keyOf(ns: string, local: string): string | undefined {
    return this.byName.get(`{${ns}}${local}`);
  }

  /** `ref` itself or one of its (transitive) subtypes. */
  derivesFrom(key: string, ref: Ref): boolean {
    for (let cur: string | undefined = key, n = 0; cur !== undefined && n < 64; n++) {
      if (cur === ref) return true;
      const d = this.complex(cur);
      cur = d ? (d.extends ?? d.restricts) : undefined;
    }
    return false;
  }

  hasSubtypes(ref: Ref): boolean {
    return (this.subtypes.get(ref)?.length ?? 0) > 0;
  }

  /** Base chain, root first. */
  chain(ref: Ref): ComplexDesc[] {
    const out: ComplexDesc[] = [];
    const seen = new Set<string>();
    for (let cur: string | undefined = ref; cur !== undefined && !seen.has(cur); ) {
      const d = this.complex(cur);
      if (!d) break;
      seen.add(cur);
      out.unshift(d);
      cur = d.extends ?? d.restricts;
    }
    return out;
  }

  isMixed(ref: Ref): boolean {
    return this.chain(ref).some((d) => !!d.mixed);
  }

  /** A struct's members in order (its base's first), flattened: SOAP encoding matches them by name. */
  membersOf(ref: Ref): Member[] {
    let m = this.members.get(ref);
    if (m) return m;
    const groups: GroupDesc[] = [];
    for (const d of this.chain(ref)) {
      if (d.restricts !== undefined) groups.length = 0;
      if (d.content) groups.push(d.content);
    }
    m = [];
    const walk = (g: GroupDesc, optional: boolean, repeated: boolean) => {
      const list = 'seq' in g ? g.seq : 'choice' in g ? g.choice : g.all;
      const opt = optional || (g.min ?? 1) === 0 || 'choice' in g;
      const rep = repeated || (g.max ?? 1) !== 1;
      for (const p of list) {
        if ('el' in p) m!.push(member(p, this.uri(p.ns), opt, rep));
        else if ('any' in p) continue;
        else walk(p, opt, rep);
      }
    };
    for (const g of groups) walk(g, false, false);
    this.members.set(ref, m);
    return m;
  }

  attrsOf(ref: Ref): AttrDesc[] {
    return this.chain(ref).flatMap((d) => d.attrs ?? []);
  }

  /** xsi:type of a value of `ref` as [namespace, local], when it has a name on the wire. */
  xsiName(ref: Ref): [string, string] | undefined {
    if (ref.startsWith('xs:')) return [XSD_NS, ref.slice(3)];
    const t = this.type(ref);
    if (!t) return undefined;
    const name = typeName(t);
    if (name) return [this.uri(name[0]), name[1]];
    if (isSimple(t)) return 'atomic' in t ? this.xsiName(t.atomic) : [XSD_NS, 'string'];
    return undefined;
  }

  /** The built-in a simple type ultimately is (for its xsi:type when it has no name). */
  builtinOf(ref: Ref): XsdBuiltinName | undefined {
    for (let cur = ref, n = 0; n < 64; n++) {
      if (cur.startsWith('xs:')) return cur.slice(3) as XsdBuiltinName;
      const t = this.type(cur);
      if (!t || !isSimple(t) || !('atomic' in t)) return undefined;
      cur = t.atomic;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Encoding

  /** Prefixes: xsi, xsd, soapenc, se (the SOAP 1.1 envelope, for encodingStyle) and ns<i> for the description's. */
  private declarations(): string {
    if (this.nsDecls !== undefined) return this.nsDecls;
    let s = ` xmlns:se="${this.d.env}" xmlns:soapenc="${this.d.enc}" xmlns:xsi="${XSI_NS}" xmlns:xsd="${XSD_NS}"`;
    for (let i = 1; i < this.desc.ns.length; i++) {
      const u = this.desc.ns[i]!;
      if (u === '' || u === XML_NS || u === XSI_NS) continue;
      s += ` xmlns:ns${i}="${escapeAttr(u, '')}"`;
    }
    this.nsDecls = s;
    return s;
  }

  /** The QName of {ns}local with this module's prefixes (a namespace the description lacks is refused). */
  qname(ns: string, local: string, path: string): string {
    if (ns === XSD_NS) return `xsd:${local}`;
    if (ns === this.d.enc) return `soapenc:${local}`;
    if (ns === '') return local;
    const i = this.desc.ns.indexOf(ns);
    if (i <= 0) throw new EncodeError(`no prefix for the namespace ${ns} at ${path}`, path);
    return `ns${i}:${local}`;
  }

  /** One encoded value as the element {ns}local, carrying the declarations and soap:encodingStyle itself. */
  valueXml(ns: number, local: string, ref: Ref, value: unknown, path: string): string {
    const tag = ns && this.uri(ns) !== '' ? `ns${ns}:${local}` : local;
    if (value === undefined) throw new EncodeError(`missing value for ${local} at ${path}`, path);
    const xml = new EncodedWriter(this).value(tag, ref, value, false, path, 0);
    // Raw XML (an untyped or mixed value) is written as given: it must be the element itself.
    if (!xml.startsWith(`<${tag}`) || !/^[\s/>]/.test(xml.charAt(tag.length + 1))) throw new EncodeError(`raw XML for ${local} must be the element <${tag}> itself at ${path}`, path);
    return `<${tag}${this.declarations()} se:encodingStyle="${this.d.enc}"${xml.slice(tag.length + 1)}`;
  }

  wrapperXml(ns: number, local: string, ref: Ref, value: unknown, path: string): string {
    const tag = ns && this.uri(ns) !== '' ? `ns${ns}:${local}` : local;
    const obj = structValue(value, ref, path);
    const body = new EncodedWriter(this).members(ref, obj, path, 0);
    return `<${tag}${this.declarations()} se:encodingStyle="${this.d.enc}">${body}</${tag}>`;
  }
}

function member(p: ElementDesc, ns: string, optional: boolean, repeated: boolean): Member {
  return { el: p.el, ns, type: p.type, prop: p.prop ?? p.el, min: optional ? 0 : (p.min ?? 1), repeated: repeated || (p.max ?? 1) !== 1, nillable: !!p.nillable };
}

class EncodedWriter {
  private readonly open = new Set<object>();

  constructor(private readonly m: EncodedModel) {}

  members(ref: Ref, obj: Record<string, unknown>, path: string, depth: number): string {
    let s = '';
    for (const mb of this.m.membersOf(ref)) {
      const v = Object.prototype.hasOwnProperty.call(obj, mb.prop) ? obj[mb.prop] : undefined;
      const tag = mb.ns === '' ? mb.el : this.m.qname(mb.ns, mb.el, path);
      const mpath = `${path}/${mb.el}`;
      if (v === undefined) {
        if (mb.min > 0) throw new EncodeError(`missing required element ${mb.el} at ${path}`, path);
        continue;
      }
      if (mb.repeated) {
        if (!Array.isArray(v)) throw new EncodeError(`${mb.prop} must be an array at ${path}`, path);
        for (let i = 0; i < v.length; i++) s += this.value(tag, mb.type, v[i], mb.nillable, `${mpath}[${i}]`, depth + 1);
      } else s += this.value(tag, mb.type, v, mb.nillable, mpath, depth + 1);
    }
    return s;
  }

  value(tag: string, ref: Ref, v: unknown, nillable: boolean, path: string, depth: number): string {
    if (depth > MAX_ENCODE_DEPTH) throw new EncodeError(`the value is nested more than ${MAX_ENCODE_DEPTH} levels deep at ${path}`, path);
    if (v === null) {
      if (!nillable) throw new EncodeError(`${tag.replace(/^[^:]*:/, '')} is not nillable at ${path}`, path);
      return `<${tag} xsi:nil="true"/>`;
    }
    if (ref === 'raw' || ref === 'xs:anyType') return this.untyped(tag, v, path, depth);
    const t = this.m.type(ref);
    if (ref.startsWith('xs:') || (t && isSimple(t))) return this.simple(tag, ref, v, path);
    const d = this.m.complex(ref);
    if (!d) return this.untyped(tag, v, path, depth);
    if (d.encArray !== undefined) return this.array(tag, d.encArray, v, path, depth);
    if (this.m.isMixed(ref)) return rawXml(v, path);
    if (typeof v !== 'object') throw new EncodeError(`expected an object for ${ref} at ${path}`, path);
    if (this.open.has(v)) throw new EncodeError(`the value refers to itself (a cycle) at ${path}`, path);
    let key = ref;
    const $type = (v as { $type?: unknown }).$type;
    if ($type !== undefined && $type !== ref) {
      if (typeof $type !== 'string' || !this.m.complex($type) || !this.m.derivesFrom($type, ref)) throw new EncodeError(`${String($type)} is not ${ref} or a type derived from it at ${path}`, path);
      key = $type;
    }
    if (this.m.complex(key)!.abstract) throw new EncodeError(`${key} is abstract: set $type to a derived type at ${path}`, path);
    const name = this.m.xsiName(key);
    const xsiType = name ? ` xsi:type="${this.m.qname(name[0], name[1], path)}"` : '';
    const obj = v as Record<string, unknown>;
    this.open.add(obj);
    try {
      const attrs = this.attributes(key, obj, path);
      const text = [...this.m.chain(key)].reverse().find((c) => c.text !== undefined)?.text;
      if (text !== undefined) {
        const x = Object.prototype.hasOwnProperty.call(obj, '$value') ? obj.$value : undefined;
        return `<${tag}${xsiType}${attrs}>${escapeText(this.m.schema.simpleCodec(text).format(x, path), path)}</${tag}>`;
      }
      const body = this.members(key, obj, path, depth);
      return body === '' ? `<${tag}${xsiType}${attrs}/>` : `<${tag}${xsiType}${attrs}>${body}</${tag}>`;
    } finally {
      this.open.delete(obj);
    }
  }

  private attributes(ref: Ref, obj: Record<string, unknown>, path: string): string {
    let s = '';
    for (const a of this.m.attrsOf(ref)) {
      const prop = a.prop ?? a.attr;
      const x = Object.prototype.hasOwnProperty.call(obj, prop) ? obj[prop] : undefined;
      if (x === undefined) {
        if (a.required) throw new EncodeError(`missing required attribute ${a.attr} at ${path}`, path);
        continue;
      }
      const name = a.ns ? this.m.qname(this.m.uri(a.ns), a.attr, path) : a.attr;
      s += ` ${name}="${escapeAttr(this.m.schema.simpleCodec(a.type).format(x, `${path}/@${a.attr}`), path)}"`;
    }
    return s;
  }

  private simple(tag: string, ref: Ref, v: unknown, path: string): string {
    const codec = this.m.schema.simpleCodec(ref);
    if (codec.scoped) throw new EncodeError(`QName values are not supported in SOAP-encoded messages at ${path}`, path);
    const name = this.m.xsiName(ref) ?? [XSD_NS, this.m.builtinOf(ref) ?? 'string'];
    return `<${tag} xsi:type="${this.m.qname(name[0], name[1], path)}">${escapeText(codec.format(v, path), path)}</${tag}>`;
  }

  private array(tag: string, item: Ref, v: unknown, path: string, depth: number): string {
    if (!Array.isArray(v)) throw new EncodeError(`expected an array at ${path}`, path);
    if (this.open.has(v)) throw new EncodeError(`the value refers to itself (a cycle) at ${path}`, path);
    const itemName = item === 'raw' || item === 'xs:anyType' ? ([XSD_NS, 'anyType'] as [string, string]) : this.m.xsiName(item);
    if (!itemName) throw new EncodeError(`the array's item type ${item} has no name to put in soapenc:arrayType at ${path}`, path);
    const nillable = !!this.m.complex(item) || item === 'raw' || item === 'xs:anyType';
    this.open.add(v);
    try {
      let s = '';
      for (let i = 0; i < v.length; i++) {
        if (v[i] === undefined) throw new EncodeError(`item ${i} is missing at ${path}`, path);
        s += this.value('item', item, v[i], nillable, `${path}[${i}]`, depth + 1);
      }
      const q = this.m.qname(itemName[0], itemName[1], path);
      const head = this.m.d.v12 ? `<${tag} soapenc:itemType="${q}" soapenc:arraySize="${v.length}"` : `<${tag} xsi:type="soapenc:Array" soapenc:arrayType="${q}[${v.length}]"`;
      return s === '' ? `${head}/>` : `${head}>${s}</${tag}>`;
    } finally {
      this.open.delete(v);
    }
  }

  /** anyType: the xsi:type follows the JavaScript value (raw XML is written as given). */
  private untyped(tag: string, v: unknown, path: string, depth: number): string {
    switch (typeof v) {
      case 'string':
        return this.simple(tag, 'xs:string', v, path);
      case 'boolean':
        return this.simple(tag, 'xs:boolean', v, path);
      case 'bigint':
        return `<${tag} xsi:type="xsd:integer">${v.toString()}</${tag}>`;
      case 'number':
        return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? this.simple(tag, 'xs:int', v, path) : this.simple(tag, 'xs:double', v, path);
      case 'object':
        if (Array.isArray(v)) return this.array(tag, 'raw', v, path, depth);
        if (v !== null && typeof (v as { xml?: unknown }).xml === 'string') return rawXml(v, path);
        break;
    }
    throw new EncodeError(`a value typed anyType must be a string, number, boolean, bigint, array or raw XML { xml } at ${path}`, path);
  }
}

class EncodedDecoder {
  private readonly done = new Map<string, unknown>();
  private readonly active = new Set<string>();
  /** Ids of inline values already read (SOAP 1.2). */
  private readonly inline = new Set<string>();
  private refDepth = 0;

  constructor(
    private readonly m: EncodedModel,
    private readonly refs: ReadonlyMap<string, string>,
    private readonly limits: Partial<ReaderLimits> | undefined,
    /** Set where no multi-reference target can be seen (a header block): references are refused, saying so. */
    private readonly noRefsIn: string | undefined = undefined,
    private readonly xop: XopResolver | undefined = undefined,
  ) {}

  /** The rpc wrapper: a struct of the parts (the reader is at its start tag); `inherited`: the Body's or Envelope's encodingStyle. */
  wrapper(r: XmlReader, ref: Ref, path: string, inherited?: string): unknown {
    checkEncodingAttributes(r, path, []);
    const style = r.attr(this.m.d.env, 'encodingStyle') ?? inherited;
    if (style !== undefined) checkStyle(this.m.d, style, path);
    return this.struct(r, ref, path, false, this.m.d.v12);
  }

  /** The value of the element at the reader's start tag, expected to be of type `ref`. */
  value(r: XmlReader, ref: Ref, path: string, nillable: boolean, target = false): unknown {
    const v12 = this.m.d.v12;
    const style = r.attr(this.m.d.env, 'encodingStyle');
    if (style !== undefined) checkStyle(this.m.d, style, path);
    const href = v12 ? r.attr(SOAP12_ENC_NS, 'ref') : r.attr('', 'href');
    if (href !== undefined) {
      if (r.readText().trim() !== '') throw new DecodeError(`an element with ${v12 ? 'enc:ref' : 'href'} must be empty at ${path}`, path);
      return this.resolve(href, ref, path, nillable);
    }
    // An inline value with an id (SOAP 1.2, or Axis-style SOAP 1.1): later references to the id share it.
    const id = target ? undefined : v12 ? r.attr(SOAP12_ENC_NS, 'id') : undefined;
    if (id !== undefined) {
      if (this.refs.has(id) || this.inline.has(id)) throw new DecodeError(`the id ${JSON.stringify(id.slice(0, 64))} is used twice at ${path}`, path);
      const key = `${ref}\u0000${id}`;
      this.inline.add(id);
      this.active.add(key);
      try {
        const value = this.plain(r, ref, path, nillable);
        this.done.set(key, value);
        return value;
      } finally {
        this.active.delete(key);
      }
    }
    return this.plain(r, ref, path, nillable);
  }

  private plain(r: XmlReader, ref: Ref, path: string, nillable: boolean): unknown {
    if (r.isNil()) {
      if (!nillable) throw new DecodeError(`xsi:nil on a value that may not be nil at ${path}`, path);
      return readNil(r, path);
    }
    return this.own(r, ref, path);
  }

  private resolve(href: string, ref: Ref, path: string, nillable: boolean): unknown {
    if (this.noRefsIn !== undefined) throw new DecodeError(`multi-reference values (${this.m.d.v12 ? 'enc:ref' : 'href'}) are not supported in ${this.noRefsIn} at ${path}`, path);
    let id: string;
    if (this.m.d.v12) id = href.trim();
    else {
      if (!href.startsWith('#')) throw new DecodeError(`href ${JSON.stringify(href.slice(0, 64))} is not a local reference (#id); references to other documents are not supported at ${path}`, path);
      id = href.slice(1);
    }
    const key = `${ref}\u0000${id}`;
    if (this.done.has(key)) return this.done.get(key);
    if (this.active.has(key)) throw new DecodeError(`the reference to "${id.slice(0, 64)}" refers back to a value that contains it (a cycle) at ${path}`, path);
    if (this.inline.has(id)) throw new DecodeError(`the reference to "${id.slice(0, 64)}" expects ${ref}, but the value with that id was read as another type at ${path}`, path);
    const xml = this.refs.get(id);
    if (xml === undefined)
      throw new DecodeError(
        this.m.d.v12
          ? `enc:ref="${id.slice(0, 64)}" refers to no value read so far nor to an element after the wrapper (a reference must follow its inline value) at ${path}`
          : `href="#${id.slice(0, 64)}" refers to no element after the wrapper in the Body (only those are reference targets) at ${path}`,
        path,
      );
    if (this.refDepth >= MAX_REF_DEPTH) throw new DecodeError(`references nested more than ${MAX_REF_DEPTH} deep at ${path}`, path);
    this.active.add(key);
    this.refDepth++;
    try {
      const r = new XmlReader(xml, this.limits);
      r.xop = this.xop;
      r.readRoot();
      const value = this.value(r, ref, `${path}(#${id.slice(0, 64)})`, nillable, true);
      this.done.set(key, value);
      return value;
    } finally {
      this.refDepth--;
      this.active.delete(key);
    }
  }

  /** A value that is not a reference: its xsi:type (when given) must be the expected type or derive from it. */
  private own(r: XmlReader, ref: Ref, path: string): unknown {
    const xsiType = r.xsiType();
    if (ref === 'raw' || ref === 'xs:anyType') return this.untyped(r, xsiType, path);
    const t = this.m.type(ref);
    if (ref.startsWith('xs:') || (t && isSimple(t))) {
      if (xsiType) this.checkSimpleType(xsiType, ref, path);
      return this.simple(r, ref, path);
    }
    const d = this.m.complex(ref);
    if (!d || this.m.isMixed(ref)) return { xml: r.readRaw() };
    if (d.encArray !== undefined) {
      if (xsiType && !(xsiType[0] === this.m.d.enc && xsiType[1] === 'Array') && this.m.keyOf(xsiType[0], xsiType[1]) !== ref)
        throw new DecodeError(`xsi:type {${xsiType[0]}}${xsiType[1]} is not an array at ${path}`, path);
      return this.array(r, d.encArray, path);
    }
    let key = ref;
    if (xsiType) {
      const named = this.m.keyOf(xsiType[0], xsiType[1]);
      if (named === undefined || !this.m.derivesFrom(named, ref)) throw new DecodeError(`xsi:type {${xsiType[0]}}${xsiType[1]} is not ${ref} or a type derived from it at ${path}`, path);
      key = named;
    }
    if (this.m.complex(key)!.abstract) throw new DecodeError(`${key} is abstract: the value needs the xsi:type of a derived type at ${path}`, path);
    return this.struct(r, key, path, key !== ref || this.m.hasSubtypes(ref));
  }

  private checkSimpleType(xsiType: [string, string], ref: Ref, path: string): void {
    const [ns, local] = xsiType;
    const expected = this.m.builtinOf(ref);
    if (ns === XSD_NS || ns === SOAP_ENC_NS) {
      const given = ns === SOAP_ENC_NS && local === 'base64' ? 'base64Binary' : local;
      if (Object.prototype.hasOwnProperty.call(XSD_BUILTINS, given) && expected && builtinDerives(given as XsdBuiltinName, expected)) return;
      // A user simple type restricting a built-in: the built-in's own name is what most toolkits write.
      if (expected && ref.startsWith('xs:') === false && builtinDerives(expected, given as XsdBuiltinName)) return;
    } else {
      const key = this.m.keyOf(ns, local);
      if (key === ref) return;
    }
    throw new DecodeError(`xsi:type {${ns}}${local} is not ${ref.startsWith('xs:') ? `xsd:${ref.slice(3)}` : ref} or a type derived from it at ${path}`, path);
  }

  private simple(r: XmlReader, ref: Ref, path: string): unknown {
    const codec = this.m.schema.simpleCodec(ref);
    checkEncodingAttributes(r, path, []);
    if (r.xop !== undefined && isBinaryKind(codec.kind)) return readBinaryValue(r, codec.parse, codec.kind, path);
    const scope = codec.scoped ? r.scopeSnapshot() : undefined;
    return codec.parse(r.readText(), path, scope);
  }

  /** anyType: a built-in's value, a named struct or an array by xsi:type; without one, raw XML. */
  private untyped(r: XmlReader, xsiType: [string, string] | undefined, path: string): unknown {
    if (!xsiType) return { xml: r.readRaw() };
    const [ns, local] = xsiType;
    if (ns === this.m.d.enc && local === 'Array') return this.array(r, 'raw', path);
    if (ns === XSD_NS || ns === SOAP_ENC_NS) {
      const name = ns === SOAP_ENC_NS && local === 'base64' ? 'base64Binary' : local;
      if (name === 'anyType') return { xml: r.readRaw() };
      if (Object.prototype.hasOwnProperty.call(XSD_BUILTINS, name)) return this.simple(r, `xs:${name}`, path);
      throw new DecodeError(`xsi:type {${ns}}${local} is not a built-in type at ${path}`, path);
    }
    const key = this.m.keyOf(ns, local);
    if (key === undefined) return { xml: r.readRaw() };
    return this.own(r, key, path);
  }

  private array(r: XmlReader, item: Ref, path: string): unknown[] {
    if (this.m.d.v12) return this.array12(r, item, path);
    if (r.attr(SOAP_ENC_NS, 'offset') !== undefined) throw new DecodeError(`partially transmitted arrays (soapenc:offset) are not supported at ${path}`, path);
    checkEncodingAttributes(r, path, []);
    const at = r.attr(SOAP_ENC_NS, 'arrayType');
    let size: number | undefined;
    let itemType: [string, string] | undefined;
    if (at !== undefined) {
      const m = /^\s*(?:([^\s:[\]]+):)?([^\s:[\]]+)((?:\[[^\]]*\])+)\s*$/.exec(at);
      if (!m) throw new DecodeError(`soapenc:arrayType ${JSON.stringify(at.slice(0, 64))} is not QName[size] at ${path}`, path);
      const dims = m[3]!.match(/\[[^\]]*\]/g)!;
      if (dims.length > 1 || dims[0]!.includes(',')) throw new DecodeError(`soapenc:arrayType ${JSON.stringify(at.slice(0, 64))}: multi-dimensional and jagged arrays are not supported at ${path}`, path);
      const n = dims[0]!.slice(1, -1).trim();
      if (n !== '') {
        if (!/^\d{1,9}$/.test(n)) throw new DecodeError(`soapenc:arrayType ${JSON.stringify(at.slice(0, 64))} has an invalid size at ${path}`, path);
        size = Number(n);
      }
      const prefix = m[1] ?? '';
      const ns = r.lookupNamespace(prefix);
      if (ns === undefined) throw new DecodeError(`soapenc:arrayType uses the undeclared prefix ${prefix} at ${path}`, path);
      itemType = [ns, m[2]!];
      this.checkItemType(itemType, item, path);
    }
    const out: unknown[] = [];
    const nillable = item === 'raw' || item === 'xs:anyType' || !!this.m.complex(item);
    while (r.nextChild()) {
      const i = out.length;
      const ipath = `${path}[${i}]`;
      if (size !== undefined && i >= size) throw new DecodeError(`the array has more items than its soapenc:arrayType says (${size}) at ${path}`, path);
      if (r.attr(SOAP_ENC_NS, 'position') !== undefined) throw new DecodeError(`sparse arrays (soapenc:position) are not supported at ${ipath}`, ipath);
      // Items without xsi:type take the arrayType's (anyType arrays: each item says its own).
      const v = itemType && (item === 'raw' || item === 'xs:anyType') && r.attr(XSI_NS, 'type') === undefined && r.attr('', 'href') === undefined && !r.isNil() ? this.untypedAs(r, itemType, ipath) : this.value(r, item, ipath, nillable);
      out.push(v);
    }
    if (size !== undefined && out.length !== size) throw new DecodeError(`the array has ${out.length} items, its soapenc:arrayType says ${size}, at ${path}`, path);
    return out;
  }

  /** SOAP 1.2 arrays: enc:itemType (a QName) and enc:arraySize ("n", "*"; several dimensions are refused). */
  private array12(r: XmlReader, item: Ref, path: string): unknown[] {
    checkEncodingAttributes(r, path, []);
    const sizeAttr = r.attr(SOAP12_ENC_NS, 'arraySize');
    let size: number | undefined;
    if (sizeAttr !== undefined) {
      const dims = sizeAttr.trim().split(/\s+/);
      if (dims.length !== 1) throw new DecodeError(`enc:arraySize ${JSON.stringify(sizeAttr.slice(0, 64))}: multi-dimensional arrays are not supported at ${path}`, path);
      if (dims[0] !== '*') {
        if (!/^\d{1,9}$/.test(dims[0]!)) throw new DecodeError(`enc:arraySize ${JSON.stringify(sizeAttr.slice(0, 64))} is not a size at ${path}`, path);
        size = Number(dims[0]);
      }
    }
    const typeAttr = r.attr(SOAP12_ENC_NS, 'itemType');
    let itemType: [string, string] | undefined;
    if (typeAttr !== undefined) {
      const t = typeAttr.trim();
      const c = t.indexOf(':');
      const prefix = c < 0 ? '' : t.slice(0, c);
      const ns = r.lookupNamespace(prefix);
      if (ns === undefined) throw new DecodeError(`enc:itemType uses the undeclared prefix ${prefix} at ${path}`, path);
      itemType = [ns, c < 0 ? t : t.slice(c + 1)];
      this.checkItemType(itemType, item, path);
    }
    const out: unknown[] = [];
    const nillable = item === 'raw' || item === 'xs:anyType' || !!this.m.complex(item);
    while (r.nextChild()) {
      const ipath = `${path}[${out.length}]`;
      if (size !== undefined && out.length >= size) throw new DecodeError(`the array has more items than its enc:arraySize says (${size}) at ${path}`, path);
      const untyped = itemType && (item === 'raw' || item === 'xs:anyType') && r.attr(XSI_NS, 'type') === undefined && r.attr(SOAP12_ENC_NS, 'ref') === undefined && !r.isNil();
      out.push(untyped ? this.untypedAs(r, itemType!, ipath) : this.value(r, item, ipath, nillable));
    }
    if (size !== undefined && out.length !== size) throw new DecodeError(`the array has ${out.length} items, its enc:arraySize says ${size}, at ${path}`, path);
    return out;
  }

  private untypedAs(r: XmlReader, t: [string, string], path: string): unknown {
    if (t[0] === XSD_NS && t[1] === 'anyType') return { xml: r.readRaw() };
    return this.untyped(r, t, path);
  }

  private checkItemType([ns, local]: [string, string], item: Ref, path: string): void {
    if (item === 'raw' || item === 'xs:anyType') return;
    if (ns === XSD_NS && local === 'anyType') return;
    if (ns === XSD_NS || ns === SOAP_ENC_NS) {
      const expected = this.m.builtinOf(item);
      const given = ns === SOAP_ENC_NS && local === 'base64' ? 'base64Binary' : local;
      if (expected && Object.prototype.hasOwnProperty.call(XSD_BUILTINS, given) && (builtinDerives(given as XsdBuiltinName, expected) || (!item.startsWith('xs:') && builtinDerives(expected, given as XsdBuiltinName)))) return;
    } else {
      const key = this.m.keyOf(ns, local);
      if (key !== undefined && (key === item || this.m.derivesFrom(key, item))) return;
    }
    throw new DecodeError(`soapenc:arrayType item type {${ns}}${local} is not ${item} or a type derived from it at ${path}`, path);
  }

  /** A struct: members by name (in any order, as SOAP 1.1 section 5.4.1 allows), repeated members in order. */
  private struct(r: XmlReader, ref: Ref, path: string, withType: boolean, rpcResult = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (withType) out.$type = ref;
    const attrs = this.m.attrsOf(ref);
    this.readAttributes(r, attrs, out, path);
    const text = [...this.m.chain(ref)].reverse().find((c) => c.text !== undefined)?.text;
    if (text !== undefined) {
      const codec = this.m.schema.simpleCodec(text);
      const scope = codec.scoped ? r.scopeSnapshot() : undefined;
      out.$value = r.xop !== undefined && isBinaryKind(codec.kind) ? readBinaryValue(r, codec.parse, codec.kind, path) : codec.parse(r.readText(), path, scope);
      return out;
    }
    const members = this.m.membersOf(ref);
    const byName = new Map<string, Member>();
    for (const mb of members) if (!byName.has(mb.el)) byName.set(mb.el, mb);
    const seen = new Set<string>();
    while (r.nextChild()) {
      // SOAP 1.2 RPC (Part 2 section 4.2.3): rpc:result names the return value's accessor, which follows as a part.
      if (rpcResult && r.ns === SOAP12_RPC_NS && r.local === 'result') {
        r.readText();
        continue;
      }
      const mb = byName.get(r.local);
      const cpath = `${path}/${r.local}`;
      if (!mb || (r.ns !== '' && r.ns !== mb.ns)) throw new DecodeError(`unexpected element {${r.ns}}${r.local} at ${path}`, cpath);
      if (mb.repeated) {
        const list = Object.prototype.hasOwnProperty.call(out, mb.prop) ? (out[mb.prop] as unknown[]) : [];
        if (list.length === 0) setOwn(out, mb.prop, list);
        list.push(this.value(r, mb.type, `${cpath}[${list.length}]`, mb.nillable || this.m.complex(mb.type) !== undefined));
        continue;
      }
      if (seen.has(mb.el)) throw new DecodeError(`${mb.el} appears twice at ${path}`, cpath);
      seen.add(mb.el);
      // A nil member that is optional (a null pointer, as gSOAP writes it) is absent.
      const v = this.value(r, mb.type, cpath, mb.nillable || mb.min === 0);
      if (v === null && !mb.nillable) continue;
      setOwn(out, mb.prop, v);
    }
    for (const mb of members) {
      if (mb.min === 0 || mb.repeated || seen.has(mb.el)) continue;
      // SOAP 1.1 section 5.1: a null value may be sent by omitting its accessor (gSOAP omits null pointers).
      if (mb.nillable) setOwn(out, mb.prop, null);
      else throw new DecodeError(`missing required element ${mb.el} at ${path}`, path);
    }
    return out;
  }

  private readAttributes(r: XmlReader, attrs: readonly AttrDesc[], out: Record<string, unknown>, path: string): void {
    checkEncodingAttributes(r, path, attrs.map((a) => `{${this.m.uri(a.ns)}}${a.attr}`));
    for (const a of attrs) {
      const v = r.attr(this.m.uri(a.ns), a.attr);
      if (v === undefined) {
        if (a.required) throw new DecodeError(`missing required attribute ${a.attr} at ${path}`, path);
        continue;
      }
      const codec = this.m.schema.simpleCodec(a.type);
      setOwn(out, a.prop ?? a.attr, codec.parse(v, `${path}/@${a.attr}`, codec.scoped ? (p) => r.lookupNamespace(p) : undefined));
    }
  }
}

/** Attributes SOAP encoding puts on values (xsi:*, soapenc:*, envelope attributes, id/href) and the declared ones. */
function checkEncodingAttributes(r: XmlReader, path: string, known: readonly string[]): void {
  const n = r.attrCount;
  for (let i = 0; i < n; i++) {
    const ns = r.attrNs(i);
    if (ns === XSI_NS || ns === SOAP_ENC_NS || ns === SOAP11_ENV_NS || ns === SOAP12_ENC_NS || ns === SOAP12_ENV_NS) continue;
    const local = r.attrLocal(i);
    if (ns === '' && (local === 'id' || local === 'href')) continue;
    if (!known.includes(`{${ns}}${local}`)) throw new DecodeError(`attribute {${ns}}${local} is not allowed at ${path}`, path);
  }
}

/**
 * An encodingStyle in effect where this codec reads must claim the dialect's encoding (SOAP 1.1 section 4.1.1: a
 * list of URIs, most specific first; a URI under the encoding's, e.g. …/soap/encoding/restricted, is a subset of its
 * rules). "" makes no claim, and then the rules the WSDL binding names apply, as when no encodingStyle is declared.
 */
function checkStyle(d: Dialect, style: string, path: string): void {
  const uris = style.trim().split(/\s+/).filter(Boolean);
  if (uris.length === 0 || uris.some((u) => u.startsWith(d.enc))) return;
  throw new DecodeError(`the encodingStyle ${JSON.stringify(style.slice(0, 120))} in effect at ${path} claims serialization rules other than SOAP ${d.v12 ? '1.2' : '1.1'} encoding (${d.enc}), which this operation's binding uses`, path);
}

/** `given` is `expected` or derived from it in the XSD built-in hierarchy. */
function builtinDerives(given: XsdBuiltinName, expected: XsdBuiltinName): boolean {
  for (let cur: XsdBuiltinName | null = given, n = 0; cur !== null && n < 32; n++) {
    if (cur === expected) return true;
    cur = XSD_BUILTINS[cur].base as XsdBuiltinName | null;
  }
  return false;
}

function structValue(value: unknown, ref: Ref, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new EncodeError(`expected an object for ${ref} at ${path}`, path);
  return value as Record<string, unknown>;
}

function isSimple(t: TypeDesc): t is SimpleDesc {
  return 'atomic' in t || 'list' in t || 'union' in t;
}

function typeName(t: TypeDesc): readonly [number, string] | undefined {
  return (t as { name?: readonly [number, string] }).name;
}
