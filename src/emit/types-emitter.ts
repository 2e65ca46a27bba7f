import type { AttributeUse, ComplexTypeDef, SimpleTypeDef } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile } from './emit-context';
import { anyProps, Container, directElements, Field, planContent } from './content-plan';
import type { EmitReporter } from './emit-reporter';
import { GeneratedFile, key, str, unionLines } from './generated-file';

export const RUNTIME_MODULE = '@wsdl2ts/runtime';

/** A property of an interface or object type. */
interface Prop {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly docs?: string[];
}

/**
 * types.ts: one declaration per model type. Complex types become interfaces (type aliases when a choice makes
 * the shape a union), enumerations literal unions plus a const array of values, other simple types aliases.
 */
export function emitTypes(ctx: EmitContext, report: EmitReporter): EmittedFile {
  const f = new GeneratedFile('types.ts', ctx.options.importExtension);
  // Runtime types are referenced as rt.X, so a schema type named QName or RawXml cannot clash with them.
  const use = (ts: string): string => {
    if (/(^|[^\w$.])rt\./.test(ts)) f.importNamespace('rt', RUNTIME_MODULE, true);
    return ts;
  };
  for (const t of ctx.model.types) {
    if (t.kind === 'simple') {
      if (t.enumeration && isQNameBased(ctx, t)) report('W2T513', `the enumeration of QName type ${t.name?.local ?? t.context ?? t.id} is not enforced; values are typed as QName`, t.source);
      simpleType(ctx, t, use, f);
    }
    else complexType(ctx, t, use, report, f);
  }
  return f.finish();
}

function simpleType(ctx: EmitContext, t: SimpleTypeDef, use: (ts: string) => string, f: GeneratedFile): void {
  const docs = docComment(t.doc, t.name ? undefined : `Anonymous type of ${t.context ?? t.id}.`);
  if (t.enumeration && t.variety === 'atomic' && !isQNameBased(ctx, t)) {
    const numeric = ctx.builtinTs(t.builtin ?? 'string') === 'number';
    const literals = t.enumeration.map((v) => (numeric && Number.isFinite(Number(v.value)) ? String(Number(v.value)) : str(v.value)));
    const unique = [...new Set(literals)];
    f.docs(docs);
    for (const l of unionLines(`export type ${t.tsName} =`, unique.length ? unique : ['never'], ';')) f.line(l);
    f.docs([`The values allowed for {@link ${t.tsName}}, in schema order.`]);
    f.list(`export const ${t.valuesTsName!}: readonly ${t.tsName}[] = [`, unique, '];');
    return;
  }
  alias(f, t.tsName, use(simpleTs(ctx, t)), docs);
}

function alias(f: GeneratedFile, name: string, type: string, docs: string[] | undefined): void {
  f.docs(docs).line(`export type ${name} = ${type};`);
}

/** QName enumerations compare resolved names, not strings: they are typed as rt.QName (see W2T513). */
function isQNameBased(_ctx: EmitContext, t: SimpleTypeDef): boolean {
  return t.builtin === 'QName' || t.builtin === 'NOTATION';
}

export function simpleTs(ctx: EmitContext, t: SimpleTypeDef): string {
  if (t.wellKnown) return 'string';
  if (t.variety === 'list') return `Array<${ctx.tsType(t.itemType!)}>`;
  if (t.variety === 'union') return [...new Set((t.memberTypes ?? []).map((m) => ctx.tsType(m)))].join(' | ') || 'string';
  if (t.base && ctx.simple(t.base)) return ctx.tsType(t.base);
  return ctx.builtinTs(t.builtin ?? 'string');
}

