import { builtinOf } from '../model/builtins';
import type { AttributeUse, ComplexTypeDef, ElementDecl, ElementParticle, Facets, ModelGroup, Particle, SimpleTypeDef, SourceRef, TypeId, Wildcard } from '../model/types';
import { EmitContext, EmittedFile, lit, propKey } from './emit-context';
import type { EmitReporter } from './emit-reporter';
import { RUNTIME_MODULE } from './types-emitter';
import { translateXsdPattern } from '@wsdl2ts/runtime';

/**
 * serializers.ts: a compact description of every type (content model, occurrences, names, facets, enumerations,
 * nillable, wildcards, attributes, hierarchies) that the runtime (`rt.schema`) compiles, lazily and once per type,
 * into decode/encode closures; plus an `ElementCodec` per global element, typed with the generated types. The file
 * grows with the schema, one line per type and per element, and is written already formatted (prettier skips it).
 */
export function emitSerializers(ctx: EmitContext, report: EmitReporter): EmittedFile {
  return { path: 'serializers.ts', text: new DescriptionEmitter(ctx, report).emit() };
}

/** A TypeScript expression written as is (not quoted) inside a description. */
class Code {
  constructor(readonly text: string) {}
}

type Value = string | number | boolean | undefined | Code | readonly Value[] | { readonly [key: string]: Value };

