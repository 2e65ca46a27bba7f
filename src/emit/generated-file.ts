import type { EmittedFile } from './emit-context';

/** What relative imports of generated files end with: nothing (CommonJS, bundlers) or `.js` (ESM with nodenext). */
export type ImportExtension = '' | '.js' | '.ts';
export const IMPORT_EXTENSIONS: readonly ImportExtension[] = ['', '.js', '.ts'];

/** The width lists are kept within when they fit; longer ones get one item per line. */
const WIDTH = 120;

/**
 * The one way emitters write code (as protobuf-es's GeneratedFile): lines in their final layout, indentation,
 * JSDoc, and the imports the file needs, printed first in the order they were asked for. No formatter runs over
 * the result, so emitting costs what building the strings costs: large WSDLs stay fast and memory linear.
 */
export class GeneratedFile {
  private readonly imports = new Map<string, { module: string; typeOnly: boolean }>();
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(
    readonly path: string,
    private readonly importExtension: ImportExtension = '',
  ) {}

  /** `import * as alias from 'module'` (relative modules get the import extension); returns the alias. */
  importNamespace(alias: string, module: string, typeOnly = false): string {
    const had = this.imports.get(alias);
    if (had && had.module !== module) throw new Error(`generated-file: alias ${alias} already imports ${had.module}`);
    // A value import wins over a type-only one of the same module.
    this.imports.set(alias, { module, typeOnly: typeOnly && (had?.typeOnly ?? true) });
    return alias;
  }

  /** One line at the current indentation (an empty string is an empty line); each line of a multi-line text is indented. */
  line(text = ''): this {
    const pad = '  '.repeat(this.depth);
    for (const l of text.split('\n')) this.lines.push(l ? pad + l : '');
    return this;
  }

  /** The body one level deeper. */
  indented(body: () => void): this {
    this.depth++;
    body();
    this.depth--;
    return this;
  }

  /** Columns of indentation at the current level (for laying out text built before it is written). */
  get column(): number {
    return this.depth * 2;
  }

  /** An empty line, never two in a row and never at the start. */
  blank(): this {
    if (this.lines.length && this.lines[this.lines.length - 1] !== '') this.lines.push('');
    return this;
  }

  /** `head` on a line, the body one level deeper, `tail` back at this level. */
  block(head: string, body: () => void, tail = '}'): this {
    return this.line(head).indented(body).line(tail);
  }

  /** JSDoc from docComment(): `/** text *\/` for one line, a ` * ` block for more. */
  docs(docs: readonly string[] | undefined): this {
    for (const d of docs ?? []) for (const l of jsDoc(d)) this.line(l);
    return this;
  }

  /**
   * `head item, item tail` on one line when it fits, else `head`, one item per line with a trailing `sep`, `tail`.
   * The items are single-line strings.
   */
  list(head: string, items: readonly (string | Fit)[], tail: string, sep = ','): this {
    for (const l of fitList(this.column, head, items, tail, sep)) this.line(l);
    return this;
  }

  /** The file: imports first, then the body (`export {};` when there is none, so it is still a module). */
  finish(): EmittedFile {
    while (this.lines.length && this.lines[this.lines.length - 1] === '') this.lines.pop();
    const head = [...this.imports].map(([alias, { module, typeOnly }]) => `import ${typeOnly ? 'type ' : ''}* as ${alias} from ${quote(withImportExtension(module, this.importExtension))};`);
    const body = this.lines.length ? this.lines : ['export {};'];
    return { path: this.path, text: [...head, ...body].join('\n') + '\n', final: true };
  }
}

/** A list that can be laid out on one line or broken, one item per line (items may be lists themselves). */
export interface Fit {
  readonly head: string;
  readonly items: readonly (string | Fit)[];
  readonly tail: string;
  /** The separator (default `,`); `trailing: false` leaves it off the last item when broken (type arguments). */
  readonly sep?: string;
  readonly trailing?: boolean;
}

/** The one-line text of a list. */
export function flat(f: string | Fit): string {
  if (typeof f === 'string') return f;
  return `${f.head}${f.items.map(flat).join(`${f.sep ?? ','} `)}${f.tail}`;
}

/**
 * Lines of `head items tail`: one line when it fits in the width (after `indent` columns), else `head`, one item
 * per line (each laid out the same way, one level deeper) with the separator after it, and `tail`.
 */
export function fitList(indent: number, head: string, items: readonly (string | Fit)[], tail: string, sep = ',', trailing = true): string[] {
  return layout(indent, { head, items, tail, sep, trailing });
}

function layout(indent: number, f: string | Fit, after = ''): string[] {
  const one = flat(f) + after;
  if (typeof f === 'string' || !f.items.length || indent + one.length <= WIDTH) return [one];
  const sep = f.sep ?? ',';
  const inner = f.items.flatMap((item, i) => layout(indent + 2, item, i < f.items.length - 1 || f.trailing !== false ? sep : '').map((l) => `  ${l}`));
  return [f.head.trimEnd(), ...inner, f.tail.trimStart() + after];
}

/** A union type on one line when it fits, else `\n  | a\n  | b` (the layout prettier gives long unions). */
export function unionLines(head: string, members: readonly string[], tail: string): string[] {
  const flat = `${head} ${members.join(' | ')}${tail}`;
  if (flat.length <= WIDTH || members.length < 2) return [flat];
  return [head, ...members.map((m, i) => `  | ${m}${i === members.length - 1 ? tail : ''}`)];
}

/** `./types` → `./types.js` for ESM; package names and other specifiers are left alone. */
export function withImportExtension(module: string, ext: ImportExtension): string {
  return ext && /^\.\.?\//.test(module) && !/\.[cm]?[jt]s$/.test(module) ? module + ext : module;
}

/**
 * Adds the import extension to the relative specifiers of a file's top-level `import … from './x'` and
 * `export … from './x'` lines: for emitted text that was not written through GeneratedFile.
 */
export function addImportExtension(text: string, ext: ImportExtension): string {
  if (!ext) return text;
  return text.replace(/^((?:import|export)\b[^\n;]*?\bfrom\s+)(['"])(\.\.?\/[^'"\n]*)\2;/gm, (_m, lead: string, q: string, spec: string) => `${lead}${q}${withImportExtension(spec, ext)}${q};`);
}

/**
 * A string literal as prettier prints one: single quotes unless the text has more of them than double quotes;
 * U+2028/U+2029 escaped for old parsers.
 */
export function str(s: string): string {
  const json = JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const singles = s.split("'").length - 1;
  const doubles = s.split('"').length - 1;
  if (singles > doubles) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A property key: bare when it is a plain identifier, a string literal otherwise. */
export function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name);
}

function jsDoc(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length === 1) return [`/** ${text} */`];
  return ['/**', ...lines.map((l) => (l ? ` * ${l}` : ' *')), ' */'];
}

/** A module specifier in single quotes (generated specifiers are plain paths; anything else is escaped). */
function quote(s: string): string {
  return /^[\w@./-]*$/.test(s) ? `'${s}'` : JSON.stringify(s);
}