function complexType(ctx: EmitContext, t: ComplexTypeDef, use: (ts: string) => string, report: EmitReporter, f: GeneratedFile): void {
  const docs = docComment(t.doc, t.name ? undefined : `Anonymous type of ${t.context ?? t.id}.`);
  if (t.wcfArray) {
    alias(f, t.tsName, use(ctx.arrayOf(t.wcfArray.itemType, t.wcfArray.nillable)), docComment(t.doc, `WCF collection: each item is written as <${t.wcfArray.item.local}>.`));
    return;
  }
  if (t.soapArray) {
    alias(f, t.tsName, use(ctx.soapArrayOf(t.soapArray.itemType)), docComment(t.doc, 'SOAP-encoded array (soapenc:Array): items are written as <item xsi:type=…>.'));
    return;
  }
  if (ctx.isMixed(t)) {
    report('W2T510', `type ${t.name?.local ?? t.context ?? t.id} has mixed content; values are kept as raw XML`, t.source);
    alias(f, t.tsName, use('rt.RawXml'), docComment(t.doc, 'Mixed content: the element is kept as raw XML.'));
    if (t.unionTsName) alias(f, t.unionTsName, use('rt.RawXml'), ['Mixed content: kept as raw XML, derived types included.']);
    return;
  }
  const chain = ctx.chain(t);
  const aliasForm = chain.some((c) => c.content.kind === 'elements' && planContent(ctx, c).hasChoice);
  const base = t.derivation ? ctx.complex(t.derivation.base) : undefined;
  const own: Prop[] = [];
  const discriminator = typeDiscriminator(ctx, t);
  if (discriminator) own.push(discriminator);
  // An interface inherits its base's members; an alias restates only what it adds, and intersects with the base.
  const inheritsMembers = !!base && !base.wcfArray && !base.soapArray && !base.mixed;
  const plan = planContent(ctx, t);
  const attributeSource = inheritsMembers ? [t] : chain;
  let choiceParts: string[] = [];
  if (t.content.kind === 'simple' || chain.some((c) => c.content.kind === 'simple')) {
    const simple = [...chain].reverse().find((c) => c.content.kind === 'simple')!;
    if (!inheritsMembers || t.content.kind === 'simple') own.push(prop('$value', use(ctx.tsType((simple.content as { valueType: string }).valueType)), false, 'The element\'s text content.'));
  } else {
    const inheritedProps = new Set(inheritsMembers ? directProps(planContent(ctx, base!).root) : []);
    const built = containerMembers(ctx, plan.root, use);
    own.push(...built.props.filter((p) => !inheritedProps.has(p.name.replace(/^"|"$/g, ''))));
    const inheritedAny = new Set(inheritsMembers ? anyProps(planContent(ctx, base!).root).map((a) => a.prop) : []);
    for (const a of anyProps(plan.root)) if (!inheritedAny.has(a.prop)) own.push(prop(a.prop, use('rt.RawXml[]'), a.optional, 'Elements matched by xs:any, as received.'));
    choiceParts = built.choices;
  }
  for (const c of attributeSource) for (const a of c.attributes) if (a.use !== 'prohibited') own.push(attributeProp(ctx, a, use));
  if (chain.some((c) => c.anyAttribute) && !(inheritsMembers && ctx.chain(base!).some((c) => c.anyAttribute))) own.push(prop('$anyAttributes', use('rt.AnyAttribute[]'), true, 'Attributes matched by xs:anyAttribute, as received.'));

  if (!aliasForm) {
    f.blank().docs(docs);
    const head = `export interface ${t.tsName}${inheritsMembers ? ` extends ${base!.tsName}` : ''} {`;
    if (own.length) f.block(head, () => writeProps(f, own));
    else f.line(`${head}}`);
    f.blank();
  } else {
    // The object part is a block; the choices (one union each) are intersected after it.
    const lead = `export type ${t.tsName} = ${inheritsMembers ? `${base!.tsName} & ` : ''}`;
    const rest = choiceParts.filter((c) => !inheritsMembers || !inheritedChoice(ctx, base!, c)).map((c) => ` & ${c}`).join('');
    f.docs(docs);
    const parts = choiceParts.filter((c) => !inheritsMembers || !inheritedChoice(ctx, base!, c));
    // Each choice on a line of its own when they do not fit after the closing brace.
    const tail = `}${rest};`.length <= 120 ? `}${rest};` : ['}', ...parts.map((c, i) => `  & ${c}${i === parts.length - 1 ? ';' : ''}`)].join('\n').replace('}\n  & ', '} & ');
    if (own.length) f.block(`${lead}{`, () => writeProps(f, own), tail);
    else f.line(`${lead}{}${rest};`);
  }
  if (t.unionTsName) {
    // A subtype with mixed content is carried as raw XML (the whole element, xsi:type included).
    const members = [...new Set([t, ...ctx.subtypes(t.id)].filter((x) => !x.abstract).map((x) => (ctx.isMixed(x) ? use('rt.RawXml') : x.tsName)))];
    f.docs([`${t.tsName} or any type derived from it, told apart by \`$type\` (written as xsi:type).`]);
    for (const l of unionLines(`export type ${t.unionTsName} =`, members.length ? members : ['never'], ';')) f.line(l);
  }
}

/** `{ a: string; b?: never }` (`{}` when empty), as prettier prints one-line object types. */
export function inlineObject(members: readonly string[]): string {
  return members.length ? `{ ${members.join('; ')} }` : '{}';
}

