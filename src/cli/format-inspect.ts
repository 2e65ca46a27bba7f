import type { Model, TypeDef, TypeId, Particle, QName } from '../model/types';

/** The human-readable view of a model printed by `wsdl2ts inspect`. */
export function formatInspect(model: Model): string {
  const lines: string[] = [];
  const typeName = (id: TypeId | undefined): string => {
    if (!id) return '-';
    const t = model.types.find((x) => x.id === id);
    if (t) return t.name ? clark(t.name) : `(anonymous ${t.tsName})`;
    return id.replace('{http://www.w3.org/2001/XMLSchema}', 'xs:');
  };
  lines.push(`input: ${model.input}`);
  lines.push(`documents: ${model.documents.join(', ')}`);
  lines.push('');
  if (!model.wsdl.bindings.length) lines.push('bindings: none');
  for (const b of model.wsdl.bindings) {
    const soap = b.soapVersion ? `SOAP ${b.soapVersion}` : 'not SOAP';
    lines.push(`binding ${clark(b.name)} (${soap}, ${b.style}${b.addressing ? ', WS-Addressing' : ''}${b.mtom ? ', MTOM' : ''}) portType ${clark(b.portType)} → ${b.tsName}`);
    for (const op of b.operations) {
      lines.push(`  operation ${op.name} (${op.pattern}) → ${op.tsName}`);
      lines.push(`    SOAPAction: ${op.soapAction === undefined ? '(none)' : JSON.stringify(op.soapAction)}`);
      for (const role of ['input', 'output'] as const) {
        const m = op[role];
        if (!m) continue;
        const parts = m.body.map((p) => `${p.part}: ${p.element ? `element ${clark(p.element)}` : 'type'} : ${typeName(p.type)}`).join('; ') || '(empty)';
        lines.push(`    ${role}: action ${m.action}${m.actionIsExplicit ? '' : ' (default)'}; ${m.use}${m.wrapped ? ', wrapped' : ''}${m.wrapper ? (m.wrapper.bare ? ', bare body (no wrapper on the wire)' : `, rpc wrapper ${clark(m.wrapper.element)}`) : ''}; ${parts}`);
        for (const h of m.headers) lines.push(`      header ${h.part}: ${h.element ? clark(h.element) : ''} : ${typeName(h.type)}`);
      }
      for (const f of op.faults) lines.push(`    fault ${f.name}: action ${f.action}; ${f.element ? clark(f.element) : ''} : ${typeName(f.type)}`);
    }
  }
  for (const s of model.wsdl.services) {
    lines.push(`service ${clark(s.name)}`);
    for (const p of s.ports) lines.push(`  port ${p.name}: binding ${clark(p.binding)}${p.address ? ` at ${p.address}` : ''}`);
  }
  lines.push('');
  lines.push(`types (${model.types.length}):`);
  for (const t of model.types) lines.push(...formatType(t, typeName));
  lines.push('');
  lines.push(`elements (${model.elements.length}):`);
  for (const e of model.elements) lines.push(`  ${clark(e.name)}${e.nillable ? ' nillable' : ''} : ${typeName(e.type)}`);
  return lines.join('\n') + '\n';
}

function formatType(t: TypeDef, typeName: (id: TypeId | undefined) => string): string[] {
  const title = t.name ? clark(t.name) : `(anonymous, ${t.context ?? ''})`;
  if (t.kind === 'simple') {
    const what = t.variety === 'list' ? `list of ${typeName(t.itemType)}` : t.variety === 'union' ? `union of ${(t.memberTypes ?? []).map(typeName).join(' | ')}` : `restricts ${typeName(t.base)}`;
    const out = [`  simple ${title} → ${t.tsName}: ${what}`];
    if (t.enumeration) out.push(`    enumeration (${t.enumeration.length}): ${t.enumeration.map((v) => JSON.stringify(v.value)).join(', ')}`);
    return out;
  }
  const flags = [t.abstract ? 'abstract' : '', t.mixed ? 'mixed' : '', t.wcfArray ? 'WCF array' : '', t.soapArray ? 'SOAP-encoded array' : ''].filter(Boolean).join(', ');
  const out = [`  complex ${title} → ${t.tsName}${t.derivation ? ` ${t.derivation.method} of ${typeName(t.derivation.base)}` : ''}${flags ? ` [${flags}]` : ''}`];
  if (t.content.kind === 'simple') out.push(`    value: ${typeName(t.content.valueType)}`);
  if (t.content.kind === 'elements') out.push(...formatParticle(t.content.particle, '    ', typeName));
  for (const a of t.attributes) out.push(`    @${clark(a.name)} (${a.use}) : ${typeName(a.type)}`);
  if (t.anyAttribute) out.push(`    @* ${t.anyAttribute.namespace} (${t.anyAttribute.processContents})`);
  return out;
}

function formatParticle(p: Particle, indent: string, typeName: (id: TypeId | undefined) => string): string[] {
  const occ = `[${p.minOccurs}..${p.maxOccurs === 'unbounded' ? '*' : p.maxOccurs}]`;
  if (p.kind === 'element') return [`${indent}${clark(p.name)} ${occ}${p.nillable ? ' nillable' : ''} : ${typeName(p.type)}`];
  if (p.kind === 'any') return [`${indent}any ${p.wildcard.namespace} (${p.wildcard.processContents}) ${occ}`];
  return [`${indent}${p.kind}${p.group ? ` (group ${clark(p.group)})` : ''} ${occ}`, ...p.particles.flatMap((c) => formatParticle(c, indent + '  ', typeName))];
}

function clark(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}
