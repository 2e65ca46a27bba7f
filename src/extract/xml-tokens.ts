/**
 * A forgiving XML tokenizer for spec text: it never throws, keeps every token's spec line, and lets repairs rewrite
 * start tags attribute by attribute. Well-formedness is checked later by the real parser.
 */

export interface Attr {
  name: string;
  value: string;
  quote: '"' | "'";
  /** The spec wrote the value without quotes (`wsaw:Action=http://…`); rendering quotes it. */
  unquoted?: boolean;
}

export type Token =
  | { kind: 'start'; name: string; attrs: Attr[]; selfClose: boolean; raw: string; dirty: boolean; line: number }
  | { kind: 'end'; name: string; raw: string; line: number }
  | { kind: 'text' | 'comment' | 'pi' | 'cdata'; raw: string; line: number };

/** Offsets of line starts in `text`, and the spec line of each text line. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(
    text: string,
    private readonly specLines: readonly number[],
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.specLines[lo] ?? this.specLines[this.specLines.length - 1] ?? 0;
  }
}

const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/;

export function tokenize(text: string, map: LineMap): Token[] {
  const out: Token[] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) out.push({ kind: 'text', raw: text.slice(textStart, end), line: map.lineAt(textStart) });
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const line = map.lineAt(lt);
    const rest = text.startsWith.bind(text);
    let end = -1;
    let tok: Token | undefined;
    if (rest('<!--', lt)) {
      const e = text.indexOf('-->', lt + 4);
      if (e >= 0) {
        end = e + 3;
        tok = { kind: 'comment', raw: text.slice(lt, end), line };
      }
    } else if (rest('<![CDATA[', lt)) {
      const e = text.indexOf(']]>', lt);
      if (e >= 0) {
        end = e + 3;
        tok = { kind: 'cdata', raw: text.slice(lt, end), line };
      }
    } else if (rest('<?', lt)) {
      const e = text.indexOf('?>', lt);
      if (e >= 0) {
        end = e + 2;
        tok = { kind: 'pi', raw: text.slice(lt, end), line };
      }
    } else if (rest('</', lt)) {
      const m = /^<\/\s*([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)\s*>/.exec(text.slice(lt, lt + 300));
      if (m) {
        end = lt + m[0].length;
        tok = { kind: 'end', name: m[1]!, raw: m[0], line };
      }
    } else {
      const parsed = parseStartTag(text, lt);
      if (parsed) {
        end = parsed.end;
        tok = { kind: 'start', name: parsed.name, attrs: parsed.attrs, selfClose: parsed.selfClose, raw: text.slice(lt, end), dirty: parsed.attrs.some((a) => a.unquoted), line };
      }
    }
    if (!tok) {
      i = lt + 1;
      continue;
    }
    flushText(lt);
    out.push(tok);
    i = end;
    textStart = end;
  }
  flushText(text.length);
  return out;
}

function parseStartTag(text: string, lt: number): { name: string; attrs: Attr[]; selfClose: boolean; end: number } | undefined {
  const nm = NAME.exec(text.slice(lt + 1, lt + 200));
  if (!nm) return undefined;
  let i = lt + 1 + nm[0].length;
  const attrs: Attr[] = [];
  for (;;) {
    const ws = /^\s*/.exec(text.slice(i, i + 10_000))![0].length;
    i += ws;
    if (text.startsWith('/>', i)) return { name: nm[0], attrs, selfClose: true, end: i + 2 };
    if (text[i] === '>') return { name: nm[0], attrs, selfClose: false, end: i + 1 };
    if (ws === 0 && attrs.length) return undefined;
    const an = /^[^\s=/>"'<]+/.exec(text.slice(i, i + 300));
    if (!an) return undefined;
    i += an[0].length;
    const eq = /^\s*=\s*/.exec(text.slice(i, i + 100));
    if (!eq) return undefined;
    i += eq[0].length;
    const q = text[i];
    if (q !== '"' && q !== "'") {
      const bare = /^[^\s>"'<=]+/.exec(text.slice(i, i + 2000));
      if (!bare) return undefined;
      let value = bare[0];
      if (value.endsWith('/') && text[i + value.length] === '>') value = value.slice(0, -1);
      attrs.push({ name: an[0], value, quote: '"', unquoted: true });
      i += value.length;
      continue;
    }
    const close = text.indexOf(q, i + 1);
    if (close < 0) return undefined;
    const value = text.slice(i + 1, close);
    if (value.includes('<')) return undefined;
    // `name="x type="t"`: the closing quote is missing, and the next attribute's opening quote closed the value.
    const lost = /^([^\s"'=]*)(\s+)([A-Za-z_][\w.:-]*)\s*=\s*$/.exec(value);
    if (lost) {
      attrs.push({ name: an[0], value: lost[1]!, quote: q, unquoted: true });
      i = i + 1 + lost[1]!.length;
      continue;
    }
    attrs.push({ name: an[0], value, quote: q });
    i = close + 1;
  }
}

export function renderStart(t: Extract<Token, { kind: 'start' }>): string {
  if (!t.dirty) return t.raw;
  const attrs = t.attrs.map((a) => ` ${a.name}=${a.quote}${a.value}${a.quote}`).join('');
  return `<${t.name}${attrs}${t.selfClose ? '/>' : '>'}`;
}

export function render(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'start' ? renderStart(t) : t.raw)).join('');
}

export function localOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export function prefixOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? '' : name.slice(0, i);
}
