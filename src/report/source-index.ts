/**
 * The source texts of a run, indexed for the report: the node path of the element declared at a line:column (the
 * model's `SourceRef`s and emit-time diagnostics carry a position but no path), and excerpts around a position.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { DiagnosticBag } from '../diagnostics/diagnostic';
import { nodePath } from '../xml/dom-utils';
import { parseXml } from '../xml/parse-xml';

export interface Excerpt {
  /** 1-based number of the first line shown. */
  readonly startLine: number;
  /** The lines, cut to a window around the column when long (see `firstColumn`). */
  readonly lines: readonly string[];
  /** The line and column the excerpt is about. */
  readonly line: number;
  readonly column: number;
  /** 1-based column of the first character shown on each line (1 unless long lines were cut). */
  readonly firstColumn: number;
}

const CONTEXT_LINES = 2;
const WINDOW = 160;

export class SourceIndex {
  private readonly lineCache = new Map<string, string[]>();
  private readonly elementsAt = new Map<string, Map<string, Element> | null>();
  private readonly pathCache = new Map<Element, string>();

  /** `texts`: document display name (as diagnostics and `SourceRef`s name it) → its text. */
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  has(file: string): boolean {
    return this.texts.has(file);
  }

  /** The node path of the element starting at line:column in `file`, or undefined. */
  pathAt(file: string, line: number, column: number): string | undefined {
    const el = this.positions(file)?.get(`${line}:${column}`);
    if (!el) return undefined;
    let p = this.pathCache.get(el);
    if (p === undefined) {
      p = nodePath(el as unknown as Node);
      this.pathCache.set(el, p);
    }
    return p;
  }

  excerpt(file: string, line: number, column: number): Excerpt | undefined {
    const lines = this.lines(file);
    if (!lines || line < 1 || line > lines.length) return undefined;
    const start = Math.max(1, line - CONTEXT_LINES);
    const end = Math.min(lines.length, line + CONTEXT_LINES);
    const col = Math.max(1, column);
    // One window for every line, so the caret under the reported column stays aligned.
    const target = lines[line - 1] ?? '';
    const firstColumn = target.length > WINDOW && col > WINDOW / 2 ? col - WINDOW / 2 : 1;
    const shown: string[] = [];
    for (let n = start; n <= end; n++) {
      const l = (lines[n - 1] ?? '').replace(/\t/g, ' ');
      shown.push(l.slice(firstColumn - 1, firstColumn - 1 + WINDOW));
    }
    return { startLine: start, lines: shown, line, column: col, firstColumn };
  }

  private lines(file: string): string[] | undefined {
    let l = this.lineCache.get(file);
    if (!l) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      // XML line ends (and what xmldom counts): CRLF, CR and LF.
      l = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
      this.lineCache.set(file, l);
    }
    return l;
  }

  private positions(file: string): Map<string, Element> | undefined {
    const cached = this.elementsAt.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const text = this.texts.get(file);
    // Parsed the way the loader parsed it (same parser, same refusals), so positions agree with the model's.
    const parsed = text === undefined ? undefined : parseXml(text, file, new DiagnosticBag());
    if (!parsed) {
      this.elementsAt.set(file, null);
      return undefined;
    }
    const map = new Map<string, Element>();
    const stack: Element[] = [parsed.root];
    while (stack.length) {
      const el = stack.pop()!;
      const key = `${el.lineNumber ?? 0}:${el.columnNumber ?? 0}`;
      if (!map.has(key)) map.set(key, el);
      for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
    }
    this.elementsAt.set(file, map);
    return map;
  }
}
