'use strict';
/**
 * The generator (dist/generate's generateWithDiagnostics) over mutated WSDLs. Prettier, ~99% of generate()'s time on
 * these inputs, is replaced by the identity in the loop and run for real on the sampled outputs (a syntax error in
 * emitted code makes it throw). The mutated text replaces the input file in an in-memory host that reads every other
 * file (imports) from disk, so a corpus WSDL keeps its neighbours. Oracle: generation never throws; no output comes
 * with at least one error diagnostic (it explains why); every diagnostic has a catalogued code and a position; and a
 * sample of the outputs (the 1st, then every 40th) compiles with tsc --strict.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Defect } = require('../engine');
const { REPO, goldenWsdls, corpusFiles, dictionaryOf } = require('../seeds');

let generateWithDiagnostics;
let realFormat;
let CATALOGUE;
let nodeHost;
let ts;
const counts = { generated: 0, refused: 0, compiled: 0, compileSeconds: 0 };
const codes = new Map();
/** Which real file each seed stands for (mutants inherit it through the input's first line marker). */
let inputPath;

/** The host: `input` for the WSDL's own path, the disk for the rest. */
function hostFor(file, text) {
  return {
    readFile: async (p) => (p === file ? text : nodeHost.readFile(p)),
    realPath: async (p) => (p === file ? p : nodeHost.realPath(p)),
    listDir: (p) => nodeHost.listDir(p),
  };
}

/** Type-checks generated files with --strict against the runtime's declarations; returns the error texts. */
function compile(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsdl2ts-fuzz-compile-'));
  try {
    const names = files.map((f) => {
      const p = path.join(dir, f.path);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, f.text);
      return p;
    });
    const options = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [path.join(REPO, 'node_modules/@types')],
      skipLibCheck: true,
      baseUrl: REPO,
      paths: { '@wsdl2ts/runtime': ['packages/runtime/dist/index.d.ts'] },
    };
    const program = ts.createProgram(names, options);
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => `${d.file ? path.relative(dir, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function run(input) {
  let result;
  try {
    result = await generateWithDiagnostics({ input: inputPath, host: hostFor(inputPath, input), limits: { maxBytes: 1024 * 1024 } });
  } catch (e) {
    throw new Defect(`generateWithDiagnostics threw ${e && e.name}: ${e && e.message}`);
  }
  const diags = result.diagnostics;
  for (const d of diags) {
    if (!Object.prototype.hasOwnProperty.call(CATALOGUE, d.code)) throw new Defect(`a diagnostic with an uncatalogued code ${d.code}: ${d.message}`);
    if (!d.file || !(d.line >= 0) || !(d.column >= 0)) throw new Defect(`${d.code} without a position: ${JSON.stringify(d).slice(0, 200)}`);
    codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
  }
  const errors = diags.filter((d) => d.severity === 'error');
  if (!result.files.length) {
    if (!errors.length) throw new Defect(`no output and no error diagnostic (${diags.map((d) => d.code).join(', ') || 'none at all'})`);
    counts.refused++;
    return `refused:${errors[0].code}`;
  }
  counts.generated++;
  if (counts.generated % 40 === 1) {
    const t0 = Date.now();
    const formatted = [];
    for (const f of result.files) {
      try {
        formatted.push({ path: f.path, text: await realFormat(f.text) });
      } catch (e) {
        throw new Defect(`prettier cannot parse the emitted ${f.path}: ${String(e && e.message).slice(0, 300)}`);
      }
    }
    const problems = compile(formatted);
    counts.compileSeconds += (Date.now() - t0) / 1000;
    counts.compiled++;
    if (problems.length) throw new Defect(`the output does not compile (diagnostics: ${diags.map((d) => d.code).join(', ') || 'none'}):\n  ${problems.slice(0, 5).join('\n  ')}`);
  }
  return `generated:${diags.map((d) => d.code).sort().join(',')}`;
}

async function target() {
  ts = require(require.resolve('typescript', { paths: [REPO] }));
  const prettier = require(require.resolve('prettier', { paths: [REPO] }));
  const { format } = require(path.join(REPO, 'dist/generate/generate.js'));
  const identity = async (text) => text;
  const original = prettier.format;
  realFormat = async (text) => {
    prettier.format = original;
    try {
      return await format(text);
    } finally {
      prettier.format = identity;
    }
  };
  prettier.format = identity;
  ({ generateWithDiagnostics } = require(path.join(REPO, 'dist/generate/generate.js')));
  ({ CATALOGUE } = require(path.join(REPO, 'dist/diagnostics/catalogue.js')));
  ({ nodeHost } = require(path.join(REPO, 'dist/read/node-host.js')));
  // Mutants of every seed are read as if they were the first golden's input: imports of corpus WSDLs then fail to
  // resolve (a diagnostic), which the generator must report as well as anything else.
  const golden = goldenWsdls();
  inputPath = golden[0][0];
  const corpus = corpusFiles({ max: 40, maxBytes: 12 * 1024, ext: /\.wsdl$/i });
  const seeds = [...golden, ...corpus].map(([, t]) => t);
  return {
    name: 'generator',
    include: /\/dist\/(?!.*node_modules)/,
    seeds,
    dict: dictionaryOf(seeds.slice(0, 12), ['xs:complexType', 'xs:simpleType', 'xs:sequence', 'xs:choice', 'xs:all', 'xs:any', 'xs:anyAttribute', 'xs:extension base="', 'xs:restriction base="', 'xs:element name="', 'ref="', 'type="', 'maxOccurs="unbounded"', 'minOccurs="0"', 'nillable="true"', 'abstract="true"', 'substitutionGroup="', 'mixed="true"', 'xs:list itemType="', 'xs:union memberTypes="', 'xs:import namespace="', 'schemaLocation="', 'xs:include', 'xs:group', 'xs:attributeGroup', 'wsdl:import', 'soap12:', 'soap:header', 'use="encoded"', 'style="rpc"', '__proto__', 'constructor', 'xs:string', 'xs:int', 'xs:QName', 'xs:base64Binary', 'xs:dateTime', '*/', '${', '`', '\\u2028']),
    maxLen: 48 * 1024,
    // A sampled run includes prettier and a tsc --strict program (seconds each, many more on a loaded machine).
    slowMs: 60_000,
    hangMs: 180_000,
    run,
    stats: () => ({ ...counts, compileSeconds: Number(counts.compileSeconds.toFixed(1)), diagnostics: Object.fromEntries([...codes].sort((a, b) => b[1] - a[1]).slice(0, 30)) }),
  };
}

module.exports = { target };
