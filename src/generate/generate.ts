// Pure helper, not node:path: this module also runs in the browser playground.
import * as path from '../util/posix-path';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { CATALOGUE, DiagnosticCode } from '../diagnostics/catalogue';
import { DEFAULT_EMIT_OPTIONS, EmitContext, EmitOptions, EmittedFile } from '../emit/emit-context';
import { emitSerializers } from '../emit/serializers-emitter';
import { emitTypes } from '../emit/types-emitter';
import { emitClient } from '../emit/client-emitter';
import { emitServer } from '../emit/server-emitter';
import { addImportExtension, GeneratedFile as CodeFile, IMPORT_EXTENSIONS, withImportExtension } from '../emit/generated-file';
import { loadModel, LoadModelOptions } from '../load-model';
import type { Model, SourceRef } from '../model/types';
import { selectOperations } from '../model/select-operations';
import { refusedByStrict } from '../diagnostics/outcomes';

export type Artifact = 'types' | 'serializers' | 'client' | 'server';
export const ARTIFACTS: readonly Artifact[] = ['types', 'serializers', 'client', 'server'];

export interface GenerateOptions extends LoadModelOptions, Partial<EmitOptions> {
  /** Which artifacts to emit (default: all). */
  readonly artifacts?: readonly Artifact[];
  /** Alias of `out` (the CLI's and config file's name), kept for existing callers. */
  readonly outDir?: string;
  /** Refuse to generate when any error is found or any construct is degraded or unsupported (src/diagnostics/outcomes.ts). */
  readonly strict?: boolean;
  /**
   * Generate only these operations (wsdl:operation names, or the generated method names) and the types they reach.
   * An unknown name is a W2T901 error and nothing is generated.
   */
  readonly operations?: readonly string[];
  /**
   * The output folder, used only to name the source WSDL relative to it in the header (`generate` writes nothing;
   * the CLI writes the files there). `outDir` is accepted as an alias.
   */
  readonly out?: string;
  /** Accept a SOAP binding none of whose operations gets a method (otherwise W2T752, an error). */
  readonly allowEmptyClient?: boolean;
  /** Run prettier on the output (default true); the coverage report only needs the diagnostics, so it skips it. */
  readonly format?: boolean;
  /**
   * Files an emitter did not lay out itself (serializers.ts, whose one-entry-per-line layout is already final) are
   * run through prettier when at most this many characters long. Default 0: never, so prettier is not even loaded
   * (on MS-WMS, loading it cost more than generating). Set it to get prettier's layout of serializers.ts.
   */
  readonly formatLimit?: number;
}

export const DEFAULT_FORMAT_LIMIT = 0;

export interface GeneratedFile {
  /** Relative to the output folder, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface GenerateResult {
  /** Empty when generation was refused (no model, or `strict` and something degraded). */
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** What the generated code covers (absent when there was no model). */
  readonly stats?: { readonly operations: number; readonly types: number };
  /** The model the files were emitted from; absent when none could be built. */
  readonly model?: Model;
}

export class GenerateError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`wsdl2ts: generation failed:\n${diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`);
    this.name = 'GenerateError';
  }
}

/** The programmatic build step: generated files in memory. Throws GenerateError when nothing can be generated. */
export async function generate(options: GenerateOptions): Promise<GeneratedFile[]> {
  const result = await generateWithDiagnostics(options);
  if (!result.files.length) throw new GenerateError(result.diagnostics);
  return [...result.files];
}

