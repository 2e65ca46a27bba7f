#!/usr/bin/env node
/**
 * Builds the playground into a static folder (default dist-playground/): index.html, style.css, app.js (the page),
 * worker.js (the wsdl2ts pipeline, run in a Web Worker) and tester.js (the message tester, loaded by the worker on
 * first use). esbuild bundles for the browser; the bundled schema
 * catalog and the samples are embedded at build time, so the page asks nothing of any server but its own files.
 * Output carries no absolute path or timestamp: the same sources give the same bytes.
 *
 *   node playground/build.js [--out dir] [--if-stale]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(__dirname, 'src');

/** The bundled schema copies (src/catalog/bundled), served by the in-browser host where BUNDLED_DIR says. */
function bundledCatalogModule() {
  const dir = path.join(ROOT, 'src/catalog/bundled');
  const files = {};
  for (const name of fs.readdirSync(dir).sort()) if (/\.(json|xsd)$/.test(name)) files[name] = fs.readFileSync(dir + '/' + name, 'utf8');
  return `export const BUNDLED_FILES = ${JSON.stringify(files)};`;
}

/** The sample picker's inputs: MS-WMS and one rpc/literal golden case. */
function samplesModule() {
  const read = (p) => fs.readFileSync(path.join(ROOT, p), 'utf8');
  const samples = [
    { id: 'ms-wms', label: 'MS-WMS (Work Management Service, WCF)', files: { 'ms-wms.wsdl': read('samples/ms-wms.wsdl') } },
    { id: 'rpc-literal', label: 'rpc/literal (golden case)', files: { 'rpc-literal.wsdl': read('test/golden/rpc-literal/input.wsdl') } },
  ];
  return `export const SAMPLES = ${JSON.stringify(samples)};`;
}

/**
 * The runtime's HTTP transports and HTTP server (and undici, the client's default transport) are Node-only. The
 * page never sends a request or listens, but the runtime's index exports them, so those few imports get an empty
 * module. Anything else reaching for a Node built-in fails the build: the pipeline itself must stay portable.
 */
const NODE_ONLY_IMPORTERS = new Set(['http-transport.ts', 'undici-transport.ts', 'server-body.ts', 'server-http.ts'].map((f) => path.join(ROOT, 'packages/runtime/src', f)));

/** Our replacements for Node-only modules; never a polyfill. */
const browserPlugin = {
  name: 'wsdl2ts-browser',
  setup(build) {
    build.onResolve({ filter: /^(node:.*|undici)$/ }, (a) => {
      if (!NODE_ONLY_IMPORTERS.has(a.importer)) return { errors: [{ text: `${a.path} is a Node-only module; ${path.relative(ROOT, a.importer)} must not import it in the browser build` }] };
      return { path: a.path, namespace: 'node-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    build.onResolve({ filter: /^virtual:(bundled-catalog|samples)$/ }, (a) => ({ path: a.path, namespace: 'virtual' }));
    build.onLoad({ filter: /.*/, namespace: 'virtual' }, (a) => ({ contents: a.path === 'virtual:samples' ? samplesModule() : bundledCatalogModule(), loader: 'js' }));
    // load-model's default host (the disk) is never used in the browser, where a host is always passed, except to read
    // the bundled catalog: this module serves that from the embedded copies.
    build.onResolve({ filter: /\/read\/node-host$/ }, () => ({ path: path.join(SRC, 'bundled-host.ts') }));
    // Prettier is opt-in (formatLimit 0) and the playground never asks for it.
    build.onResolve({ filter: /^prettier$/ }, () => ({ path: 'prettier', namespace: 'no-prettier' }));
    build.onLoad({ filter: /.*/, namespace: 'no-prettier' }, () => ({ contents: 'export function format() { throw new Error("prettier is not part of the playground"); }', loader: 'js' }));
  },
};

async function build(out) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    sourcemap: false,
    absWorkingDir: ROOT,
    logLevel: 'warning',
    // catalog.ts puts BUNDLED_DIR beside its module; in the browser that is a virtual folder the host serves.
    define: { __dirname: JSON.stringify('/wsdl2ts/catalog'), 'process.env.NODE_ENV': '"production"' },
    alias: { '@wsdl2ts/runtime': path.join(ROOT, 'packages/runtime/src/index.ts') },
    plugins: [browserPlugin],
    metafile: true,
  };
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: { app: path.join(SRC, 'main.ts') }, outdir: out }),
    esbuild.build({ ...common, entryPoints: { worker: path.join(SRC, 'worker.ts') }, outdir: out }),
    esbuild.build({ ...common, entryPoints: { tester: path.join(SRC, 'tester-bridge.ts') }, outdir: out }),
  ]);
  fs.copyFileSync(path.join(__dirname, 'index.html'), path.join(out, 'index.html'));
  // highlight.js's GitHub theme (BSD-3-Clause), appended to the page's own style sheet.
  const theme = fs.readFileSync(require.resolve('highlight.js/styles/github.css'), 'utf8');
  fs.writeFileSync(path.join(out, 'style.css'), `${fs.readFileSync(path.join(__dirname, 'style.css'), 'utf8')}\n${theme}`);
  return results;
}

/** Newest modification time among the inputs, to rebuild only when something changed. */
function newestInput() {
  let newest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['playground', 'src', 'packages/runtime/src', 'samples/ms-wms.wsdl', 'test/golden/rpc-literal/input.wsdl', 'package-lock.json']) walk(path.join(ROOT, p));
  return newest;
}

function isStale(out) {
  try {
    const built = Math.min(...['index.html', 'app.js', 'worker.js', 'tester.js', 'style.css'].map((f) => fs.statSync(path.join(out, f)).mtimeMs));
    return built < newestInput();
  } catch {
    return true;
  }
}

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const out = path.resolve(i >= 0 ? args[i + 1] : path.join(ROOT, 'dist-playground'));
  if (args.includes('--if-stale') && !isStale(out)) return;
  await build(out);
  for (const f of fs.readdirSync(out).sort()) console.log(`${path.relative(process.cwd(), path.join(out, f))}  ${fs.statSync(path.join(out, f)).size} bytes`);
}

module.exports = { build, isStale };
if (require.main === module) {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
