import { builtinOf } from '../model/builtins';
import type { AttributeUse, ComplexTypeDef, ElementDecl, ElementParticle, Facets, QName, SimpleTypeDef, TypeId } from '../model/types';
import { Container, ElementField, Field, planContent, RepeatField } from './content-plan';
import { EmitContext, EmittedFile, getProp, listProp, lit } from './emit-context';
import type { EmitReporter } from './emit-reporter';
import { RUNTIME_MODULE } from './types-emitter';
import { needsReader, needsScope, parseExpr, formatExpr } from './value-codecs';
import { EncoderEmitter, effectiveAttributes } from './encoder-emitter';
import { PrefixTable } from './prefix-table';
import { translateXsdPattern } from '@wsdl2ts/runtime';

/**
 * serializers.ts: for every type a generated decode (XmlReader → value) and encode (value → XmlWriter), plus an
 * ElementCodec per global element. Everything is straight-line code specialised to the schema: no schema walk
 * happens at run time.
 */
export function emitSerializers(ctx: EmitContext, report: EmitReporter): EmittedFile {
  const e = new SerializerEmitter(ctx, report);
  return { path: 'serializers.ts', text: e.emit() };
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

class SerializerEmitter {
  private readonly nsConst = new Map<string, string>();
  private readonly out: string[] = [];

  private readonly encoder: EncoderEmitter;

  constructor(
    private readonly ctx: EmitContext,
    private readonly report: EmitReporter,
  ) {
    this.encoder = new EncoderEmitter(ctx, new PrefixTable(ctx), (id) => this.isRaw(id));
  }

  emit(): string {
    const body: string[] = [];
    for (const t of this.ctx.model.types) {
      if (t.kind === 'simple') body.push(this.simpleType(t));
      else body.push(this.complexType(t));
    }
    for (const el of this.ctx.model.elements) body.push(this.elementCodec(el));
    const consts = [...this.nsConst.entries()].map(([ns, name]) => `const ${name} = ${lit(ns)};`);
    this.out.push(`import * as rt from ${lit(RUNTIME_MODULE)};`, `import * as T from './types';`, '', ...consts, ...this.hoisted.values(), '', ...body);
    return this.out.join('\n') + '\n';
  }

  private ns(uri: string): string {
    let name = this.nsConst.get(uri);
    if (!name) {
      name = `NS${this.nsConst.size}`;
      this.nsConst.set(uri, name);
    }
    return name;
  }

  // -----------------------------------------------------------------------------------------------------------
  // Simple types: parseX(text, path) and formatX(value, path), with facets and enumerations checked both ways.

  private simpleType(t: SimpleTypeDef): string {
    const ctx = this.ctx;
    const tsT = `T.${t.tsName}`;
    const qn = needsReader(ctx, t);
    const rParam = qn ? ', scope: rt.PrefixResolver' : '';
    const wParam = qn ? ', scope: rt.QNameScope' : '';
    const lines: string[] = [];
    const facets = this.facetsLiteral(t);
    if (facets.constName) lines.push(facets.decl);
    if (t.enumeration && t.variety === 'atomic' && !qn) {
      const set = `${t.tsName}_allowed`;
      lines.push(`const ${set}: ReadonlySet<unknown> = new Set<unknown>(T.${t.valuesTsName});`);
      const baseParse = t.base ? parseExpr(ctx, t.base, 'text', 'path') : 'text';
      const baseFormat = t.base ? formatExpr(ctx, t.base, 'value', 'path') : 'String(value)';
      lines.push(
        `export function parse${t.tsName}(text: string, path: string${rParam}): ${tsT} {`,
        `  const value = ${baseParse};`,
        `  if (!${set}.has(value)) throw new rt.DecodeError(\`\${JSON.stringify(text.slice(0, 64))} is not one of the values of ${t.tsName} at \${path}\`, path);`,
        `  return value as ${tsT};`,
        `}`,
        `export function format${t.tsName}(value: ${tsT}, path: string${wParam}): string {`,
        `  if (!${set}.has(value)) throw new rt.EncodeError(\`\${JSON.stringify(String(value).slice(0, 64))} is not one of the values of ${t.tsName} at \${path}\`, path);`,
        `  return ${baseFormat};`,
        `}`,
      );
      return lines.join('\n');
    }
    if (t.variety === 'list') {
      const item = t.itemType!;
      lines.push(
        `export function parse${t.tsName}(text: string, path: string${rParam}): ${tsT} {`,
        `  const items = rt.splitList(text);`,
        facets.constName ? `  ${facets.constName}(items, path, 'decode');` : '',
        `  return items.map((item, i) => ${parseExpr(ctx, item, 'item', '`${path}[${i}]`')});`,
        `}`,
        `export function format${t.tsName}(value: ${tsT}, path: string${wParam}): string {`,
        facets.constName ? `  ${facets.constName}(value.map(String), path, 'encode');` : '',
        `  return value.map((item, i) => ${formatExpr(ctx, item, 'item', '`${path}[${i}]`')}).join(' ');`,
        `}`,
      );
      return lines.filter(Boolean).join('\n');
    }
    if (t.variety === 'union') {
      const members = t.memberTypes ?? [];
      const tries = members.map((m) => `  try { return ${parseExpr(ctx, m, 'text', 'path')}; } catch (e) { if (!(e instanceof rt.DecodeError)) throw e; }`);
      const ftries = members.map((m) => `  try { return ${formatExpr(ctx, m, `value as ${ctx.tsType(m, 'T.')}`, 'path')}; } catch (e) { if (!(e instanceof rt.EncodeError)) throw e; }`);
      lines.push(
        `export function parse${t.tsName}(text: string, path: string${rParam}): ${tsT} {`,
        ...tries,
        `  throw new rt.DecodeError(\`\${JSON.stringify(text.slice(0, 64))} matches no member type of ${t.tsName} at \${path}\`, path);`,
        `}`,
        `export function format${t.tsName}(value: ${tsT}, path: string${wParam}): string {`,
        ...ftries,
        `  throw new rt.EncodeError(\`the value matches no member type of ${t.tsName} at \${path}\`, path);`,
        `}`,
      );
      return lines.join('\n');
    }
    // Atomic restriction: the base's codec, then this type's own facets.
    const base = t.base ?? `{http://www.w3.org/2001/XMLSchema}${t.builtin ?? 'string'}`;
    if (t.wellKnown === 'char') {
      lines.push(
        `export function parse${t.tsName}(text: string, path: string): ${tsT} {`,
        `  return rt.parseChar(text, path);`,
        `}`,
        `export function format${t.tsName}(value: ${tsT}, path: string): string {`,
        `  return rt.formatChar(value, path);`,
        `}`,
      );
      return lines.join('\n');
    }
    const check = facets.constName ? `${facets.constName}(value, path, 'decode');\n  ` : '';
    const echeck = facets.constName ? `${facets.constName}(value, path, 'encode');\n  ` : '';
    lines.push(
      `export function parse${t.tsName}(text: string, path: string${rParam}): ${tsT} {`,
      `  const value = ${parseExpr(ctx, base, 'text', 'path')};`,
      `  ${check}return value;`,
      `}`,
      `export function format${t.tsName}(value: ${tsT}, path: string${wParam}): string {`,
      `  ${echeck}return ${formatExpr(ctx, base, 'value', 'path')};`,
      `}`,
    );
    return lines.join('\n');
  }

  /** The type's own facets as a constant passed to rt.checkFacets (patterns compiled once, at load). */
  private facetsLiteral(t: SimpleTypeDef): { constName?: string; decl: string } {
    const f = t.facets;
    const parts: string[] = [];
    for (const k of ['length', 'minLength', 'maxLength', 'totalDigits', 'fractionDigits'] as const) if (f[k] !== undefined) parts.push(`${k}: ${f[k]}`);
    for (const k of ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const) if (f[k] !== undefined) parts.push(`${k}: ${lit(f[k]!)}`);
    const patterns: string[] = [];
    for (const p of f.patterns ?? []) {
      const translated = rtTranslate(p);
      if ('error' in translated) {
        this.report('W2T511', `pattern ${JSON.stringify(p)} of ${t.name?.local ?? t.context ?? t.id} is not enforced: ${translated.error}`, t.source);
        continue;
      }
      patterns.push(`new RegExp(${lit(translated.source)}, ${lit(translated.flags)})`);
    }
    // XSD ANDs patterns of different derivation steps (each step's parse checks its own) and ORs those of one step.
    if (patterns.length === 1) parts.push(`patterns: [${patterns[0]}]`);
    else if (patterns.length > 1) parts.push(`patterns: [[${patterns.join(', ')}]]`);
    if (!parts.length) return { decl: '' };
    const constName = `${t.tsName}_facets`;
    return { constName, decl: `const ${constName} = rt.compileFacets({ ${parts.join(', ')} }, ${lit(facetKind(this.ctx, t))});` };
  }

  // -----------------------------------------------------------------------------------------------------------
  // Complex types

  private complexType(t: ComplexTypeDef): string {
    const ctx = this.ctx;
    const tsT = `T.${t.tsName}`;
    if (t.wcfArray) return this.wcfArray(t);
    // Mixed content is carried as raw XML (reported by the types emitter); it needs no codec of its own.
    if (ctx.isMixed(t)) return '';
    const hierarchy = t.derivedTypes.length > 0 || !!(t.derivation && ctx.complex(t.derivation.base));
    const subtypes = ctx.subtypes(t.id);
    const lines: string[] = [];
    const bodyName = hierarchy ? `decode${t.tsName}Exact` : `decode${t.tsName}`;
    if (hierarchy) {
      const ret = t.unionTsName ? `T.${t.unionTsName}` : tsT;
      lines.push(`export function decode${t.tsName}(r: rt.XmlReader, path: string): ${ret} {`, `  const xt = r.xsiType();`, `  if (xt) {`, `    switch (xt[1]) {`);
      for (const s of [t, ...subtypes]) {
        if (!s.name || s.abstract) continue;
        if (ctx.isMixed(s)) {
          lines.push(`      case ${lit(s.name.local)}: if (xt[0] === ${this.ns(s.name.ns)}) return { xml: r.readRaw() }; break;`);
          continue;
        }
        lines.push(`      case ${lit(s.name.local)}: if (xt[0] === ${this.ns(s.name.ns)}) return decode${s.tsName}Exact(r, path); break;`);
      }
      lines.push(`    }`, `    throw new rt.DecodeError(\`xsi:type {\${xt[0]}}\${xt[1]} is not ${t.tsName} or a type derived from it at \${path}\`, path);`, `  }`);
      if (t.abstract) lines.push(`  throw new rt.DecodeError(\`${t.tsName} is abstract: an xsi:type naming a derived type is required at \${path}\`, path);`);
      else lines.push(`  return ${bodyName}(r, path);`);
      lines.push(`}`);
    }
    lines.push(this.decodeBody(t, bodyName, hierarchy));
    lines.push(this.encoder.complexEncoders(t, hierarchy));
    return lines.join('\n');
  }

  private wcfArray(t: ComplexTypeDef): string {
    const a = t.wcfArray!;
    const tsT = `T.${t.tsName}`;
    const item = this.valueDecode(a.itemType, 'path + "/" + r.local + "[" + out.length + "]"');
    return [
      `export function decode${t.tsName}(r: rt.XmlReader, path: string): ${tsT} {`,
      `  const out: ${tsT} = [];`,
      `  while (r.nextChild()) {`,
      `    if (r.ns !== ${this.ns(a.item.ns)} || r.local !== ${lit(a.item.local)}) throw new rt.DecodeError(\`unexpected element {\${r.ns}}\${r.local} in ${t.tsName} at \${path}\`, path);`,
      a.nillable ? `    if (r.isNil()) { rt.readNil(r, path); out.push(null); continue; }` : '',
      `    out.push(${item});`,
      `  }`,
      `  return out;`,
      `}`,
      this.encoder.wcfArrayEncoder(t),
    ]
      .filter(Boolean)
      .join('\n');
  }

  /** Values kept as raw XML: the whole element as received (anyType, mixed content, unresolved types). */
  private isRaw(id: TypeId): boolean {
    const ctx = this.ctx;
    if (builtinOf(id) === 'anyType') return true;
    const c = ctx.complex(id);
    if (c) return ctx.isMixed(c);
    return !ctx.isSimple(id);
  }

  /** Expression reading the current element's value of type `id` (the reader is at its start tag). */
  private valueDecode(id: TypeId, path: string): string {
    if (this.isRaw(id)) return `({ xml: r.readRaw() })`;
    const c = this.ctx.complex(id);
    if (c) return `decode${c.tsName}(r, ${path})`;
    // The element's own namespace declarations are captured before its text is read.
    if (needsScope(this.ctx, id)) return `rt.readScoped(r, (text, scope) => ${parseExpr(this.ctx, id, 'text', path)}, ${path})`;
    return parseExpr(this.ctx, id, `rt.leafText(r, ${path})`, path);
  }

  private decodeBody(t: ComplexTypeDef, name: string, hierarchy: boolean): string {
    const ctx = this.ctx;
    const chain = ctx.chain(t);
    const lines: string[] = [`export function ${name}(r: rt.XmlReader, path: string): T.${t.tsName} {`, `  const out: Record<string, unknown> = {};`];
    if (hierarchy && !t.abstract) lines.push(`  out.$type = ${lit(t.tsName)};`);
    const attributes = effectiveAttributes(chain);
    if (attributes.some((a) => needsScope(ctx, a.type))) lines.push(`  const scope: rt.PrefixResolver = (p) => r.lookupNamespace(p);`);
    for (const [i, a] of attributes.entries()) {
      const apath = `path + ${lit('/@' + a.name.local)}`;
      lines.push(`  const a${i} = r.attr(${this.ns(a.name.ns)}, ${lit(a.name.local)});`);
      if (a.fixed !== undefined) lines.push(`  if (a${i} !== undefined) rt.checkFixed(a${i}, ${lit(a.fixed)}, ${apath}, 'decode');`);
      lines.push(`  if (a${i} !== undefined) ${this.assign('out', a.tsName, parseExpr(ctx, a.type, `a${i}`, apath))}`);
      if (a.use === 'required') lines.push(`  else throw new rt.DecodeError(\`missing required attribute ${a.name.local} at \${path}\`, path);`);
    }
    const anyAttr = [...chain].reverse().find((c) => c.anyAttribute)?.anyAttribute;
    if (anyAttr) {
      const known = attributes.map((a) => `(r.attrNs(i) === ${this.ns(a.name.ns)} && r.attrLocal(i) === ${lit(a.name.local)})`);
      lines.push(
        `  const anyAttributes: rt.AnyAttribute[] = [];`,
        `  for (let i = 0; i < r.attrCount; i++) {`,
        `    if (r.attrNs(i) === ${this.ns(XSI)}${known.length ? ` || ${known.join(' || ')}` : ''}) continue;`,
        `    if (!rt.wildcardAllows(r.attrNs(i), ${lit(anyAttr!.namespace)}, ${lit(anyAttr!.targetNamespace)})) throw new rt.DecodeError(\`attribute {\${r.attrNs(i)}}\${r.attrLocal(i)} is not allowed at \${path}\`, path);`,
        `    anyAttributes.push({ ns: r.attrNs(i), local: r.attrLocal(i), value: r.attrValue(i) });`,
        `  }`,
        `  if (anyAttributes.length) out.$anyAttributes = anyAttributes;`,
      );
    } else {
      // Unknown attributes are not silently dropped: only declared ones, xsi: and namespace declarations may appear.
      lines.push(`  if (r.attrCount) rt.checkAttributes(r, path, [${attributes.map((a) => lit(`{${a.name.ns}}${a.name.local}`)).join(', ')}]);`);
    }
    const simple = [...chain].reverse().find((c) => c.content.kind === 'simple');
    if (simple && simple.content.kind === 'simple') {
      lines.push(`  out.$value = ${needsScope(ctx, simple.content.valueType) ? `rt.readScoped(r, (text, scope) => ${parseExpr(ctx, simple.content.valueType, 'text', 'path')})` : parseExpr(ctx, simple.content.valueType, 'r.readText()', 'path')};`);
      if (Object.keys(simple.content.facets).length) {
        lines.push(`  ${this.hoistFacets(t, simple.content.facets, simple.content.valueType)}(out.$value as rt.FacetValue, path, 'decode');`);
      }
    } else {
      const plan = planContent(ctx, t);
      lines.push(...this.decodeContent(plan.root, plan.containers, t));
    }
    lines.push(`  return out as unknown as T.${t.tsName};`, `}`);
    return lines.join('\n');
  }

  private inlineFacets(f: Facets): string {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(f)) {
      if (k === 'patterns') {
        const ps = (v as string[]).map((p) => rtTranslate(p)).filter((x): x is { source: string; flags: string } => !('error' in x));
        if (ps.length) parts.push(`patterns: [[${ps.map((p) => `new RegExp(${lit(p.source)}, ${lit(p.flags)})`).join(', ')}]]`);
      } else if (k !== 'whiteSpace') parts.push(`${k}: ${typeof v === 'number' ? v : lit(String(v))}`);
    }
    return `{ ${parts.join(', ')} }`;
  }

  private readonly hoisted = new Map<string, string>();

  /** A module-level compiled facet checker for a simpleContent restriction (compiled once, at load). */
  private hoistFacets(t: ComplexTypeDef, f: Facets, valueType: TypeId): string {
    const name = `${t.tsName}_valueFacets`;
    if (!this.hoisted.has(name)) {
      this.hoisted.set(name, `const ${name} = rt.compileFacets(${this.inlineFacets(f)}, ${lit(this.valueKind(valueType))});`);
    }
    return name;
  }

  private valueKind(valueType: TypeId): string {
    const simple = this.ctx.simple(valueType);
    return simple ? facetKind(this.ctx, simple) : builtinKind(builtinOf(valueType));
  }

  private assign(obj: string, prop: string, expr: string): string {
    if (prop === '__proto__') return `rt.setOwn(${obj}, '__proto__', ${expr});`;
    return `${obj}[${lit(prop)}] = ${expr};`;
  }

  /** The child-element loop for a type's content, with order, choice and occurrence checks. */
  private decodeContent(root: Container, containers: Container[], t: ComplexTypeDef): string[] {
    const parentOf = new Map<number, { field: RepeatField; parent: Container } | { branchOf: Container; choice: Field & { kind: 'choice' }; branch: number }>();
    for (const c of containers) {
      for (const f of c.fields) {
        if (f.kind === 'repeat') parentOf.set(f.item.id, { field: f, parent: c });
        if (f.kind === 'choice') f.branches.forEach((b, i) => parentOf.set(b.id, { branchOf: c, choice: f, branch: i }));
      }
    }
    // The object container (root or repeat item) a container's properties live on, and the choices on the way.
    const objectOf = (c: Container): { obj: Container; choices: { choice: Field & { kind: 'choice' }; branch: number }[] } => {
      const choices: { choice: Field & { kind: 'choice' }; branch: number }[] = [];
      let cur = c;
      for (;;) {
        const p = parentOf.get(cur.id);
        if (!p || 'field' in p) return { obj: cur, choices: choices.reverse() };
        choices.push({ choice: p.choice, branch: p.branch });
        cur = p.branchOf;
      }
    };
    const objects = new Set<number>([root.id]);
    for (const c of containers) if (parentOf.get(c.id) && 'field' in parentOf.get(c.id)!) objects.add(c.id);
    const lines: string[] = [];
    for (const id of objects) {
      lines.push(`  let last${id} = -1;`);
      if (id !== root.id) lines.push(`  let item${id}: Record<string, unknown> | undefined;`);
    }
    for (const c of containers) for (const f of c.fields) if (f.kind === 'choice') lines.push(`  let choice${f.id} = -1;`);
    // Resets when a new repeat item starts: its own state and every object nested in it.
    const resetFor = (objId: number): string[] => {
      const out: string[] = [`last${objId} = -1;`];
      for (const c of containers) {
        const o = objectOf(c);
        if (o.obj.id === objId) for (const f of c.fields) if (f.kind === 'choice') out.push(`choice${f.id} = -1;`);
      }
      for (const c of containers) {
        const p = parentOf.get(c.id);
        if (p && 'field' in p && objectOf(p.parent).obj.id === objId) out.push(`item${c.id} = undefined;`, ...resetFor(c.id));
      }
      return out;
    };
    const cases = new Map<string, string[]>();
    const addCase = (local: string, code: string) => cases.set(local, [...(cases.get(local) ?? []), code]);
    let anyFields: { field: Field & { kind: 'any' }; container: Container }[] = [];
    for (const c of containers) {
      for (const f of c.fields) {
        if (f.kind === 'element') {
          for (const name of [f.particle.name, ...(f.particle.substitutes ?? [])]) {
            // An abstract element (a substitution group head) may not appear itself.
            if (this.isAbstractElement(name)) continue;
            addCase(name.local, this.elementCase(f, name, c, objectOf, parentOf, resetFor, root));
          }
        } else if (f.kind === 'any') anyFields.push({ field: f, container: c });
      }
    }
    lines.push(`  while (r.nextChild()) {`, `    const ns = r.ns;`, `    switch (r.local) {`);
    for (const [local, codes] of [...cases.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      lines.push(`      case ${lit(local)}: {`, ...codes.map((c) => c.replace(/^/gm, '        ')), `        break;`, `      }`);
    }
    lines.push(`    }`);
    anyFields = anyFields.filter((a) => a.field.particle.wildcard.processContents !== undefined);
    for (const { field, container } of anyFields) {
      const o = objectOf(container);
      const target = o.obj.id === root.id ? 'out' : `item${o.obj.id}!`;
      lines.push(
        `    if (rt.wildcardAllows(ns, ${lit(field.particle.wildcard.namespace)}, ${lit(field.particle.wildcard.targetNamespace)})) {`,
        o.obj.id === root.id ? '' : `      if (item${o.obj.id} === undefined) throw new rt.DecodeError(\`unexpected element {\${ns}}\${r.local} at \${path}\`, path);`,
        `      if (${field.index} < last${o.obj.id}) throw new rt.DecodeError(\`element {\${ns}}\${r.local} is out of order at \${path}\`, path);`,
        `      last${o.obj.id} = ${field.index};`,
        `      ((${target}.$any ??= []) as rt.RawXml[]).push({ xml: r.readRaw() });`,
        `      continue;`,
        `    }`,
      );
    }
    lines.push(`    throw new rt.DecodeError(\`unexpected element {\${ns}}\${r.local} in ${t.name?.local ?? t.tsName} at \${path}\`, path);`, `  }`);
    lines.push(...this.requiredChecks(root, 'out', 'path', '  '));
    return lines.filter((l) => l !== '');
  }

  private elementCase(
    f: ElementField,
    name: QName,
    c: Container,
    objectOf: (c: Container) => { obj: Container; choices: { choice: Field & { kind: 'choice' }; branch: number }[] },
    parentOf: Map<number, { field: RepeatField; parent: Container } | { branchOf: Container; choice: Field & { kind: 'choice' }; branch: number }>,
    resetFor: (id: number) => string[],
    root: Container,
  ): string {
    const lines: string[] = [`if (ns === ${this.ns(name.ns)}) {`];
    const elPath = `path + ${lit('/' + name.local)}`;
    // Walk from the outermost repeat down to this field's object, opening items as the order requires.
    const levels: { obj: Container; index: number; repeat?: RepeatField; choices: { choice: Field & { kind: 'choice' }; branch: number }[] }[] = [];
    let cur = c;
    let index = f.index;
    for (;;) {
      const o = objectOf(cur);
      const p = parentOf.get(o.obj.id);
      levels.unshift({ obj: o.obj, index, repeat: p && 'field' in p ? p.field : undefined, choices: o.choices });
      if (!p || !('field' in p)) break;
      index = p.field.index;
      cur = p.parent;
    }
    for (const [depth, level] of levels.entries()) {
      const id = level.obj.id;
      const innermost = depth === levels.length - 1;
      const repeatable = innermost ? f.repeated || f.inAll : true;
      const sameOk = repeatable && !(innermost && f.inAll);
      const conflict = level.choices.map((ch) => `(choice${ch.choice.id} !== -1 && choice${ch.choice.id} !== ${ch.branch})`);
      const outOfOrder = `${level.index} ${sameOk ? '<' : '<='} last${id}${conflict.length ? ` || ${conflict.join(' || ')}` : ''}`;
      if (id === root.id) {
        lines.push(`  if (${outOfOrder}) throw new rt.DecodeError(\`element ${name.local} is out of order, repeated or not allowed with what came before at \${path}\`, path);`);
      } else {
        const rep = level.repeat!;
        const parentObj = levels[depth - 1]!.obj.id === root.id ? 'out' : `item${levels[depth - 1]!.obj.id}!`;
        lines.push(
          `  if (item${id} === undefined || ${outOfOrder}) {`,
          `    const items = ${listProp(parentObj, rep.prop)};`,
          rep.max !== 'unbounded' ? `    if (items.length >= ${rep.max}) throw new rt.DecodeError(\`more than ${rep.max} occurrences of ${rep.prop} at \${path}\`, path);` : '',
          `    item${id} = {};`,
          `    items.push(item${id});`,
          ...resetFor(id).map((s) => `    ${s}`),
          `  }`,
        );
      }
      for (const ch of level.choices) lines.push(`  choice${ch.choice.id} = ${ch.branch};`);
      lines.push(`  last${id} = ${level.index};`);
    }
    const target = levels[levels.length - 1]!.obj.id === root.id ? 'out' : `item${levels[levels.length - 1]!.obj.id}!`;
    const p = f.particle;
    const isSubst = !!p.substitutes?.length;
    const declared = isSubst ? this.substitutionType(p, name) : p.type;
    let value = this.valueDecode(declared, elPath);
    if (isSubst) value = `{ $element: ${lit(name.local)}, value: ${value} }`;
    const nil = p.nillable ? `r.isNil() ? rt.readNil(r, ${elPath}) : ` : `rt.notNil(r, ${elPath}) ?? `;
    if (f.repeated) {
      lines.push(`  const list = ${listProp(target, f.prop)};`);
      if (f.max !== 'unbounded') lines.push(`  if (list.length >= ${f.max}) throw new rt.DecodeError(\`more than ${f.max} ${name.local} elements at \${path}\`, path);`);
      lines.push(`  list.push(${nil}${value});`);
    } else {
      lines.push(`  ${this.assign(target, f.prop, `${nil}${value}`)}`);
    }
    lines.push(`  continue;`, `}`);
    return lines.filter((l) => l !== '').join('\n');
  }

  private isAbstractElement(q: QName): boolean {
    return this.ctx.model.elements.some((e) => e.abstract && e.name.ns === q.ns && e.name.local === q.local);
  }

  /** The type of a substitution group member (its own declared type). */
  private substitutionType(p: ElementParticle, name: QName): TypeId {
    const decl = this.ctx.model.elements.find((e) => e.name.ns === name.ns && e.name.local === name.local);
    return decl?.type ?? p.type;
  }

  /** Required elements, choices and occurrence counts, checked once the content is read. */
  private requiredChecks(c: Container, obj: string, path: string, indent: string): string[] {
    const lines: string[] = [];
    for (const f of c.fields) {
      if (f.kind === 'element') {
        const get = getProp(obj, f.prop);
        if (f.repeated && f.min > 0 && !f.optional) lines.push(`${indent}if (((${get} as unknown[] | undefined)?.length ?? 0) < ${f.min}) throw new rt.DecodeError(\`at least ${f.min} ${f.particle.name.local} element(s) required at \${${path}}\`, ${path});`);
        else if (!f.optional) lines.push(`${indent}if (${get} === undefined) throw new rt.DecodeError(\`missing required element ${f.particle.name.local} at \${${path}}\`, ${path});`);
      } else if (f.kind === 'choice') {
        const branchTests = f.branches.map((b) => branchPresent(b, obj));
        if (!f.optional) lines.push(`${indent}if (!(${branchTests.join(' || ') || 'false'})) throw new rt.DecodeError(\`one of the choices is required at \${${path}}\`, ${path});`);
        f.branches.forEach((b, i) => {
          const inner = this.requiredChecks(b, obj, path, indent + '  ');
          if (inner.length) lines.push(`${indent}if (${branchTests[i]}) {`, ...inner, `${indent}}`);
        });
      } else if (f.kind === 'repeat') {
        const get = `(${getProp(obj, f.prop)} as Record<string, unknown>[] | undefined)`;
        if (f.min > 0 && !f.optional) lines.push(`${indent}if ((${get}?.length ?? 0) < ${f.min}) throw new rt.DecodeError(\`at least ${f.min} occurrence(s) of ${f.prop} required at \${${path}}\`, ${path});`);
        const inner = this.requiredChecks(f.item, 'it', `${path} + ${lit('/' + f.prop)}`, indent + '  ');
        if (inner.length) lines.push(`${indent}for (const it of ${get} ?? []) {`, ...inner, `${indent}}`);
      }
    }
    return lines;
  }

  private elementCodec(el: ElementDecl): string {
    const ctx = this.ctx;
    const valueTs = `${ctx.tsType(el.type, 'T.')}${el.nillable ? ' | null' : ''}`;
    const nil = el.nillable ? `r.isNil() ? rt.readNil(r, path) : ` : '';
    const toXml = `${el.tsName}_toXml`;
    return [
      `const ${toXml}: (value: ${valueTs}, path: string) => string = ${this.encoder.elementToXml(el)};`,
      `export const ${el.tsName}: rt.ElementCodec<${valueTs}> = {`,
      `  ns: ${this.ns(el.name.ns)},`,
      `  local: ${lit(el.name.local)},`,
      `  decode: (r, path) => ${nil}${this.valueDecode(el.type, 'path')},`,
      `  toXml: ${toXml},`,
      `  encode: (w, value, path) => w.raw(${toXml}(value, path)),`,
      `};`,
    ].join('\n');
  }
}

function branchPresent(b: Container, obj: string): string {
  const props: string[] = [];
  for (const f of b.fields) {
    if (f.kind === 'element' || f.kind === 'repeat') props.push(f.prop);
    if (f.kind === 'choice') for (const inner of f.branches) props.push(...inner.fields.filter((x) => x.kind === 'element' || x.kind === 'repeat').map((x) => (x as { prop: string }).prop));
  }
  return props.length ? `(${props.map((p) => `${getProp(obj, p)} !== undefined`).join(' || ')})` : 'false';
}

function facetKind(ctx: EmitContext, t: SimpleTypeDef): string {
  if (t.variety === 'list') return 'list';
  return builtinKind(t.builtin);
}

function builtinKind(b: string | undefined): string {
  switch (b) {
    case 'decimal':
    case 'integer':
    case 'long':
    case 'int':
    case 'short':
    case 'byte':
    case 'nonNegativeInteger':
    case 'nonPositiveInteger':
    case 'negativeInteger':
    case 'positiveInteger':
    case 'unsignedLong':
    case 'unsignedInt':
    case 'unsignedShort':
    case 'unsignedByte':
      return 'decimal';
    case 'float':
    case 'double':
      return 'float';
    case 'dateTime':
    case 'date':
    case 'time':
    case 'gYearMonth':
    case 'gYear':
    case 'gMonthDay':
    case 'gDay':
    case 'gMonth':
      return 'date';
    case 'duration':
      return 'duration';
    case 'base64Binary':
    case 'hexBinary':
      return b;
    default:
      return 'string';
  }
}

/** The XSD → JS regex translation lives in the runtime; the generator uses the same code at generation time. */
function rtTranslate(pattern: string): { source: string; flags: string } | { error: string } {
  return translateXsdPattern(pattern);
}
