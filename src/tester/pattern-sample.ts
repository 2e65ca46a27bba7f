/**
 * A deterministic string that matches an XSD pattern, for example values: the first branch of every alternation,
 * the minimum count of every quantifier (at least one for `*`/`?` so optional parts are visible when they can be),
 * and for each character class or escape the first of a few readable candidates the class accepts. Undefined when
 * the result does not match (back-references-free XSD regexes are simple, but classes with subtraction or exotic
 * Unicode blocks may defeat it): the caller then falls back and says so.
 */
import { compileXsdPattern } from '@wsdl2ts/runtime';

const CANDIDATES = ['a', 'A', '0', '1', 'x', 'Z', '9', '-', '_', '.', ' ', ':', '/', '@', '+', 'é'];

export function samplePattern(pattern: string): string | undefined {
  const whole = compileXsdPattern(pattern);
  if (!whole) return undefined;
  for (const generous of [true, false]) {
    let out: string | undefined;
    try {
      out = new Sampler(pattern, generous).alternation();
    } catch {
      out = undefined;
    }
    if (out !== undefined && whole.test(out)) return out;
  }
  return undefined;
}

class Sampler {
  private i = 0;
  constructor(
    private readonly p: string,
    /** Take one occurrence of `?`/`*` parts rather than none. */
    private readonly generous: boolean,
  ) {}

  alternation(): string {
    const first = this.sequence();
    while (this.p[this.i] === '|') {
      this.i++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.p.length && this.p[this.i] !== '|' && this.p[this.i] !== ')') {
      const atom = this.atom();
      out += atom.repeat(this.quantifier());
    }
    return out;
  }

  private atom(): string {
    const c = this.p[this.i]!;
    if (c === '(') {
      this.i++;
      const inner = this.alternation();
      if (this.p[this.i] !== ')') throw new Error('unbalanced group');
      this.i++;
      return inner;
    }
    if (c === '[') return this.pick(this.p.slice(this.i, (this.i = this.classEnd(this.i))));
    if (c === '\\') {
      const m = /^\\[pP]\{[^}]*\}|^\\./su.exec(this.p.slice(this.i));
      if (!m) throw new Error('bad escape');
      this.i += m[0].length;
      return this.pick(m[0]);
    }
    if (c === '.') {
      this.i++;
      return 'a';
    }
    const cp = String.fromCodePoint(this.p.codePointAt(this.i)!);
    this.i += cp.length;
    return cp;
  }

  /** The index just after the character class starting at `start` (nested classes are XSD class subtraction). */
  private classEnd(start: number): number {
    let depth = 0;
    for (let j = start; j < this.p.length; j++) {
      const ch = this.p[j];
      if (ch === '\\') j++;
      else if (ch === '[') depth++;
      else if (ch === ']' && --depth === 0) return j + 1;
    }
    throw new Error('unterminated class');
  }

  private pick(cls: string): string {
    const re = compileXsdPattern(cls);
    const hit = re && CANDIDATES.find((c) => re.test(c));
    if (!hit) throw new Error(`no candidate for ${cls}`);
    return hit;
  }

  private quantifier(): number {
    const rest = this.p.slice(this.i);
    const m = /^(?:\?|\*|\+|\{(\d+)(,(\d*))?\})/.exec(rest);
    if (!m) return 1;
    this.i += m[0].length;
    if (m[0] === '?' || m[0] === '*') return this.generous ? 1 : 0;
    if (m[0] === '+') return 1;
    return Number(m[1]);
  }
}
