import type { ElementDecl, ModelGroup, TypeId } from '../model/types';
import type { EmitContext } from './emit-context';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * One prefix per namespace for the whole generated module (`xsi` for XML Schema instance, `ns1`, `ns2`… in order of
 * first use), so generated encoders can write constant tags. Each global element declares on its root exactly the
 * namespaces its content can reach.
 */
export class PrefixTable {
  private readonly prefixes = new Map<string, string>();
  private readonly reach = new Map<TypeId, Set<string>>();

  constructor(private readonly ctx: EmitContext) {
    this.prefixes.set(XSI, 'xsi');
    const add = (ns: string) => {
      if (ns && !this.prefixes.has(ns)) this.prefixes.set(ns, `ns${this.prefixes.size}`);
    };
    for (const e of ctx.model.elements) add(e.name.ns);
    for (const t of ctx.model.types) {
      if (t.name) add(t.name.ns);
      if (t.kind !== 'complex') continue;
      for (const a of t.attributes) add(a.name.ns);
      if (t.wcfArray) add(t.wcfArray.item.ns);
      if (t.content.kind === 'elements') forEachElement(t.content.particle, (p) => [p.name, ...(p.substitutes ?? [])].forEach((q) => add(q.ns)));
    }
  }

  prefix(ns: string): string {
    const p = this.prefixes.get(ns);
    if (!p) throw new Error(`internal: no prefix for namespace ${ns}`);
    return p;
  }

  /** Namespaces an element's content may use (its own name, children, attributes, xsi:type and xsi:nil). */
  reachable(el: ElementDecl): Set<string> {
    const out = new Set<string>();
    if (el.name.ns) out.add(el.name.ns);
    if (el.nillable) out.add(XSI);
    for (const ns of this.typeReach(el.type)) out.add(ns);
    return out;
  }

  /** ` xmlns:p="…"` for each namespace, in the table's order. */
  declarations(namespaces: Set<string>): string {
    let s = '';
    for (const [ns, p] of this.prefixes) if (namespaces.has(ns)) s += ` xmlns:${p}="${escapeAttr(ns)}"`;
    return s;
  }

  private typeReach(id: TypeId): Set<string> {
    const known = this.reach.get(id);
    if (known) return known;
    const out = new Set<string>();
    this.reach.set(id, out);
    // Iterative over the type graph; recursive types end at the memoized (possibly still filling) set.
    const pending: TypeId[] = [id];
    const seen = new Set<TypeId>();
    while (pending.length) {
      const cur = pending.pop()!;
      if (seen.has(cur)) continue;
      seen.add(cur);
      const t = this.ctx.complex(cur);
      if (!t) continue;
      const family = [...this.ctx.chain(t), ...this.ctx.subtypes(t.id)];
      if (family.length > 1) out.add(XSI);
      for (const c of family) {
        if (c.name && c !== t) out.add(c.name.ns);
        if (c.derivation) pending.push(c.derivation.base);
        for (const a of c.attributes) if (a.name.ns) out.add(a.name.ns);
        if (c.wcfArray) {
          out.add(c.wcfArray.item.ns);
          if (c.wcfArray.nillable) out.add(XSI);
          pending.push(c.wcfArray.itemType);
        }
        if (c.content.kind === 'elements') {
          forEachElement(c.content.particle, (p) => {
            if (p.nillable) out.add(XSI);
            for (const q of [p.name, ...(p.substitutes ?? [])]) if (q.ns) out.add(q.ns);
            pending.push(p.type);
            for (const q of p.substitutes ?? []) {
              const decl = this.ctx.model.elements.find((e) => e.name.ns === q.ns && e.name.local === q.local);
              if (decl) pending.push(decl.type);
            }
          });
        }
        if (c !== t) pending.push(c.id);
      }
    }
    out.delete('');
    return out;
  }
}

function forEachElement(g: ModelGroup, fn: (p: Extract<ModelGroup['particles'][number], { kind: 'element' }>) => void): void {
  const stack = [...g.particles];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.kind === 'element') fn(p);
    else if (p.kind !== 'any') stack.push(...p.particles);
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
