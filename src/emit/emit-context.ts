import { XSD_BUILTINS } from '@wsdl2ts/runtime';
import { builtinOf } from '../model/builtins';
import type { BuiltinName, ComplexTypeDef, ElementParticle, Model, SimpleTypeDef, TypeDef, TypeId } from '../model/types';
import { str, type ImportExtension } from './generated-file';

export interface EmitOptions {
  /** How xs:long, xs:integer and the other unbounded integer types are represented. */
  readonly long: 'string' | 'bigint';
  /** How xs:dateTime and xs:date are represented. */
  readonly date: 'string' | 'Date';
  /** Appended to the relative imports between generated files: `.js` for ESM under nodenext. */
  readonly importExtension: ImportExtension;
}

export const DEFAULT_EMIT_OPTIONS: EmitOptions = { long: 'string', date: 'string', importExtension: '' };

/** A file an emitter produces: a path relative to the output folder and its (unformatted) text. */
export interface EmittedFile {
  readonly path: string;
  readonly text: string;
  /** The text is already in its final layout (written through GeneratedFile): no formatter runs over it. */
  readonly final?: boolean;
}


/** Read-only lookups over the model shared by every emitter. */
export class EmitContext {
  readonly types = new Map<TypeId, TypeDef>();
  // chain() and subtypes() are asked for the same types again and again by every emitter (on EWS, millions of
  // times): computed once per type and shared, frozen (vim25's root type has thousands of subtypes: no copies).
  // The arrays are typed mutable for callers that take ComplexTypeDef[]; changing one throws.
  private readonly chains = new Map<TypeId, readonly ComplexTypeDef[]>();
  private readonly subtypeLists = new Map<TypeId, readonly ComplexTypeDef[]>();

  /**
   * The model has rpc/encoded operations: a value typed anyType (or by a type that does not resolve) is `unknown`
   * there, because the encoded codec decodes it by its xsi:type (a built-in's value, a struct, an array) and keeps
   * raw XML only when it has none. Literal codecs still give raw XML, which `unknown` includes.
   */
  private readonly encodedAny: boolean;

  constructor(
    readonly model: Model,
    readonly options: EmitOptions,
  ) {
    for (const t of model.types) this.types.set(t.id, t);
    this.encodedAny = model.elements.some((e) => e.encoded || e.encodedValue);
  }

  type(id: TypeId): TypeDef | undefined {
    return this.types.get(id);
  }

  complex(id: TypeId): ComplexTypeDef | undefined {
    const t = this.types.get(id);
    return t?.kind === 'complex' ? t : undefined;
  }

  /** The TypeScript type of a value of the built-in. */
  builtinTs(b: BuiltinName): string {
    const info = XSD_BUILTINS[b];
    if (info.big && this.options.long === 'bigint') return 'bigint';
    if (info.date && this.options.date === 'Date') return 'Date';
    switch (info.representation) {
      case 'binary':
        return 'Uint8Array';
      case 'list':
        return 'string[]';
      case 'qname':
        return 'rt.QName';
      case 'raw':
        return this.encodedAny ? 'unknown' : 'rt.RawXml';
      default:
        return info.representation;
    }
  }

  /** The TypeScript type of a value of `id`, with `prefix` on model type names (`T.` in the serializers file). */
  tsType(id: TypeId, prefix = ''): string {
    const b = builtinOf(id);
    if (b) return this.builtinTs(b);
    const t = this.types.get(id);
    if (!t) return this.encodedAny ? 'unknown' : 'rt.RawXml';
    if (t.kind === 'complex') {
      if (t.wcfArray) return this.arrayOf(t.wcfArray.itemType, t.wcfArray.nillable, prefix);
      if (t.soapArray) return this.soapArrayOf(t.soapArray.itemType, prefix);
      if (this.isMixed(t)) return 'rt.RawXml';
      return prefix + (t.unionTsName ?? t.tsName);
    }
    return prefix + t.tsName;
  }

  /**
   * A SOAP-encoded array: items typed only by their xsi:type (anyType) are `unknown` (a built-in's value, a struct,
   * an array, raw XML); struct items may be nil (`null`), as toolkits write null pointers.
   */
  soapArrayOf(item: TypeId, prefix = ''): string {
    if (builtinOf(item) === 'anyType') return 'Array<unknown>';
    return this.arrayOf(item, !!this.complex(item), prefix);
  }

