'use strict';
/**
 * Generated code for a WSDL, through the public API (dist/generate's generate(), then a TypeScript transpile, as
 * samples/lib/load-generated.js does), made in a separate process: the fuzzing process then holds only the runtime
 * and the generated modules, which keeps V8's coverage snapshots cheap (TypeScript and ts-morph in the heap make each
 * one cost ~30 ms). Formatting is skipped (irrelevant here, and most of generate()'s time).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');

const SCRIPT = `
const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
const [repo, wsdl] = process.argv.slice(1);
require(require.resolve('prettier', { paths: [repo] })).format = async (t) => t;
const ts = require(require.resolve('typescript', { paths: [repo] }));
const { generate } = require(path.join(repo, 'dist/generate/generate.js'));
generate({ input: wsdl }).then((files) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsdl2ts-fuzz-generated-'));
  const runtime = JSON.stringify(path.join(repo, 'packages/runtime/dist/index.js'));
  for (const f of files) {
    const js = ts.transpileModule(f.text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    fs.writeFileSync(path.join(dir, f.path.replace(/\\.ts$/, '.js')), js.split('require("@wsdl2ts/runtime")').join('require(' + runtime + ')'));
  }
  process.stdout.write(dir);
}, (e) => { console.error(e); process.exit(1); });
`;

/** The folder holding the transpiled modules generated for `wsdl` (index.js among them). */
function generateToDir(wsdl) {
  const dir = execFileSync(process.execPath, ['-e', SCRIPT, REPO, wsdl], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Generates in a child process, then loads the generated index module here. */
function loadGeneratedApart(wsdl) {
  return require(path.join(generateToDir(wsdl), 'index.js'));
}

module.exports = { generateToDir, loadGeneratedApart };
