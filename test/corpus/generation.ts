/**
 * Generation breadth of the corpus run: `generate` on every well-formed WSDL of the `ms-*` groups and `famous`, then
 * one strict type check (`tsc --strict --noEmit`) of everything generated, mapped back to the WSDLs.
 *
 * Output goes to `$WSDL2TS_CORPUS_GEN_DIR` or `<os.tmpdir()>/wsdl2ts-corpus-gen/`, one folder per WSDL
 * (`<group>/<set>/<sub folders>/<file stem>/`); the folder is emptied at the start and kept afterwards for inspection.
 *
 * Knobs (environment):
 *  - WSDL2TS_CORPUS_FORMAT=1: run prettier as the CLI normally does (default: off, see no-format.cjs; ~2.5x slower).
 *  - WSDL2TS_CORPUS_TSC_BATCH_MB=<n>: type-check in programs of about n MB of generated source, 2 at a time
 *    (default 12; 0 = a single program for everything, which is single-threaded and needs ~3.5 GB).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addCounts, crashReasonOf, ParsedDiagnostic, pool, runNode, secs, splitStderr, topCounts } from './common';

export const GEN_ROOT = path.resolve(process.env.WSDL2TS_CORPUS_GEN_DIR ?? path.join(os.tmpdir(), 'wsdl2ts-corpus-gen'));
export const GEN_TIMEOUT_MS = 120_000;
const TSC_TIMEOUT_MS = 20 * 60_000;
const FORMAT = process.env.WSDL2TS_CORPUS_FORMAT === '1';
const BATCH_MB = Number(process.env.WSDL2TS_CORPUS_TSC_BATCH_MB ?? 12);

/** Groups whose WSDLs are generated and compiled. */
export const isGenGroup = (group: string): boolean => group.startsWith('ms-') || group === 'famous';

export type GenClass = 'generated' | 'no-output' | 'crash' | 'hang';

export interface TscError {
  /** Absolute path of the file tsc reports. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  /** First line of the message, plus the first continuation line when there is one. */
  readonly message: string;
}

export interface CompileOutcome {
  readonly ok: boolean;
  readonly errorCount: number;
  /** First errors in this WSDL's generated files (at most 10). */
  readonly firstErrors: TscError[];
  /** tsc error codes (TSxxxx) in this WSDL's files, with counts. */
  readonly tsCodes: Record<string, number>;
  readonly batch: number;
  /** Set when the batch's tsc run itself failed (crash, timeout): the WSDL is counted as not compiled. */
  readonly batchFailure?: string;
}

export interface GenResult {
  readonly group: string;
  /** Corpus-relative, `/`-separated. */
  readonly file: string;
  readonly outDir: string;
  readonly class: GenClass;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly ms: number;
  readonly codes: Record<string, number>;
  /** W2T5xx codes only. */
  readonly degraded: Record<string, number>;
  readonly errorLines: string[];
  readonly crashReason?: string;
  readonly strayStderr: string[];
  readonly diagnostics: ParsedDiagnostic[];
  /** Absolute paths of the .ts files written in outDir. */
  readonly written: string[];
  readonly bytes: number;
  compile?: CompileOutcome;
  /** Set by the RawXml heuristic (see checkDegradedReported). */
  unreportedRawXml?: string[];
}

export interface TscBatch {
  readonly index: number;
  readonly tsconfig: string;
  readonly wsdls: number;
  readonly files: number;
  readonly bytes: number;
  ms: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** From --extendedDiagnostics. */
  memory?: string;
  checkTime?: string;
  errorCount: number;
  failure?: string;
}

export interface GenStage {
  readonly format: boolean;
  readonly results: GenResult[];
  readonly batches: TscBatch[];
  /** tsc errors in files that are not generated (the runtime, lib files) or with no file at all; each once. */
  readonly otherErrors: string[];
  readonly generateMs: number;
  readonly compileMs: number;
}

// ---------------------------------------------------------------------------------------------------------------
// generate
// ---------------------------------------------------------------------------------------------------------------

function outDirOf(rel: string): string {
  return path.join(GEN_ROOT, ...rel.replace(/\.wsdl$/i, '').split('/'));
}

