'use strict';
/**
 * Generates code for a WSDL with the built wsdl2ts (dist/) and loads it as CommonJS: the TypeScript is transpiled
 * with the typescript package and `@wsdl2ts/runtime` points at dist/runtime. For the demo and the benchmarks, which
 * run generated code without a build step of their own.
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const REPO = path.resolve(__dirname, '../..');

/** `options.runtime`: another build of the runtime to load instead of packages/runtime/dist (benchmarks compare two). */
async function loadGenerated(wsdl, options = {}) {
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
  return require(path.join(dir, 'index.js'));
}

module.exports = { loadGenerated, REPO };
