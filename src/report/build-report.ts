/**
 * The coverage report as data: per construct (binding, operation, type, element, message...) whether it is mapped
 * fully, degraded or unsupported, and every diagnostic attributed to the construct it concerns, with a source excerpt.
 * Pure: model + diagnostics + source texts in, a JSON-serializable `CoverageReport` out (render-html.ts renders it).
 *
 * Attribution: a diagnostic belongs to the construct whose declaration is the deepest ancestor of the diagnostic's
 * node (node paths compared step by step, in the same file). Diagnostics without a path (emit-time ones, which carry
 * the `SourceRef` of the construct) get the path of the element at their position. What matches no construct is
 * listed under its document: every diagnostic appears exactly once.
 */
import { CATALOGUE } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { outcomeOf } from '../diagnostics/outcomes';
import type { BindingOperation, Model, ModelGroup, Particle, QName, SourceRef, TypeDef, TypeId } from '../model/types';
import { Excerpt, SourceIndex } from './source-index';

export type Status = 'full' | 'degraded' | 'unsupported' | 'error';
/** From best to worst; a construct's status is the worst of its own diagnostics' and of what it depends on. */
export const STATUSES: readonly Status[] = ['full', 'degraded', 'unsupported', 'error'];

export type ItemKind = 'binding' | 'operation' | 'portType' | 'portType operation' | 'message' | 'service' | 'type' | 'element' | 'attribute' | 'group' | 'attributeGroup';
export const ITEM_KINDS: readonly ItemKind[] = ['binding', 'operation', 'portType', 'portType operation', 'message', 'service', 'type', 'element', 'attribute', 'group', 'attributeGroup'];

export interface ReportItem {
  /** Stable within one report: `<kind>:<index in model order>` (`operation:<binding>.<operation>`). */
  readonly id: string;
  readonly kind: ItemKind;
  /** The construct's name as in the WSDL (`binding/operation` for operations; the context for anonymous types). */
  readonly name: string;
  /** The name in generated code, when it has one (absent for an operation that gets no client method: W2T512, W2T753, W2T754). */
  tsName?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Declared in one of the tool's own bundled schemas (soap-encoding, xml.xsd...): left out of the summary counts. */
  readonly bundled?: true;
  status: Status;
  /** Indices into `CoverageReport.diagnostics` of the diagnostics attributed to this construct. */
  readonly diagnostics: number[];
  /** Constructs this one depends on (operation → types, element → its type, binding → operations) that are not full. */
  readonly via: { readonly item: string; readonly status: Status }[];
}

export interface ReportDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  /** From src/diagnostics/outcomes.ts; absent when the code does not degrade or drop a construct. */
  readonly outcome?: 'degraded' | 'unsupported';
  readonly fallback?: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The node path as reported, or found from the position. */
  readonly path: string;
  /** The construct it is attributed to; null when none matched (then it is listed under its document). */
  readonly item: string | null;
  readonly excerpt?: Excerpt;
}

export type Counts = Record<Status, number>;

export interface CoverageReport {
  readonly formatVersion: 1;
  readonly tool: 'wsdl2ts report';
  readonly input: string;
  /** Every document read (display names, as in diagnostics); empty when no model was built. */
  readonly documents: readonly string[];
  readonly modelBuilt: boolean;
  readonly summary: {
    /** Per construct kind (only kinds present), count per status; constructs of bundled schemas are not counted. */
    readonly constructs: Partial<Record<ItemKind, Counts>>;
    readonly diagnostics: { readonly total: number; readonly error: number; readonly warning: number; readonly info: number; readonly degraded: number; readonly unsupported: number; readonly unattributed: number };
    /** Per code, sorted by code: how many, and what it means. */
    readonly codes: readonly { readonly code: string; readonly severity: string; readonly count: number; readonly summary: string; readonly outcome?: string; readonly fallback?: string }[];
  };
  readonly items: readonly ReportItem[];
  readonly diagnostics: readonly ReportDiagnostic[];
  /** Diagnostics attributed to no construct, per document ('' for those without a location), in document order. */
  readonly unattributed: readonly { readonly file: string; readonly diagnostics: readonly number[] }[];
}