/** read → parse → model → emit → format, returning every diagnostic found on the way. */
export async function generateWithDiagnostics(options: GenerateOptions): Promise<GenerateResult> {
  if (options.importExtension !== undefined && !IMPORT_EXTENSIONS.includes(options.importExtension)) {
    throw new TypeError(`wsdl2ts: importExtension must be one of ${IMPORT_EXTENSIONS.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(options.importExtension)}`);
  }
  const loaded = await loadModel(options);
  const diagnostics = loaded.diagnostics;
  let model = loaded.model;
  if (!model) return { files: [], diagnostics };
  if (options.operations) {
    const selected = selectOperations(model, options.operations);
    if (!selected.model) {
      // Pointed at the first binding: where the operations one may choose from are listed.
      const binding = model.wsdl.bindings[0];
      const at = binding ? { ...binding.source, path: `/wsdl:definitions/wsdl:binding[@name='${binding.name.local}']` } : { file: model.input, line: 1, column: 1, path: '/' };
      const unknown = selected.unknown.map((u) => ({ code: 'W2T901' as const, severity: CATALOGUE.W2T901.severity, message: `no operation named "${u.name}"${u.suggestion ? `; did you mean "${u.suggestion}"?` : ''}`, ...at }));
      return { files: [], diagnostics: [...diagnostics, ...unknown] };
    }
    model = selected.model;
  }
  const onProgress = options.onProgress;
  const emitDiagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, at: SourceRef) =>
    emitDiagnostics.push({ code, severity: CATALOGUE[code].severity, message, file: at.file, line: at.line, column: at.column, path: '' });
  const ctx = new EmitContext(model, { ...DEFAULT_EMIT_OPTIONS, ...pick(options) });
  const artifacts = new Set(options.artifacts ?? ARTIFACTS);
  const emitted: EmittedFile[] = [];
  // Serializers need the types module, and the client needs both.
  const emit = (artifact: Artifact, make: () => EmittedFile) => {
    onProgress?.({ phase: 'emit', artifact });
    emitted.push(make());
  };
  if (artifacts.size) emit('types', () => emitTypes(ctx, report));
  if (artifacts.has('serializers') || artifacts.has('client') || artifacts.has('server')) emit('serializers', () => emitSerializers(ctx, report));
  // The server shares the client's operation specs.
  if (artifacts.has('client') || artifacts.has('server')) emit('client', () => emitClient(ctx, report, { allowEmptyClient: options.allowEmptyClient }));
  if (artifacts.has('server')) emit('server', () => emitServer(ctx));
  emitted.push(indexFile(emitted, ctx.options.importExtension));
  const all = dedupe([...diagnostics, ...emitDiagnostics]);
  const stats = modelStats(model);
  if (options.strict && all.some(refusedByStrict)) return { files: [], diagnostics: all, stats, model };
  const source = sourceName(options);
  const header = `// DO NOT EDIT: generated by wsdl2ts from ${source.replace(/[\r\n\u2028\u2029]/g, ' ')}\n/* eslint-disable */\n`;
  const limit = options.formatLimit ?? DEFAULT_FORMAT_LIMIT;
  const files: GeneratedFile[] = [];
  for (const f of emitted) {
    onProgress?.({ phase: 'format', file: f.path, done: files.length, total: emitted.length });
    if (f.final || options.format === false) files.push({ path: f.path, text: header + f.text });
    else {
      // Text built outside GeneratedFile gets its import extension here (and prettier's layout when small).
      const text = header + addImportExtension(f.text, ctx.options.importExtension);
      files.push({ path: f.path, text: text.length > limit ? text : await format(text) });
    }
  }
  return { files, diagnostics: all, stats, model };
}

/** Operations counted once per portType operation (a SOAP 1.1 and a 1.2 binding of one portType are not two). */
function modelStats(model: Model): { operations: number; types: number } {
  const operations = new Set(model.wsdl.bindings.flatMap((b) => b.operations.map((o) => `{${b.portType.ns}}${b.portType.local}#${o.name}`)));
  return { operations: operations.size, types: model.types.length };
}


function pick(o: GenerateOptions): Partial<EmitOptions> {
  const out: { -readonly [K in keyof EmitOptions]?: EmitOptions[K] } = {};
  if (o.long) out.long = o.long;
  if (o.date) out.date = o.date;
  if (o.importExtension) out.importExtension = o.importExtension;
  return out;
}

function indexFile(files: EmittedFile[], importExtension: EmitOptions['importExtension']): EmittedFile {
  const f = new CodeFile('index.ts', importExtension);
  for (const e of files) f.line(`export * from '${withImportExtension(`./${e.path.replace(/\.ts$/, '')}`, importExtension)}';`);
  return f.finish();
}

function sourceName(options: GenerateOptions): string {
  const input = path.resolve(options.input);
  const out = options.out ?? options.outDir;
  const rel = out ? path.relative(path.resolve(out), input) : path.basename(input);
  return rel.split(path.sep).join('/');
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Prettier, pinned and configured here (never from the user's folders), so output is the same everywhere. Loaded
 * on first use only: most runs never need it.
 */
export async function format(text: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(text, { parser: 'typescript', printWidth: 120, singleQuote: true, trailingComma: 'all', endOfLine: 'lf' });
}
