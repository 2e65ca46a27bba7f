'use strict';
/**
 * `npm run bench` (generation): for MS-WMS and the large real-world WSDLs, wsdl2ts generate's wall time, peak RSS
 * and output size, and how long `tsc --strict --noEmit` takes on a small program importing the output; beside
 * wsdl-tsclient (pinned devDependency) on the same WSDLs, in the same run. Reported, never asserted: the machine
 * may be shared, so compare the columns of one run, not runs of different days.
 *
 * Each generation is a child process (the CLI, as users run it); its peak RSS is process.resourceUsage().maxRSS,
 * read in the child by a preloaded hook (max-rss.js).
 *
 * Environment: WSDL2TS_CORPUS (default ../shared/corpus), WSDL2TS_BENCH_VIM25 (path of vimService.wsdl: the
 * vSphere vim25 WSDL is not in the corpus), WSDL2TS_BENCH_RUNS (runs for the small WSDLs, default 5; large ones run
 * once), WSDL2TS_BENCH_TSC=0 to skip the tsc column, WSDL2TS_BENCH_ONLY=<name substring> to run some rows only,
 * WSDL2TS_BENCH_BASELINE=<folder of another built checkout of wsdl2ts> to add its generate columns (before/after).
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const CORPUS = process.env.WSDL2TS_CORPUS || path.resolve(REPO, '../shared/corpus');
const RUNS = Number(process.env.WSDL2TS_BENCH_RUNS || 5);
const TSC_ON = process.env.WSDL2TS_BENCH_TSC !== '0';
const ONLY = process.env.WSDL2TS_BENCH_ONLY;
const BASELINE = process.env.WSDL2TS_BENCH_BASELINE && path.resolve(process.env.WSDL2TS_BENCH_BASELINE, 'bin/wsdl2ts.js');
const TIMEOUT_MS = 600_000;

const CASES = [
  { name: 'MS-WMS', wsdl: path.join(REPO, 'samples/ms-wms.wsdl'), small: true },
  { name: 'Exchange EWS (office365)', wsdl: path.join(CORPUS, 'famous/ews-office365-wsdltophp/services.wsdl') },
  { name: 'eBay Trading', wsdl: path.join(CORPUS, 'famous/ebay-trading/eBayTest.wsdl') },
  { name: 'Salesforce enterprise', wsdl: path.join(CORPUS, 'famous/salesforce-enterprise/enterprise.wsdl') },
  { name: 'VMware vSphere vim25', wsdl: process.env.WSDL2TS_BENCH_VIM25, missing: 'not in the corpus: set WSDL2TS_BENCH_VIM25=<path of vimService.wsdl>' },
];

const WSDL2TS = path.join(REPO, 'bin/wsdl2ts.js');
const WSDL_TSCLIENT = require.resolve('wsdl-tsclient/dist/src/cli.js', { paths: [REPO] });
const TSC = require.resolve('typescript/bin/tsc', { paths: [REPO] });
const RSS_HOOK = path.join(__dirname, 'max-rss.js');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `node args` with the RSS hook; wall time in ms, peak RSS in bytes, exit status. */
function timed(args) {
  const rssFile = path.join(mkdtempSync(path.join(tmpdir(), 'wsdl2ts-rss-')), 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', RSS_HOOK, ...args], {
    encoding: 'utf8',
    env: { ...process.env, WSDL2TS_BENCH_RSS_FILE: rssFile },
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 2 ** 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  return { ms, rss, ok: r.status === 0 || (r.status === 1 && /wrote/.test(r.stdout)), status: r.error ? r.error.code : r.status, stderr: r.stderr };
}

function bytesUnder(dir) {
  let n = 0;
  const files = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const size = statSync(path.join(e.parentPath ?? e.path, e.name)).size;
    n += size;
    files[e.name] = (files[e.name] ?? 0) + size;
  }
  return { total: n, files };
}

/** Generates `runs` times into fresh folders; the last folder is kept for the size and tsc columns. */
function generateRuns(argsFor, runs) {
  const results = [];
  let out;
  for (let i = 0; i < runs; i++) {
    out = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-bench-gen-'));
    const r = timed(argsFor(path.join(out, 'gen')));
    results.push(r);
    if (!r.ok) return { ok: false, status: r.status, stderr: r.stderr, out };
    if (i < runs - 1) rmSync(out, { recursive: true, force: true });
  }
  return { ok: true, ms: median(results.map((r) => r.ms)), rss: Math.max(...results.map((r) => r.rss)), out: path.join(out, 'gen'), root: out };
}

