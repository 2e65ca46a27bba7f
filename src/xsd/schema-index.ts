import type { Element } from '@xmldom/xmldom';
import { DiagnosticBag } from '../diagnostics/diagnostic';
import type { Form, QName } from '../model/types';
import type { SchemaSource } from '../read/load-documents';
import { attr, childElements, location, NS, isNCName , localName } from '../xml/dom-utils';

export type ComponentKind = 'type' | 'element' | 'attribute' | 'group' | 'attributeGroup';

/** What a schema says about the components declared in it. */
export interface SchemaContext {
  readonly tns: string;
  readonly elementFormDefault: Form;
  readonly attributeFormDefault: Form;
  readonly label: string;
  readonly element: Element;
}

export interface IndexedComponent {
  readonly kind: ComponentKind;
  readonly name: QName;
  readonly element: Element;
  readonly schema: SchemaContext;
  /** For a component inside xs:redefine: the original it redefines (its self-references point there). */
  readonly redefines?: IndexedComponent;
  /** The id this component gets in the model (differs from Clark notation only for redefined originals). */
  readonly id: string;
}

export function clark(q: QName): string {
  return `{${q.ns}}${q.local}`;
}

const TOP_LEVEL: Readonly<Record<string, ComponentKind>> = {
  complexType: 'type',
  simpleType: 'type',
  element: 'element',
  attribute: 'attribute',
  group: 'group',
  attributeGroup: 'attributeGroup',
};

/**
 * Every top-level component of every schema, by kind and QName. Duplicates are reported (W2T400) and the first
 * definition wins. `xs:redefine` children replace the component they redefine; the original stays reachable.
 */
export class SchemaIndex {
  readonly contexts: SchemaContext[] = [];
  private readonly maps: Record<ComponentKind, Map<string, IndexedComponent>> = {
    type: new Map(),
    element: new Map(),
    attribute: new Map(),
    group: new Map(),
    attributeGroup: new Map(),
  };
  /** Components in declaration order, per kind (what the model lists). */
  readonly ordered: Record<ComponentKind, IndexedComponent[]> = { type: [], element: [], attribute: [], group: [], attributeGroup: [] };
  /** Types by model id, including redefined originals. */
  readonly typesById = new Map<string, IndexedComponent>();

  constructor(sources: readonly SchemaSource[], diags: DiagnosticBag) {
    const redefines: Array<[Element, SchemaContext]> = [];
    for (const source of sources) {
      const el = source.element;
      const ctx: SchemaContext = {
        tns: attr(el, 'targetNamespace') ?? source.chameleonNs ?? '',
        elementFormDefault: attr(el, 'elementFormDefault') === 'qualified' ? 'qualified' : 'unqualified',
        attributeFormDefault: attr(el, 'attributeFormDefault') === 'qualified' ? 'qualified' : 'unqualified',
        label: source.doc.label,
        element: el,
      };
      this.contexts.push(ctx);
      for (const child of childElements(el)) {
        if (child.namespaceURI !== NS.xs) continue;
        if (localName(child) === 'redefine') {
          redefines.push([child, ctx]);
          continue;
        }
        const kind = TOP_LEVEL[localName(child)];
        if (kind) this.register(kind, child, ctx, diags);
      }
    }
    for (const [redefine, ctx] of redefines) {
      for (const child of childElements(redefine)) {
        const kind = child.namespaceURI === NS.xs ? TOP_LEVEL[localName(child)] : undefined;
        if (kind) this.register(kind, child, ctx, diags, true);
      }
    }
  }

  private register(kind: ComponentKind, el: Element, ctx: SchemaContext, diags: DiagnosticBag, isRedefinition = false): void {
    const at = location(el, ctx.label);
    const local = attr(el, 'name');
    if (local === undefined) {
      diags.add('W2T600', `a top-level xs:${localName(el)} needs a name`, at);
      return;
    }
    if (!isNCName(local)) diags.add('W2T601', `"${local}" is not a valid XML name`, at);
    const name: QName = { ns: ctx.tns, local };
    const key = clark(name);
    const map = this.maps[kind];
    const existing = map.get(key);
    if (existing && isRedefinition) {
      const original: IndexedComponent = { ...existing, id: `${key}~redefined` };
      const list = this.ordered[kind];
      list[list.indexOf(existing)] = original;
      if (kind === 'type') this.typesById.set(original.id, original);
      const replacement: IndexedComponent = { kind, name, element: el, schema: ctx, redefines: original, id: key };
      map.set(key, replacement);
      list.push(replacement);
      if (kind === 'type') this.typesById.set(key, replacement);
      return;
    }
    if (existing) {
      // The same document reached twice (e.g. inline and as a sibling) is not a duplicate definition.
      if (existing.element !== el && !sameDefinition(existing.element, el)) {
        diags.add('W2T400', `${kind} ${local} in namespace ${ctx.tns || '(none)'} is already defined at ${existing.schema.label}:${existing.element.lineNumber ?? 0}`, at);
      }
      return;
    }
    const component: IndexedComponent = { kind, name, element: el, schema: ctx, id: key };
    map.set(key, component);
    this.ordered[kind].push(component);
    if (kind === 'type') this.typesById.set(key, component);
  }

  get(kind: ComponentKind, name: QName): IndexedComponent | undefined {
    return this.maps[kind].get(clark(name));
  }
}

/** Two byte-identical declarations (a schema copied into two files) are harmless. */
function sameDefinition(a: Element, b: Element): boolean {
  return a.toString() === b.toString();
}
