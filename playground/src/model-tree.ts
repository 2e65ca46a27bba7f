/** The model as a tree for the page: bindings → operations → messages → parts → types, then every named type. */
import type { BindingMessage, ContentModel, Model, Particle, TypeDef, TypeId } from '../../src/model/types';
import type { TreeNode } from './protocol';

const XS = 'http://www.w3.org/2001/XMLSchema';

export function modelTree(model: Model): TreeNode[] {
  const types = new Map(model.types.map((t) => [t.id, t]));
  const typeLabel = (id: TypeId) => types.get(id)?.tsName ?? builtinLabel(id);
  const message = (role: string, m: BindingMessage | undefined): TreeNode[] => {
    if (!m) return [];
    const parts: TreeNode[] = [
      ...m.body.map((p) => ({ label: `part ${p.part}`, detail: `${p.element ? `element ${p.element.local}: ` : ''}${typeLabel(p.type)}`, typeRef: p.type })),
      ...m.headers.map((h) => ({ label: `header ${h.part}`, detail: `${h.element ? `element ${h.element.local}: ` : ''}${typeLabel(h.type)}${h.required ? '' : ' (optional)'}`, typeRef: h.type })),
    ];
    return [{ label: `${role} ${m.message.local}`, detail: `${m.use}${m.wrapped ? ', wrapped' : ''}; action ${m.action}`, children: parts }];
  };
  const bindings: TreeNode[] = model.wsdl.bindings.map((b) => ({
    label: `binding ${b.name.local}`,
    detail: `${b.soapVersion ? `SOAP ${b.soapVersion}` : 'not SOAP'}, ${b.style}${b.addressing ? ', WS-Addressing' : ''}; portType ${b.portType.local}; client ${b.clientTsName}`,
    source: b.source,
    children: b.operations.map((o) => ({
      label: `operation ${o.name}`,
      detail: `${o.pattern}${o.soapAction ? `; SOAPAction ${o.soapAction}` : ''}; method ${o.tsName}`,
      source: o.source,
      children: [
        ...message('input', o.input),
        ...message('output', o.output),
        ...o.faults.map((f) => ({ label: `fault ${f.name}`, detail: `message ${f.message.local}: ${typeLabel(f.type)}`, typeRef: f.type })),
      ],
    })),
  }));
  const named = [...model.types].sort((a, b) => a.tsName.localeCompare(b.tsName) || a.id.localeCompare(b.id));
  return [
    { label: `Bindings (${bindings.length})`, children: bindings },
    { label: `Types (${named.length})`, children: named.map((t) => typeNode(t, typeLabel)) },
  ];
}

function typeNode(t: TypeDef, typeLabel: (id: TypeId) => string): TreeNode {
  const origin = t.name ? `{${t.name.ns}}${t.name.local}` : `anonymous, in ${t.context ?? '?'}`;
  if (t.kind === 'simple') {
    const enumeration = t.enumeration?.map((e) => ({ label: JSON.stringify(e.value), detail: e.tsName })) ?? [];
    const detail = t.variety === 'list' && t.itemType ? `list of ${typeLabel(t.itemType)}` : t.variety === 'union' ? `union of ${(t.memberTypes ?? []).map(typeLabel).join(' | ')}` : t.base ? `restricts ${typeLabel(t.base)}` : (t.builtin ?? 'simple');
    return { label: t.tsName, detail: `simple type, ${detail}; ${origin}`, typeId: t.id, source: t.source, children: enumeration };
  }
  const children: TreeNode[] = [];
  if (t.derivation) children.push({ label: t.derivation.method, detail: typeLabel(t.derivation.base), typeRef: t.derivation.base });
  children.push(...content(t.content, typeLabel));
  for (const a of t.attributes) children.push({ label: `@${a.name.local}`, detail: `${typeLabel(a.type)}${a.use === 'required' ? '' : ' (optional)'}`, typeRef: a.type, source: a.source });
  return { label: t.tsName, detail: `complex type${t.abstract ? ', abstract' : ''}; ${origin}`, typeId: t.id, source: t.source, children };
}

function content(c: ContentModel, typeLabel: (id: TypeId) => string): TreeNode[] {
  if (c.kind === 'empty') return [];
  if (c.kind === 'simple') return [{ label: 'value', detail: typeLabel(c.valueType), typeRef: c.valueType }];
  return particles(c.particle.particles, typeLabel);
}

function particles(ps: readonly Particle[], typeLabel: (id: TypeId) => string): TreeNode[] {
  return ps.map((p) => {
    if (p.kind === 'element') return { label: p.name.local, detail: `${typeLabel(p.type)}${occurs(p.minOccurs, p.maxOccurs)}${p.nillable ? ', nillable' : ''}`, typeRef: p.type, source: p.source };
    if (p.kind === 'any') return { label: 'any', detail: `namespace ${p.wildcard.namespace}, ${p.wildcard.processContents}${occurs(p.minOccurs, p.maxOccurs)}`, source: p.source };
    return { label: p.kind, detail: occurs(p.minOccurs, p.maxOccurs).replace(/^, /, '') || undefined, source: p.source, children: particles(p.particles, typeLabel) };
  });
}

function occurs(min: number, max: number | 'unbounded'): string {
  return min === 1 && max === 1 ? '' : `, ${min}..${max === 'unbounded' ? '*' : max}`;
}

/** `{http://www.w3.org/2001/XMLSchema}string` → `xs:string`. */
function builtinLabel(id: TypeId): string {
  const m = /^\{([^}]*)\}(.*)$/.exec(id);
  if (!m) return id;
  return m[1] === XS ? `xs:${m[2]}` : m[2]!;
}
