'use strict';
/**
 * Seed corpora, read where they live (never copied into the project): the goldens' WSDLs, ../shared/corpus
 * (relative to the repository root; WSDL2TS_SHARED or WSDL2TS_CORPUS override it) and the captured client requests in
 * ../shared/reference/client-wire-samples.md.
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const SHARED = path.resolve(process.env.WSDL2TS_SHARED || path.resolve(REPO, '../shared'));
const CORPUS = process.env.WSDL2TS_CORPUS || path.join(SHARED, 'corpus');
const WIRE = path.join(SHARED, 'reference/client-wire-samples.md');

function need(file) {
  if (!fs.existsSync(file)) throw new Error(`seed source missing: ${file} (the fuzzers read ../shared beside the checkout; set WSDL2TS_SHARED to its folder)`);
  return file;
}

/** The golden cases' input WSDLs: [path, text]. */
function goldenWsdls() {
  const dir = path.join(REPO, 'test/golden');
  return fs
    .readdirSync(dir)
    .map((c) => path.join(dir, c, 'input.wsdl'))
    .filter((f) => fs.existsSync(f))
    .map((f) => [f, fs.readFileSync(f, 'utf8')]);
}

/** Corpus WSDL/XSD files listed in MANIFEST.tsv, smallest first, at most `max` of them and `maxBytes` each. */
function corpusFiles({ max = 200, maxBytes = 64 * 1024, ext = /\.(wsdl|xsd)$/i } = {}) {
  const manifest = fs.readFileSync(need(path.join(CORPUS, 'MANIFEST.tsv')), 'utf8').split('\n').slice(1);
  const files = new Set();
  for (const line of manifest) {
    const [group, name, , inRepo] = line.split('\t');
    if (!group || !inRepo) continue;
    const f = path.join(CORPUS, group, name, path.basename(inRepo));
    if (ext.test(f) && fs.existsSync(f)) files.add(f);
  }
  return [...files]
    .map((f) => [f, fs.statSync(f).size])
    .filter(([, size]) => size <= maxBytes)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([f]) => [f, fs.readFileSync(f, 'utf8')]);
}

/** The captured requests: { name, requestLine, headers: [name, value][], body }. */
function wireSamples() {
  const text = fs.readFileSync(need(WIRE), 'utf8');
  const out = [];
  const re = /\*\*([^*]+)\*\* — `([^`]+)`\n```\n([\s\S]*?)\n```/g;
  for (const m of text.matchAll(re)) {
    const block = m[3];
    const split = block.indexOf('\n\n');
    const head = split < 0 ? block : block.slice(0, split);
    const body = split < 0 ? '' : block.slice(split + 2);
    const headers = head
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
    out.push({ name: m[1], requestLine: m[2], headers, body });
  }
  if (!out.length) throw new Error(`no requests found in ${WIRE}`);
  return out;
}

/** The elements directly inside soap:Body of a request or response, with the namespace declarations in scope. */
function bodyElements(envelopeXml) {
  const m = /<([\w.-]+:)?Body[^>]*>([\s\S]*)<\/([\w.-]+:)?Body>/.exec(envelopeXml);
  if (!m) return [];
  const decls = [...envelopeXml.slice(0, m.index).matchAll(/\sxmlns(?::[\w.-]+)?="[^"]*"/g)].map((d) => d[0]).join('');
  const inner = m[2].trim();
  const open = /^<([\w.:-]+)/.exec(inner);
  if (!open) return [];
  return [inner.replace(/^<([\w.:-]+)/, `<$1${decls}`).replace(/(\sxmlns(?::[\w.-]+)?="[^"]*")(?=[^>]*\1)/g, '')];
}

/** Words of a text worth inserting as mutation tokens: element and attribute names, namespace URIs, keywords. */
function dictionaryOf(texts, extra = []) {
  const words = new Set(extra);
  for (const t of texts) {
    for (const m of t.matchAll(/<\/?([\w.:-]{1,60})|\s([\w.:-]{1,60})=|"(https?:[^"\s]{1,120}|urn:[^"\s]{1,120})"/g)) words.add(m[1] ?? m[2] ?? m[3]);
    if (words.size > 4000) break;
  }
  return [...words].filter(Boolean);
}

module.exports = { REPO, CORPUS, goldenWsdls, corpusFiles, wireSamples, bodyElements, dictionaryOf };
