import type { AnyParticle, ComplexTypeDef, ElementParticle, ModelGroup, Occurs, Particle } from '../model/types';
import type { EmitContext } from './emit-context';

/**
 * How a complex type's element content maps onto TypeScript objects, shared by the type and serializer emitters.
 * A container is one object: the value itself, or one occurrence of a repeating group. Its fields are in schema
 * order; non-repeating sequences are flattened into it, non-repeating choices become exclusive branches whose
 * properties live on the same object, and repeating groups become array properties of item containers.
 */
export interface Container {
  readonly id: number;
  readonly fields: Field[];
}

export type Field = ElementField | AnyField | ChoiceField | RepeatField;

interface FieldBase {
  /** Position in schema order within the object (choice branches included); an `all` group's elements share one. */
  readonly index: number;
  /** Absent is allowed: minOccurs 0 here or on an enclosing group within the container. */
  readonly optional: boolean;
}

export interface ElementField extends FieldBase {
  readonly kind: 'element';
  readonly particle: ElementParticle;
  readonly prop: string;
  readonly repeated: boolean;
  readonly min: number;
  readonly max: Occurs;
  readonly inAll: boolean;
}

export interface AnyField extends FieldBase {
  readonly kind: 'any';
  readonly particle: AnyParticle;
  /** Each wildcard of an object has its own property: `$any`, then `$any2`, `$any3`… in schema order. */
  readonly prop: string;
}

export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly id: number;
  readonly branches: Container[];
}

export interface RepeatField extends FieldBase {
  readonly kind: 'repeat';
  readonly group: ModelGroup;
  readonly prop: string;
  readonly min: number;
  readonly max: Occurs;
  readonly item: Container;
}

export interface ContentPlan {
  readonly root: Container;
  /** Every container including root, choice branches and repeat items, by id. */
  readonly containers: Container[];
  readonly hasChoice: boolean;
  readonly hasAny: boolean;
}

/** The plan of a type's full element content: inherited particles first (extension), then its own. */
export function planContent(ctx: EmitContext, t: ComplexTypeDef): ContentPlan {
  const groups: ModelGroup[] = [];
  for (const c of ctx.chain(t)) {
    // A restriction restates the whole content model; an extension adds to it.
    if (c.derivation?.method === 'restriction') groups.length = 0;
    if (c.content.kind === 'elements') groups.push(c.content.particle);
  }
  const planner = new Planner();
  const root = planner.container();
  for (const g of groups) planner.addGroup(root, g, false);
  return { root, containers: planner.all, hasChoice: planner.hasChoice, hasAny: planner.hasAny };
}

class Planner {
  readonly all: Container[] = [];
  hasChoice = false;
  hasAny = false;
  private nextChoice = 0;
  private readonly counters = new Map<number, number>();

  /** Branch containers share their owner's counter, so one index orders every element of an object. */
  private readonly owners = new Map<number, number>();
  private readonly wildcards = new Map<number, number>();

  container(owner?: Container): Container {
    const c: Container = { id: this.all.length, fields: [] };
    this.all.push(c);
    if (owner) this.owners.set(c.id, this.owners.get(owner.id) ?? owner.id);
    else this.counters.set(c.id, 0);
    return c;
  }

  private nextIndex(c: Container): number {
    const key = this.owners.get(c.id) ?? c.id;
    const n = this.counters.get(key)!;
    this.counters.set(key, n + 1);
    return n;
  }

  /** Adds a group's content to `into`; `optional` is inherited from enclosing optional groups. */
  addGroup(into: Container, g: ModelGroup, optional: boolean, shareIndex?: number): void {
    const opt = optional || g.minOccurs === 0;
    if (g.kind !== 'all' && g.maxOccurs !== 1) {
      const item = this.container();
      this.addGroupItems(item, g, false);
      into.fields.push({ kind: 'repeat', index: shareIndex ?? this.nextIndex(into), optional: opt, group: g, prop: g.tsName ?? 'items', min: g.minOccurs, max: g.maxOccurs, item });
      return;
    }
    if (g.kind === 'choice') {
      this.hasChoice = true;
      const branches: Container[] = [];
      const index = shareIndex ?? this.nextIndex(into);
      for (const p of g.particles) {
        const branch = this.container(into);
        this.addParticle(branch, p, false, undefined, false);
        branches.push(branch);
      }
      // An empty branch (or a choice that may be absent) makes the whole choice optional.
      const anyEmpty = branches.some((b) => b.fields.every((f) => f.optional));
      into.fields.push({ kind: 'choice', id: this.nextChoice++, index, optional: opt || anyEmpty, branches });
      return;
    }
    this.addGroupItems(into, g, optional);
  }

  private addGroupItems(into: Container, g: ModelGroup, optional: boolean): void {
    const opt = optional || g.minOccurs === 0;
    if (g.kind === 'choice') {
      this.addGroup(into, { ...g, maxOccurs: 1, minOccurs: opt ? 0 : 1 }, opt);
      return;
    }
    const shared = g.kind === 'all' ? this.nextIndex(into) : undefined;
    for (const p of g.particles) this.addParticle(into, p, opt, shared, g.kind === 'all');
  }

  private addParticle(into: Container, p: Particle, optional: boolean, shareIndex: number | undefined, inAll: boolean): void {
    if (p.kind === 'element') {
      into.fields.push({
        kind: 'element',
        index: shareIndex ?? this.nextIndex(into),
        optional: optional || p.minOccurs === 0,
        particle: p,
        prop: p.tsName,
        repeated: p.maxOccurs === 'unbounded' || p.maxOccurs > 1,
        min: p.minOccurs,
        max: p.maxOccurs,
        inAll,
      });
    } else if (p.kind === 'any') {
      this.hasAny = true;
      const obj = this.owners.get(into.id) ?? into.id;
      const n = (this.wildcards.get(obj) ?? 0) + 1;
      this.wildcards.set(obj, n);
      into.fields.push({ kind: 'any', index: shareIndex ?? this.nextIndex(into), optional: optional || p.minOccurs === 0, particle: p, prop: n === 1 ? '$any' : `$any${n}` });
    } else {
      this.addGroup(into, p, optional, shareIndex);
    }
  }
}

/** The wildcard properties of a container's object (its choice branches included, repeat items not). */
export function anyProps(c: Container): { prop: string; optional: boolean }[] {
  const out: { prop: string; optional: boolean }[] = [];
  for (const f of c.fields) {
    if (f.kind === 'any') out.push({ prop: f.prop, optional: f.optional || f.particle.minOccurs === 0 });
    else if (f.kind === 'choice') for (const b of f.branches) out.push(...anyProps(b).map((a) => ({ ...a, optional: true })));
  }
  return out;
}

/** Every element field reachable in a container without entering repeat items (branches included). */
export function directElements(c: Container): ElementField[] {
  const out: ElementField[] = [];
  for (const f of c.fields) {
    if (f.kind === 'element') out.push(f);
    else if (f.kind === 'choice') for (const b of f.branches) out.push(...directElements(b));
  }
  return out;
}
