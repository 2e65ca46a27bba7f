import { builtinOf } from '../model/builtins';
import type { AttributeUse, ComplexTypeDef, ElementDecl, ElementParticle, QName, TypeId } from '../model/types';
import { Container, planContent } from './content-plan';
import { EmitContext, getProp, lit } from './emit-context';
import { PrefixTable } from './prefix-table';
import { formatExpr, needsScope } from './value-codecs';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Built-ins whose lexical form never holds `&`, `<` or `>`: their text needs no escaping. */
const SAFE_TEXT = new Set([
  'boolean', 'int', 'short', 'byte', 'unsignedInt', 'unsignedShort', 'unsignedByte', 'long', 'integer', 'nonPositiveInteger', 'negativeInteger',
  'nonNegativeInteger', 'unsignedLong', 'positiveInteger', 'decimal', 'float', 'double', 'duration', 'dateTime', 'time', 'date', 'gYearMonth',
  'gYear', 'gMonthDay', 'gDay', 'gMonth', 'hexBinary', 'base64Binary',
]);

/**
 * Encoders that build the XML string directly: every namespace a global element can reach is declared once on its
 * root with a prefix fixed for the module, so every start and end tag below is a constant of the generated code.
 * Type encoders take the element's open tag (`<p:Name`, without `>`) and close tag and return the whole element.
 */
export class EncoderEmitter {
  constructor(
    private readonly ctx: EmitContext,
    private readonly prefixes: PrefixTable,
    private readonly isRaw: (id: TypeId) => boolean,
  ) {}

  private tag(q: QName): string {
    return q.ns === '' ? q.local : `${this.prefixes.prefix(q.ns)}:${q.local}`;
  }

  private xsi(): string {
    return this.prefixes.prefix(XSI);
  }

  /** `encodeX` (dispatching on `$type` for hierarchies) and `encodeXExact`. */
  complexEncoders(t: ComplexTypeDef, hierarchy: boolean): string {
    const ctx = this.ctx;
    const tsT = `T.${t.tsName}`;
    const lines: string[] = [];
    const exact = hierarchy ? `encode${t.tsName}Exact` : `encode${t.tsName}`;
    if (hierarchy) {
      const ret = t.unionTsName ? `T.${t.unionTsName}` : tsT;
      lines.push(`export function encode${t.tsName}(open: string, close: string, value: ${ret}, path: string): string {`);
      // Subtypes with mixed content travel as raw XML: the whole element, written as received.
      if (ctx.subtypes(t.id).some((x) => ctx.isMixed(x))) lines.push(`  if (value !== null && typeof value === 'object' && 'xml' in value && !('$type' in value)) return rt.rawXml(value, path);`);
      lines.push(`  switch ((value as { $type?: string }).$type) {`);
      for (const s of ctx.subtypes(t.id)) {
        if (s.abstract || !s.name || ctx.isMixed(s)) continue;
        const xsiType = ` ${this.xsi()}:type="${this.tag(s.name)}"`;
        lines.push(`    case ${lit(s.tsName)}: return encode${s.tsName}Exact(open + ${lit(xsiType)}, close, value as T.${s.tsName}, path);`);
      }
      if (t.abstract) lines.push(`    default: throw new rt.EncodeError(\`${t.tsName} is abstract: set $type to a derived type at \${path}\`, path);`);
      else {
        lines.push(`    case undefined:`, `    case ${lit(t.tsName)}:`, `      return ${exact}(open, close, value as ${tsT}, path);`);
        lines.push(`    default: throw new rt.EncodeError(\`\${String((value as { $type?: unknown }).$type)} is not ${t.tsName} or a type derived from it at \${path}\`, path);`);
      }
      lines.push(`  }`, `}`);
    }
    lines.push(this.exactEncoder(t, exact));
    return lines.join('\n');
  }