async function generateOne(repo: string, corpus: string, rel: string): Promise<GenResult> {
  const outDir = outDirOf(rel);
  const bin = path.join(repo, 'bin/wsdl2ts.js');
  const args = [...(FORMAT ? [] : ['-r', path.join(__dirname, 'no-format.cjs')]), bin, 'generate', path.join(corpus, rel), '--out', outDir];
  const r = await runNode(args, repo, GEN_TIMEOUT_MS);
  const { diagnostics, stray, codes } = splitStderr(r.stderr);
  const degraded: Record<string, number> = {};
  for (const [c, n] of Object.entries(codes)) if (/^W2T5\d\d$/.test(c)) degraded[c] = n;
  let written: string[] = [];
  try {
    written = fs
      .readdirSync(outDir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => path.join(outDir, e.name))
      .sort();
  } catch {
    // nothing written
  }
  const bytes = written.reduce((s, f) => s + fs.statSync(f).size, 0);
  const crashReason = crashReasonOf(r);
  const cls: GenClass = r.timedOut ? 'hang' : crashReason ? 'crash' : written.length ? 'generated' : 'no-output';
  if (cls === 'generated') {
    const names = written.map((f) => path.basename(f));
    const missing = ['types.ts', 'serializers.ts', 'index.ts'].filter((n) => !names.includes(n));
    if (missing.length) stray.unshift(`(written: ${names.join(', ')}; missing: ${missing.join(', ')})`);
  }
  if (cls === 'no-output' && r.code === 0) stray.unshift('(exit code 0 but nothing written)');
  return {
    group: rel.split('/')[0] ?? '',
    file: rel,
    outDir,
    class: cls,
    exitCode: r.code,
    signal: r.signal,
    ms: r.ms,
    codes,
    degraded,
    errorLines: diagnostics.filter((d) => d.severity === 'error').map((d) => d.raw),
    ...(crashReason ? { crashReason } : {}),
    strayStderr: stray.slice(0, 20),
    diagnostics,
    written,
    bytes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// tsc
// ---------------------------------------------------------------------------------------------------------------

const TSC_ERROR_RE = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** Splits units into about `ceil(total / batchBytes)` batches of similar size (largest first, into the lightest). */
function makeBatches<T extends { bytes: number }>(units: readonly T[], batchBytes: number): T[][] {
  const total = units.reduce((s, u) => s + u.bytes, 0);
  const n = batchBytes > 0 ? Math.max(1, Math.min(units.length, Math.ceil(total / batchBytes))) : 1;
  const batches: { size: number; items: T[] }[] = Array.from({ length: n }, () => ({ size: 0, items: [] }));
  for (const u of [...units].sort((a, b) => b.bytes - a.bytes)) {
    const b = batches.reduce((min, x) => (x.size < min.size ? x : min));
    b.items.push(u);
    b.size += u.bytes;
  }
  // Largest first, so the two slots finish together.
  return batches.filter((b) => b.items.length).sort((a, b) => b.size - a.size).map((b) => b.items);
}

async function compile(repo: string, generated: GenResult[], concurrency: number, log: (s: string) => void): Promise<{ batches: TscBatch[]; otherErrors: string[] }> {
  const tscBin = path.join(repo, 'node_modules/typescript/bin/tsc');
  const byFile = new Map<string, GenResult>();
  for (const g of generated) for (const f of g.written) byFile.set(path.resolve(f), g);
  const perWsdl = new Map<GenResult, { errors: TscError[]; count: number; codes: Record<string, number> }>();
  const otherErrors: string[] = [];

  const groups = makeBatches(generated, BATCH_MB * 1024 * 1024);
  const batches: TscBatch[] = groups.map((items, index) => {
    const tsconfig = path.join(GEN_ROOT, groups.length === 1 ? 'tsconfig.json' : `tsconfig.batch-${index + 1}.json`);
    const files = items.flatMap((g) => g.written);
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node',
        lib: ['ES2022'],
        // The runtime's source uses node:http; consumers compile against its declarations (see the consumer test).
        types: ['node'],
        typeRoots: [path.join(repo, 'node_modules/@types')],
        skipLibCheck: true,
        incremental: false,
        baseUrl: repo,
        paths: { '@wsdl2ts/runtime': ['packages/runtime/src/index.ts'] },
      },
      files,
    };
    fs.writeFileSync(tsconfig, JSON.stringify(config, null, 2) + '\n');
    return {
      index: index + 1,
      tsconfig,
      wsdls: items.length,
      files: files.length,
      bytes: items.reduce((s, g) => s + g.bytes, 0),
      ms: 0,
      exitCode: null,
      signal: null,
      timedOut: false,
      errorCount: 0,
    };
  });

  await pool(batches, concurrency, async (b, i) => {
    const items = groups[i] ?? [];
    const r = await runNode(['--max-old-space-size=8192', tscBin, '-p', b.tsconfig, '--strict', '--noEmit', '--pretty', 'false', '--extendedDiagnostics'], GEN_ROOT, TSC_TIMEOUT_MS);
    b.ms = r.ms;
    b.exitCode = r.code;
    b.signal = r.signal;
    b.timedOut = r.timedOut;
    b.memory = /^Memory used:\s+(\S+)/m.exec(r.stdout)?.[1];
    b.checkTime = /^Check time:\s+(\S+)/m.exec(r.stdout)?.[1];
    // tsc exits 0 (clean), 1 or 2 (errors reported); anything else (signal, OOM abort, timeout) is a failed run.
    if (r.timedOut) b.failure = `tsc timed out after ${secs(TSC_TIMEOUT_MS)}`;
    else if (r.spawnError) b.failure = `spawn error: ${r.spawnError}`;
    else if (r.code === null || r.code > 2) b.failure = `tsc exit ${r.code}, signal ${r.signal}: ${r.stderr.split('\n').filter(Boolean).slice(0, 3).join(' / ')}`;
    const lines = r.stdout.split(/\r?\n/);
    let last: { list: TscError[]; i: number; extended: boolean } | undefined;
    for (const line of lines) {
      const m = TSC_ERROR_RE.exec(line);
      if (m) {
        b.errorCount++;
        const e: TscError = { file: path.resolve(GEN_ROOT, m[1] ?? ''), line: Number(m[2]), column: Number(m[3]), code: m[4] ?? '', message: m[5] ?? '' };
        const g = byFile.get(e.file);
        last = undefined;
        if (!g) {
          // The runtime is part of every batch: keep each such error once (path relative to the repository).
          const shown = `${path.relative(repo, e.file)}(${e.line},${e.column}): error ${e.code}: ${e.message}`;
          if (!otherErrors.includes(shown)) otherErrors.push(shown);
          continue;
        }
        const w = perWsdl.get(g) ?? { errors: [], count: 0, codes: {} };
        perWsdl.set(g, w);
        w.count++;
        w.codes[e.code] = (w.codes[e.code] ?? 0) + 1;
        if (w.errors.length < 10) {
          w.errors.push(e);
          last = { list: w.errors, i: w.errors.length - 1, extended: false };
        }
      } else if (/^error TS\d+:/.test(line)) {
        b.errorCount++;
        if (!otherErrors.includes(line)) otherErrors.push(line);
        last = undefined;
      } else if (last && !last.extended && /^\s+\S/.test(line)) {
        // First continuation line of a chained message ("Type 'void' is not assignable to type 'RawXml'.").
        const prev = last.list[last.i] as TscError;
        last.list[last.i] = { ...prev, message: `${prev.message} ${line.trim()}` };
        last.extended = true;
      } else if (!/^\s/.test(line)) last = undefined;
    }
    for (const g of items) {
      const w = perWsdl.get(g);
      g.compile = {
        ok: !b.failure && !w,
        errorCount: w?.count ?? 0,
        firstErrors: w?.errors ?? [],
        tsCodes: w?.codes ?? {},
        batch: b.index,
        ...(b.failure ? { batchFailure: b.failure } : {}),
      };
    }
    log(`[corpus-gen] tsc batch ${b.index}/${batches.length}: ${b.wsdls} WSDLs, ${(b.bytes / 1e6).toFixed(1)} MB, ${b.errorCount} errors, ${secs(b.ms)}, memory ${b.memory ?? '?'}${b.failure ? ` FAILED: ${b.failure}` : ''}\n`);
  });
  return { batches, otherErrors };
}

