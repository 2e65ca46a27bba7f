import { Project, StructureKind, type InterfaceDeclarationStructure, type PropertySignatureStructure, type StatementStructures, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { AttributeUse, ComplexTypeDef, SimpleTypeDef } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile, lit, propKey } from './emit-context';
import { anyProps, Container, directElements, Field, planContent } from './content-plan';
import type { EmitReporter } from './emit-reporter';

export const RUNTIME_MODULE = '@wsdl2ts/runtime';

/**
 * types.ts: one declaration per model type. Complex types become interfaces (type aliases when a choice makes
 * the shape a union), enumerations literal unions plus a const array of values, other simple types aliases.
 */
export function emitTypes(ctx: EmitContext, report: EmitReporter): EmittedFile {
  const statements: StatementStructures[] = [];
  let usesRuntime = false;
  // Runtime types are referenced as rt.X, so a schema type named QName or RawXml cannot clash with them.
  const use = (ts: string): string => {
    if (/(^|[^\w$.])rt\./.test(ts)) usesRuntime = true;
    return ts;
  };
  for (const t of ctx.model.types) {
    if (t.kind === 'simple') {
      if (t.enumeration && isQNameBased(ctx, t)) report('W2T513', `the enumeration of QName type ${t.name?.local ?? t.context ?? t.id} is not enforced; values are typed as QName`, t.source);
      statements.push(...simpleType(ctx, t, use));
    }
    else statements.push(...complexType(ctx, t, use, report));
  }
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('types.ts', { statements: [] });
  if (usesRuntime) file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: RUNTIME_MODULE, namespaceImport: 'rt' });
  file.addStatements(statements);
  if (!statements.length) file.addStatements('export {};');
  return { path: 'types.ts', text: file.getFullText() };
}

function simpleType(ctx: EmitContext, t: SimpleTypeDef, use: (ts: string) => string): StatementStructures[] {
  const docs = docComment(t.doc, t.name ? undefined : `Anonymous type of ${t.context ?? t.id}.`);
  if (t.enumeration && t.variety === 'atomic' && !isQNameBased(ctx, t)) {
    const numeric = ctx.builtinTs(t.builtin ?? 'string') === 'number';
    const literals = t.enumeration.map((v) => (numeric && Number.isFinite(Number(v.value)) ? String(Number(v.value)) : lit(v.value)));
    const unique = [...new Set(literals)];
    return [
      { kind: StructureKind.TypeAlias, isExported: true, name: t.tsName, type: unique.join(' | ') || 'never', docs } satisfies TypeAliasDeclarationStructure,
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: 'const' as never,
        docs: [`The values allowed for {@link ${t.tsName}}, in schema order.`],
        declarations: [{ name: t.valuesTsName!, type: `readonly ${t.tsName}[]`, initializer: `[${unique.join(', ')}]` }],
      },
    ];
  }
  return [{ kind: StructureKind.TypeAlias, isExported: true, name: t.tsName, type: use(simpleTs(ctx, t)), docs }];
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

function complexType(ctx: EmitContext, t: ComplexTypeDef, use: (ts: string) => string, report: EmitReporter): StatementStructures[] {
  const docs = docComment(t.doc, t.name ? undefined : `Anonymous type of ${t.context ?? t.id}.`);
  const out: StatementStructures[] = [];
  if (t.wcfArray) {
    out.push({ kind: StructureKind.TypeAlias, isExported: true, name: t.tsName, type: use(ctx.arrayOf(t.wcfArray.itemType, t.wcfArray.nillable)), docs: docComment(t.doc, `WCF collection: each item is written as <${t.wcfArray.item.local}>.`) });
    return out;
  }
  if (ctx.isMixed(t)) {
    report('W2T510', `type ${t.name?.local ?? t.context ?? t.id} has mixed content; values are kept as raw XML`, t.source);
    out.push({ kind: StructureKind.TypeAlias, isExported: true, name: t.tsName, type: use('rt.RawXml'), docs: docComment(t.doc, 'Mixed content: the element is kept as raw XML.') });
    if (t.unionTsName) out.push({ kind: StructureKind.TypeAlias, isExported: true, name: t.unionTsName, type: use('rt.RawXml'), docs: ['Mixed content: kept as raw XML, derived types included.'] });
    return out;
  }
  const chain = ctx.chain(t);
  const aliasForm = chain.some((c) => c.content.kind === 'elements' && planContent(ctx, c).hasChoice);
  const base = t.derivation ? ctx.complex(t.derivation.base) : undefined;
  const own: PropertySignatureStructure[] = [];
  const discriminator = typeDiscriminator(ctx, t);
  if (discriminator) own.push(discriminator);
  // An interface inherits its base's members; an alias restates only what it adds, and intersects with the base.
  const inheritsMembers = !!base && !base.wcfArray && !base.mixed;
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
    out.push({ kind: StructureKind.Interface, isExported: true, name: t.tsName, docs, extends: inheritsMembers ? [base!.tsName] : [], properties: own } satisfies InterfaceDeclarationStructure);
  } else {
    const body = `{\n${own.map(printProp).join('\n')}\n}`;
    const parts = [...(inheritsMembers ? [base!.tsName] : []), body, ...choiceParts.filter((c) => !inheritsMembers || !inheritedChoice(ctx, base!, c))];
    out.push({ kind: StructureKind.TypeAlias, isExported: true, name: t.tsName, type: parts.join(' & '), docs });
  }
  if (t.unionTsName) {
    // A subtype with mixed content is carried as raw XML (the whole element, xsi:type included).
    const members = [...new Set([t, ...ctx.subtypes(t.id)].filter((x) => !x.abstract).map((x) => (ctx.isMixed(x) ? use('rt.RawXml') : x.tsName)))];
    out.push({ kind: StructureKind.TypeAlias, isExported: true, name: t.unionTsName, type: members.join(' | ') || 'never', docs: [`${t.tsName} or any type derived from it, told apart by \`$type\` (written as xsi:type).`] });
  }
  return out;
}

