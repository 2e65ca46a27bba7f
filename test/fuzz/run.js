'use strict';
/**
 * `npm run fuzz` — coverage-guided fuzzing of the XML reader, the generated MS-WMS and EWS decoders, the server
 * listener over raw HTTP bytes, the generator over mutated WSDLs, and the MTOM/XOP reader (see README, "Fuzzing").
 *
 *   node test/fuzz/run.js [--smoke] [--seconds N] [--target name[,name]] [--seed N] [--out DIR]
 *
 * --smoke runs every target briefly (about a minute in all, for CI). Each target runs in its own child process (a
 * hang kills only that one). Findings and the grown corpus go to --out (default fuzz-out/, git-ignored). The exit
 * status is 1 when anything was found.
 */
const { fork } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const TARGETS = ['xml-reader', 'decoders', 'server', 'generator', 'mtom'];
/** Smoke budgets in seconds; the generator target also spends time loading and compiling. */
const SMOKE = { 'xml-reader': 8, decoders: 8, server: 8, generator: 12, mtom: 8 };

function args(argv) {
  const o = { smoke: false, seconds: 60, targets: TARGETS, seed: 1, out: path.resolve(__dirname, '../../fuzz-out') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--seconds') o.seconds = Number(argv[++i]);
    else if (a === '--target') o.targets = argv[++i].split(',');
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  for (const t of o.targets) if (!TARGETS.includes(t)) throw new Error(`unknown target ${t} (one of ${TARGETS.join(', ')})`);
  return o;
}

async function child() {
  const [name, seconds, seed, out] = process.argv.slice(3);
  const { fuzz, Coverage } = require('./engine');
  // Started before the code under test loads: V8 counts blocks only in functions compiled after this.
  const coverage = new Coverage(/$^/);
  const t0 = Date.now();
  const target = await require(`./targets/${name}`).target();
  const loadSeconds = (Date.now() - t0) / 1000;
  const result = await fuzz(target, { coverage, seconds: Number(seconds), outDir: out, seed: Number(seed), log: (m) => process.stderr.write(`[fuzz ${name}] ${m}\n`) });
  result.loadSeconds = loadSeconds;
  process.send(result, () => process.exit(0));
}

async function main() {
  const o = args(process.argv.slice(2));
  fs.mkdirSync(o.out, { recursive: true });
  const results = [];
  let failed = false;
  for (const name of o.targets) {
    const seconds = o.smoke ? SMOKE[name] : o.seconds;
    const result = await new Promise((resolve) => {
      let got;
      const p = fork(__filename, ['--child', name, String(seconds), String(o.seed), o.out], { execArgv: ['--expose-gc', '--max-old-space-size=1024'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      p.on('message', (m) => (got = m));
      p.on('exit', (code, signal) => resolve(got ?? { name, crashed: `the fuzzing process exited (${signal ?? code}) without a result`, findings: [{ kind: 'process died (hang or crash)', file: o.out }] }));
    });
    results.push(result);
    if (result.findings?.length) failed = true;
    const extra = result.extra ? ` ${JSON.stringify(result.extra)}` : '';
    console.log(`${name}: ${result.runs ?? 0} runs in ${(result.seconds ?? 0).toFixed?.(1) ?? '?'} s (after ${result.loadSeconds ?? '?'} s loading), ${result.seeds ?? 0} seeds, corpus ${result.corpus ?? 0}, features ${result.features ?? 0}, slowest ${(result.slowestMs ?? 0).toFixed?.(1)} ms, findings ${result.findings?.length ?? 0}${extra}`);
    for (const f of result.findings ?? []) console.log(`  FINDING ${f.kind}\n    input: ${f.file}`);
  }
  fs.writeFileSync(path.join(o.out, 'summary.json'), JSON.stringify(results, null, 2) + '\n');
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[2] === '--child') child().catch((e) => {
  console.error(e);
  process.exit(2);
});
else main().catch((e) => {
  console.error(e);
  process.exit(2);
});
