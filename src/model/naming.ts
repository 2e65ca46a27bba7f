import type { BindingDef, ComplexTypeDef, ElementDecl, EnumValue, ModelGroup, Particle, SimpleTypeDef, TypeDef, TypeId } from './types';

/**
 * The naming pass: the only place TypeScript names are chosen. It runs once over the whole model, in model
 * order, so the result is deterministic; every name is a valid identifier (or, for properties, an exact wire
 * name that emitters quote), and names that would collide get a numeric suffix. Collisions are checked without
 * regard to case, so generated names stay distinct on case-insensitive file systems too.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield any boolean constructor declare get module require number set string symbol type from of async await ' +
    'never unknown object bigint undefined keyof readonly infer is asserts satisfies accessor out abstract override global namespace'
  ).split(' '),
);

/** Global names a generated module must not shadow, or user code reading it would break. */
const GLOBALS = new Set(
  'Array Boolean Date Error Function JSON Map Math Number Object Promise Proxy Record Reflect RegExp Set String Symbol Uint8Array BigInt Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Awaited ArrayBuffer DataView Intl WeakMap WeakSet globalThis NaN Infinity eval'.split(' '),
);

/** Turns any string into a valid identifier: invalid characters become `_`, leading digits get a `_` prefix. */
export function toIdentifier(raw: string): string {
  let s = '';
  for (const ch of raw) s += /[\p{ID_Continue}$]/u.test(ch) ? ch : '_';
  if (!s) s = '_';
  if (!/^[\p{ID_Start}$_]/u.test(s)) s = `_${s}`;
  if (RESERVED.has(s) || GLOBALS.has(s)) s = `${s}_`;
  return s;
}

/** PascalCase for type-like names, keeping the original's inner capitals (`getX` → `GetX`). */
export function toTypeName(raw: string): string {
  const parts = raw.split(/[^\p{ID_Continue}]+/u).filter(Boolean);
  const joined = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return toIdentifier(joined || raw);
}

/** Hands out names unique within one scope, ignoring case. */
export class NameScope {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r.toLowerCase());
  }

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

type Named = { tsName: string };

function set(target: { readonly tsName: string }, name: string): void {
  (target as Named).tsName = name;
}

export interface NamingInput {
  readonly types: readonly TypeDef[];
  readonly elements: readonly ElementDecl[];
  readonly bindings: readonly BindingDef[];
}

/** Assigns every `tsName` in the model. Call exactly once, after the model is complete. */
export function assignNames(input: NamingInput): void {
  // Module-level names: types and elements share one scope, since both end up exported from one module.
  const scope = new NameScope();
  const byId = new Map<TypeId, TypeDef>(input.types.map((t) => [t.id, t]));
  for (const t of input.types) if (t.name) set(t, scope.claim(toTypeName(t.name.local)));
  for (const t of input.types) if (!t.name) set(t, scope.claim(toTypeName(anonymousBase(t))));
  for (const e of input.elements) set(e, scope.claim(`${toTypeName(e.name.local)}Element`));
  for (const t of input.types) {
    if (t.kind === 'simple' && t.enumeration) (t as { valuesTsName?: string }).valuesTsName = scope.claim(`${t.tsName}Values`);
    if (t.kind === 'complex' && t.derivedTypes.length) (t as { unionTsName?: string }).unionTsName = scope.claim(`${t.tsName}Union`);
  }
  for (const b of input.bindings) {
    set(b, scope.claim(toTypeName(b.name.local)));
    (b as { clientTsName: string }).clientTsName = scope.claim(`${b.tsName}Client`);
    (b as { handlerTsName: string }).handlerTsName = scope.claim(`${b.tsName}Handler`);
    (b as { listenerTsName: string }).listenerTsName = scope.claim(`${b.tsName}Listener`);
    (b as { faultsTsName: string }).faultsTsName = scope.claim(`${b.tsName}Faults`);
    const ops = new NameScope(['constructor', 'prototype', 'then', 'toString', 'valueOf', 'hasOwnProperty']);
    for (const op of b.operations) set(op, ops.claim(toMemberName(op.name)));
  }
  for (const t of input.types) {
    if (t.kind === 'simple') nameEnum(t);
    else nameMembers(t, byId);
  }
}

/** `BeginCacheRefresh` for the anonymous type of element BeginCacheRefresh; `Order_Item` for a nested one. */
function anonymousBase(t: TypeDef): string {
  const afterNs = t.id.replace(/^\{[^}]*\}/, '').replace(/#type\d*$/, '');
  return afterNs
    .split('/')
    .map((s) => s.replace(/^@/, ''))
    .filter(Boolean)
    .join('_');
}

/** camelCase method names: `BeginCacheRefresh` → `beginCacheRefresh`. */
function toMemberName(raw: string): string {
  const id = toIdentifier(raw).replace(/_$/, '');
  return toIdentifier(id.charAt(0).toLowerCase() + id.slice(1));
}

function nameEnum(t: SimpleTypeDef): void {
  if (!t.enumeration) return;
  const scope = new NameScope();
  for (const v of t.enumeration) set(v as EnumValue, scope.claim(toTypeName(v.value) || 'Empty'));
}

/**
 * Property names are the wire names themselves (emitters quote those that are not identifiers), made unique
 * within the type including everything it inherits; attributes yield to elements on a clash.
 */
function nameMembers(t: ComplexTypeDef, byId: Map<TypeId, TypeDef>): void {
  const scope = new PropertyScope();
  const chain: ComplexTypeDef[] = [];
  const seen = new Set<TypeId>();
  for (let cur: TypeDef | undefined = t; cur && cur.kind === 'complex' && !seen.has(cur.id); cur = cur.derivation ? byId.get(cur.derivation.base) : undefined) {
    seen.add(cur.id);
    chain.unshift(cur);
  }
  for (const c of chain) {
    const own = c === t;
    visitElements(c.content.kind === 'elements' ? c.content.particle : undefined, (p) => {
      const name = scope.claim(p.name.local);
      if (own) set(p, name);
    }, (g) => {
      const name = scope.claim(g.group ? `${g.group.local}${g.kind === 'choice' ? 'Choice' : 'Items'}` : g.kind === 'choice' ? 'choice' : 'items');
      if (own) (g as { tsName?: string }).tsName = name;
    });
    for (const a of c.attributes) {
      const name = scope.claim(a.name.local, 'Attribute');
      if (own) set(a, name);
    }
  }
}

class PropertyScope {
  private readonly used = new Set<string>(['$value', '$any', '$anyAttributes', '$type']);

  claim(wanted: string, clashSuffix = ''): string {
    let name = wanted === '' ? '_' : wanted;
    if (this.used.has(name) && clashSuffix && !this.used.has(name + clashSuffix)) name += clashSuffix;
    const base = name;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }
}

/** Visits element particles in schema order; `repeating` sees each sequence/choice with maxOccurs > 1 first. */
function visitElements(g: ModelGroup | undefined, fn: (p: Particle & { kind: 'element' }) => void, repeating: (g: ModelGroup) => void): void {
  if (!g) return;
  const stack: Particle[] = [g];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.kind === 'element') fn(p);
    else if (p.kind !== 'any') {
      if (p.kind !== 'all' && p.maxOccurs !== 1) repeating(p);
      stack.push(...[...p.particles].reverse());
    }
  }
}