/** `tsc --strict --noEmit` of a 5-line program that imports the generated index (and so every file). */
function tscTime(root) {
  mkdirSync(path.join(root, 'node_modules/@wsdl2ts'), { recursive: true });
  symlinkSync(path.join(REPO, 'packages/runtime'), path.join(root, 'node_modules/@wsdl2ts/runtime'), 'dir');
  writeFileSync(path.join(root, 'main.ts'), `import * as gen from './gen/index';\nconst names: string[] = Object.keys(gen);\nconsole.log(names.length);\n`);
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'commonjs', moduleResolution: 'node10', types: [] }, files: ['main.ts'] }));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [TSC, '-p', root], { encoding: 'utf8', timeout: TIMEOUT_MS });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return r.status === 0 ? fmtS(ms) : `failed (${(r.stdout || String(r.error)).split('\n')[0].slice(0, 60)})`;
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMB = (b) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(0)} MB` : '?');
const fmtSize = (b) => (b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(2)} MB` : b >= 10240 ? `${(b / 1024).toFixed(0)} KB` : `${b} B`);

function main() {
  if (!existsSync(path.join(REPO, 'dist/index.js'))) throw new Error('dist/ is missing: npm run build first');
  console.log(`\nGeneration (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${require('node:os').cpus().length} cores; load average ${require('node:os').loadavg()[0].toFixed(1)} at start)`);
  console.log(`small WSDLs: median of ${RUNS} runs; large: one run. RSS: peak of the generating process.\n`);
  const baseHead = BASELINE ? ' baseline generate | peak RSS | output |' : '';
  console.log(`| WSDL | wsdl2ts generate | peak RSS | output (serializers.ts) | tsc --strict --noEmit | wsdl-tsclient generate | peak RSS | output |${baseHead}`);
  console.log(`|---|---|---|---|---|---|---|---|${BASELINE ? '---|---|---|' : ''}`);
  const roots = [];
  for (const c of CASES) {
    if (ONLY && !c.name.toLowerCase().includes(ONLY.toLowerCase())) continue;
    if (!c.wsdl || !existsSync(c.wsdl)) {
      console.log(`| ${c.name} | ${c.missing ?? `missing: ${c.wsdl}`} | | | | | | |`);
      continue;
    }
    const runs = c.small ? RUNS : 1;
    const ours = generateRuns((out) => [WSDL2TS, 'generate', c.wsdl, '--out', out], runs);
    roots.push(ours.root ?? ours.out);
    let cols;
    if (ours.ok) {
      const size = bytesUnder(ours.out);
      cols = [fmtS(ours.ms), fmtMB(ours.rss), `${fmtSize(size.total)} (${fmtSize(size.files['serializers.ts'] ?? 0)})`, TSC_ON ? tscTime(ours.root) : 'skipped'];
    } else cols = [`failed (exit ${ours.status}): ${ours.stderr.trim().split('\n').pop()?.slice(0, 80)}`, '', '', ''];
    const theirs = generateRuns((out) => [WSDL_TSCLIENT, c.wsdl, '-o', out], runs);
    roots.push(theirs.root ?? theirs.out);
    const theirCols = theirs.ok ? [fmtS(theirs.ms), fmtMB(theirs.rss), fmtSize(bytesUnder(theirs.out).total)] : [`failed (exit ${theirs.status})`, '', ''];
    let baseCols = [];
    if (BASELINE) {
      const base = generateRuns((out) => [BASELINE, 'generate', c.wsdl, '--out', out], runs);
      roots.push(base.root ?? base.out);
      baseCols = base.ok ? [fmtS(base.ms), fmtMB(base.rss), fmtSize(bytesUnder(base.out).total)] : [`failed (exit ${base.status})`, '', ''];
    }
    console.log(`| ${c.name} | ${[...cols, ...theirCols, ...baseCols].join(' | ')} |`);
  }
  for (const r of roots) if (r) rmSync(r, { recursive: true, force: true });
}

main();