/** Prints a description value on one line: keys bare when they are identifiers, every string through `lit`. */
function print(v: Value): string {
  if (v instanceof Code) return v.text;
  if (typeof v === 'string') return lit(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(print).join(', ')}]`;
  const entries = Object.entries(v as Record<string, Value>).filter(([, x]) => x !== undefined);
  // A literal `__proto__:` key would set the prototype: that one name is written as a computed key.
  const key = (k: string) => (k === '__proto__' ? `[${lit(k)}]` : propKey(k));
  return entries.length ? `{ ${entries.map(([k, x]) => `${key(k)}: ${print(x)}`).join(', ')} }` : '{}';
}

const XS = 'http://www.w3.org/2001/XMLSchema';

class DescriptionEmitter {
  private readonly nsIndex = new Map<string, number>([['', 0]]);
  private readonly elementsByName = new Map<string, ElementDecl>();
  /** Some operation is rpc/encoded: named types carry their name (the xsi:type encoded values are written with). */
  private readonly encoded: boolean;

  constructor(
    private readonly ctx: EmitContext,
    private readonly report: EmitReporter,
  ) {
    for (const e of ctx.model.elements) this.elementsByName.set(`{${e.name.ns}}${e.name.local}`, e);
    this.encoded = ctx.model.elements.some((e) => e.encoded || e.encodedValue);
    // Namespace numbers (and so the encoder's ns<N> prefixes) in order of first use: global elements, then types.
    for (const e of ctx.model.elements) this.ns(e.name.ns);
    for (const t of ctx.model.types) {
      if (t.name) this.ns(t.name.ns);
      if (t.kind !== 'complex') continue;
      for (const a of t.attributes) this.ns(a.name.ns);
      if (t.wcfArray) this.ns(t.wcfArray.item.ns);
      if (t.content.kind === 'elements') forEachElement(t.content.particle, (p) => [p.name, ...(p.substitutes ?? [])].forEach((q) => this.ns(q.ns)));
    }
  }

  emit(): string {
    const types: string[] = [];
    for (const t of this.ctx.model.types) {
      const d = t.kind === 'simple' ? this.simpleType(t) : this.complexType(t);
      if (d !== undefined) types.push(`    ${t.tsName === '__proto__' ? `[${lit(t.tsName)}]` : propKey(t.tsName)}: ${print(d)},`);
    }
    // soapenc's own global elements of array type (soapenc:Array) are SOAP-encoded values, never literal elements.
    const elements = this.ctx.model.elements.filter((el) => el.encoded || el.encodedValue || !this.ctx.complex(el.type)?.soapArray).map((el) => this.elementCodec(el));
    const schemaNs = [...new Set(this.ctx.model.schemas.map((s) => s.targetNamespace))].filter((ns) => this.nsIndex.has(ns) && ns !== '').map((ns) => this.nsIndex.get(ns)!);
    const options: string[] = [];
    if (this.ctx.options.long !== 'string') options.push(`  long: ${lit(this.ctx.options.long)},`);
    if (this.ctx.options.date !== 'string') options.push(`  date: ${lit(this.ctx.options.date)},`);
    const ns = [...this.nsIndex.keys()];
    return [
      `import * as rt from '${RUNTIME_MODULE}';`,
      `import * as T from './types';`,
      '',
      '/** The schema, described: `rt.schema` compiles each type into decode/encode closures the first time it is used. */',
      'const $ = rt.schema({',
      '  ns: [',
      ...ns.map((u, i) => `    ${lit(u)}, // ${i}`),
      '  ],',
      `  schemaNs: ${print(schemaNs)},`,
      ...options,
      '  types: {',
      ...types,
      '  },',
      '});',
      '',
      ...elements,
      '',
    ].join('\n');
  }

  private ns(uri: string): number | undefined {
    if (uri === '') return undefined;
    let i = this.nsIndex.get(uri);
    if (i === undefined) {
      i = this.nsIndex.size;
      this.nsIndex.set(uri, i);
    }
    return i;
  }

  /** A type reference: `xs:<builtin>`, `raw` for values kept as raw XML, or the key of another description. */
  private ref(id: TypeId): string {
    const b = builtinOf(id);
    if (b) return b === 'anyType' ? 'raw' : `xs:${b}`;
    const t = this.ctx.type(id);
    if (!t) return 'raw';
    return t.tsName;
  }

  // -----------------------------------------------------------------------------------------------------------
  // Simple types

  private simpleType(t: SimpleTypeDef): Value {
    if (t.variety === 'list') return { list: this.ref(t.itemType!), facets: this.facets(t.facets, t) };
    if (t.variety === 'union') return { union: (t.memberTypes ?? []).map((m) => this.ref(m)) };
    const base = this.ref(t.base ?? `{${XS}}${t.builtin ?? 'string'}`);
    if (t.wellKnown === 'char') return { atomic: base, char: 1 };
    const name = this.encoded && t.name ? [this.ns(t.name.ns) ?? 0, t.name.local] : undefined;
    // QName enumerations are not enforced (W2T513): types.ts exports no values for them.
    const qnames = t.builtin === 'QName' || t.builtin === 'NOTATION';
    if (t.enumeration && t.valuesTsName && !qnames) return { atomic: base, enum: new Code(`T.${t.valuesTsName}`), name };
    return { atomic: base, facets: this.facets(t.facets, t), name };
  }

  /** A derivation step's own facets; patterns the runtime cannot enforce are reported (W2T511) and left out. */
  private facets(f: Facets, owner: SimpleTypeDef | ComplexTypeDef): Value {
    const out: Record<string, Value> = {};
    for (const k of ['length', 'minLength', 'maxLength', 'totalDigits', 'fractionDigits'] as const) if (f[k] !== undefined) out[k] = f[k];
    for (const k of ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const) if (f[k] !== undefined) out[k] = f[k];
    const patterns: string[] = [];
    for (const p of f.patterns ?? []) {
      const translated = translateXsdPattern(p);
      if ('error' in translated) {
        this.report('W2T511', `pattern ${JSON.stringify(p)} of ${owner.name?.local ?? owner.context ?? owner.id} is not enforced: ${translated.error}`, owner.source);
        continue;
      }
      patterns.push(p);
    }
    if (patterns.length) out.pattern = patterns;
    return Object.keys(out).length ? out : undefined;
  }

  // -----------------------------------------------------------------------------------------------------------
  // Complex types

  private complexType(t: ComplexTypeDef): Value {
    const ctx = this.ctx;
    const base = t.derivation && ctx.complex(t.derivation.base) ? this.ref(t.derivation.base) : undefined;
    const inHierarchy = t.derivedTypes.length > 0 || base !== undefined;
    const d: Record<string, Value> = {};
    if (t.name && (inHierarchy || this.encoded)) d.name = [this.ns(t.name.ns) ?? 0, t.name.local];
    if (base !== undefined) d[t.derivation!.method === 'extension' ? 'extends' : 'restricts'] = base;
    if (t.abstract) d.abstract = 1;
    if (t.mixed) d.mixed = 1;
    if (t.soapArray) {
      d.encArray = this.ref(t.soapArray.itemType);
      return d;
    }
    if (t.wcfArray) {
      const a = t.wcfArray;
      d.array = { el: a.item.local, ns: this.ns(a.item.ns), type: this.ref(a.itemType), nillable: a.nillable ? 1 : undefined };
      return d;
    }
    if (t.attributes.length) d.attrs = t.attributes.map((a) => this.attribute(a));
    if (t.anyAttribute) d.anyAttr = this.wildcard(t.anyAttribute);
    if (t.content.kind === 'simple') {
      d.text = this.ref(t.content.valueType);
      d.textFacets = this.facets(t.content.facets, t);
    } else if (t.content.kind === 'elements') {
      d.content = this.group(t.content.particle);
    }
    return d;
  }

  private attribute(a: AttributeUse): Value {
    return {
      attr: a.name.local,
      ns: this.ns(a.name.ns),
      type: this.attributeRef(a.type),
      prop: a.tsName !== a.name.local ? a.tsName : undefined,
      required: a.use === 'required' ? 1 : undefined,
      prohibited: a.use === 'prohibited' ? 1 : undefined,
      fixed: a.fixed,
    };
  }

  /** Attributes are simple: an unresolved attribute type is anySimpleType (a string), never raw XML. */
  private attributeRef(id: TypeId): string {
    const r = this.ref(id);
    return r === 'raw' || this.ctx.complex(id) ? 'xs:anySimpleType' : r;
  }

  private wildcard(w: Wildcard): Record<string, Value> {
    return { namespace: w.namespace, tns: this.ns(w.targetNamespace), process: w.processContents === 'lax' ? undefined : w.processContents };
  }

  /** Strict wildcards are enforced where a declaration can be known: in namespaces whose schemas were read. */
  private strictWildcard(w: Wildcard, source: SourceRef): void {
    const read = new Set(this.ctx.model.schemas.map((s) => s.targetNamespace));
    const tokens = w.namespace.trim().split(/\s+/);
    const open = tokens.some((t) => t === '##any' || t === '##other' || t === '' || (t === '##local' ? !read.has('') : t === '##targetNamespace' ? !read.has(w.targetNamespace) : !read.has(t)));
    if (open) this.report('W2T800', `xs:any namespace="${w.namespace}" processContents="strict": elements in namespaces whose schemas were not read are accepted without validation`, source);
  }

  private occurs(p: { minOccurs: number; maxOccurs: number | 'unbounded' }): Record<string, Value> {
    return { min: p.minOccurs === 1 ? undefined : p.minOccurs, max: p.maxOccurs === 1 ? undefined : p.maxOccurs === 'unbounded' ? -1 : p.maxOccurs };
  }

  private group(g: ModelGroup): Value {
    const kind = g.kind === 'sequence' ? 'seq' : g.kind;
    return { [kind]: g.particles.map((p) => this.particle(p)), ...this.occurs(g), prop: g.tsName };
  }

  private particle(p: Particle): Value {
    if (p.kind === 'element') return this.element(p);
    if (p.kind === 'any') {
      if (p.wildcard.processContents === 'strict') this.strictWildcard(p.wildcard, p.source);
      return { any: 1, ...this.wildcard(p.wildcard), ...this.occurs(p) };
    }
    return this.group(p);
  }

  private element(p: ElementParticle): Value {
    const d: Record<string, Value> = { el: p.name.local, ns: this.ns(p.name.ns), type: this.ref(p.type), ...this.occurs(p) };
    if (p.tsName !== p.name.local) d.prop = p.tsName;
    if (p.nillable) d.nillable = 1;
    if (p.fixed !== undefined && this.ctx.isSimple(p.type)) d.fixed = p.fixed;
    if (p.substitutes?.length) {
      // The head (unless abstract) and every member that may stand for it, each with its own declared type.
      const members: Value[] = [];
      for (const q of [p.name, ...p.substitutes]) {
        const decl = this.elementsByName.get(`{${q.ns}}${q.local}`);
        if (decl?.abstract) continue;
        members.push([this.ns(q.ns) ?? 0, q.local, this.ref(decl?.type ?? p.type)]);
      }
      d.subst = members;
    }
    return d;
  }

  private elementCodec(el: ElementDecl): string {
    const valueTs = `${this.ctx.tsType(el.type, 'T.')}${el.nillable ? ' | null' : ''}`;
    const args = [String(this.ns(el.name.ns) ?? 0), lit(el.name.local), lit(this.ref(el.type)), ...(el.nillable ? ['1'] : [])];
    if (el.encodedValue) return `export const ${el.tsName}: rt.ElementCodec<${valueTs}> = $.encodedValue(${[...args.slice(0, 3), ...(el.encodedValue === '1.2' ? ['12'] : [])].join(', ')});`;
    if (el.encoded) return `export const ${el.tsName}: rt.EncodedElementCodec<${valueTs}> = $.encoded(${[...args.slice(0, 3), ...(el.encoded === '1.2' ? ['12'] : [])].join(', ')});`;
    return `export const ${el.tsName}: rt.ElementCodec<${valueTs}> = $.element(${args.join(', ')});`;
  }
}

function forEachElement(g: ModelGroup, fn: (p: ElementParticle) => void): void {
  const stack = [...g.particles];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.kind === 'element') fn(p);
    else if (p.kind !== 'any') stack.push(...p.particles);
  }
}
