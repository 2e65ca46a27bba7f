/**
 * Corpus run: `inspect --json` on every WSDL of the shared corpus of real service descriptions.
 *
 * Run with `npm run test:corpus`. The corpus lives outside the project, at `$WSDL2TS_CORPUS` or `../shared/corpus`
 * next to the repository; it is read in place, never copied. Reports go to `test/corpus/report/` (gitignored):
 * `report.json` (one entry per run) and `summary.md` (per-group table).
 *
 * Each file is checked in a child process (`node bin/wsdl2ts.js inspect <file> --json`), 2 at a time, 60 s each,
 * against a dist/ built once at the start from the current src/.
 *
 * Then the generation stage (generation.ts): `generate` on every well-formed WSDL of the `ms-*` groups and `famous`,
 * and a strict type check of everything generated (WSDL2TS_CORPUS_GENERATE=0 skips it). Stage timings are printed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Model } from '../../src/model/types';
import { methodVerdict } from '../../src/model/operation-methods';
import { crashReasonOf, ParsedDiagnostic, parseDiagnostic, pool, runNode, secs, Spawned } from './common';
import {
  checkDegradedReported,
  compileFailures,
  GEN_TIMEOUT_MS,
  GenStage,
  generationJson,
  generationMarkdown,
  groupRow,
  groupRows,
  isGenGroup,
  runGenerationStage,
  showTscError,
} from './generation';
import { CoverageJob, coverageJson, coverageMarkdown, CoverageStage, runCoverageStage } from './coverage';

const REPO = path.resolve(__dirname, '../..');
const CORPUS = path.resolve(process.env.WSDL2TS_CORPUS ?? path.resolve(REPO, '../shared/corpus'));
const REPORT_DIR = path.join(REPO, 'test/corpus/report');
const BIN = path.join(REPO, 'bin/wsdl2ts.js');
const CONCURRENCY = 2;
const PER_FILE_TIMEOUT_MS = 60_000;
const NOT_WELL_FORMED = 'NOT-WELL-FORMED';

type FileClass = 'ok' | 'warnings' | 'errors' | 'no-model' | 'crash' | 'hang';
const CLASSES: readonly FileClass[] = ['ok', 'warnings', 'errors', 'no-model', 'crash', 'hang'];

interface ManifestRow {
  readonly group: string;
  readonly name: string;
  readonly repo: string;
  readonly pathInRepo: string;
  readonly commit: string;
  readonly bytes: number;
  readonly license: string;
  readonly notes: string;
  /** The corpus file (relative to the corpus, `/`-separated) this row describes; undefined for set-level rows. */
  file?: string;
}

interface RunResult {
  readonly group: string;
  /** Relative to the corpus, `/`-separated. */
  readonly file: string;
  /** `wsdl` for the corpus walk; `nwf-xsd` for the extra direct runs on NOT-WELL-FORMED schemas. */
  readonly kind: 'wsdl' | 'nwf-xsd';
  readonly notWellFormed: boolean;
  readonly class: FileClass;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly ms: number;
  readonly codes: Record<string, number>;
  readonly errorLines: string[];
  /** Why the run counts as a crash (stack trace, bad exit code...). */
  readonly crashReason?: string;
  /** stderr lines that are not diagnostics (first few). */
  readonly strayStderr: string[];
  readonly diagnostics: ParsedDiagnostic[];
  /** The documents of the model (relative to the input's folder, or `bundled:...`), from the JSON on stdout. */
  readonly documents: string[];
  /** Every operation of every binding of the model, and whether it gets a client/server method (and why not). */
  readonly operations: OperationRow[];
}

interface OperationRow {
  readonly binding: string;
  readonly operation: string;
  /** `rpc/literal`, `document/encoded`, ... (`-` when the binding is not SOAP; `/unknown` when its portType is not defined). */
  readonly shape: string;
  readonly method: boolean;
  readonly code?: string;
  readonly reason?: string;
}