// ---------------------------------------------------------------------------------------------------------------
// The stage
// ---------------------------------------------------------------------------------------------------------------

/**
 * Generates every file of `files` (corpus-relative), most expensive first (`costHint`: e.g. the inspect time), then
 * type-checks all outputs.
 */
export async function runGenerationStage(opts: {
  repo: string;
  corpus: string;
  files: readonly string[];
  costHint: (rel: string) => number;
  concurrency: number;
  log: (s: string) => void;
}): Promise<GenStage> {
  fs.rmSync(GEN_ROOT, { recursive: true, force: true });
  fs.mkdirSync(GEN_ROOT, { recursive: true });
  const order = [...opts.files].sort((a, b) => opts.costHint(b) - opts.costHint(a) || a.localeCompare(b));
  const t0 = Date.now();
  let done = 0;
  const byFile = new Map<string, GenResult>();
  await pool(order, opts.concurrency, async (rel) => {
    const g = await generateOne(opts.repo, opts.corpus, rel);
    byFile.set(rel, g);
    done++;
    if (g.class === 'crash' || g.class === 'hang' || done % 25 === 0) {
      opts.log(`[corpus-gen] ${done}/${order.length} ${g.class.padEnd(9)} ${rel} (${g.ms} ms)\n`);
    }
  });
  const generateMs = Date.now() - t0;
  const results = [...opts.files].sort().map((f) => byFile.get(f) as GenResult);
  opts.log(`[corpus-gen] generate: ${results.length} WSDLs in ${secs(generateMs)} (prettier ${FORMAT ? 'on' : 'off'})\n`);

  const t1 = Date.now();
  const { batches, otherErrors } = await compile(
    opts.repo,
    results.filter((r) => r.class === 'generated'),
    opts.concurrency,
    opts.log,
  );
  const compileMs = Date.now() - t1;
  opts.log(`[corpus-gen] tsc: ${batches.length} batch(es) in ${secs(compileMs)}\n`);
  return { format: FORMAT, results, batches, otherErrors, generateMs, compileMs };
}