  arrayOf(item: TypeId, nillable: boolean, prefix = ''): string {
    const inner = this.tsType(item, prefix);
    return nillable ? `Array<${inner} | null>` : `Array<${inner}>`;
  }

  /** The declared TypeScript type of an element property, before `?` (arrays and null included). */
  elementTs(p: ElementParticle, repeated: boolean, prefix = ''): string {
    let t = this.tsType(p.type, prefix);
    if (p.substitutes?.length) t = `rt.Substituted<${[p.name, ...p.substitutes].map((q) => str(q.local)).join(' | ')}, ${t}>`;
    if (p.nillable) t = `${t} | null`;
    return repeated ? `Array<${t}>` : t;
  }

  /** The built-in an atomic simple type or built-in id ultimately is. */
  builtinFor(id: TypeId): BuiltinName | undefined {
    const b = builtinOf(id);
    if (b) return b;
    const t = this.types.get(id);
    return t?.kind === 'simple' ? t.builtin : undefined;
  }

  /** Mixed content anywhere in the base chain: the values are carried as raw XML. */
  isMixed(t: ComplexTypeDef): boolean {
    return this.chain(t).some((c) => c.mixed);
  }

  /** Every complex type whose base chain reaches `id` (transitively), in model order. */
  subtypes(id: TypeId): ComplexTypeDef[] {
    let known = this.subtypeLists.get(id);
    if (!known) this.subtypeLists.set(id, (known = Object.freeze(this.computeSubtypes(id))));
    return known as ComplexTypeDef[];
  }

  private computeSubtypes(id: TypeId): ComplexTypeDef[] {
    const out: ComplexTypeDef[] = [];
    const queue = [...(this.complex(id)?.derivedTypes ?? [])];
    const seen = new Set<TypeId>([id]);
    for (let i = 0; i < queue.length; i++) {
      const next = queue[i]!;
      if (seen.has(next)) continue;
      seen.add(next);
      const t = this.complex(next);
      if (!t) continue;
      out.push(t);
      queue.push(...t.derivedTypes);
    }
    return out;
  }

  /** The base chain of a complex type, root first, ending with the type itself. */
  chain(t: ComplexTypeDef): ComplexTypeDef[] {
    // Keyed by the object too: a type not in the model (none today) must not take another's chain.
    let known = this.chains.get(t.id);
    if (!known || known[known.length - 1] !== t) this.chains.set(t.id, (known = Object.freeze(this.computeChain(t))));
    return known as ComplexTypeDef[];
  }

  private computeChain(t: ComplexTypeDef): ComplexTypeDef[] {
    const out: ComplexTypeDef[] = [];
    const seen = new Set<TypeId>();
    for (let cur: ComplexTypeDef | undefined = t; cur && !seen.has(cur.id); cur = cur.derivation ? this.complex(cur.derivation.base) : undefined) {
      seen.add(cur.id);
      out.unshift(cur);
    }
    return out;
  }

  isSimple(id: TypeId): boolean {
    return builtinOf(id) !== undefined || this.types.get(id)?.kind === 'simple';
  }

  simple(id: TypeId): SimpleTypeDef | undefined {
    const t = this.types.get(id);
    return t?.kind === 'simple' ? t : undefined;
  }
}

/** A JSON string literal safe inside generated code (also escapes U+2028/U+2029 for old parsers). */
export function lit(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A property key: bare when it is a plain identifier, quoted otherwise. */
export function propKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : lit(name);
}

/** Property access for a key that may not be an identifier. */
export function access(obj: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${obj}.${name}` : `${obj}[${lit(name)}]`;
}

/**
 * Reads a property of a generated value. Names that Object.prototype also has (`constructor`, `toString`,
 * `__proto__`…) are read as own properties only, so an absent element is never mistaken for an inherited member.
 */
export function getProp(obj: string, name: string): string {
  return isPrototypeName(name) ? `rt.own(${obj}, ${lit(name)})` : `${obj}[${lit(name)}]`;
}

/** The array stored under `name`, created when absent (as an own property, whatever the name). */
export function listProp(obj: string, name: string): string {
  return isPrototypeName(name) ? `rt.ownList(${obj}, ${lit(name)})` : `((${obj}[${lit(name)}] ??= []) as unknown[])`;
}

export function isPrototypeName(name: string): boolean {
  return name === '__proto__' || Object.prototype.hasOwnProperty.call(Object.prototype, name);
}