/** From the model `inspect --json` printed: each operation and the verdict the emitters would reach on it. */
function operationRows(stdout: string): OperationRow[] {
  const s = stdout.trim();
  if (!s.startsWith('{')) return [];
  let model: Model;
  try {
    model = JSON.parse(s) as Model;
  } catch {
    return [];
  }
  if (!model?.wsdl?.bindings) return [];
  return model.wsdl.bindings.flatMap((b) =>
    b.operations.map((op): OperationRow => {
      const use = op.input?.use === 'encoded' || op.output?.use === 'encoded' ? 'encoded' : op.input || op.output ? 'literal' : 'unknown';
      const base = { binding: b.name.local, operation: op.name, shape: b.soapVersion ? `${op.style}/${use}` : '-' };
      if (!b.soapVersion) return { ...base, method: false, code: 'W2T504', reason: 'not a SOAP binding (HTTP GET/POST)' };
      const v = methodVerdict(model, op);
      return v.method ? { ...base, method: true } : { ...base, method: false, code: v.code, reason: v.reason };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------------------------------------------

/**
 * How a MANIFEST.tsv row maps to a corpus file.
 *
 * The corpus is laid out as `<group>/<name>/<files>`, and each row gives the file's `path_in_repo` in its source
 * repository. The set folder keeps only a trailing part of that path: the leading folders of the source repository
 * are dropped, and how many depends on the set (`SharePoint/Source/Common/Proxy/MS-AUTHWS.wsdl` is stored as
 * `ms-openspecs-sharepoint/MS-AUTHWS/MS-AUTHWS.wsdl`; node-soap's `test/wsdl/attachments.wsdl` as
 * `fixtures-node-soap/test/wsdl/attachments.wsdl`, the `test` set name standing for the first folder; zeep's
 * `tests/benchmark/benchmark.wsdl` keeps its whole path under `fixtures-zeep/tests/`). So a row maps to
 * `<group>/<name>/<longest trailing part of path_in_repo that exists>`.
 * Two exceptions:
 *  - files stored under another extension in their repository: Salesforce's `*.wsdl.xml` and Bing Ads'
 *    `proxies/production/*.xml` are stored as `*.wsdl` (same trailing-path rule after the rename);
 *  - `ms-openspecs-windows`: these files were extracted from appendices of the specs' markdown, so `path_in_repo`
 *    is `<spec>.md#L<line> (<section title>)` (or `(DERIVED ...)` for the `*.singlewsdl.wsdl` files). Those rows
 *    name no file: they map to their set folder `<group>/<name>/` only (files are named after the schema's
 *    namespace, under a per-section subfolder for MS-WCFESAN). None of them is NOT-WELL-FORMED.
 * The test fails if a row that names a file (in particular a NOT-WELL-FORMED one) maps to no file.
 */
function readManifest(corpus: string): ManifestRow[] {
  const text = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split('\t');
  const col = (n: string): number => {
    const i = header.indexOf(n);
    if (i < 0) throw new Error(`MANIFEST.tsv has no column "${n}" (header: ${header.join(', ')})`);
    return i;
  };
  const [g, nm, rp, pir, cm, by, li, no] = ['group', 'name', 'repo', 'path_in_repo', 'commit', 'bytes', 'license', 'notes'].map(col) as [
    number, number, number, number, number, number, number, number,
  ];
  return lines.map((l) => {
    const c = l.split('\t');
    return {
      group: c[g] ?? '',
      name: c[nm] ?? '',
      repo: c[rp] ?? '',
      pathInRepo: c[pir] ?? '',
      commit: c[cm] ?? '',
      bytes: Number(c[by] ?? 0),
      license: c[li] ?? '',
      notes: c[no] ?? '',
    };
  });
}

function mapRowToFile(corpus: string, row: ManifestRow): string | undefined {
  if (/\.md(#|\s|$)/.test(row.pathInRepo)) return undefined; // extracted from spec markdown: set-level row
  const segs = row.pathInRepo.split('/');
  const base = `${row.group}/${row.name}`;
  const exists = (rel: string): boolean => fs.existsSync(path.join(corpus, rel));
  for (let i = 0; i < segs.length; i++) {
    const tail = segs.slice(i).join('/');
    for (const cand of [tail, tail.replace(/\.wsdl\.xml$/, '.wsdl'), tail.replace(/\.xml$/, '.wsdl')]) {
      if (exists(`${base}/${cand}`)) return `${base}/${cand}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------------------------

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function runInspect(absFile: string): Promise<Spawned> {
  return runNode([BIN, 'inspect', absFile, '--json'], REPO, PER_FILE_TIMEOUT_MS);
}

/** The model's document list when stdout holds a JSON model, else undefined. */
function modelDocuments(stdout: string): string[] | undefined {
  const s = stdout.trim();
  if (!s.startsWith('{')) return undefined;
  try {
    const m = JSON.parse(s) as Record<string, unknown>;
    if (m === null || typeof m !== 'object' || !('formatVersion' in m)) return undefined;
    return Array.isArray(m.documents) ? m.documents.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return undefined;
  }
}

function classify(group: string, rel: string, kind: RunResult['kind'], notWellFormed: boolean, r: Spawned): RunResult {
  const lines = r.stderr.split(/\r?\n/).filter((l) => l.trim() !== '');
  const diagnostics: ParsedDiagnostic[] = [];
  const stray: string[] = [];
  for (const l of lines) {
    const d = parseDiagnostic(l);
    if (d) diagnostics.push(d);
    else stray.push(l);
  }
  const codes: Record<string, number> = {};
  for (const d of diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  const errorLines = diagnostics.filter((d) => d.severity === 'error').map((d) => d.raw);

  const crashReason = crashReasonOf(r);
  const documents = modelDocuments(r.stdout);
  const model = documents !== undefined;
  let cls: FileClass;
  if (r.timedOut) cls = 'hang';
  else if (crashReason) cls = 'crash';
  else if (!model) cls = 'no-model';
  else if (errorLines.length) cls = 'errors';
  else if (diagnostics.length) cls = 'warnings';
  else cls = 'ok';
  if (!model && r.code === 0 && !crashReason && !r.timedOut) stray.unshift('(exit code 0 but no JSON model on stdout)');

  return {
    group,
    file: rel,
    kind,
    notWellFormed,
    class: cls,
    exitCode: r.code,
    signal: r.signal,
    ms: r.ms,
    codes,
    errorLines,
    ...(crashReason ? { crashReason } : {}),
    strayStderr: stray.slice(0, 20),
    diagnostics,
    documents: documents ?? [],
    operations: operationRows(r.stdout),
  };
}

/** The corpus-relative file a diagnostic points at (diagnostic files are relative to the input's folder). */
function diagnosticTarget(inputRel: string, d: ParsedDiagnostic): string | undefined {
  if (!d.file) return undefined;
  return path.posix.normalize(path.posix.join(path.posix.dirname(inputRel), d.file.split(path.sep).join('/')));
}

const isLocated = (d: ParsedDiagnostic): boolean => d.file !== '' && d.line >= 1;

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

function summaryMarkdown(results: readonly RunResult[], totalMs: number, timings: string, build: string, notes: string[]): string {
  const wsdl = results.filter((r) => r.kind === 'wsdl');
  const groups = [...new Set(wsdl.map((r) => r.group))].sort();
  const row = (name: string, rs: readonly RunResult[]): string => {
    const count = (c: FileClass): number => rs.filter((r) => r.class === c).length;
    const codes: Record<string, number> = {};
    for (const r of rs) for (const [c, n] of Object.entries(r.codes)) codes[c] = (codes[c] ?? 0) + n;
    const top = Object.entries(codes)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([c, n]) => `${c}×${n}`)
      .join(', ');
    return `| ${name} | ${rs.length} | ${CLASSES.map(count).join(' | ')} | ${top || '-'} |`;
  };
  const out: string[] = [];
  out.push('# Corpus run', '');
  out.push(`Corpus: \`${CORPUS}\`  `);
  out.push(`WSDL files: ${wsdl.length}; extra direct runs on NOT-WELL-FORMED schemas: ${results.length - wsdl.length}  `);
  out.push(`Total time: ${secs(totalMs)} (${timings})  `);
  out.push(`Inspect: ${CONCURRENCY} at a time, ${PER_FILE_TIMEOUT_MS / 1000} s timeout each  `);
  out.push(`Build: ${build}`, '');
  out.push(`| group | files | ${CLASSES.join(' | ')} | top diagnostic codes |`);
  out.push(`|---|---:|${CLASSES.map(() => '---:').join('|')}|---|`);
  for (const g of groups) out.push(row(g, wsdl.filter((r) => r.group === g)));
  out.push(row('**total**', wsdl));
  out.push('');
  const slow = [...wsdl].sort((a, b) => b.ms - a.ms).slice(0, 5);
  out.push('Slowest: ' + slow.map((r) => `${r.file} (${r.ms} ms)`).join(', '), '');
  if (notes.length) out.push('## Findings', '', ...notes.map((n) => `- ${n.replace(/\n/g, '\n  ')}`), '');
  return out.join('\n');
}

/** Per WSDL: its operations with and without a method (and why not), by body shape. */
function operationsMarkdown(results: readonly RunResult[]): string {
  const wsdl = results.filter((r) => r.kind === 'wsdl' && r.operations.length);
  const all = wsdl.flatMap((r) => r.operations);
  const shapes = [...new Set(all.map((o) => o.shape))].sort();
  const out: string[] = ['# Operations with and without a method', ''];
  out.push(`${wsdl.length} WSDLs with bindings; ${all.length} operations, ${all.filter((o) => o.method).length} with a method.`, '');
  out.push('| shape | operations | with a method | without |', '|---|---:|---:|---:|');
  for (const sh of shapes) {
    const ops = all.filter((o) => o.shape === sh);
    out.push(`| ${sh} | ${ops.length} | ${ops.filter((o) => o.method).length} | ${ops.filter((o) => !o.method).length} |`);
  }
  out.push('', '## Per WSDL', '');
  for (const r of wsdl) {
    const withM = r.operations.filter((o) => o.method);
    const without = r.operations.filter((o) => !o.method);
    const shapesHere = [...new Set(r.operations.map((o) => o.shape))].join(', ');
    out.push(`### ${r.file}`, '', `${shapesHere}: ${withM.length} with a method, ${without.length} without.`, '');
    if (withM.length) out.push(`- with a method: ${withM.map((o) => `${o.binding}.${o.operation}`).join(', ')}`);
    for (const o of without) out.push(`- without: ${o.binding}.${o.operation} (${o.shape}) ${o.code}: ${o.reason}`);
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

const corpusExists = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

let build = { ok: false, output: '' };
let manifest: ManifestRow[] = [];
let results: RunResult[] = [];
/** corpus-relative files marked NOT-WELL-FORMED, and rows that name a file that does not exist. */
let notWellFormed = new Set<string>();
let unmappedRows: ManifestRow[] = [];
let findings: string[] = [];
/** The generation stage; undefined when skipped (WSDL2TS_CORPUS_GENERATE=0) or when there is no corpus. */
let gen: GenStage | undefined;
const GENERATE = process.env.WSDL2TS_CORPUS_GENERATE !== '0';
/** The coverage stage (coverage.ts); WSDL2TS_CORPUS_COVERAGE=0 skips it. */
let coverage: CoverageStage | undefined;
const COVERAGE = process.env.WSDL2TS_CORPUS_COVERAGE !== '0';
/** Corpus WSDLs whose coverage report is also written as HTML (the rest get JSON only). */
const COVERAGE_HTML = /(GoogleSearchTest|PayPalSvc|AmazonWebServicesTest|salesforce-enterprise\/.*|MS-WWSP|MS-ADMWS)\.wsdl$/;
/** Minimum share of generated WSDLs (ms-* and famous) whose output passes `tsc --strict`. */
const MIN_COMPILE_RATE = 95;
const log = (s: string): void => {
  process.stderr.write(s);
};

beforeAll(async () => {
  if (!corpusExists) return;
  const t0 = Date.now();
  const timings: [string, number][] = [];
  const lap = (() => {
    let t = t0;
    return (name: string): void => {
      const now = Date.now();
      timings.push([name, now - t]);
      log(`[corpus] ${name}: ${secs(now - t)}\n`);
      t = now;
    };
  })();

  // Build dist/ from the current src/ (tsc emits even with type errors; those are reported by their own test).
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO, encoding: 'utf8', timeout: 5 * 60_000 });
  build = { ok: tsc.status === 0, output: `${tsc.stdout ?? ''}${tsc.stderr ?? ''}${tsc.error ? String(tsc.error) : ''}`.trim() };
  lap('build dist');

  manifest = readManifest(CORPUS);
  for (const row of manifest) {
    const f = mapRowToFile(CORPUS, row);
    if (f) row.file = f;
    else if (!/\.md(#|\s|$)/.test(row.pathInRepo)) unmappedRows.push(row);
  }
  notWellFormed = new Set(manifest.filter((r) => r.notes.includes(NOT_WELL_FORMED) && r.file).map((r) => r.file as string));

  const rel = (abs: string): string => path.relative(CORPUS, abs).split(path.sep).join('/');
  const wsdlFiles = walk(CORPUS)
    .filter((f) => f.toLowerCase().endsWith('.wsdl'))
    .map(rel);
  // NOT-WELL-FORMED schemas are no WSDL, so the walk never inspects them directly; `inspect` also takes an XSD,
  // so run them on their own as well (reported apart from the per-group table).
  const nwfXsd = [...notWellFormed].filter((f) => !f.toLowerCase().endsWith('.wsdl')).sort();
  const jobs: { file: string; kind: RunResult['kind'] }[] = [
    ...wsdlFiles.map((file) => ({ file, kind: 'wsdl' as const })),
    ...nwfXsd.map((file) => ({ file, kind: 'nwf-xsd' as const })),
  ];

  let done = 0;
  results = await pool(jobs, CONCURRENCY, async (job) => {
    const r = await runInspect(path.join(CORPUS, job.file));
    const res = classify(job.file.split('/')[0] ?? '', job.file, job.kind, notWellFormed.has(job.file), r);
    done++;
    if (res.class === 'crash' || res.class === 'hang' || done % 50 === 0) {
      process.stderr.write(`[corpus] ${done}/${jobs.length} ${res.class.padEnd(8)} ${job.file} (${res.ms} ms)\n`);
    }
    return res;
  });
  lap('inspect');

  if (GENERATE) {
    const byFile = new Map(results.map((r) => [r.file, r]));
    const genFiles = results.filter((r) => r.kind === 'wsdl' && !r.notWellFormed && isGenGroup(r.group)).map((r) => r.file);
    gen = await runGenerationStage({
      repo: REPO,
      corpus: CORPUS,
      files: genFiles,
      costHint: (f) => byFile.get(f)?.ms ?? 0,
      concurrency: CONCURRENCY,
      log,
    });
    timings.push(['generate', gen.generateMs], ['tsc', gen.compileMs]);
    const t = Date.now();
    for (const g of gen.results) {
      const dir = path.dirname(path.join(CORPUS, g.file));
      const docs = (byFile.get(g.file)?.documents ?? []).filter((d) => !d.startsWith('bundled:')).map((d) => path.resolve(dir, d));
      checkDegradedReported(g, docs.length ? docs : [path.join(CORPUS, g.file)]);
    }
    lap(`generate + tsc (generate ${secs(gen.generateMs)}, tsc ${secs(gen.compileMs)}), RawXml check ${secs(Date.now() - t)}`);
    timings.pop();
  }
  if (COVERAGE) {
    const inspected = new Map(results.map((r) => [r.file, r]));
    const generated = new Map((gen?.results ?? []).filter((g) => g.class === 'generated').map((g) => [g.file, g]));
    const jobs: CoverageJob[] = results
      .filter((r) => r.kind === 'wsdl' && r.class !== 'crash' && r.class !== 'hang')
      .map((r) => {
        const g = generated.get(r.file);
        const expected = g ? { codes: g.codes, from: 'generate' as const } : { codes: inspected.get(r.file)!.codes, from: 'inspect' as const };
        return { group: r.group, file: r.file, expected, html: COVERAGE_HTML.test(r.file) };
      });
    coverage = await runCoverageStage({ repo: REPO, corpus: CORPUS, outDir: path.join(REPORT_DIR, 'coverage'), jobs, concurrency: CONCURRENCY, log });
    timings.push(['coverage', coverage.ms]);
  }
  const totalMs = Date.now() - t0;

  // Findings for the summary (the assertions below list the same things).
  findings = [];
  if (!build.ok) findings.push(`dist build (tsc) reported problems:\n${build.output.split('\n').slice(0, 10).join('\n')}`);
  for (const r of results.filter((x) => x.class === 'crash' || x.class === 'hang')) {
    findings.push(`${r.class}: ${r.file} (${r.crashReason ?? 'timeout'}; exit ${r.exitCode}, signal ${r.signal})`);
  }
  for (const r of results.filter((x) => x.kind === 'wsdl' && !x.notWellFormed && x.class === 'no-model')) {
    findings.push(`no model: ${r.file}: ${r.errorLines[0] ?? r.strayStderr[0] ?? '(no error line)'}`);
  }
  for (const u of unlocatedNwf()) findings.push(`unlocated error(s) for NOT-WELL-FORMED ${u.file}: ${u.lines.join(' | ')}`);
  if (gen) {
    for (const r of gen.results.filter((x) => x.class === 'crash' || x.class === 'hang')) {
      findings.push(`generate ${r.class}: ${r.file} (${r.crashReason ?? 'timeout'}; exit ${r.exitCode}, signal ${r.signal})`);
    }
    const total = groupRow('total', gen.results);
    findings.push(`generate: ${total.compiled}/${total.generated} generated WSDLs (ms-*, famous) compile with tsc --strict (${total.compileRate.toFixed(1)}%)`);
  }

  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const json = {
    corpus: CORPUS,
    generatedAt: new Date().toISOString(),
    totalMs,
    timings: Object.fromEntries(timings),
    build,
    files: results.map((r) => ({
      group: r.group,
      file: r.file,
      kind: r.kind,
      notWellFormed: r.notWellFormed,
      class: r.class,
      exitCode: r.exitCode,
      signal: r.signal,
      ms: r.ms,
      codes: r.codes,
      ...(r.crashReason ? { crashReason: r.crashReason } : {}),
      firstErrors: r.errorLines.slice(0, 5),
      ...(r.strayStderr.length ? { strayStderr: r.strayStderr } : {}),
      ...(r.operations.length ? { operations: r.operations } : {}),
    })),
    ...(gen ? { generation: generationJson(gen) } : {}),
    ...(coverage ? { coverage: coverageJson(coverage) } : {}),
  };
  fs.writeFileSync(path.join(REPORT_DIR, 'report.json'), JSON.stringify(json, null, 2) + '\n');
  const timingText = timings.map(([n, ms]) => `${n} ${secs(ms)}`).join(', ');
  let summary = summaryMarkdown(results, totalMs, timingText, build.ok ? 'ok' : 'tsc reported errors', findings);
  if (gen) summary += '\n' + generationMarkdown(gen);
  if (coverage) summary += '\n' + coverageMarkdown(coverage, REPORT_DIR);
  fs.writeFileSync(path.join(REPORT_DIR, 'summary.md'), summary);
  fs.writeFileSync(path.join(REPORT_DIR, 'operations.md'), operationsMarkdown(results));
  console.log(summary);
  log(`[corpus] total ${secs(totalMs)} (${timingText})\n`);
}, 60 * 60 * 1000);

/**
 * For each NOT-WELL-FORMED file: the runs that concern it (its direct run, plus any WSDL run whose diagnostics point
 * at it), their error lines, and whether one of them is an error located in that file (line >= 1).
 */
function nwfChecks(): { file: string; located: boolean; errors: string[]; unlocated: string[]; ran: boolean }[] {
  return [...notWellFormed].sort().map((file) => {
    const direct = results.find((r) => r.file === file);
    const errors: string[] = [];
    const unlocated: string[] = [];
    let located = false;
    const consider = (r: RunResult, onlyAboutFile: boolean): void => {
      for (const d of r.diagnostics) {
        if (d.severity !== 'error') continue;
        const target = diagnosticTarget(r.file, d);
        if (onlyAboutFile && target !== file) continue;
        errors.push(r.file === file ? d.raw : `${r.file}: ${d.raw}`);
        if (!isLocated(d)) unlocated.push(d.raw);
        if (isLocated(d) && target === file) located = true;
      }
    };
    if (direct) consider(direct, false);
    for (const r of results) if (r.file !== file) consider(r, true);
    return { file, located, errors, unlocated, ran: direct !== undefined };
  });
}

function generatedFiles(): Set<string> {
  return new Set((gen?.results ?? []).filter((g) => g.class === 'generated').map((g) => g.file));
}

function unlocatedNwf(): { file: string; lines: string[] }[] {
  return nwfChecks()
    .filter((c) => c.unlocated.length)
    .map((c) => ({ file: c.file, lines: c.unlocated }));
}

describe('corpus', () => {
  test('the corpus folder exists', () => {
    if (!corpusExists) {
      throw new Error(
        `corpus not found: looked for ${path.join(CORPUS, 'MANIFEST.tsv')} ` +
          `(set WSDL2TS_CORPUS, or put the corpus at ${path.resolve(REPO, '../shared/corpus')})`,
      );
    }
  });

  const needCorpus = (): void => {
    if (!corpusExists) throw new Error(`corpus not found at ${CORPUS}; nothing was checked`);
  };

  test('dist builds from the current src (tsc)', () => {
    needCorpus();
    if (!build.ok) throw new Error(`npx tsc -p tsconfig.json failed; the run used whatever it emitted:\n${build.output}`);
  });

  test('every manifest row that names a file maps to a corpus file', () => {
    needCorpus();
    expect(manifest.length).toBeGreaterThan(0);
    expect(unmappedRows.map((r) => `${r.group}/${r.name}: ${r.pathInRepo}`)).toEqual([]);
    const nwfRows = manifest.filter((r) => r.notes.includes(NOT_WELL_FORMED));
    expect(nwfRows.filter((r) => !r.file).map((r) => r.pathInRepo)).toEqual([]);
    expect(results.filter((r) => r.kind === 'wsdl').length).toBeGreaterThan(0);
  });

  test('no crash or hang', () => {
    needCorpus();
    const bad = results
      .filter((r) => r.class === 'crash' || r.class === 'hang')
      .map((r) => {
        const detail = r.class === 'hang' ? `timeout after ${PER_FILE_TIMEOUT_MS / 1000} s` : r.crashReason;
        const hint = r.strayStderr.slice(0, 3).join(' / ') || r.errorLines.slice(0, 1).join('');
        return `${r.class}: ${r.file} — ${detail} (exit ${r.exitCode}, signal ${r.signal})${hint ? `\n    ${hint}` : ''}`;
      });
    if (bad.length) throw new Error(`${bad.length} crash(es)/hang(s):\n${bad.join('\n')}`);
  });

  test('every well-formed WSDL yields a model', () => {
    needCorpus();
    const bad = results
      .filter((r) => r.kind === 'wsdl' && !r.notWellFormed && r.class === 'no-model')
      .map((r) => {
        const brokenDeps = [...new Set(r.diagnostics.map((d) => diagnosticTarget(r.file, d)).filter((t) => t && notWellFormed.has(t)))];
        const first = r.errorLines.slice(0, 3).join('\n    ') || r.strayStderr.slice(0, 3).join('\n    ') || '(no error line)';
        return `${r.file} (exit ${r.exitCode})${brokenDeps.length ? ` [uses NOT-WELL-FORMED ${brokenDeps.join(', ')}]` : ''}\n    ${first}`;
      });
    if (bad.length) throw new Error(`${bad.length} well-formed WSDL(s) without a model:\n${bad.join('\n')}`);
  });

  test('every NOT-WELL-FORMED file gets an error located in it (file:line:col, line >= 1)', () => {
    needCorpus();
    const checks = nwfChecks();
    expect(checks.length).toBeGreaterThan(0);
    const bad = checks
      .filter((c) => !c.located)
      .map((c) => `${c.file}${c.ran ? '' : ' (never inspected)'}\n    ${c.errors.slice(0, 3).join('\n    ') || '(no error diagnostic)'}`);
    const unlocated = checks.filter((c) => c.unlocated.length).map((c) => `${c.file}: ${c.unlocated.slice(0, 3).join(' | ')}`);
    if (unlocated.length) console.warn(`error diagnostics without a location for NOT-WELL-FORMED files:\n${unlocated.join('\n')}`);
    if (bad.length) throw new Error(`${bad.length} NOT-WELL-FORMED file(s) without a located error:\n${bad.join('\n')}`);
  });

  test('every rpc/literal, rpc/encoded (SOAP 1.1 and 1.2) and document/literal operation gets a method (document/encoded is listed without)', () => {
    needCorpus();
    const ops = results.filter((r) => r.kind === 'wsdl').flatMap((r) => r.operations.map((o) => ({ file: r.file, ...o })));
    const rpcLiteral = ops.filter((o) => o.shape === 'rpc/literal');
    expect(rpcLiteral.length).toBeGreaterThan(0);
    const rpcEncoded = ops.filter((o) => o.shape === 'rpc/encoded');
    expect(rpcEncoded.length).toBeGreaterThan(0);
    // Only a message that names an undefined element (W2T512, with its own W2T301), a notification/solicit-response
    // operation (W2T753), or an encodingStyle that is not its binding's SOAP encoding (W2T754) may leave such an
    // operation without a method.
    const excused = (o: (typeof ops)[number]) => o.code === 'W2T753' || (o.code === 'W2T512' && /is not defined/.test(o.reason ?? '')) || (o.code === 'W2T754' && /encodingStyle/.test(o.reason ?? ''));
    const bad = ops.filter((o) => (/literal$/.test(o.shape) || o.shape === 'rpc/encoded') && !o.method && !excused(o));
    expect(bad.map((o) => `${o.file}: ${o.binding}.${o.operation} (${o.shape}) ${o.code}: ${o.reason}`)).toEqual([]);
    expect(rpcLiteral.filter((o) => !o.method && o.code !== 'W2T753').map((o) => `${o.file}: ${o.binding}.${o.operation}: ${o.reason}`)).toEqual([]);
    // document/encoded operations are listed without a method, saying why.
    for (const o of ops.filter((x) => x.shape === 'document/encoded')) expect(o).toMatchObject({ method: false, code: 'W2T754', reason: expect.stringContaining('document/encoded') });
  });

  // -------------------------------------------------------------------------------------------------------------
  // Generation (ms-* and famous): see generation.ts
  // -------------------------------------------------------------------------------------------------------------

  const needGen = (): GenStage => {
    needCorpus();
    if (!gen) throw new Error('the generation stage did not run (WSDL2TS_CORPUS_GENERATE=0?)');
    return gen;
  };

  test('generate: every ms-*/famous well-formed WSDL was attempted', () => {
    const g = needGen();
    expect(g.results.length).toBeGreaterThan(0);
    const groups = new Set(g.results.map((r) => r.group));
    expect(groups.has('famous')).toBe(true);
    expect([...groups].some((x) => x.startsWith('ms-'))).toBe(true);
  });

  test('generate: no crash or hang', () => {
    const g = needGen();
    const bad = g.results
      .filter((r) => r.class === 'crash' || r.class === 'hang')
      .map((r) => {
        const detail = r.class === 'hang' ? `timeout after ${GEN_TIMEOUT_MS / 1000} s` : r.crashReason;
        const hint = r.strayStderr.slice(0, 3).join(' / ') || r.errorLines.slice(0, 1).join('');
        return `${r.class}: ${r.file} — ${detail} (exit ${r.exitCode}, signal ${r.signal})${hint ? `\n    ${hint}` : ''}`;
      });
    if (bad.length) throw new Error(`${bad.length} generate crash(es)/hang(s):\n${bad.join('\n')}`);
  });

  test(`generate: at least ${MIN_COMPILE_RATE}% of the generated outputs compile with tsc --strict`, () => {
    const g = needGen();
    const total = groupRow('total', g.results);
    const failed = compileFailures(g);
    const lines = failed.map((r) => {
      const c = r.compile;
      const head = `${r.file}: ${c?.batchFailure ? `tsc run failed: ${c.batchFailure}` : `${c?.errorCount ?? '?'} error(s)`}`;
      return [head, ...(c?.firstErrors ?? []).slice(0, 3).map((e) => `    ${showTscError(r, e)}`)].join('\n');
    });
    const perGroup = groupRows(g)
      .map((x) => `${x.group}: ${x.compiled}/${x.generated} (${x.compileRate.toFixed(1)}%)`)
      .join(', ');
    if (total.generated === 0 || total.compileRate < MIN_COMPILE_RATE) {
      throw new Error(
        `compile rate ${total.compileRate.toFixed(1)}% (${total.compiled}/${total.generated} generated WSDLs; ` +
          `${total.attempted} attempted) is below ${MIN_COMPILE_RATE}%\n` +
          `per group: ${perGroup}\n${failed.length} WSDL(s) failing:\n${lines.join('\n')}`,
      );
    }
  });

  test('generate: the runtime type-checks under the consumer tsconfig of the compile stage (types: [])', () => {
    const g = needGen();
    if (g.otherErrors.length) {
      throw new Error(
        `${g.otherErrors.length} tsc error(s) outside the generated files:\n` +
          g.otherErrors.slice(0, 15).join('\n'),
      );
    }
  });

  test('coverage: a report for every WSDL inspected, whose counts match the diagnostics of generate/inspect', () => {
    needCorpus();
    if (!coverage) throw new Error('the coverage stage did not run (WSDL2TS_CORPUS_COVERAGE=0?)');
    expect(coverage.results.length).toBe(results.filter((r) => r.kind === 'wsdl' && r.class !== 'crash' && r.class !== 'hang').length);
    // Checked against generate for the generation stage's WSDLs, and the HTML written for some.
    expect(coverage.results.filter((r) => r.class === 'reported' && generatedFiles().has(r.file)).length).toBeGreaterThan(100);
    expect(coverage.results.filter((r) => r.html).length).toBeGreaterThan(2);
    const bad = coverage.results
      .filter((r) => r.class !== 'reported' || r.mismatches.length)
      .map((r) => `${r.class}: ${r.file}${r.crashReason ? ` — ${r.crashReason}` : ''}${r.mismatches.length ? `\n    ${r.mismatches.join('\n    ')}` : ''}`);
    if (bad.length) throw new Error(`${bad.length} coverage report(s) missing or not matching the diagnostics:\n${bad.join('\n')}`);
  });

  test('generate: every degraded construct is reported (RawXml heuristic)', () => {
    const g = needGen();
    const bad = g.results
      .filter((r) => r.unreportedRawXml?.length)
      .map((r) => `${r.file}\n    ${(r.unreportedRawXml ?? []).join('\n    ')}`);
    if (bad.length) {
      throw new Error(
        `${bad.length} WSDL(s) whose types.ts uses RawXml (not for xs:any) with no W2T3xx/W2T5xx diagnostic ` +
          `and no anyType in their sources:\n${bad.join('\n')}`,
      );
    }
  });
});
