'use strict';
/**
 * Generates code for a WSDL with the built wsdl2ts (dist/) and loads it as CommonJS: the TypeScript is transpiled
 * with the typescript package and `@wsdl2ts/runtime` points at packages/runtime/dist. For the demo and the benchmarks, which
 * run generated code without a build step of their own.
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const REPO = path.resolve(__dirname, '../..');

/**
 * Generates and transpiles into a fresh temporary folder and returns it (`<dir>/index.js` is the entry).
 * `options.runtime`: another build of the runtime for the code to import instead of packages/runtime/dist
 * (benchmarks compare two).
 */
async function writeGenerated(wsdl, options = {}) {
  const ts = require('typescript');
  const { generate } = require(path.join(REPO, 'dist/generate/generate.js'));
  const { runtime: runtimeFile, ...generateOptions } = options;
  const files = await generate({ input: wsdl, ...generateOptions });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsdl2ts-generated-'));
  const runtime = JSON.stringify(runtimeFile ?? path.join(REPO, 'packages/runtime/dist/index.js'));
  for (const f of files) {
    const js = ts.transpileModule(f.text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    fs.writeFileSync(path.join(dir, f.path.replace(/\.ts$/, '.js')), js.split('require("@wsdl2ts/runtime")').join(`require(${runtime})`));
  }
  return dir;
}

async function loadGenerated(wsdl, options = {}) {
  return require(path.join(await writeGenerated(wsdl, options), 'index.js'));
}

/**
 * For benchmarks: writes the generated code from a child process, so that the calling process never loads the
 * generator (typescript, prettier, ts-morph: a heap of hundreds of MB whose garbage collection would be charged to
 * whatever the process measures), and returns the folder.
 */
function writeGeneratedApart(wsdl, options = {}) {
  const { execFileSync } = require('node:child_process');
  const script = `require(${JSON.stringify(__filename)}).writeGenerated(${JSON.stringify(wsdl)}, ${JSON.stringify(options)}).then((d) => process.stdout.write(d))`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

module.exports = { loadGenerated, writeGenerated, writeGeneratedApart, REPO };
