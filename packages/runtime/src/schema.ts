/**
 * Compiles a generated schema description (schema-desc.ts) into decode/encode closures, lazily: a type is compiled
 * the first time a codec needs it, once. Everything the generated straight-line code used to check is checked here:
 * order, occurrences, choices, xs:all, wildcards (namespace, occurrences, processContents="strict"), facets,
 * enumerations, fixed values, nil rules, unknown elements and attributes; errors name the path. Values are built
 * with own-property writes only, so WSDL names such as `__proto__` never touch a prototype.
 */
import { flat } from './flat-string';
import { DecodeError, EncodeError } from './errors';
import { escapeAttr, escapeText } from './escape';
import { compileFacets, type FacetChecker, type FacetKind, type FacetSpec, type FacetValue } from './facets';
import { BUILTIN_CODECS, compareDecimal, XSD_BUILTINS, type PrefixResolver, type XsdBuiltinName } from './lexical';
import type { AnyDesc, AttrDesc, ComplexDesc, ElementDesc, FacetDesc, GroupDesc, ParticleDesc, Ref, SchemaDesc, SimpleDesc, TypeDesc } from './schema-desc';
import type { AnyAttribute, RawXml } from './values';
import { XmlReader } from './xml-reader';
import { encodedCodec, encodedValueCodec, type EncodedElementCodec } from './encoded';
import { internName } from './xml-intern';
import { compileXsdPattern } from './xsd-regex';
import { isBinaryKind, readBinaryValue, xopIncludeFor } from './xop';

/**
 * A base64Binary element's writer: inline base64, or, while a message is written as MTOM (xop.ts withXop) and the
 * value reaches the threshold, an xop:Include of a binary part. The value is checked as if written inline either way.
 */
function binaryWriter(s: SimpleCodec, open: string, close: string): (value: unknown, path: string) => string {
  // The built-in codec (its parse is the lexical one; a restriction wraps it): the Uint8Array check is all it does.
  const builtin = s.parse === BUILTIN_CODECS.base64Binary.parse;
  return (v, path) => {
    const include = xopIncludeFor(v);
    if (include === undefined) return open + '>' + (s.safe ? s.format(v, path) : escapeText(s.format(v, path), path)) + close;
    if (!builtin) s.format(v, path);
    return open + '>' + include + close;
  };
}
import { anyAttributes, checkAttributes, checkFixed, formatChar, parseChar, rawXml, readNil, splitList, wildcardAllows, type ElementCodec, QNameScope } from './document';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type Decode = (r: XmlReader, path: string) => unknown;
/** Reads a child's value given its parent's path (and its index, for array items). */
type ChildReader = (r: XmlReader, parent: string, index: number) => unknown;
type Encode = (open: string, close: string, value: unknown, path: string) => string;

interface SimpleCodec {
  parse(text: string, path: string, scope?: PrefixResolver): unknown;
  format(value: unknown, path: string, scope?: QNameScope): string;
  /** QName-valued: needs the element's namespace scope. */
  readonly scoped: boolean;
  /** The lexical form never holds & < >: no escaping needed. */
  readonly safe: boolean;
  readonly kind: FacetKind;
}

interface ComplexCodec {
  decode: Decode;
  encode: Encode;
}

/**
 * Decode fast paths (the content loop reading simple values itself, enumerations matched by a map lookup) are compiled
 * into schemas compiled while this is true (the default). For tests, which compare schemas compiled both ways; returns
 * the previous setting.
 */
let fastPaths = true;
export function setDecodeFastPaths(on: boolean): boolean {
  const prev = fastPaths;
  fastPaths = on;
  return prev;
}

/** Compiles a schema description; element codecs are compiled on first use. */
export function schema(desc: SchemaDesc): Schema {
  return new Schema(desc);
}

export class Schema {
  private readonly simple = new Map<string, SimpleCodec>();
  private readonly complex = new Map<string, ComplexCodec>();
  private readonly subtypesOf = new Map<string, string[]>();
  /** Every global element's codec, by `{ns}local` (generated modules create them all at load). */
  private readonly globals = new Map<string, ElementCodec<unknown>>();
  private readonly schemaNs: Set<string>;

  constructor(private readonly desc: SchemaDesc) {
    for (const key of Object.keys(desc.types)) {
      const t = desc.types[key]!;
      const base = 'atomic' in t || 'list' in t || 'union' in t ? undefined : (t.extends ?? t.restricts);
      if (base !== undefined) {
        const list = this.subtypesOf.get(base);
        if (list) list.push(key);
        else this.subtypesOf.set(base, [key]);
      }
    }
    this.schemaNs = new Set((desc.schemaNs ?? []).map((i) => this.uri(i)));
  }

  /** The codec of a global element. Compiled the first time it is used. */
  element<T>(ns: number, local: string, type: Ref, nillable?: 1): ElementCodec<T> {
    const self = this;
    let dec: Decode | undefined;
    let toXml: ((value: unknown, path: string) => string) | undefined;
    const nsUri = this.uri(ns);
    const codec: ElementCodec<T> = {
      ns: nsUri,
      local: internName(local),
      decode(r, path) {
        return (dec ??= self.elementDecoder(type, !!nillable))(r, path) as T;
      },
      toXml(value, path) {
        return (toXml ??= self.elementToXml(ns, local, type, !!nillable))(value, path);
      },
      encode(w, value, path) {
        w.raw(codec.toXml(value, path));
      },
    };
    this.globals.set(`{${nsUri}}${local}`, codec as ElementCodec<unknown>);
    return codec;
  }

  /** The codec of an rpc/encoded wrapper element (SOAP 1.1 section 5 encoding, or SOAP 1.2's with `12`; see encoded.ts). */
  encoded<T>(ns: number, local: string, type: Ref, version?: 12): EncodedElementCodec<T> {
    return encodedCodec<T>(this, this.desc, ns, local, type, version === 12 ? '1.2' : '1.1');
  }