// ---------------------------------------------------------------------------------------------------------------
// Degraded constructs: RawXml without a diagnostic
// ---------------------------------------------------------------------------------------------------------------

/**
 * Cheap heuristic for "every degraded construct is reported": in the generated types.ts, every use of `RawXml` other
 * than the `$any?: RawXml[]` of an xs:any wildcard must be explained, either by a W2T5xx/W2T3xx diagnostic for that
 * WSDL, or by an anyType in its sources: the text `anyType`, or an `<element name=...>` without `type`/`ref` that is
 * empty (`/>`), hence of type anyType by XSD rules. Per WSDL, not per use: it can miss an unreported fallback in a
 * WSDL that also has a reported one or a genuine anyType.
 *
 * `sources` are the WSDL's documents (absolute paths; from the inspect run). Sets `unreportedRawXml` on the result.
 */
export function checkDegradedReported(g: GenResult, sources: readonly string[]): void {
  if (g.class !== 'generated') return;
  const typesFile = g.written.find((f) => path.basename(f) === 'types.ts');
  if (!typesFile) return;
  const lines = fs.readFileSync(typesFile, 'utf8').split('\n');
  const uses: string[] = [];
  let inComment = false;
  lines.forEach((l, i) => {
    if (/^\s*import\b/.test(l)) return;
    // Drop comments (the emitter may put a JSDoc block on the same line as the property), the wildcard's
    // `$any?: RawXml[]`, and properties *named* RawXml; what is left is RawXml used as a type.
    let code = '';
    for (let k = 0; k < l.length; k++) {
      if (inComment) {
        if (l.startsWith('*/', k)) {
          inComment = false;
          k++;
        }
      } else if (l.startsWith('/*', k)) {
        inComment = true;
        k++;
      } else if (l.startsWith('//', k)) break;
      else code += l[k];
    }
    code = code.replace(/\$any\??\s*:\s*(rt\.)?RawXml\[\]/g, '').replace(/\bRawXml\s*\??\s*:/g, '');
    if (/\bRawXml\b/.test(code)) uses.push(`types.ts:${i + 1}: ${l.trim().slice(0, 200)}`);
  });
  if (!uses.length) return;
  if (g.diagnostics.some((d) => /^W2T[35]\d\d$/.test(d.code))) return;
  for (const s of sources) {
    let text: string;
    try {
      text = fs.readFileSync(s, 'utf8');
    } catch {
      continue;
    }
    if (/anyType\b/.test(text) || hasTypelessElement(text)) return;
  }
  g.unreportedRawXml = uses.slice(0, 5);
}