function writeProps(f: GeneratedFile, props: readonly Prop[]): void {
  for (const p of props) f.docs(p.docs).line(`${key(p.name)}${p.optional ? '?' : ''}: ${p.type};`);
}

function inheritedChoice(ctx: EmitContext, base: ComplexTypeDef, part: string): boolean {
  return ctx.chain(base).some((c) => c.content.kind === 'elements' && containerMembers(ctx, planContent(ctx, c).root, (s) => s).choices.includes(part));
}

/** `$type` marks the concrete type in a hierarchy: optional on the root, required (narrowed) on subtypes. */
function typeDiscriminator(ctx: EmitContext, t: ComplexTypeDef): Prop | undefined {
  const inHierarchy = t.derivedTypes.length > 0 || !!(t.derivation && ctx.complex(t.derivation.base));
  if (!inHierarchy) return undefined;
  const names = [t, ...ctx.subtypes(t.id)].filter((x) => !x.abstract).map((x) => str(x.tsName));
  const isRoot = !(t.derivation && ctx.complex(t.derivation.base));
  return prop('$type', names.join(' | ') || 'never', isRoot, 'The concrete type, written and read as xsi:type.');
}

function directProps(c: Container): string[] {
  const out: string[] = [];
  for (const f of c.fields) {
    if (f.kind === 'element' || f.kind === 'repeat') out.push(f.prop);
  }
  return out;
}

/** Members of a container: plain properties, plus one union term per choice (intersected by the caller). */
export function containerMembers(ctx: EmitContext, c: Container, use: (ts: string) => string): { props: Prop[]; choices: string[] } {
  const props: Prop[] = [];
  const choices: string[] = [];
  for (const f of c.fields) {
    if (f.kind === 'element') props.push(elementProp(ctx, f, use));
    else if (f.kind === 'repeat') props.push(prop(f.prop, `Array<${itemType(ctx, f.item, use)}>`, f.optional || f.min === 0, `Each occurrence of a repeating ${f.group.kind}.`));
    else if (f.kind === 'choice') choices.push(choiceType(ctx, f, use));
  }
  return { props, choices };
}

function itemType(ctx: EmitContext, c: Container, use: (ts: string) => string): string {
  const m = containerMembers(ctx, c, use);
  const props = [...m.props, ...anyProps(c).map((a) => prop(a.prop, use('rt.RawXml[]'), a.optional))];
  return [inlineObject(props.map(printProp)), ...m.choices].join(' & ');
}

function choiceType(ctx: EmitContext, f: Field & { kind: 'choice' }, use: (ts: string) => string): string {
  const branchProps = f.branches.map((b) => directElements(b).map((e) => e.prop).concat(b.fields.filter((x) => x.kind === 'repeat').map((x) => (x as { prop: string }).prop)));
  const all = [...new Set(branchProps.flat())];
  const terms = f.branches.map((b, i) => {
    const own = itemType(ctx, b, use);
    const others = all.filter((p) => !branchProps[i]!.includes(p)).map((p) => `${key(p)}?: never`);
    return others.length ? `(${own} & ${inlineObject(others)})` : `(${own})`;
  });
  if (f.optional && !f.branches.some((b) => b.fields.every((x) => x.optional))) terms.push(inlineObject(all.map((p) => `${key(p)}?: never`)));
  return `(${terms.join(' | ')})`;
}

function elementProp(ctx: EmitContext, f: Field & { kind: 'element' }, use: (ts: string) => string): Prop {
  return prop(f.prop, use(ctx.elementTs(f.particle, f.repeated)), f.optional, f.particle.doc, f.particle.name.local !== f.prop ? `Element <${f.particle.name.local}>.` : undefined);
}

function attributeProp(ctx: EmitContext, a: AttributeUse, use: (ts: string) => string): Prop {
  const note = a.name.local !== a.tsName ? `Attribute ${a.name.local}.` : 'Attribute.';
  return prop(a.tsName, use(ctx.tsType(a.type)), a.use !== 'required', a.doc, note);
}

function prop(name: string, type: string, optional: boolean, doc?: string, note?: string): Prop {
  return { name, type, optional, docs: docComment(doc, note) };
}

/** A property inside a one-line object type (no `;`): its docs stay on the line. */
function printProp(p: Prop): string {
  const doc = (p.docs ?? []).map((d) => `/** ${d.replace(/\n/g, ' ')} */ `).join('');
  return `${doc}${key(p.name)}${p.optional ? '?' : ''}: ${p.type}`;
}

