/**
 * Specs as input, end to end, over the shared protocol documents (../shared/spec: MS-WMS.txt and other/*.md):
 * extract, generate, `tsc --strict`, a non-empty client for every document that holds a WSDL, and each protocol
 * example decoded and re-encoded, or its failure explained. Writes test/corpus/report/specs.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeHost } from '../../src/read/node-host';
import { specInput } from '../../src/extract/spec-input';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadGenerated } from '../../src/verify/load-generated';
import { ExampleResult, verifyExamples } from '../../src/verify/verify-examples';
import { specDir } from '../helpers/spec-dir';

const REPO = path.resolve(__dirname, '../..');
const OUT = path.join(os.tmpdir(), 'wsdl2ts-spec-gen');
const REPORT = path.join(__dirname, 'report', 'specs.md');

interface SpecRun {
  name: string;
  documents: string[];
  main?: string;
  hasWsdl: boolean;
  codes: Record<string, number>;
  errors: string[];
  methods: number;
  files: string[];
  examples: ExampleResult[];
  ms: number;
}

const runs: SpecRun[] = [];
let tsc: { status: number | null; output: string } = { status: null, output: '' };

function specFiles(): string[] {
  const dir = specDir();
  const other = path.join(dir, 'other');
  return [path.join(dir, 'MS-WMS.txt'), ...fs.readdirSync(other).filter((f) => /\.(md|txt)$/.test(f)).sort().map((f) => path.join(other, f))];
}

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const file of specFiles()) {
    const started = Date.now();
    const name = path.basename(file);
    const s = specInput(file, fs.readFileSync(file, 'utf8'), nodeHost);
    const codes: Record<string, number> = {};
    const run: SpecRun = { name, documents: s.extracted.documents.map((d) => d.path), main: s.extracted.main, hasWsdl: s.extracted.documents.some((d) => d.kind === 'wsdl'), codes, errors: [], methods: 0, files: [], examples: [], ms: 0 };
    runs.push(run);
    const gen = s.input ? await generateWithDiagnostics({ input: s.input, host: s.host, outDir: path.join(OUT, name) }) : { files: [], diagnostics: [] };
    for (const d of [...s.extracted.diagnostics, ...gen.diagnostics]) {
      codes[d.code] = (codes[d.code] ?? 0) + 1;
      if (d.severity === 'error') run.errors.push(`${d.file}:${d.line} ${d.code} ${d.message}`);
    }
    for (const f of gen.files) {
      const abs = path.join(OUT, name, f.path);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, f.text);
      run.files.push(abs);
    }
    const client = gen.files.find((f) => f.path === 'client.ts')?.text ?? '';
    run.methods = (client.match(/^ {2}async [A-Za-z_$][\w$]*\(/gm) ?? []).length;
    if (gen.files.length) run.examples = verifyExamples(name, s.extracted.examples, loadGenerated(gen.files)).results;
    run.ms = Date.now() - started;
  }
  const config = {
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')], skipLibCheck: true, baseUrl: REPO, paths: { '@wsdl2ts/runtime': ['packages/runtime/src/index.ts'] } },
    files: runs.flatMap((r) => r.files),
  };
  fs.writeFileSync(path.join(OUT, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(OUT, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  tsc = { status: r.status, output: `${r.stdout}${r.stderr}` };
  writeReport();
}, 20 * 60_000);

function writeReport(): void {
  const out = ['# Specs as input: extract, generate, tsc --strict, examples', '', `Generated into ${OUT}; tsc --strict over all of it: ${tsc.status === 0 ? 'no errors' : `exit ${tsc.status}`}.`, ''];
  out.push('| document | extracted | client methods | errors | examples ok / total | ms |', '|---|---|---|---|---|---|');
  for (const r of runs) out.push(`| ${r.name} | ${r.documents.length}${r.hasWsdl ? '' : ' (no WSDL)'} | ${r.methods} | ${r.errors.length} | ${r.examples.filter((e) => e.status === 'ok').length} / ${r.examples.length} | ${r.ms} |`);
  for (const r of runs) {
    out.push('', `## ${r.name}`, '', `Main document: ${r.main ?? '(none)'}; documents: ${r.documents.join(', ')}`, '', `Diagnostics by code: ${Object.entries(r.codes).sort().map(([c, n]) => `${c}×${n}`).join(', ') || 'none'}`);
    if (r.errors.length) out.push('', 'Errors (each a defect of the spec text that could not be repaired safely, or a definition the spec does not give):', '', ...r.errors.slice(0, 40).map((e) => `- ${e}`), ...(r.errors.length > 40 ? [`- … and ${r.errors.length - 40} more`] : []));
    if (r.examples.length) out.push('', 'Examples:', '', ...r.examples.map((e) => `- ${e.status} ${e.path}${e.element ? ` ${e.element}` : ''}${e.reason ? `: ${e.reason.slice(0, 300)}` : ''}`));
  }
  if (tsc.status !== 0) out.push('', '## tsc output', '', '```', tsc.output.slice(0, 20_000), '```');
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, out.join('\n') + '\n');
}

describe('protocol documents as input', () => {
  test('the seven documents are there', () => {
    expect(runs.map((r) => r.name)).toEqual(['MS-WMS.txt', 'MC-PRCR.md', 'MS-DVRD.md', 'MS-RSMC.md', 'MS-SFMWA.md', 'MS-WSTIM.md', 'MS-XCEP.md']);
  });

  test('everything generated compiles under tsc --strict', () => {
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  test('every document that holds a WSDL gives a non-empty client', () => {
    for (const r of runs.filter((x) => x.hasWsdl)) expect({ name: r.name, methods: r.methods > 0 }).toEqual({ name: r.name, methods: true });
    // MS-DVRD is a REST protocol: its appendix is a schema only (types are generated, no client).
    expect(runs.filter((x) => !x.hasWsdl).map((x) => x.name)).toEqual(['MS-DVRD.md']);
  });

  test('MS-WMS extracts without errors, all nine operations, its well-formed examples decode and re-encode', () => {
    const wms = runs.find((r) => r.name === 'MS-WMS.txt')!;
    expect(wms.errors).toEqual([]);
    expect(wms.methods).toBe(9);
    expect(wms.examples.filter((e) => e.status === 'ok').map((e) => e.element)).toEqual(['{http://tempuri.org/}BeginCacheRefresh', '{http://tempuri.org/}BeginCacheRefreshResponse', '{http://tempuri.org/}BeginExchangeSync', '{http://tempuri.org/}BeginExchangeSyncResponse']);
  });

  test('each example decodes and re-encodes, or the reason is given', () => {
    for (const r of runs) for (const e of r.examples) if (e.status !== 'ok') expect(e.reason).toEqual(expect.stringMatching(/\S/));
  });
});