  /** The codec of an element whose content is one SOAP-encoded value of `type` (an encoded soap:header part). */
  encodedValue<T>(ns: number, local: string, type: Ref, version?: 12): ElementCodec<T> {
    return encodedValueCodec<T>(this, this.desc, ns, local, type, version === 12 ? '1.2' : '1.1');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Names

  private uri(i: number | undefined): string {
    if (i === undefined || i === 0) return '';
    const u = this.desc.ns[i];
    if (u === undefined) throw new Error(`schema description: no namespace #${i}`);
    return internName(u);
  }

  /** The module-wide prefix of a namespace: `xml` and `xsi` are fixed, every other one is `ns<index>`. */
  private prefix(i: number): string {
    const u = this.uri(i);
    if (u === XML_NS) return 'xml';
    if (u === XSI_NS) return 'xsi';
    return `ns${i}`;
  }

  private tag(ns: number | undefined, local: string): string {
    return !ns || this.uri(ns) === '' ? local : flat(`${this.prefix(ns)}:${local}`);
  }

  private type(ref: Ref): TypeDesc | undefined {
    return Object.prototype.hasOwnProperty.call(this.desc.types, ref) ? this.desc.types[ref] : undefined;
  }

  private complexDesc(ref: Ref): ComplexDesc | undefined {
    const t = this.type(ref);
    return t && !isSimple(t) ? t : undefined;
  }

  /** Values kept as raw XML: anyType, mixed content (anywhere in the base chain), unresolved types. */
  private isRaw(ref: Ref): boolean {
    if (ref === 'raw' || ref === 'xs:anyType') return true;
    if (ref.startsWith('xs:')) return false;
    const t = this.type(ref);
    if (!t) return true;
    if (isSimple(t)) return false;
    return this.chain(ref).some((c) => !!c.desc.mixed);
  }

  private readonly chains = new Map<string, { key: string; desc: ComplexDesc }[]>();
  private readonly subtypeLists = new Map<string, string[]>();
  private readonly reach = new Map<string, Set<number>>();
  private readonly reachDone = new Set<string>();

  private chain(ref: Ref): { key: string; desc: ComplexDesc }[] {
    let c = this.chains.get(ref);
    if (!c) {
      c = this.computeChain(ref);
      this.chains.set(ref, c);
    }
    return c;
  }

  private computeChain(ref: Ref): { key: string; desc: ComplexDesc }[] {
    const out: { key: string; desc: ComplexDesc }[] = [];
    const seen = new Set<string>();
    for (let cur: string | undefined = ref; cur !== undefined && !seen.has(cur); ) {
      const d = this.complexDesc(cur);
      if (!d) break;
      seen.add(cur);
      out.unshift({ key: cur, desc: d });
      cur = d.extends ?? d.restricts;
    }
    return out;
  }

  private subtypes(ref: Ref): string[] {
    let list = this.subtypeLists.get(ref);
    if (!list) {
      list = this.computeSubtypes(ref);
      this.subtypeLists.set(ref, list);
    }
    return list;
  }

  private computeSubtypes(ref: Ref): string[] {
    const out: string[] = [];
    const seen = new Set<string>([ref]);
    const queue = [...(this.subtypesOf.get(ref) ?? [])];
    while (queue.length) {
      const k = queue.shift()!;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(k);
      queue.push(...(this.subtypesOf.get(k) ?? []));
    }
    return out;
  }

  private inHierarchy(ref: Ref): boolean {
    const d = this.complexDesc(ref);
    if (!d) return false;
    const base = d.extends ?? d.restricts;
    return (this.subtypesOf.get(ref)?.length ?? 0) > 0 || (base !== undefined && this.complexDesc(base) !== undefined);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Simple types

  simpleCodec(ref: Ref): SimpleCodec {
    let c = this.simple.get(ref);
    if (!c) {
      c = this.compileSimple(ref);
      this.simple.set(ref, c);
    }
    return c;
  }

  private builtinCodec(name: XsdBuiltinName): SimpleCodec {
    const info = XSD_BUILTINS[name];
    const lex = BUILTIN_CODECS[name] as (typeof BUILTIN_CODECS)[XsdBuiltinName] & Record<string, unknown>;
    let parse = lex.parse as SimpleCodec['parse'];
    let format = lex.format as (value: unknown, path: string, prefixFor?: (ns: string) => string) => string;
    if (info.big && this.desc.long === 'bigint') {
      parse = lex.parseBig as SimpleCodec['parse'];
      format = lex.formatBig as typeof format;
    }
    if (info.date && this.desc.date === 'Date') {
      parse = info.date.parse as SimpleCodec['parse'];
      format = info.date.format as typeof format;
    }
    const scoped = name === 'QName' || name === 'NOTATION';
    return {
      parse,
      format: scoped ? (v, p, scope) => format(v, p, scope!.prefixFor) : (v, p) => format(v, p),
      scoped,
      safe: info.safeText,
      kind: info.facetKind,
    };
  }

  private compileSimple(ref: Ref): SimpleCodec {
    if (ref.startsWith('xs:')) {
      const name = ref.slice(3);
      if (!Object.prototype.hasOwnProperty.call(XSD_BUILTINS, name)) throw new Error(`schema description: unknown built-in ${ref}`);
      return this.builtinCodec(name as XsdBuiltinName);
    }
    const t = this.type(ref);
    if (!t || !isSimple(t)) return this.builtinCodec('anySimpleType');
    if ('union' in t) {
      const members = t.union.map((m) => this.simpleCodec(m));
      return {
        parse(text, path, scope) {
          for (const m of members) {
            try {
              return m.parse(text, path, scope);
            } catch (e) {
              if (!(e instanceof DecodeError)) throw e;
            }
          }
          throw new DecodeError(`${JSON.stringify(text.slice(0, 64))} matches no member type of ${ref} at ${path}`, path);
        },
        format(value, path, scope) {
          for (const m of members) {
            try {
              return m.format(value, path, scope);
            } catch (e) {
              if (!(e instanceof EncodeError)) throw e;
            }
          }
          throw new EncodeError(`the value matches no member type of ${ref} at ${path}`, path);
        },
        scoped: members.some((m) => m.scoped),
        safe: false,
        kind: 'string',
      };
    }
    if ('list' in t) {
      const item = this.simpleCodec(t.list);
      const facets = this.facets(t.facets, 'list');
      return {
        parse(text, path, scope) {
          const items = splitList(text);
          if (facets) facets(items, path, 'decode');
          const out = new Array<unknown>(items.length);
          for (let i = 0; i < items.length; i++) out[i] = item.parse(items[i]!, `${path}[${i}]`, scope);
          return out;
        },
        format(value, path, scope) {
          if (!Array.isArray(value)) throw new EncodeError(`expected an array at ${path}`, path);
          if (facets) facets(value.map(String), path, 'encode');
          return value.map((v, i) => item.format(v, `${path}[${i}]`, scope)).join(' ');
        },
        scoped: item.scoped,
        safe: false,
        kind: 'list',
      };
    }
    if (t.char) return { parse: parseChar, format: (v, p) => formatChar(v as string, p), scoped: false, safe: true, kind: 'string' };
    const base = this.simpleCodec(t.atomic);
    if (t.enum) {
      const allowed: ReadonlySet<unknown> = new Set(t.enum);
      if (base.scoped) return base;
      // String enumerations give back the schema's own instance of the value: the text read is a slice of the message,
      // which a long-lived decoded value would otherwise keep alive whole.
      const canonical = new Map<unknown, unknown>();
      for (const v of t.enum) if (typeof v === 'string') canonical.set(v, v);
      const plainString = fastPaths && base.parse === BUILTIN_CODECS.string.parse;
      return {
        parse(text, path) {
          if (plainString) {
            const v = canonical.get(text);
            if (v !== undefined) return v;
          }
          const value = base.parse(text, path);
          if (!allowed.has(value)) throw new DecodeError(`${JSON.stringify(text.slice(0, 64))} is not one of the values of ${ref} at ${path}`, path);
          return canonical.get(value) ?? value;
        },
        format(value, path) {
          if (!allowed.has(value)) throw new EncodeError(`${JSON.stringify(String(value).slice(0, 64))} is not one of the values of ${ref} at ${path}`, path);
          return base.format(value, path);
        },
        scoped: false,
        safe: false,
        kind: base.kind,
      };
    }
    const facets = this.facets(t.facets, base.kind);
    if (!facets) return base;
    return {
      parse(text, path, scope) {
        const value = base.parse(text, path, scope);
        facets(value as FacetValue, path, 'decode');
        return value;
      },
      format(value, path, scope) {
        facets(value as FacetValue, path, 'encode');
        return base.format(value, path, scope);
      },
      scoped: base.scoped,
      safe: base.safe,
      kind: base.kind,
    };
  }

  private facets(f: FacetDesc | undefined, kind: FacetKind): FacetChecker | undefined {
    if (!f) return undefined;
    const { pattern, ...rest } = f;
    const spec: { -readonly [K in keyof FacetSpec]: FacetSpec[K] } = { ...rest };
    if (pattern?.length) {
      // The patterns of one derivation step are alternatives (the generator left out any it could not translate).
      const res = pattern.map((p) => compileXsdPattern(p)).filter((re): re is RegExp => re !== undefined);
      if (res.length) spec.patterns = [res];
    }
    if (Object.keys(spec).length === 0) return undefined;
    return compileFacets(spec, kind);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Values of elements

  /** Reads the current element's value of type `ref` (its start tag was read). */
  private valueDecoder(ref: Ref): Decode {
    if (this.isRaw(ref)) return (r) => ({ xml: r.readRaw() }) satisfies RawXml;
    if (this.complexDesc(ref)) {
      const c = this.complexCodec(ref);
      return (r, path) => c.decode(r, path);
    }
    const s = this.simpleCodec(ref);
    if (s.scoped) {
      return (r, path) => {
        if (r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
        const scope = r.scopeSnapshot();
        return s.parse(r.readText(), path, scope);
      };
    }
    const kind = s.kind;
    if (isBinaryKind(kind)) {
      return (r, path) => {
        if (r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
        return readBinaryValue(r, s.parse, kind, path);
      };
    }
    return (r, path) => {
      if (r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
      return s.parse(r.readText(), path);
    };
  }

  /** Decoder of an element's value with the nil rules: xsi:nil only where nillable, and then an empty element. */
  private nilDecoder(ref: Ref, nillable: boolean, fixed: string | undefined): Decode {
    const value = fixed === undefined || this.isRaw(ref) || this.complexDesc(ref) ? this.valueDecoder(ref) : this.fixedDecoder(ref, fixed);
    if (nillable) return (r, path) => (r.isNil() ? readNil(r, path) : value(r, path));
    return (r, path) => {
      if (r.attrCount !== 0 && r.attr(XSI_NS, 'nil') !== undefined) throw new DecodeError(`xsi:nil on an element that is not nillable at ${path}`, path);
      return value(r, path);
    };
  }

  private fixedDecoder(ref: Ref, fixed: string): Decode {
    const s = this.simpleCodec(ref);
    return (r, path) => {
      if (r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
      const scope = s.scoped ? r.scopeSnapshot() : undefined;
      const text = r.readText();
      if (s.scoped) checkFixed(text, fixed, path, 'decode');
      const value = s.parse(text, path, scope);
      if (!s.scoped) sameAsFixed(s, value, text, fixed, path, 'decode');
      return value;
    };
  }

  /**
   * Reads a child element's value. Paths are built only when needed: a simple value is parsed with its parent's path
   * and, if that fails, parsed again with its own (parsing is pure, so the second error is the exact one), which spares
   * a string concatenation per element on the happy path. `pathOf` builds the child's path from its parent's.
   */
  private childReader(ref: Ref, nillable: boolean, fixed: string | undefined, pathOf: (parent: string, index: number) => string): ChildReader {
    if (fixed !== undefined || this.isRaw(ref) || this.complexDesc(ref) || this.simpleCodec(ref).scoped) {
      const dec = this.nilDecoder(ref, nillable, fixed);
      return (r, parent, index) => dec(r, pathOf(parent, index));
    }
    const { parse, kind } = this.simpleCodec(ref);
    // base64Binary/hexBinary in an MTOM/XOP message may be an xop:Include (a reader without XOP parts reads text).
    const binary = isBinaryKind(kind) ? kind : undefined;
    const read = (r: XmlReader, parent: string, index: number): unknown => {
      if (binary !== undefined && r.xop !== undefined) return readBinaryValue(r, parse, binary, pathOf(parent, index));
      const text = r.readText();
      try {
        return parse(text, parent);
      } catch (e) {
        if (e instanceof DecodeError) return parse(text, pathOf(parent, index));
        throw e;
      }
    };
    if (nillable) {
      return (r, parent, index) => {
        if (r.attrCount !== 0) {
          if (r.isNil()) return readNil(r, pathOf(parent, index));
          checkAttributes(r, pathOf(parent, index), NO_ATTRIBUTES);
        }
        return read(r, parent, index);
      };
    }
    return (r, parent, index) => {
      if (r.attrCount !== 0) {
        const path = pathOf(parent, index);
        if (r.attr(XSI_NS, 'nil') !== undefined) throw new DecodeError(`xsi:nil on an element that is not nillable at ${path}`, path);
        checkAttributes(r, path, NO_ATTRIBUTES);
      }
      return read(r, parent, index);
    };
  }

  /**
   * The parse function of a child whose value childReader reads as plain text (simple, not QName-valued, no fixed
   * value), for the content loop's fast path; undefined otherwise.
   */
  private leafParse(ref: Ref, fixed: string | undefined): SimpleCodec['parse'] | undefined {
    if (fixed !== undefined || this.isRaw(ref) || this.complexDesc(ref)) return undefined;
    const s = this.simpleCodec(ref);
    // Binary values may be an xop:Include in an MTOM message: the child reader resolves it (readBinaryValue).
    return s.scoped || isBinaryKind(s.kind) ? undefined : s.parse;
  }

  private elementDecoder(ref: Ref, nillable: boolean): Decode {
    return this.nilDecoder(ref, nillable, undefined);
  }

  /**
   * Writes one element of type `ref` whose start tag is `open` (`<p:name`, plus declarations) and end tag `close`.
   */
  private valueEncoder(ref: Ref, nillable: boolean, open: string, close: string, fixed?: string): (value: unknown, path: string) => string {
    open = flat(open);
    close = flat(close);
    const nil = flat(open + ' xsi:nil="true"/>');
    const notNil = (path: string): never => {
      throw new EncodeError(`${close.slice(2, -1).replace(/^[^:]*:/, '')} is not nillable at ${path}`, path);
    };
    let write: (value: unknown, path: string) => string;
    if (this.isRaw(ref)) write = (v, path) => rawXml(v, path);
    else if (this.complexDesc(ref)) {
      const c = this.complexCodec(ref);
      write = (v, path) => c.encode(open, close, v, path);
    } else {
      const s = this.simpleCodec(ref);
      if (s.scoped) {
        write = (v, path) => {
          const scope = new QNameScope();
          const text = escapeText(s.format(v, path, scope), path);
          if (fixed !== undefined) checkFixed(text, fixed, path, 'encode');
          return open + scope.declarations + '>' + text + close;
        };
      } else if (fixed !== undefined && !this.complexDesc(ref)) {
        write = (v, path) => {
          const text = s.format(v, path);
          sameAsFixed(s, v, text, fixed, path, 'encode');
          return open + '>' + escapeText(text, path) + close;
        };
      } else if (s.kind === 'base64Binary') write = binaryWriter(s, open, close);
      else {
        const openTag = flat(open + '>');
        if (s.safe) write = (v, path) => openTag + s.format(v, path) + close;
        else write = (v, path) => openTag + escapeText(s.format(v, path), path) + close;
      }
    }
    return (v, path) => (v === null ? (nillable ? nil : notNil(path)) : write(v, path));
  }

  private elementToXml(ns: number, local: string, ref: Ref, nillable: boolean): (value: unknown, path: string) => string {
    const tag = this.tag(ns, local);
    let decls = '';
    const reach = this.reachable(ns, ref, nillable);
    for (let i = 1; i < this.desc.ns.length; i++) {
      if (!reach.has(i)) continue;
      const u = this.desc.ns[i]!;
      if (u === XML_NS || u === '') continue; // predeclared: never declared
      decls += ` xmlns:${this.prefix(i)}="${escapeAttr(u, '')}"`;
    }
    if (reach.has(-1)) decls = ` xmlns:xsi="${XSI_NS}"` + decls;
    return this.valueEncoder(ref, nillable, `<${tag}${decls}`, `</${tag}>`);
  }

  /** Namespace indexes an element's content may use (-1: xsi), so its root declares each once. */
  private reachable(ns: number, ref: Ref, nillable: boolean): Set<number> {
    const out = new Set<number>(this.typeReach(ref));
    if (ns && this.uri(ns) === XSI_NS) out.add(-1);
    else if (ns) out.add(ns);
    if (nillable) out.add(-1);
    return out;
  }

  /** Namespaces a value of `ref` may use, memoized per type (global elements of one type share it). */
  private typeReach(ref: Ref): Set<number> {
    const known = this.reach.get(ref);
    if (known) return known;
    const out = new Set<number>();
    this.reach.set(ref, out);
    const addNs = (i: number | undefined) => {
      if (!i) return;
      if (this.uri(i) === XSI_NS) out.add(-1);
      else out.add(i);
    };
    const seen = new Set<string>();
    const pending: Ref[] = [ref];
    while (pending.length) {
      const cur = pending.pop()!;
      if (seen.has(cur)) continue;
      seen.add(cur);
      // A type whose closure is complete contributes it whole (and need not be walked again).
      const done = cur !== ref && this.reachDone.has(cur) ? this.reach.get(cur) : undefined;
      if (done) {
        for (const x of done) out.add(x);
        continue;
      }
      const d = this.complexDesc(cur);
      if (!d) continue;
      const family = [...this.chain(cur).map((c) => c.key), ...this.subtypes(cur)];
      if (family.length > 1) out.add(-1);
      for (const key of family) {
        const c = this.complexDesc(key)!;
        if (c.name && key !== cur) addNs(c.name[0]);
        for (const a of c.attrs ?? []) addNs(a.ns);
        if (c.array) {
          addNs(c.array.ns);
          if (c.array.nillable) out.add(-1);
          pending.push(c.array.type);
        }
        if (c.content) {
          forEachElement(c.content, (p) => {
            if (p.nillable) out.add(-1);
            addNs(p.ns);
            pending.push(p.type);
            for (const [sns, , st] of p.subst ?? []) {
              addNs(sns);
              pending.push(st);
            }
          });
        }
        if (key !== cur) pending.push(key);
      }
    }
    this.reachDone.add(ref);
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Complex types

  private complexCodec(ref: Ref): ComplexCodec {
    let c = this.complex.get(ref);
    if (c) return c;
    // Registered before compiling, so recursive types find it; each half compiles itself on first call.
    const self = this;
    const entry: ComplexCodec = {
      decode(r, path) {
        entry.decode = self.compileDecode(ref);
        return entry.decode(r, path);
      },
      encode(open, close, value, path) {
        entry.encode = self.compileEncode(ref);
        return entry.encode(open, close, value, path);
      },
    };
    this.complex.set(ref, entry);
    c = entry;
    return c;
  }

  private compileDecode(ref: Ref): Decode {
    const d = this.complexDesc(ref)!;
    if (d.array) return this.arrayDecoder(ref, d.array);
    if (!this.inHierarchy(ref)) return this.exactDecoder(ref, false);
    const byName = new Map<string, Decode>();
    for (const key of [ref, ...this.subtypes(ref)]) {
      const s = this.complexDesc(key)!;
      if (!s.name || s.abstract) continue;
      const k = `{${this.uri(s.name[0])}}${s.name[1]}`;
      byName.set(k, this.isRaw(key) ? (r) => ({ xml: r.readRaw() }) : this.exactDecoder(key, true));
    }
    const exact = d.abstract ? undefined : byName.get(d.name ? `{${this.uri(d.name[0])}}${d.name[1]}` : '') ?? this.exactDecoder(ref, true);
    return (r, path) => {
      const xt = r.xsiType();
      if (xt) {
        const dec = byName.get(`{${xt[0]}}${xt[1]}`);
        if (!dec) throw new DecodeError(`xsi:type {${xt[0]}}${xt[1]} is not ${ref} or a type derived from it at ${path}`, path);
        return dec(r, path);
      }
      if (!exact) throw new DecodeError(`${ref} is abstract: an xsi:type naming a derived type is required at ${path}`, path);
      return exact(r, path);
    };
  }

  private arrayDecoder(ref: Ref, a: ElementDesc): Decode {
    const ns = this.uri(a.ns);
    const suffix = '/' + a.el + '[';
    const item = this.childReader(a.type, !!a.nillable, undefined, (parent, i) => parent + suffix + i + ']');
    const el = internName(a.el);
    return (r, path) => {
      if (r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
      const out: unknown[] = [];
      while (r.nextChild()) {
        if (r.local !== el || r.ns !== ns) throw new DecodeError(`unexpected element {${r.ns}}${r.local} in ${ref} at ${path}`, path);
        out.push(item(r, path, out.length));
      }
      return out;
    };
  }

  private effectiveAttributes(ref: Ref): AttrDesc[] {
    const byName = new Map<string, AttrDesc>();
    for (const c of this.chain(ref)) {
      for (const a of c.desc.attrs ?? []) {
        const key = `{${this.uri(a.ns)}}${a.attr}`;
        if (a.prohibited) byName.delete(key);
        else byName.set(key, a);
      }
    }
    return [...byName.values()];
  }

  private exactDecoder(ref: Ref, hierarchy: boolean): Decode {
    const d = this.complexDesc(ref)!;
    const chain = this.chain(ref);
    const typeName = hierarchy && !d.abstract ? ref : undefined;
    const attrs = this.effectiveAttributes(ref).map((a) => {
      const codec = this.simpleCodec(a.type);
      return { ns: this.uri(a.ns), local: a.attr, prop: a.prop ?? a.attr, codec, required: !!a.required, fixed: a.fixed, suffix: '/@' + a.attr };
    });
    const anyAttr = [...chain].reverse().find((c) => c.desc.anyAttr)?.desc.anyAttr;
    const anyTns = anyAttr ? this.uri(anyAttr.tns) : '';
    const known = attrs.map((a) => `{${a.ns}}${a.local}`);
    const readAttributes = (r: XmlReader, out: Record<string, unknown>, path: string): void => {
      if (r.attrCount === 0) {
        for (const a of attrs) if (a.required) throw new DecodeError(`missing required attribute ${a.local} at ${path}`, path);
        return;
      }
      for (const a of attrs) {
        const v = r.attr(a.ns, a.local);
        if (v === undefined) {
          if (a.required) throw new DecodeError(`missing required attribute ${a.local} at ${path}`, path);
          continue;
        }
        const apath = path + a.suffix;
        if (a.fixed !== undefined) checkFixed(v, a.fixed, apath, 'decode');
        setProp(out, a.prop, a.codec.parse(v, apath, a.codec.scoped ? (p) => r.lookupNamespace(p) : undefined));
      }
      if (anyAttr) {
        const list: AnyAttribute[] = [];
        for (let i = 0; i < r.attrCount; i++) {
          const ns = r.attrNs(i);
          if (ns === XSI_NS || known.includes(`{${ns}}${r.attrLocal(i)}`)) continue;
          if (!wildcardAllows(ns, anyAttr.namespace, anyTns)) throw new DecodeError(`attribute {${ns}}${r.attrLocal(i)} is not allowed at ${path}`, path);
          list.push({ ns, local: r.attrLocal(i), value: r.attrValue(i) });
        }
        if (list.length) out.$anyAttributes = list;
      } else checkAttributes(r, path, known);
    };
    const text = [...chain].reverse().find((c) => c.desc.text !== undefined)?.desc;
    if (text) {
      const s = this.simpleCodec(text.text!);
      const facets = this.facets(text.textFacets, s.kind);
      return (r, path) => {
        const out: Record<string, unknown> = {};
        if (typeName) out.$type = typeName;
        readAttributes(r, out, path);
        const scope = s.scoped ? r.scopeSnapshot() : undefined;
        const value = r.xop !== undefined && isBinaryKind(s.kind) ? readBinaryValue(r, s.parse, s.kind, path) : s.parse(r.readText(), path, scope);
        if (facets) facets(value as FacetValue, path, 'decode');
        out.$value = value;
        return out;
      };
    }
    const plan = this.plan(ref);
    const content = this.contentDecoder(plan, ref);
    const Out = plainObjects();
    return (r, path) => {
      const out: Record<string, unknown> = new Out();
      if (typeName) out.$type = typeName;
      readAttributes(r, out, path);
      content(r, out, path);
      return out;
    };
  }

  private encodeAttributes(ref: Ref): ((v: Record<string, unknown>, path: string) => string) | undefined {
    const attrs = this.effectiveAttributes(ref).map((a) => ({
      get: getter(a.prop ?? a.attr),
      codec: this.simpleCodec(a.type),
      local: a.attr,
      before: ` ${this.tag(a.ns, a.attr)}="`,
      suffix: '/@' + a.attr,
      required: !!a.required,
      fixed: a.fixed,
    }));
    const chain = this.chain(ref);
    const anyAttr = [...chain].reverse().find((c) => c.desc.anyAttr)?.desc.anyAttr;
    const anyTns = anyAttr ? this.uri(anyAttr.tns) : '';
    const declared = this.effectiveAttributes(ref).map((a) => `{${this.uri(a.ns)}}${a.attr}`);
    const scoped = attrs.some((a) => a.codec.scoped);
    if (attrs.length === 0 && !anyAttr) return undefined;
    return (v, path) => {
      let s = '';
      const scope = scoped ? new QNameScope() : undefined;
      for (const a of attrs) {
        const x = a.get(v);
        if (x === undefined) {
          if (a.required) throw new EncodeError(`missing required attribute ${a.local} at ${path}`, path);
          continue;
        }
        const apath = path + a.suffix;
        const text = a.codec.format(x, apath, scope);
        if (a.fixed !== undefined) checkFixed(text, a.fixed, apath, 'encode');
        s += a.before + escapeAttr(text, apath) + '"';
      }
      if (scope) s += scope.declarations;
      if (anyAttr) s += anyAttributes(own(v, '$anyAttributes') as AnyAttribute[] | undefined, path, anyAttr.namespace, anyTns, declared);
      return s;
    };
  }

  private compileEncode(ref: Ref): Encode {
    const d = this.complexDesc(ref)!;
    if (d.array) return this.arrayEncoder(d.array);
    if (!this.inHierarchy(ref)) return this.exactEncoder(ref);
    const subs = new Map<string, Encode>();
    let rawSubtype = false;
    for (const key of this.subtypes(ref)) {
      const s = this.complexDesc(key)!;
      if (this.isRaw(key)) rawSubtype = true;
      if (s.abstract || !s.name || this.isRaw(key)) continue;
      const xsiType = ` xsi:type="${this.tag(s.name[0], s.name[1])}"`;
      const exact = this.exactEncoder(key);
      subs.set(key, (open, close, value, path) => exact(open + xsiType, close, value, path));
    }
    const self = d.abstract ? undefined : this.exactEncoder(ref);
    return (open, close, value, path) => {
      if (rawSubtype && value !== null && typeof value === 'object' && 'xml' in value && !('$type' in value)) return rawXml(value, path);
      const t = value !== null && typeof value === 'object' ? (value as { $type?: unknown }).$type : undefined;
      if (t === undefined || t === ref) {
        if (!self) throw new EncodeError(`${ref} is abstract: set $type to a derived type at ${path}`, path);
        return self(open, close, value, path);
      }
      const enc = typeof t === 'string' ? subs.get(t) : undefined;
      if (!enc) throw new EncodeError(`${String(t)} is not ${ref} or a type derived from it at ${path}`, path);
      return enc(open, close, value, path);
    };
  }

  private arrayEncoder(a: ElementDesc): Encode {
    const tag = this.tag(a.ns, a.el);
    const item = this.valueEncoder(a.type, !!a.nillable, '<' + tag, '</' + tag + '>');
    return (open, close, value, path) => {
      if (!Array.isArray(value)) throw new EncodeError(`expected an array at ${path}`, path);
      let s = '';
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v === undefined) throw new EncodeError(`item ${i} is missing at ${path}`, path);
        s += item(v, `${path}[${i}]`);
      }
      return s === '' ? open + '/>' : open + '>' + s + close;
    };
  }

  private exactEncoder(ref: Ref): Encode {
    const chain = this.chain(ref);
    const attributes = this.encodeAttributes(ref);
    const text = [...chain].reverse().find((c) => c.desc.text !== undefined)?.desc;
    if (text) {
      const s = this.simpleCodec(text.text!);
      const facets = this.facets(text.textFacets, s.kind);
      return (open, close, value, path) => {
        const v = checkObject(value, ref, path);
        const a = attributes ? open + attributes(v, path) : open;
        const x = own(v, '$value');
        if (facets) facets(x as FacetValue, path, 'encode');
        if (s.scoped) {
          const scope = new QNameScope();
          const t = escapeText(s.format(x, path, scope), path);
          return a + scope.declarations + '>' + t + close;
        }
        if (s.kind === 'base64Binary') {
          const include = xopIncludeFor(x);
          if (include !== undefined) {
            // Checked as if written inline (facets, the value's type); then sent as an XOP part.
            if (s.parse !== BUILTIN_CODECS.base64Binary.parse) s.format(x, path);
            return a + '>' + include + close;
          }
        }
        return a + '>' + (s.safe ? s.format(x, path) : escapeText(s.format(x, path), path)) + close;
      };
    }
    const content = this.containerEncoder(this.plan(ref).root);
    return (open, close, value, path) => {
      const v = checkObject(value, ref, path);
      const a = attributes ? open + attributes(v, path) : open;
      const s = content(v, path);
      return s === '' ? a + '/>' : a + '>' + s + close;
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Content models

  private plan(ref: Ref): Plan {
    const groups: GroupDesc[] = [];
    for (const c of this.chain(ref)) {
      // A restriction restates the whole content model; an extension adds to it.
      if (c.desc.restricts !== undefined) groups.length = 0;
      if (c.desc.content) groups.push(c.desc.content);
    }
    const planner = new Planner();
    const root = planner.container(undefined);
    for (const g of groups) planner.addGroup(root, g, false, undefined);
    return { root, containers: planner.all };
  }

  /** Encoder of one particle's value (substitution groups dispatch on `$element`). */
  particleEncoder(p: ElementDesc): (value: unknown, path: string) => string {
    const fixed = p.fixed;
    if (!p.subst) {
      const tag = this.tag(p.ns, p.el);
      const suffix = '/' + p.el;
      const leaf = fixed === undefined && !this.isRaw(p.type) && !this.complexDesc(p.type) ? this.simpleCodec(p.type) : undefined;
      if (leaf && leaf.kind === 'base64Binary') {
        // base64Binary may be written as an XOP part (MTOM): the binary writer, with its own path.
        const write = binaryWriter(leaf, '<' + tag, '</' + tag + '>');
        const nil = '<' + tag + ' xsi:nil="true"/>';
        const nillable = !!p.nillable;
        return (v, parent) => {
          if (v !== null) return write(v, parent + suffix);
          if (nillable) return nil;
          throw new EncodeError(`${p.el} is not nillable at ${parent + suffix}`, parent + suffix);
        };
      }
      if (leaf && !leaf.scoped) {
        // A simple value: one closure, and the element's path is built only for an error (formatting is pure, so
        // formatting again with the full path throws the exact error).
        const { format, safe } = leaf;
        const open = flat('<' + tag + '>');
        const close = flat('</' + tag + '>');
        const nil = flat('<' + tag + ' xsi:nil="true"/>');
        const nillable = !!p.nillable;
        const name = p.el;
        return (v, parent) => {
          if (v === null) {
            if (nillable) return nil;
            const path = parent + suffix;
            throw new EncodeError(`${name} is not nillable at ${path}`, path);
          }
          let text: string;
          try {
            text = format(v, parent);
            if (!safe) text = escapeText(text, parent);
          } catch (e) {
            if (!(e instanceof EncodeError)) throw e;
            text = escapeText(format(v, parent + suffix), parent + suffix);
          }
          return open + text + close;
        };
      }
      const enc = this.valueEncoder(p.type, !!p.nillable, '<' + tag, '</' + tag + '>', fixed);
      return (v, path) => enc(v, path + suffix);
    }
    const members = new Map<string, (value: unknown, path: string) => string>();
    for (const [ns, local, type] of p.subst) {
      const tag = this.tag(ns, local);
      const enc = this.valueEncoder(type, !!p.nillable, '<' + tag, '</' + tag + '>');
      const suffix = '/' + local;
      members.set(local, (v, path) => enc(v, path + suffix));
    }
    return (v, path) => {
      if (v === null || typeof v !== 'object') throw new EncodeError(`expected { $element, value } at ${path}`, path);
      const sub = v as { $element?: unknown; value?: unknown };
      const enc = typeof sub.$element === 'string' ? members.get(sub.$element) : undefined;
      if (!enc) throw new EncodeError(`${String(sub.$element)} cannot stand for ${p.el} at ${path}`, path);
      return enc(sub.value, path);
    };
  }

  private containerEncoder(c: Container): (obj: Record<string, unknown>, path: string) => string {
    const steps: ((obj: Record<string, unknown>, path: string) => string)[] = [];
    for (const f of c.fields) {
      if (f.kind === 'element') {
        const enc = this.particleEncoder(f.p);
        const get = getter(f.prop);
        const name = f.p.el;
        if (f.repeated) {
          const { min, max, optional, prop } = f;
          steps.push((obj, path) => {
            const list = get(obj);
            if (list === undefined) {
              if (min > 0 && !optional) throw new EncodeError(`at least ${min} ${name} element(s) required at ${path}`, path);
              return '';
            }
            if (!Array.isArray(list)) throw new EncodeError(`${prop} must be an array at ${path}`, path);
            if (list.length < min && !optional) throw new EncodeError(`at least ${min} ${name} element(s) required at ${path}`, path);
            if (max >= 0 && list.length > max) throw new EncodeError(`at most ${max} ${name} element(s) allowed at ${path}`, path);
            let s = '';
            for (let i = 0; i < list.length; i++) s += enc(list[i], path);
            return s;
          });
        } else if (f.optional) {
          const prop = f.prop;
          if (isPrototypeName(prop)) steps.push((obj, path) => {
            const v = get(obj);
            return v === undefined ? '' : enc(v, path);
          });
          else steps.push((obj, path) => {
            const v = obj[prop];
            return v === undefined ? '' : enc(v, path);
          });
        } else steps.push((obj, path) => {
          const v = get(obj);
          if (v === undefined) throw new EncodeError(`missing required element ${name} at ${path}`, path);
          return enc(v, path);
        });
      } else if (f.kind === 'any') {
        const get = getter(f.prop);
        const { min, max, optional, prop, w } = f;
        const tns = this.uri(w.tns);
        const strict = w.process === 'strict';
        steps.push((obj, path) => {
          const list = get(obj);
          if (list !== undefined && !Array.isArray(list)) throw new EncodeError(`${prop} must be an array at ${path}`, path);
          const n = list?.length ?? 0;
          if (n < min && !optional) throw new EncodeError(`at least ${min} element(s) required by the wildcard (${prop}) at ${path}`, path);
          if (max >= 0 && n > max) throw new EncodeError(`at most ${max} element(s) allowed by the wildcard (${prop}) at ${path}`, path);
          let s = '';
          for (let i = 0; i < n; i++) {
            const xml = rawXml(list![i], path, w.namespace, tns);
            if (strict) this.checkStrict((xml2) => new EncodeError(xml2, path), xml, path);
            s += xml;
          }
          return s;
        });
      } else if (f.kind === 'choice') {
        const branches = f.branches.map((b) => ({ present: presence(b), enc: this.containerEncoder(b) }));
        const optional = f.optional;
        steps.push((obj, path) => {
          let chosen = -1;
          for (let i = 0; i < branches.length; i++) {
            if (!branches[i]!.present(obj)) continue;
            if (chosen >= 0) throw new EncodeError(`more than one choice is set at ${path}`, path);
            chosen = i;
          }
          if (chosen < 0) {
            if (!optional) throw new EncodeError(`one of the choices is required at ${path}`, path);
            return '';
          }
          return branches[chosen]!.enc(obj, path);
        });
      } else {
        const get = getter(f.prop);
        const item = this.containerEncoder(f.item);
        const { min, max, optional, prop } = f;
        steps.push((obj, path) => {
          const items = get(obj);
          if (items !== undefined && !Array.isArray(items)) throw new EncodeError(`${prop} must be an array at ${path}`, path);
          const n = items?.length ?? 0;
          if (n < min && !optional) throw new EncodeError(`at least ${min} occurrence(s) of ${prop} required at ${path}`, path);
          if (max >= 0 && n > max) throw new EncodeError(`at most ${max} occurrences of ${prop} allowed at ${path}`, path);
          let s = '';
          for (let i = 0; i < n; i++) {
            const it: unknown = items![i];
            if (it === null || typeof it !== 'object') throw new EncodeError(`each occurrence of ${prop} must be an object at ${path}`, path);
            s += item(it as Record<string, unknown>, path);
          }
          return s;
        });
      }
    }
    if (steps.length === 1) return steps[0]!;
    return (obj, path) => {
      let s = '';
      for (let i = 0; i < steps.length; i++) s += steps[i]!(obj, path);
      return s;
    };
  }

  /** processContents="strict": the element must be declared (when its namespace is one we read) and valid. */
  checkStrict(fail: (message: string) => Error, xml: string, path: string): void {
    const r = new XmlReader(xml);
    r.readRoot();
    const codec = this.globalElement(r.ns, r.local);
    if (!codec) {
      if (this.schemaNs.has(r.ns)) throw fail(`element {${r.ns}}${r.local} is not declared (the wildcard is strict) at ${path}`);
      return;
    }
    try {
      codec.decode(r, `${path}/${r.local}`);
      r.end();
    } catch (e) {
      if (e instanceof DecodeError) throw fail(`element {${r.ns}}${r.local} is not valid (the wildcard is strict): ${e.message}`);
      throw e;
    }
  }

  private globalElement(ns: string, local: string): ElementCodec<unknown> | undefined {
    return this.globals.get(`{${ns}}${local}`);
  }

  /** The child-element loop of a type: order, choices, repeats, xs:all, wildcards, then what is required. */
  private contentDecoder(plan: Plan, ref: Ref): (r: XmlReader, out: Record<string, unknown>, path: string) => void {
    const { containers } = plan;
    const nObjects = containers.length;
    const cases = new Map<string, Case[]>();
    const wildcards: WildcardCase[] = [];
    let nChoices = 0;
    for (const c of containers) for (const f of c.fields) if (f.kind === 'choice') nChoices = Math.max(nChoices, f.id + 1);
    for (const c of containers) {
      for (const f of c.fields) {
        if (f.kind === 'element') {
          const names = f.p.subst ?? [[f.p.ns ?? 0, f.p.el, f.p.type] as const];
          for (const [ns, local, type] of names) {
            const suffix = '/' + local;
            const dec = this.childReader(type, !!f.p.nillable, f.p.subst ? undefined : f.p.fixed, (parent) => parent + suffix);
            const read: ChildReader = f.p.subst ? (r, parent) => ({ $element: local, value: dec(r, parent, 0) }) : dec;
            const parse = f.p.subst || !fastPaths ? undefined : this.leafParse(type, f.p.fixed);
            const k: Case = { ns: this.uri(ns), local: internName(local), suffix, field: f, levels: levelsOf(c, f.index, f.repeated || f.inAll, f.inAll, f.prop), read, parse, proto: f.prop === '__proto__' };
            const list = cases.get(local);
            if (list) list.push(k);
            else cases.set(local, [k]);
          }
        } else if (f.kind === 'any') {
          wildcards.push({ field: f, levels: levelsOf(c, f.index, true, false), tns: this.uri(f.w.tns), strict: f.w.process === 'strict' });
        }
      }
    }
    const simple = nObjects === 1 && nChoices === 0 && wildcards.length === 0;
    const required = requiredCheck(plan.root);
    const typeLabel = ref;
    const self = this;
    if (simple) {
      // One object, no choices, no wildcards: the common case, with no state but the last position. Cases are tried
      // from the one after the last match (schema order), so a well-ordered message costs a string compare or two per
      // element; anything else falls back to the name table (and is then out of order or unknown).
      const ordered = [...cases.values()].flat().sort((a, b) => a.field.index - b.field.index);
      const n = ordered.length;
      return (r, out, path) => {
        let last = -1;
        let cursor = 0;
        while (r.nextChild()) {
          const local = r.local;
          const ns = r.ns;
          let k: Case | undefined;
          for (let i = cursor; i < n; i++) {
            const c = ordered[i]!;
            if (c.local === local && c.ns === ns) {
              k = c;
              cursor = c.field.repeated ? i : i + 1;
              break;
            }
          }
          if (k === undefined) {
            const list = cases.get(local);
            if (list !== undefined) for (let i = 0; i < list.length; i++) if (list[i]!.ns === ns) k = list[i];
          }
          if (k === undefined) throw new DecodeError(`unexpected element {${ns}}${local} in ${typeLabel} at ${path}`, path);
          const f = k.field;
          const index = f.index;
          if (f.inAll ? index < last || hasOwn(out, f.prop) : f.repeated ? index < last : index <= last) {
            throw new DecodeError(`element ${k.local} is out of order, repeated or not allowed with what came before at ${path}`, path);
          }
          last = index;
          let v: unknown;
          const parse = k.parse;
          if (parse !== undefined && !r.hasAttributes()) {
            // A simple value without attributes (so not nil): what k.read does, without its two calls.
            const text = r.readText();
            try {
              v = parse(text, path);
            } catch (e) {
              if (!(e instanceof DecodeError)) throw e;
              v = parse(text, path + k.suffix);
            }
          } else v = k.read(r, path, 0);
          if (f.repeated) {
            const l = ownList(out, f.prop);
            if (f.max >= 0 && l.length >= f.max) throw new DecodeError(`more than ${f.max} ${k.local} elements at ${path}`, path);
            l.push(v);
          } else if (k.proto) setProp(out, f.prop, v);
          else out[f.prop] = v;
        }
        required(out, path);
      };
    }
    return (r, out, path) => {
      const st: State = { last: new Array<number>(nObjects).fill(-1), items: new Array<Record<string, unknown> | undefined>(nObjects), choice: new Array<number>(nChoices).fill(-1) };
      st.items[0] = out;
      next: while (r.nextChild()) {
        const list = cases.get(r.local);
        const ns = r.ns;
        if (list !== undefined) {
          for (let i = 0; i < list.length; i++) {
            const k = list[i]!;
            if (k.ns !== ns) continue;
            const target = enter(st, k.levels, k.local, path);
            const f = k.field;
            const v = k.read(r, path, 0);
            if (f.repeated) {
              const l = ownList(target, f.prop);
              if (f.max >= 0 && l.length >= f.max) throw new DecodeError(`more than ${f.max} ${k.local} elements at ${path}`, path);
              l.push(v);
            } else setProp(target, f.prop, v);
            continue next;
          }
        }
        // Wildcards in schema order: the first one still open at this position that allows the namespace.
        for (const w of wildcards) {
          const f = w.field;
          const lv = w.levels[w.levels.length - 1]!;
          const obj = lv.obj;
          const target = st.items[obj];
          if (target === undefined || f.index < st.last[obj]!) continue;
          if (!wildcardAllows(ns, f.w.namespace, w.tns)) continue;
          if (lv.choices.some(([c, b]) => st.choice[c] !== -1 && st.choice[c] !== b)) continue;
          const taken = own(target, f.prop) as RawXml[] | undefined;
          if (f.max >= 0 && (taken?.length ?? 0) >= f.max) continue;
          for (const [c, b] of lv.choices) st.choice[c] = b;
          st.last[obj] = f.index;
          const xml = r.readRaw();
          if (w.strict) self.checkStrict((m) => new DecodeError(m, path), xml, path);
          ownList(target, f.prop).push({ xml } satisfies RawXml);
          continue next;
        }
        throw new DecodeError(`unexpected element {${ns}}${r.local} in ${typeLabel} at ${path}`, path);
      }
      required(out, path);
    };
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Content plans: how a type's element content maps onto objects (same rules as the generator's content-plan.ts,
// which shapes the TypeScript types). A container is one object (the value, or one occurrence of a repeating group);
// non-repeating sequences flatten into it, non-repeating choices become branches whose properties live on the same
// object, repeating groups become arrays of item objects.

interface Container {
  readonly id: number;
  /** The object container (root or repeat item) this container's properties live on. */
  readonly obj: number;
  /** For a repeat item: the repeat field and the container that holds it. */
  parentRepeat?: { field: RepeatField; parent: Container };
  /** For a choice branch: its choice and branch number, and the container holding the choice. */
  branchOf?: { choice: number; branch: number; parent: Container };
  readonly fields: Field[];
}

type Field = ElementField | AnyField | ChoiceField | RepeatField;

interface FieldBase {
  readonly index: number;
  readonly optional: boolean;
}

interface ElementField extends FieldBase {
  readonly kind: 'element';
  readonly p: ElementDesc;
  readonly prop: string;
  readonly repeated: boolean;
  readonly min: number;
  readonly max: number;
  readonly inAll: boolean;
}

interface AnyField extends FieldBase {
  readonly kind: 'any';
  readonly w: AnyDesc;
  readonly prop: string;
  readonly min: number;
  readonly max: number;
}

interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly id: number;
  readonly branches: Container[];
}

interface RepeatField extends FieldBase {
  readonly kind: 'repeat';
  readonly prop: string;
  readonly min: number;
  readonly max: number;
  readonly item: Container;
}

interface Plan {
  readonly root: Container;
  readonly containers: Container[];
}

class Planner {
  readonly all: Container[] = [];
  private nextChoice = 0;
  private readonly counters = new Map<number, number>();
  private readonly anyCounters = new Map<number, number>();

  container(owner: Container | undefined): Container {
    const c: Container = { id: this.all.length, obj: owner ? owner.obj : this.all.length, fields: [] };
    this.all.push(c);
    if (!owner) this.counters.set(c.id, 0);
    return c;
  }

  private nextIndex(c: Container): number {
    const n = this.counters.get(c.obj)!;
    this.counters.set(c.obj, n + 1);
    return n;
  }

  addGroup(into: Container, g: GroupDesc, optional: boolean, shareIndex: number | undefined): void {
    const min = g.min ?? 1;
    const max = g.max ?? 1;
    const opt = optional || min === 0;
    const kind = groupKind(g);
    if (kind !== 'all' && max !== 1) {
      const item = this.container(undefined);
      const field: RepeatField = { kind: 'repeat', index: shareIndex ?? this.nextIndex(into), optional: opt, prop: g.prop ?? 'items', min, max, item };
      item.parentRepeat = { field, parent: into };
      this.addItems(item, g, false);
      into.fields.push(field);
      return;
    }
    if (kind === 'choice') {
      const id = this.nextChoice++;
      const index = shareIndex ?? this.nextIndex(into);
      const branches: Container[] = [];
      groupParticles(g).forEach((p, i) => {
        const branch = this.container(into);
        branch.branchOf = { choice: id, branch: i, parent: into };
        this.addParticle(branch, p, false, undefined, false);
        branches.push(branch);
      });
      // An empty branch (or a choice that may be absent) makes the whole choice optional.
      const anyEmpty = branches.some((b) => b.fields.every((f) => f.optional));
      into.fields.push({ kind: 'choice', id, index, optional: opt || anyEmpty, branches });
      return;
    }
    this.addItems(into, g, optional);
  }

  private addItems(into: Container, g: GroupDesc, optional: boolean): void {
    const opt = optional || (g.min ?? 1) === 0;
    const kind = groupKind(g);
    if (kind === 'choice') {
      this.addGroup(into, { choice: groupParticles(g), min: opt ? 0 : 1, max: 1 }, opt, undefined);
      return;
    }
    const shared = kind === 'all' ? this.nextIndex(into) : undefined;
    for (const p of groupParticles(g)) this.addParticle(into, p, opt, shared, kind === 'all');
  }

  private addParticle(into: Container, p: ParticleDesc, optional: boolean, shareIndex: number | undefined, inAll: boolean): void {
    const min = p.min ?? 1;
    const max = p.max ?? 1;
    if ('el' in p) {
      into.fields.push({ kind: 'element', index: shareIndex ?? this.nextIndex(into), optional: optional || min === 0, p, prop: p.prop ?? p.el, repeated: max === -1 || max > 1, min, max, inAll });
    } else if ('any' in p) {
      const n = (this.anyCounters.get(into.obj) ?? 0) + 1;
      this.anyCounters.set(into.obj, n);
      into.fields.push({ kind: 'any', index: shareIndex ?? this.nextIndex(into), optional: optional || min === 0, w: p, prop: n === 1 ? '$any' : `$any${n}`, min, max });
    } else {
      this.addGroup(into, p, optional, shareIndex);
    }
  }
}

function groupKind(g: GroupDesc): 'seq' | 'choice' | 'all' {
  return 'seq' in g ? 'seq' : 'choice' in g ? 'choice' : 'all';
}

function groupParticles(g: GroupDesc): readonly ParticleDesc[] {
  return 'seq' in g ? g.seq : 'choice' in g ? g.choice : g.all;
}

function forEachElement(g: GroupDesc, fn: (p: ElementDesc) => void): void {
  const stack: ParticleDesc[] = [...groupParticles(g)];
  while (stack.length) {
    const p = stack.pop()!;
    if ('el' in p) fn(p);
    else if (!('any' in p)) stack.push(...groupParticles(p));
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Decoding state for content with repeats, choices or wildcards.

interface State {
  /** Per object container: the index of the last field seen. */
  readonly last: number[];
  /** Per object container: the current object (root: the value; repeat items: the current occurrence). */
  readonly items: (Record<string, unknown> | undefined)[];
  /** Per choice: the branch taken in the current object, -1 for none yet. */
  readonly choice: number[];
}

/** One object level on the way from the root to a field. */
interface Level {
  readonly obj: number;
  readonly index: number;
  readonly repeat?: RepeatField;
  readonly parentObj: number;
  readonly choices: readonly (readonly [number, number])[];
  /** May the same index repeat at this level (repeated elements, wildcards)? */
  readonly sameOk: boolean;
  readonly inAll: boolean;
  readonly prop?: string;
  /** Object containers and choices to reset when a new item of this level starts. */
  readonly resetObjs: readonly number[];
  readonly resetChoices: readonly number[];
}

interface Case {
  readonly ns: string;
  readonly local: string;
  readonly suffix: string;
  readonly field: ElementField;
  readonly levels: readonly Level[];
  readonly read: ChildReader;
  /** For a simple value read as plain text: its parse function (see leafParse); `read` does the same, more slowly. */
  readonly parse: SimpleCodec['parse'] | undefined;
  /** The property is `__proto__`: written with defineProperty. */
  readonly proto: boolean;
}

interface WildcardCase {
  readonly field: AnyField;
  readonly levels: readonly Level[];
  readonly tns: string;
  readonly strict: boolean;
}

function objectContainer(c: Container): { obj: Container; choices: [number, number][] } {
  const choices: [number, number][] = [];
  let cur = c;
  while (cur.branchOf) {
    choices.push([cur.branchOf.choice, cur.branchOf.branch]);
    cur = cur.branchOf.parent;
  }
  return { obj: cur, choices: choices.reverse() };
}

/** Object containers and choices nested in an object (its repeat items, transitively). */
function nestedState(obj: Container): { objs: number[]; choices: number[] } {
  const objs: number[] = [];
  const choices: number[] = [];
  const visit = (c: Container) => {
    for (const f of c.fields) {
      if (f.kind === 'choice') {
        choices.push(f.id);
        for (const b of f.branches) visit(b);
      } else if (f.kind === 'repeat') {
        objs.push(f.item.id);
        visit(f.item);
      }
    }
  };
  visit(obj);
  return { objs, choices };
}

function levelsOf(c: Container, index: number, repeatable: boolean, inAll: boolean, prop?: string): Level[] {
  const levels: Level[] = [];
  let cur = c;
  let idx = index;
  let innermost = true;
  for (;;) {
    const o = objectContainer(cur);
    const rep = o.obj.parentRepeat;
    const nested = nestedState(o.obj);
    const sameOk = innermost ? repeatable && !inAll : true;
    levels.unshift({
      obj: o.obj.id,
      index: idx,
      repeat: rep?.field,
      parentObj: rep ? objectContainer(rep.parent).obj.id : -1,
      choices: o.choices,
      sameOk,
      inAll: innermost && inAll,
      prop: innermost ? prop : undefined,
      resetObjs: nested.objs,
      resetChoices: nested.choices,
    });
    innermost = false;
    if (!rep) break;
    idx = rep.field.index;
    cur = rep.parent;
  }
  return levels;
}

/** Moves the state to a field at `levels` (opening repeat items as the order requires) and returns its object. */
function enter(st: State, levels: readonly Level[], local: string, path: string): Record<string, unknown> {
  let target: Record<string, unknown> | undefined;
  for (let d = 0; d < levels.length; d++) {
    const lv = levels[d]!;
    const obj = lv.obj;
    let conflict = false;
    for (const [c, b] of lv.choices) if (st.choice[c] !== -1 && st.choice[c] !== b) conflict = true;
    const last = st.last[obj]!;
    // xs:all members share one index: any order, but each at most once.
    const cur = st.items[obj];
    const outOfOrder = lv.inAll ? lv.index < last || (cur !== undefined && hasOwn(cur, lv.prop!)) : lv.sameOk ? lv.index < last : lv.index <= last;
    if (lv.repeat === undefined) {
      if (outOfOrder || conflict) throw new DecodeError(`element ${local} is out of order, repeated or not allowed with what came before at ${path}`, path);
    } else if (st.items[obj] === undefined || outOfOrder || conflict) {
      const parent = st.items[lv.parentObj]!;
      const items = ownList(parent, lv.repeat.prop);
      if (lv.repeat.max >= 0 && items.length >= lv.repeat.max) throw new DecodeError(`more than ${lv.repeat.max} occurrences of ${lv.repeat.prop} at ${path}`, path);
      const item: Record<string, unknown> = {};
      items.push(item);
      st.items[obj] = item;
      st.last[obj] = -1;
      for (const o of lv.resetObjs) {
        st.items[o] = undefined;
        st.last[o] = -1;
      }
      for (const c of lv.resetChoices) st.choice[c] = -1;
    }
    for (const [c, b] of lv.choices) st.choice[c] = b;
    st.last[obj] = lv.index;
    target = st.items[obj]!;
  }
  return target!;
}

/** Presence of a choice branch in a value: any of its properties set. */
function presence(b: Container): (obj: Record<string, unknown>) => boolean {
  const props: string[] = [];
  const visit = (c: Container) => {
    for (const f of c.fields) {
      if (f.kind === 'element' || f.kind === 'repeat' || f.kind === 'any') props.push(f.prop);
      else if (f.kind === 'choice') for (const inner of f.branches) visit(inner);
    }
  };
  visit(b);
  return (obj) => {
    for (const p of props) if (own(obj, p) !== undefined) return true;
    return false;
  };
}

/** Required elements, choices, wildcards and occurrence counts, checked once the content is read. */
function requiredCheck(c: Container): (obj: Record<string, unknown>, path: string) => void {
  const checks: ((obj: Record<string, unknown>, path: string) => void)[] = [];
  for (const f of c.fields) {
    if (f.kind === 'element') {
      const { prop, min } = f;
      const name = f.p.el;
      if (f.optional) continue;
      if (f.repeated) {
        if (min > 0) checks.push((obj, path) => {
          if (((own(obj, prop) as unknown[] | undefined)?.length ?? 0) < min) throw new DecodeError(`at least ${min} ${name} element(s) required at ${path}`, path);
        });
      } else checks.push((obj, path) => {
        if (own(obj, prop) === undefined) throw new DecodeError(`missing required element ${name} at ${path}`, path);
      });
    } else if (f.kind === 'any') {
      const { prop, min } = f;
      if (!f.optional && min > 0) checks.push((obj, path) => {
        if (((own(obj, prop) as unknown[] | undefined)?.length ?? 0) < min) throw new DecodeError(`at least ${min} element(s) required by the wildcard at ${path}`, path);
      });
    } else if (f.kind === 'choice') {
      const branches = f.branches.map((b) => ({ present: presence(b), check: requiredCheck(b) }));
      const optional = f.optional;
      checks.push((obj, path) => {
        let any = false;
        for (const b of branches) {
          if (!b.present(obj)) continue;
          any = true;
          b.check(obj, path);
        }
        if (!any && !optional) throw new DecodeError(`one of the choices is required at ${path}`, path);
      });
    } else {
      const { prop, min, optional } = f;
      const item = requiredCheck(f.item);
      const suffix = '/' + prop;
      checks.push((obj, path) => {
        const items = own(obj, prop) as Record<string, unknown>[] | undefined;
        if (!optional && min > 0 && (items?.length ?? 0) < min) throw new DecodeError(`at least ${min} occurrence(s) of ${prop} required at ${path}`, path);
        if (items) for (const it of items) item(it, path + suffix);
      });
    }
  }
  if (checks.length === 0) return () => {};
  if (checks.length === 1) return checks[0]!;
  return (obj, path) => {
    for (const c of checks) c(obj, path);
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Helpers

/**
 * An element with `fixed` must carry that value: the same lexical form, or one that parses to the same value
 * (`1.0` for a decimal fixed at `1.00`, `1` for a boolean fixed at `true`).
 */
function sameAsFixed(s: SimpleCodec, value: unknown, text: string, fixed: string, path: string, mode: 'decode' | 'encode'): void {
  if (text.trim() === fixed.trim()) return;
  let expected: unknown;
  try {
    expected = s.parse(fixed, path);
  } catch {
    expected = undefined;
  }
  if (expected !== undefined && (sameValue(expected, value) || (s.kind === 'decimal' && typeof expected === 'string' && typeof value === 'string' && compareDecimal(expected, value) === 0))) return;
  checkFixed(text, fixed, path, mode);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'bigint' || typeof b === 'bigint') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const NO_ATTRIBUTES: readonly string[] = [];

function isSimple(t: TypeDesc): t is SimpleDesc {
  return 'atomic' in t || 'list' in t || 'union' in t;
}

/**
 * A constructor of plain objects (prototype Object.prototype, as `{}`) for one type's values. V8 sizes the objects a
 * constructor makes to the properties they end up with (slack tracking), so a decoded value's properties sit in the
 * object rather than in a property array grown as they are added, and each type's values share their own shapes.
 */
function plainObjects(): new () => Record<string, unknown> {
  const Out = function () {} as unknown as new () => Record<string, unknown>;
  Out.prototype = Object.prototype;
  return Out;
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets an own, enumerable property: `__proto__` becomes a plain property, never a prototype change. */
function setProp(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function ownList(obj: Record<string, unknown>, key: string): unknown[] {
  if (hasOwn(obj, key)) return obj[key] as unknown[];
  const list: unknown[] = [];
  setProp(obj, key, list);
  return list;
}

/** Reads a property of a value being encoded: names Object.prototype also has are read as own properties only. */
function getter(prop: string): (obj: Record<string, unknown>) => unknown {
  if (isPrototypeName(prop)) return (obj) => own(obj, prop);
  return (obj) => obj[prop];
}

function isPrototypeName(prop: string): boolean {
  return prop === '__proto__' || prop in Object.prototype;
}

function checkObject(value: unknown, ref: string, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object') throw new EncodeError(`expected an object for ${ref} at ${path}`, path);
  return value as Record<string, unknown>;
}