  private exactEncoder(t: ComplexTypeDef, name: string): string {
    const ctx = this.ctx;
    const chain = ctx.chain(t);
    const lines = [
      `export function ${name}(open: string, close: string, value: T.${t.tsName}, path: string): string {`,
      `  if (value === null || typeof value !== 'object') throw new rt.EncodeError(\`expected an object for ${t.tsName} at \${path}\`, path);`,
      `  const v = value as unknown as Record<string, unknown>;`,
      `  let a = open;`,
    ];
    const attributes = effectiveAttributes(chain);
    if (attributes.some((x) => needsScope(ctx, x.type))) lines.push(`  const scope = new rt.QNameScope();`);
    for (const at of attributes) {
      const get = getProp('v', at.tsName);
      const apath = `path + ${lit('/@' + at.name.local)}`;
      if (at.fixed !== undefined) {
        lines.push(`  if (${get} !== undefined) { const text = ${formatExpr(ctx, at.type, `${get} as ${ctx.tsType(at.type, 'T.')}`, apath)}; rt.checkFixed(text, ${lit(at.fixed)}, ${apath}, 'encode'); a += ${lit(` ${this.tag(at.name)}="`)} + rt.escapeAttr(text, ${apath}) + '"'; }`);
      } else lines.push(`  if (${get} !== undefined) a += ${lit(` ${this.tag(at.name)}="`)} + rt.escapeAttr(${formatExpr(ctx, at.type, `${get} as ${ctx.tsType(at.type, 'T.')}`, apath)}, ${apath}) + '"';`);
      if (at.use === 'required') lines.push(`  else throw new rt.EncodeError(\`missing required attribute ${at.name.local} at \${path}\`, path);`);
    }
    if (attributes.some((x) => needsScope(ctx, x.type))) lines.push(`  a += scope.declarations;`);
    const anyAttr = [...chain].reverse().find((c) => c.anyAttribute)?.anyAttribute;
    if (anyAttr) {
      const declared = attributes.map((x) => lit(`{${x.name.ns}}${x.name.local}`));
      lines.push(`  a += rt.anyAttributes(v.$anyAttributes as rt.AnyAttribute[] | undefined, path, ${lit(anyAttr.namespace)}, ${lit(anyAttr.targetNamespace)}, [${declared.join(', ')}]);`);
    }
    const simple = [...chain].reverse().find((c) => c.content.kind === 'simple');
    if (simple && simple.content.kind === 'simple') {
      const vt = simple.content.valueType;
      if (Object.keys(simple.content.facets).length) lines.push(`  ${t.tsName}_valueFacets(v.$value as rt.FacetValue, path, 'encode');`);
      lines.push(...this.textValue(vt, `v.$value as ${ctx.tsType(vt, 'T.')}`, 'path', 'a', 'close', '  '));
      lines.push(`}`);
      return lines.join('\n');
    }
    lines.push(`  let s = '';`);
    lines.push(...this.container(planContent(ctx, t).root, 'v', 'path', '  '));
    lines.push(`  return s === '' ? a + '/>' : a + '>' + s + close;`, `}`);
    return lines.join('\n');
  }

  /** Statements returning `open…>text</close>` for a simple value (or self-closing when the text is empty). */
  private textValue(id: TypeId, value: string, path: string, open: string, close: string, indent: string): string[] {
    if (needsScope(this.ctx, id)) {
      return [`${indent}{`, `${indent}  const scope = new rt.QNameScope();`, `${indent}  const text = rt.escapeText(${formatExpr(this.ctx, id, value, path)}, ${path});`, `${indent}  return ${open} + scope.declarations + '>' + text + ${close};`, `${indent}}`];
    }
    return [`${indent}return ${open} + '>' + ${this.textExpr(id, value, path)} + ${close};`];
  }

  /** The escaped lexical form of a simple value. */
  private textExpr(id: TypeId, value: string, path: string): string {
    const formatted = formatExpr(this.ctx, id, value, path);
    const b = this.ctx.builtinFor(id);
    const enumerated = this.ctx.simple(id)?.enumeration;
    return b && SAFE_TEXT.has(b) && !enumerated ? formatted : `rt.escapeText(${formatted}, ${path})`;
  }

  /** Statements appending one element (particle `p`, tag `q`, value expression `val`) to `s`. */
  private element(p: ElementParticle, q: QName, type: TypeId, val: string, path: string, indent: string): string[] {
    const ctx = this.ctx;
    const tag = this.tag(q);
    const elPath = `${path} + ${lit('/' + q.local)}`;
    if (this.isRaw(type)) return [`${indent}s += rt.rawXml(${val}, ${elPath});`];
    const out: string[] = [];
    const nil = `${indent}if (${val} === null) ${p.nillable ? `s += ${lit(`<${tag} ${this.xsi()}:nil="true"/>`)};` : `throw new rt.EncodeError(\`${q.local} is not nillable at \${${path}}\`, ${path});`}`;
    out.push(nil);
    const c = ctx.complex(type);
    if (c) {
      out.push(`${indent}else s += encode${c.tsName}(${lit('<' + tag)}, ${lit('</' + tag + '>')}, ${val} as ${ctx.tsType(type, 'T.')}, ${elPath});`);
      return out;
    }
    if (needsScope(ctx, type)) {
      out.push(
        `${indent}else {`,
        `${indent}  const scope = new rt.QNameScope();`,
        `${indent}  const text = rt.escapeText(${formatExpr(ctx, type, `${val} as ${ctx.tsType(type, 'T.')}`, elPath)}, ${elPath});`,
        `${indent}  s += ${lit('<' + tag)} + scope.declarations + '>' + text + ${lit('</' + tag + '>')};`,
        `${indent}}`,
      );
      return out;
    }
    out.push(`${indent}else s += ${lit(`<${tag}>`)} + ${this.textExpr(type, `${val} as ${ctx.tsType(type, 'T.')}`, elPath)} + ${lit(`</${tag}>`)};`);
    return out;
  }

  private particle(f: { particle: ElementParticle }, val: string, path: string, indent: string): string[] {
    const p = f.particle;
    if (!p.substitutes?.length) return this.element(p, p.name, p.type, val, path, indent);
    const out = [
      `${indent}{`,
      `${indent}  const sub = ${val} as { $element: string; value: unknown } | null;`,
      `${indent}  if (sub === null || typeof sub !== 'object') throw new rt.EncodeError(\`expected { $element, value } at \${${path}}\`, ${path});`,
      `${indent}  switch (sub.$element) {`,
    ];
    for (const q of [p.name, ...p.substitutes]) {
      if (this.ctx.model.elements.some((e) => e.abstract && e.name.ns === q.ns && e.name.local === q.local)) continue;
      const type = this.ctx.model.elements.find((e) => e.name.ns === q.ns && e.name.local === q.local)?.type ?? p.type;
      out.push(`${indent}    case ${lit(q.local)}: {`, ...this.element(p, q, type, 'sub.value', path, indent + '      '), `${indent}      break;`, `${indent}    }`);
    }
    out.push(`${indent}    default: throw new rt.EncodeError(\`\${String(sub.$element)} cannot stand for ${p.name.local} at \${${path}}\`, ${path});`, `${indent}  }`, `${indent}}`);
    return out;
  }

  private container(c: Container, obj: string, path: string, indent: string): string[] {
    const lines: string[] = [];
    for (const f of c.fields) {
      if (f.kind === 'element') {
        const p = f.particle;
        const get = getProp(obj, f.prop);
        if (f.repeated) {
          lines.push(`${indent}{`, `${indent}  const list = ${get} as unknown[] | undefined;`);
          lines.push(`${indent}  if (list !== undefined && !Array.isArray(list)) throw new rt.EncodeError(\`${f.prop} must be an array at \${${path}}\`, ${path});`);
          if (f.min > 0 && !f.optional) lines.push(`${indent}  if ((list?.length ?? 0) < ${f.min}) throw new rt.EncodeError(\`at least ${f.min} ${p.name.local} element(s) required at \${${path}}\`, ${path});`);
          if (f.max !== 'unbounded') lines.push(`${indent}  if ((list?.length ?? 0) > ${f.max}) throw new rt.EncodeError(\`at most ${f.max} ${p.name.local} element(s) allowed at \${${path}}\`, ${path});`);
          lines.push(`${indent}  if (list) for (const item of list) {`, ...this.particle(f, 'item', path, indent + '    '), `${indent}  }`, `${indent}}`);
        } else {
          lines.push(`${indent}if (${get} !== undefined) {`, ...this.particle(f, get, path, indent + '  '), `${indent}}`);
          if (!f.optional) lines.push(`${indent}else throw new rt.EncodeError(\`missing required element ${p.name.local} at \${${path}}\`, ${path});`);
        }
      } else if (f.kind === 'any') {
        const w = f.particle.wildcard;
        lines.push(`${indent}for (const x of (${obj}.$any ?? []) as rt.RawXml[]) s += rt.rawXml(x, ${path}, ${lit(w.namespace)}, ${lit(w.targetNamespace)});`);
      } else if (f.kind === 'choice') {
        const tests = f.branches.map((b) => branchPresent(b, obj));
        lines.push(`${indent}{`, `${indent}  const chosen = [${tests.join(', ')}].filter(Boolean).length;`);
        lines.push(`${indent}  if (chosen > 1) throw new rt.EncodeError(\`more than one choice is set at \${${path}}\`, ${path});`);
        if (!f.optional) lines.push(`${indent}  if (chosen === 0) throw new rt.EncodeError(\`one of the choices is required at \${${path}}\`, ${path});`);
        f.branches.forEach((b, i) => lines.push(`${indent}  ${i ? 'else ' : ''}if (${tests[i]}) {`, ...this.container(b, obj, path, indent + '    '), `${indent}  }`));
        lines.push(`${indent}}`);
      } else {
        const get = getProp(obj, f.prop);
        lines.push(`${indent}{`, `${indent}  const items = ${get} as Record<string, unknown>[] | undefined;`, `${indent}  if (items !== undefined && !Array.isArray(items)) throw new rt.EncodeError(\`${f.prop} must be an array at \${${path}}\`, ${path});`);
        if (f.min > 0 && !f.optional) lines.push(`${indent}  if ((items?.length ?? 0) < ${f.min}) throw new rt.EncodeError(\`at least ${f.min} occurrence(s) of ${f.prop} required at \${${path}}\`, ${path});`);
        if (f.max !== 'unbounded') lines.push(`${indent}  if ((items?.length ?? 0) > ${f.max}) throw new rt.EncodeError(\`at most ${f.max} occurrences of ${f.prop} allowed at \${${path}}\`, ${path});`);
        lines.push(`${indent}  for (const it of items ?? []) {`, ...this.container(f.item, 'it', path, indent + '    '), `${indent}  }`, `${indent}}`);
      }
    }
    return lines;
  }

  /** A WCF collection: the wrapper element with one item element per array entry. */
  wcfArrayEncoder(t: ComplexTypeDef): string {
    const a = t.wcfArray!;
    const item: ElementParticle = { kind: 'element', name: a.item, tsName: 'item', type: a.itemType, nillable: a.nillable, minOccurs: 0, maxOccurs: 'unbounded', form: 'qualified', source: t.source };
    return [
      `export function encode${t.tsName}(open: string, close: string, value: T.${t.tsName}, path: string): string {`,
      `  if (!Array.isArray(value)) throw new rt.EncodeError(\`expected an array at \${path}\`, path);`,
      `  let s = '';`,
      `  for (let i = 0; i < value.length; i++) {`,
      `    const item = value[i];`,
      a.nillable ? '' : `    if (item === undefined) throw new rt.EncodeError(\`item \${i} is missing at \${path}\`, path);`,
      ...this.element(item, a.item, a.itemType, 'item', '`${path}[${i}]`', '    '),
      `  }`,
      `  return s === '' ? open + '/>' : open + '>' + s + close;`,
      `}`,
    ]
      .filter(Boolean)
      .join('\n');
  }

  /** The `toXml` of a global element's codec: its root tag declares every namespace the element can reach. */
  elementToXml(el: ElementDecl): string {
    const ctx = this.ctx;
    const tag = this.tag(el.name);
    const decls = this.prefixes.declarations(this.prefixes.reachable(el));
    const open = `<${tag}${decls}`;
    const close = `</${tag}>`;
    const lines: string[] = [`(value, path) => {`];
    if (el.nillable) lines.push(`    if (value === null) return ${lit(`${open} ${this.xsi()}:nil="true"/>`)};`);
    const valueTs = ctx.tsType(el.type, 'T.');
    if (this.isRaw(el.type)) lines.push(`    return rt.rawXml(value, path);`);
    else if (ctx.complex(el.type)) lines.push(`    return encode${ctx.complex(el.type)!.tsName}(${lit(open)}, ${lit(close)}, value as ${valueTs}, path);`);
    else lines.push(...this.textValue(el.type, `value as ${valueTs}`, 'path', lit(open), lit(close), '    '));
    lines.push(`  }`);
    return lines.join('\n');
  }
}

export function effectiveAttributes(chain: ComplexTypeDef[]): AttributeUse[] {
  const byName = new Map<string, AttributeUse>();
  for (const c of chain) {
    for (const a of c.attributes) {
      const key = `{${a.name.ns}}${a.name.local}`;
      if (a.use === 'prohibited') byName.delete(key);
      else byName.set(key, a);
    }
  }
  return [...byName.values()];
}

export function branchPresent(b: Container, obj: string): string {
  const props: string[] = [];
  for (const f of b.fields) {
    if (f.kind === 'element' || f.kind === 'repeat') props.push(f.prop);
    if (f.kind === 'choice') for (const inner of f.branches) props.push(...inner.fields.filter((x) => x.kind === 'element' || x.kind === 'repeat').map((x) => (x as { prop: string }).prop));
  }
  return props.length ? `(${props.map((p) => `${getProp(obj, p)} !== undefined`).join(' || ')})` : 'false';
}