/**
 * Whether an XSD/WSDL text declares an element of type anyType by omission: `<element name=...>` with no `type` or
 * `ref`, and no complexType/simpleType before its end tag (crude: the next `</element>`; good enough here).
 */
function hasTypelessElement(text: string): boolean {
  const open = /<([\w.-]+:)?element\b([^>]*?)(\/?)>/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const attrs = m[2] ?? '';
    if (!/\bname\s*=/.test(attrs) || /\b(type|ref|substitutionGroup)\s*=/.test(attrs)) continue;
    if (m[3] === '/') return true;
    const rest = text.slice(open.lastIndex);
    const end = /<\/([\w.-]+:)?element\s*>/.exec(rest);
    const body = end ? rest.slice(0, end.index) : rest;
    if (!/<([\w.-]+:)?(complexType|simpleType)\b/.test(body)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

export interface GroupRow {
  readonly group: string;
  readonly attempted: number;
  readonly generated: number;
  readonly noOutput: number;
  readonly compiled: number;
  readonly crash: number;
  readonly hang: number;
  /** compiled / generated, in %. */
  readonly compileRate: number;
  readonly degraded: Record<string, number>;
}

export function groupRow(group: string, rs: readonly GenResult[]): GroupRow {
  const generated = rs.filter((r) => r.class === 'generated').length;
  const compiled = rs.filter((r) => r.compile?.ok).length;
  const degraded: Record<string, number> = {};
  for (const r of rs) addCounts(degraded, r.degraded);
  return {
    group,
    attempted: rs.length,
    generated,
    noOutput: rs.filter((r) => r.class === 'no-output').length,
    compiled,
    crash: rs.filter((r) => r.class === 'crash').length,
    hang: rs.filter((r) => r.class === 'hang').length,
    compileRate: generated ? (100 * compiled) / generated : 0,
    degraded,
  };
}

export function groupRows(stage: GenStage): GroupRow[] {
  const groups = [...new Set(stage.results.map((r) => r.group))].sort();
  return [...groups.map((g) => groupRow(g, stage.results.filter((r) => r.group === g))), groupRow('total', stage.results)];
}

/** `types.ts:12:5 TS2322 message` for an error, relative to the WSDL's output folder. */
export function showTscError(g: GenResult, e: TscError, max = 220): string {
  const msg = e.message.length > max ? e.message.slice(0, max) + '…' : e.message;
  return `${path.relative(g.outDir, e.file)}:${e.line}:${e.column} ${e.code} ${msg}`;
}

export function compileFailures(stage: GenStage): GenResult[] {
  return stage.results.filter((r) => r.class === 'generated' && !r.compile?.ok);
}

export function generationMarkdown(stage: GenStage): string {
  const out: string[] = [];
  const rows = groupRows(stage);
  out.push('## Generation (`generate` + `tsc --strict --noEmit`)', '');
  out.push(`Groups: \`ms-*\` and \`famous\`, well-formed WSDLs only. Output: \`${GEN_ROOT}\`  `);
  out.push(
    `Prettier: ${stage.format ? 'on' : 'off (identity format, see test/corpus/no-format.cjs; WSDL2TS_CORPUS_FORMAT=1 to turn it on)'}  `,
  );
  out.push(`Generate: ${secs(stage.generateMs)} (2 at a time, ${GEN_TIMEOUT_MS / 1000} s timeout each); tsc: ${secs(stage.compileMs)} in ${stage.batches.length} program(s), 2 at a time  `);
  out.push('Compile rate = compiled / generated.', '');
  out.push('| group | attempted | generated | no-output | compiled | crash | hang | compile rate | top W2T5xx |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const name = r.group === 'total' ? '**total**' : r.group;
    out.push(`| ${name} | ${r.attempted} | ${r.generated} | ${r.noOutput} | ${r.compiled} | ${r.crash} | ${r.hang} | ${r.compileRate.toFixed(1)}% | ${topCounts(r.degraded, 4)} |`);
  }
  out.push('');
  out.push('tsc programs:', '');
  for (const b of stage.batches) {
    out.push(
      `- ${path.basename(b.tsconfig)}: ${b.wsdls} WSDLs, ${b.files} files, ${(b.bytes / 1e6).toFixed(1)} MB, ${secs(b.ms)} (check ${b.checkTime ?? '?'}), memory ${b.memory ?? '?'}, ${b.errorCount} errors${b.failure ? `, FAILED: ${b.failure}` : ''}`,
    );
  }
  out.push('');
  const tsCodes: Record<string, number> = {};
  const tsCodeWsdls: Record<string, number> = {};
  for (const r of stage.results) {
    addCounts(tsCodes, r.compile?.tsCodes ?? {});
    for (const c of Object.keys(r.compile?.tsCodes ?? {})) tsCodeWsdls[c] = (tsCodeWsdls[c] ?? 0) + 1;
  }
  if (Object.keys(tsCodes).length) {
    out.push(`tsc error codes (errors): ${topCounts(tsCodes, 10)}  `);
    out.push(`tsc error codes (WSDLs): ${topCounts(tsCodeWsdls, 10)}`, '');
  }
  const bad = stage.results.filter((r) => r.class === 'crash' || r.class === 'hang' || r.class === 'no-output');
  if (bad.length) {
    out.push('### Not generated', '');
    for (const r of bad) {
      const why = r.class === 'hang' ? `timeout after ${GEN_TIMEOUT_MS / 1000} s` : r.crashReason ?? `exit ${r.exitCode}`;
      const first = r.strayStderr.slice(0, 3).join(' / ') || r.errorLines.slice(0, 2).join(' / ');
      out.push(`- ${r.class}: \`${r.file}\` — ${why}${first ? `: ${first}` : ''}`);
    }
    out.push('');
  }
  const failed = compileFailures(stage);
  if (failed.length) {
    out.push(`### Generated but not compiling (${failed.length})`, '');
    for (const r of failed) {
      const c = r.compile;
      out.push(`- \`${r.file}\` — ${c?.batchFailure ? `tsc run failed: ${c.batchFailure}` : `${c?.errorCount ?? '?'} error(s), ${topCounts(c?.tsCodes ?? {}, 4)}`}`);
      for (const e of (c?.firstErrors ?? []).slice(0, 3)) out.push(`  - \`${showTscError(r, e)}\``);
    }
    out.push('');
  }
  if (stage.otherErrors.length) {
    out.push(`### tsc errors outside generated files (${stage.otherErrors.length})`, '');
    for (const l of stage.otherErrors.slice(0, 10)) out.push(`- \`${l}\``);
    out.push('');
  }
  const unreported = stage.results.filter((r) => r.unreportedRawXml?.length);
  if (unreported.length) {
    out.push(`### RawXml with no W2T3xx/W2T5xx diagnostic and no anyType in the sources (${unreported.length})`, '');
    for (const r of unreported) out.push(`- \`${r.file}\`: ${(r.unreportedRawXml ?? []).map((u) => `\`${u}\``).join('; ')}`);
    out.push('');
  }
  const slow = [...stage.results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  out.push('Slowest generate: ' + slow.map((r) => `${r.file} (${r.ms} ms)`).join(', '), '');
  return out.join('\n');
}

export function generationJson(stage: GenStage): unknown {
  return {
    root: GEN_ROOT,
    format: stage.format,
    generateMs: stage.generateMs,
    compileMs: stage.compileMs,
    groups: groupRows(stage),
    batches: stage.batches,
    otherErrors: stage.otherErrors,
    files: stage.results.map((r) => ({
      group: r.group,
      file: r.file,
      outDir: r.outDir,
      class: r.class,
      exitCode: r.exitCode,
      signal: r.signal,
      ms: r.ms,
      bytes: r.bytes,
      codes: r.codes,
      degraded: r.degraded,
      ...(r.crashReason ? { crashReason: r.crashReason } : {}),
      firstErrors: r.errorLines.slice(0, 5),
      ...(r.strayStderr.length ? { strayStderr: r.strayStderr } : {}),
      ...(r.compile
        ? {
            compile: {
              ok: r.compile.ok,
              errorCount: r.compile.errorCount,
              tsCodes: r.compile.tsCodes,
              batch: r.compile.batch,
              firstErrors: r.compile.firstErrors.slice(0, 5).map((e) => showTscError(r, e, 400)),
              ...(r.compile.batchFailure ? { batchFailure: r.compile.batchFailure } : {}),
            },
          }
        : {}),
      ...(r.unreportedRawXml ? { unreportedRawXml: r.unreportedRawXml } : {}),
    })),
  };
}