function inheritedChoice(ctx: EmitContext, base: ComplexTypeDef, part: string): boolean {
  return ctx.chain(base).some((c) => c.content.kind === 'elements' && containerMembers(ctx, planContent(ctx, c).root, (s) => s).choices.includes(part));
}

/** `$type` marks the concrete type in a hierarchy: optional on the root, required (narrowed) on subtypes. */
function typeDiscriminator(ctx: EmitContext, t: ComplexTypeDef): PropertySignatureStructure | undefined {
  const inHierarchy = t.derivedTypes.length > 0 || !!(t.derivation && ctx.complex(t.derivation.base));
  if (!inHierarchy) return undefined;
  const names = [t, ...ctx.subtypes(t.id)].filter((x) => !x.abstract).map((x) => lit(x.tsName));
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
export function containerMembers(ctx: EmitContext, c: Container, use: (ts: string) => string): { props: PropertySignatureStructure[]; choices: string[] } {
  const props: PropertySignatureStructure[] = [];
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
  return [`{ ${props.map(printProp).join(' ')} }`, ...m.choices].join(' & ');
}

function choiceType(ctx: EmitContext, f: Field & { kind: 'choice' }, use: (ts: string) => string): string {
  const branchProps = f.branches.map((b) => directElements(b).map((e) => e.prop).concat(b.fields.filter((x) => x.kind === 'repeat').map((x) => (x as { prop: string }).prop)));
  const all = [...new Set(branchProps.flat())];
  const terms = f.branches.map((b, i) => {
    const own = itemType(ctx, b, use);
    const others = all.filter((p) => !branchProps[i]!.includes(p)).map((p) => `${propKey(p)}?: never;`);
    return others.length ? `(${own} & { ${others.join(' ')} })` : `(${own})`;
  });
  if (f.optional && !f.branches.some((b) => b.fields.every((x) => x.optional))) terms.push(`{ ${all.map((p) => `${propKey(p)}?: never;`).join(' ')} }`);
  return `(${terms.join(' | ')})`;
}

function elementProp(ctx: EmitContext, f: Field & { kind: 'element' }, use: (ts: string) => string): PropertySignatureStructure {
  return prop(f.prop, use(ctx.elementTs(f.particle, f.repeated)), f.optional, f.particle.doc, f.particle.name.local !== f.prop ? `Element <${f.particle.name.local}>.` : undefined);
}

function attributeProp(ctx: EmitContext, a: AttributeUse, use: (ts: string) => string): PropertySignatureStructure {
  const note = a.name.local !== a.tsName ? `Attribute ${a.name.local}.` : 'Attribute.';
  return prop(a.tsName, use(ctx.tsType(a.type)), a.use !== 'required', a.doc, note);
}

function prop(name: string, type: string, optional: boolean, doc?: string, note?: string): PropertySignatureStructure {
  const docs = docComment(doc, note);
  return { kind: StructureKind.PropertySignature, name: propKey(name), type, hasQuestionToken: optional, docs };
}

function printProp(p: PropertySignatureStructure): string {
  const doc = (p.docs ?? []).map((d) => `/** ${String(d)} */ `).join('');
  return `${doc}${p.name}${p.hasQuestionToken ? '?' : ''}: ${String(p.type)};`;
}