export interface ReportInput {
  /** The input's display name (its file name). */
  readonly input: string;
  readonly model?: Model;
  readonly diagnostics: readonly Diagnostic[];
  /** Document display name → text, for paths and excerpts. Documents missing here get no excerpt. */
  readonly sources: ReadonlyMap<string, string>;
}

const rank = (s: Status): number => STATUSES.indexOf(s);
const worst = (a: Status, b: Status): Status => (rank(b) > rank(a) ? b : a);
const clark = (q: QName): string => `{${q.ns}}${q.local}`;

/** What one diagnostic does to the construct it is attributed to. */
export function statusOf(d: Pick<Diagnostic, 'code' | 'severity'>): Status {
  const o = outcomeOf(d.code)?.outcome;
  if (o) return o;
  return d.severity === 'error' ? 'error' : 'full';
}

export function buildReport(input: ReportInput): CoverageReport {
  const index = new SourceIndex(input.sources);
  const items: ReportItem[] = [];
  const model = input.model;
  const add = (kind: ItemKind, i: number | string, name: string, source: SourceRef, tsName?: string): ReportItem => {
    const item: ReportItem = {
      id: `${kind.replace(' ', '-')}:${i}`,
      kind,
      name,
      ...(tsName ? { tsName } : {}),
      file: source.file,
      line: source.line,
      column: source.column,
      ...(source.file.startsWith('bundled:') ? { bundled: true as const } : {}),
      status: 'full',
      diagnostics: [],
      via: [],
    };
    items.push(item);
    return item;
  };

  const typeItems = new Map<TypeId, ReportItem>();
  const elementItems = new Map<string, ReportItem>();
  const opItems: { item: ReportItem; op: BindingOperation }[] = [];
  const bindingItems: { item: ReportItem; ops: ReportItem[] }[] = [];
  if (model) {
    model.wsdl.bindings.forEach((b, bi) => {
      const bItem = add('binding', bi, b.name.local, b.source, b.soapVersion ? b.clientTsName : undefined);
      const ops: ReportItem[] = [];
      b.operations.forEach((op, oi) => {
        const item = add('operation', `${bi}.${oi}`, `${b.name.local}/${op.name}`, op.source, b.soapVersion ? `${b.clientTsName}.${op.tsName}` : undefined);
        ops.push(item);
        opItems.push({ item, op });
      });
      bindingItems.push({ item: bItem, ops });
    });
    model.wsdl.portTypes.forEach((p, pi) => {
      add('portType', pi, p.name.local, p.source);
      p.operations.forEach((op, oi) => add('portType operation', `${pi}.${oi}`, `${p.name.local}/${op.name}`, op.source));
    });
    model.wsdl.messages.forEach((m, i) => add('message', i, m.name.local, m.source));
    model.wsdl.services.forEach((s, i) => add('service', i, s.name.local, s.source));
    model.types.forEach((t, i) => typeItems.set(t.id, add('type', i, t.name?.local ?? t.context ?? t.id, t.source, t.tsName)));
    model.elements.forEach((e, i) => elementItems.set(clark(e.name), add('element', i, e.name.local, e.source, e.tsName)));
    model.attributes.forEach((a, i) => add('attribute', i, a.name.local, a.source));
    model.groups.forEach((g, i) => add('group', i, g.name.local, g.source));
    model.attributeGroups.forEach((g, i) => add('attributeGroup', i, g.name.local, g.source));
  }

  // Attribution: per file, the items by path (deepest match wins) and by exact position (when there is no path).
  const byFile = new Map<string, ReportItem[]>();
  for (const it of items) {
    const list = byFile.get(it.file) ?? [];
    list.push(it);
    byFile.set(it.file, list);
  }
  // Declaration paths per file, looked up only for files that have diagnostics: parsing a big clean file again
  // would be the report's largest cost. For two declarations with one path (a duplicate), the first one is kept.
  const declarations = new Map<string, Map<string, ReportItem>>();
  const declarationsIn = (file: string): Map<string, ReportItem> => {
    let m = declarations.get(file);
    if (!m) {
      m = new Map();
      for (const it of byFile.get(file) ?? []) {
        const p = index.pathAt(it.file, it.line, it.column);
        if (p && !m.has(p)) m.set(p, it);
      }
      declarations.set(file, m);
    }
    return m;
  };
  const diagnostics: ReportDiagnostic[] = [];
  const unattributed = new Map<string, number[]>();
  input.diagnostics.forEach((d, i) => {
    const path = d.path || (d.file ? index.pathAt(d.file, d.line, d.column) : undefined) || '';
    const candidates = byFile.get(d.file) ?? [];
    let best: ReportItem | undefined;
    if (path) {
      // The deepest declaration on the diagnostic's path: try the path, then each shorter prefix ending at a step.
      const decls = declarationsIn(d.file);
      for (let end = path.length; end > 0 && !best; end = path.lastIndexOf('/', end - 1)) best = decls.get(path.slice(0, end));
    }
    best ??= candidates.find((it) => it.line === d.line && it.column === d.column && d.line > 0);
    const o = outcomeOf(d.code);
    const excerpt = d.file && d.line > 0 ? index.excerpt(d.file, d.line, d.column) : undefined;
    diagnostics.push({
      code: d.code,
      severity: d.severity,
      ...(o ? { outcome: o.outcome, fallback: o.fallback } : {}),
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      path,
      item: best?.id ?? null,
      ...(excerpt ? { excerpt } : {}),
    });
    if (best) {
      if ((d.code === 'W2T512' || d.code === 'W2T753' || d.code === 'W2T754') && best.kind === 'operation') delete best.tsName;
      best.diagnostics.push(i);
      best.status = worst(best.status, statusOf(d));
    } else {
      const list = unattributed.get(d.file) ?? [];
      list.push(i);
      unattributed.set(d.file, list);
    }
  });

  if (model) propagate(model, typeItems, elementItems, opItems, bindingItems);

  const constructs: Partial<Record<ItemKind, Counts>> = {};
  for (const it of items) {
    if (it.bundled) continue;
    const c = (constructs[it.kind] ??= { full: 0, degraded: 0, unsupported: 0, error: 0 });
    c[it.status]++;
  }
  const codeCounts = new Map<string, number>();
  for (const d of diagnostics) codeCounts.set(d.code, (codeCounts.get(d.code) ?? 0) + 1);
  const codes = [...codeCounts.keys()].sort().map((code) => {
    const entry = (CATALOGUE as Record<string, { severity: string; summary: string }>)[code];
    const o = outcomeOf(code);
    return { code, severity: entry?.severity ?? 'error', count: codeCounts.get(code)!, summary: entry?.summary ?? '', ...(o ? { outcome: o.outcome, fallback: o.fallback } : {}) };
  });
  const count = (f: (d: ReportDiagnostic) => boolean) => diagnostics.filter(f).length;
  const docOrder = model?.documents ?? [];
  const unattributedList = [...unattributed.entries()]
    .sort((a, b) => orderOf(docOrder, a[0]) - orderOf(docOrder, b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([file, ds]) => ({ file, diagnostics: ds }));
  return {
    formatVersion: 1,
    tool: 'wsdl2ts report',
    input: input.input,
    documents: docOrder,
    modelBuilt: !!model,
    summary: {
      constructs,
      diagnostics: {
        total: diagnostics.length,
        error: count((d) => d.severity === 'error'),
        warning: count((d) => d.severity === 'warning'),
        info: count((d) => d.severity === 'info'),
        degraded: count((d) => d.outcome === 'degraded'),
        unsupported: count((d) => d.outcome === 'unsupported'),
        unattributed: unattributedList.reduce((n, u) => n + u.diagnostics.length, 0),
      },
      codes,
    },
    items,
    diagnostics,
    unattributed: unattributedList,
  };
}

function orderOf(docs: readonly string[], file: string): number {
  const i = docs.indexOf(file);
  return i < 0 ? docs.length + (file ? 0 : 1) : i;
}

/**
 * Carries statuses along dependencies: a global element is as good as its type; an operation as the worst type its
 * messages (body, headers, faults) reach; a binding as its worst operation. Types keep their own status, and list
 * their own diagnostics only, so each problem is shown once where it is, and named by what it affects.
 */
function propagate(
  model: Model,
  typeItems: ReadonlyMap<TypeId, ReportItem>,
  elementItems: ReadonlyMap<string, ReportItem>,
  opItems: readonly { item: ReportItem; op: BindingOperation }[],
  bindingItems: readonly { item: ReportItem; ops: ReportItem[] }[],
): void {
  const types = new Map(model.types.map((t) => [t.id, t]));
  const elements = new Map(model.elements.map((e) => [clark(e.name), e]));
  const own = new Map<ReportItem, Status>();
  for (const it of [...typeItems.values(), ...elementItems.values()]) own.set(it, it.status);

  const reach = (roots: { types: TypeId[]; elements: QName[] }): Set<TypeId> => {
    const seen = new Set<TypeId>();
    const elementsSeen = new Set<string>();
    const todo = [...roots.types];
    const visitElement = (q: QName) => {
      const k = clark(q);
      if (elementsSeen.has(k)) return;
      elementsSeen.add(k);
      const e = elements.get(k);
      if (e) todo.push(e.type);
    };
    roots.elements.forEach(visitElement);
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const t = types.get(id);
      if (t) for (const next of refsOf(t, visitElement)) todo.push(next);
    }
    return seen;
  };

  for (const [key, item] of elementItems) {
    const e = elements.get(key);
    const t = e && typeItems.get(e.type);
    if (t && own.get(t) !== 'full') {
      item.via.push({ item: t.id, status: own.get(t)! });
      item.status = worst(item.status, own.get(t)!);
    }
  }
  // Most inputs have no degraded type at all: then no operation can be degraded through one.
  const anyBadType = [...typeItems.values(), ...elementItems.values()].some((it) => it.status !== 'full');
  for (const { item, op } of anyBadType ? opItems : []) {
    const rootTypes: TypeId[] = [];
    const rootElements: QName[] = [];
    for (const m of [op.input, op.output]) {
      if (!m) continue;
      for (const p of m.body) p.element ? rootElements.push(p.element) : rootTypes.push(p.type);
      for (const h of m.headers) h.element ? rootElements.push(h.element) : rootTypes.push(h.type);
    }
    for (const f of op.faults) f.element ? rootElements.push(f.element) : rootTypes.push(f.type);
    for (const q of rootElements) {
      const e = elementItems.get(clark(q));
      if (e && own.get(e) !== 'full') {
        item.via.push({ item: e.id, status: own.get(e)! });
        item.status = worst(item.status, own.get(e)!);
      }
    }
    for (const id of [...reach({ types: rootTypes, elements: rootElements })].sort()) {
      const t = typeItems.get(id);
      if (t && own.get(t) !== 'full') {
        item.via.push({ item: t.id, status: own.get(t)! });
        item.status = worst(item.status, own.get(t)!);
      }
    }
  }
  for (const { item, ops } of bindingItems) {
    for (const o of ops) {
      if (o.status === 'full') continue;
      item.via.push({ item: o.id, status: o.status });
      item.status = worst(item.status, o.status);
    }
  }
}

/** The types a type refers to (base, content, attributes, list/union members, subtypes sent as xsi:type). */
function refsOf(t: TypeDef, element: (q: QName) => void): TypeId[] {
  const out: TypeId[] = [];
  if (t.kind === 'simple') {
    if (t.base) out.push(t.base);
    if (t.itemType) out.push(t.itemType);
    out.push(...(t.memberTypes ?? []));
    return out;
  }
  if (t.derivation) out.push(t.derivation.base);
  out.push(...t.derivedTypes);
  for (const a of t.attributes) out.push(a.type);
  if (t.content.kind === 'simple') out.push(t.content.valueType);
  if (t.content.kind === 'elements') {
    const walk = (p: Particle | ModelGroup): void => {
      if (p.kind === 'element') {
        out.push(p.type);
        if (p.ref) element(p.ref);
        p.substitutes?.forEach(element);
      } else if (p.kind !== 'any') p.particles.forEach(walk);
    };
    walk(t.content.particle);
  }
  return out;
}

/** For tests and the corpus run: the number of diagnostics per code, as the report counts them. */
export function codeCounts(report: CoverageReport): Record<string, number> {
  return Object.fromEntries(report.summary.codes.map((c) => [c.code, c.count]));
}

