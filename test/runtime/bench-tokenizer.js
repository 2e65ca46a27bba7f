'use strict';
/**
 * Tokenizer benchmark: reported, never asserted (not a test).
 *
 *   npx tsc -p tsconfig.json && node test/runtime/bench-tokenizer.js
 *
 * Messages per second on a ~530-byte SOAP 1.1 response (MS-WMS BeginCacheRefreshResponse) and on a ~1 MB response
 * (the same result repeated, every fifth CurrentJobId nil). Each parser is measured for at least one second per round,
 * in three rounds that visit the parsers in turn (so that load from other processes hits them alike); the best round
 * is printed. Cases:
 *   (a)  XmlReader walking every element and reading every text (packages/runtime/dist, compiled from packages/runtime/src)
 *   (a') XmlReader plus a hand-written typed decoder shaped like generated code (booleans, ints, nil)
 *   (b)  saxes with xmlns: true (counts elements, collects text)
 *   (c)  node-soap's WSDL.xmlToObject (sax-based, schema-driven; what a node-soap client runs on every response),
 *        with samples/ms-wms.wsdl (a wsdl:service is added in memory: node-soap needs one to link the operations)
 *   (d)  fast-xml-parser XMLParser (no namespace processing)
 * saxes, soap and fast-xml-parser are devDependencies used here only; a missing one is reported and skipped.
 */
const path = require('node:path');
const fs = require('node:fs');

const REPO = path.resolve(__dirname, '../..');
const { XmlReader } = require(path.join(REPO, 'packages/runtime/dist/xml-reader.js'));

const S = 'http://schemas.xmlsoap.org/soap/envelope/';
const TEMPURI = 'http://tempuri.org/';
const B = 'http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function envelope(results) {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<s:Envelope xmlns:s="${S}">`,
    '<s:Body>',
    `<BeginCacheRefreshResponse xmlns="${TEMPURI}">`,
    ...results,
    '</BeginCacheRefreshResponse>',
    '</s:Body>',
    '</s:Envelope>',
  ].join('\n');
}

function result(i) {
  const id = i % 5 === 4 ? '<b:CurrentJobId i:nil="true"/>' : `<b:CurrentJobId>${i + 2}</b:CurrentJobId>`;
  return [
    `<BeginCacheRefreshResult xmlns:b="${B}" xmlns:i="${XSI}">`,
    `<b:CreatedJob>${i % 2 === 0}</b:CreatedJob>`,
    id,
    `<b:CurrentJobIdClient>${i === 0 ? 2 : 1000 + i}</b:CurrentJobIdClient>`,
    '</BeginCacheRefreshResult>',
  ].join('\n');
}

const SMALL = envelope([result(0)]); // CreatedJob=true, CurrentJobId=2, CurrentJobIdClient=2
const LARGE = (() => {
  const items = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const r = result(i);
    items.push(r);
    size += r.length + 1;
  }
  return envelope(items);
})();
const LEAF_DEPTH = 5;

// ---- (a) XmlReader: every element, every text ------------------------------------------------------------------

function readerWalk(xml) {
  const r = new XmlReader(xml);
  r.readRoot();
  let elements = 1;
  let chars = 0;
  for (;;) {
    if (r.nextChild()) {
      elements++;
      if (r.depth === LEAF_DEPTH) chars += r.readText().length;
    } else if (r.depth === 0) break;
  }
  r.end();
  return elements + chars;
}

// ---- (a') XmlReader + typed decoding shaped like generated code ------------------------------------------------

class DecodeFailure extends Error {}

function parseBoolean(s) {
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw new DecodeFailure(`not a boolean: ${s}`);
}

function parseInt32(s) {
  const n = Number(s);
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647 || s.trim() === '') throw new DecodeFailure(`not an int: ${s}`);
  return n;
}

function decodeCreateRefreshJobResult(r) {
  const o = { CreatedJob: undefined, CurrentJobId: undefined, CurrentJobIdClient: undefined, EncounteredError: undefined };
  while (r.nextChild()) {
    if (r.ns !== B) r.skip();
    else if (r.local === 'CreatedJob') o.CreatedJob = parseBoolean(r.readText());
    else if (r.local === 'CurrentJobId') {
      if (r.isNil()) {
        o.CurrentJobId = null;
        r.skip();
      } else o.CurrentJobId = parseInt32(r.readText());
    } else if (r.local === 'CurrentJobIdClient') o.CurrentJobIdClient = parseInt32(r.readText());
    else if (r.local === 'EncounteredError') o.EncounteredError = parseBoolean(r.readText());
    else r.skip();
  }
  return o;
}

function readerDecode(xml) {
  const r = new XmlReader(xml);
  r.readRoot();
  if (r.ns !== S || r.local !== 'Envelope') throw new DecodeFailure('not a SOAP 1.1 envelope');
  const results = [];
  while (r.nextChild()) {
    if (r.ns === S && r.local === 'Body') {
      while (r.nextChild()) {
        if (r.ns === TEMPURI && r.local === 'BeginCacheRefreshResponse') {
          while (r.nextChild()) {
            if (r.ns === TEMPURI && r.local === 'BeginCacheRefreshResult') results.push(r.isNil() ? (r.skip(), null) : decodeCreateRefreshJobResult(r));
            else r.skip();
          }
        } else r.skip();
      }
    } else r.skip();
  }
  r.end();
  return results.length;
}

// ---- peers ------------------------------------------------------------------------------------------------------

function optional(name) {
  try {
    return require(require.resolve(name, { paths: [REPO] }));
  } catch {
    return undefined;
  }
}

function saxesCase() {
  const saxes = optional('saxes');
  if (!saxes) return undefined;
  return (xml) => {
    const p = new saxes.SaxesParser({ xmlns: true });
    let elements = 0;
    let chars = 0;
    p.on('opentag', () => elements++);
    p.on('text', (t) => (chars += t.length));
    p.on('cdata', (t) => (chars += t.length));
    p.write(xml).close();
    return elements + chars;
  };
}

function soapCase() {
  const soap = optional('soap');
  if (!soap) return Promise.resolve(undefined);
  const file = path.join(REPO, 'samples/ms-wms.wsdl');
  let text = fs.readFileSync(file, 'utf8');
  const k = text.lastIndexOf('</wsdl:definitions>');
  text =
    text.slice(0, k) +
    '<wsdl:service name="WMS"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication">' +
    '<soap:address location="http://localhost/wms"/></wsdl:port></wsdl:service>' +
    text.slice(k);
  return new Promise((resolve) => {
    const wsdl = new soap.WSDL(text, file, {});
    wsdl.onReady((err) => {
      if (err) {
        console.error(`node-soap: WSDL not usable (${err.message}); skipped`);
        resolve(undefined);
      } else resolve((xml) => wsdl.xmlToObject(xml));
    });
  });
}

function fxpCase() {
  const fxp = optional('fast-xml-parser');
  if (!fxp) return undefined;
  const parser = new fxp.XMLParser({ ignoreAttributes: false });
  return (xml) => parser.parse(xml);
}

// ---- measurement ------------------------------------------------------------------------------------------------

function rate(fn, xml, ms) {
  let n = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  const batch = xml.length > 100_000 ? 1 : 200;
  do {
    for (let j = 0; j < batch; j++) sink += fn(xml) ? 1 : 0;
    n += batch;
    elapsed = process.hrtime.bigint() - t0;
  } while (elapsed < limit);
  if (sink < 0) console.log(sink);
  return n / (Number(elapsed) / 1e9);
}

const ROUNDS = 3;

function fmt(n) {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

async function main() {
  const small = Buffer.byteLength(SMALL);
  const large = Buffer.byteLength(LARGE);
  const cases = [
    ['(a) XmlReader: every element and text', readerWalk],
    ["(a') XmlReader + typed decode (generated-code shape)", readerDecode],
    ['(b) saxes, xmlns: true', saxesCase()],
    ['(c) node-soap WSDL.xmlToObject', await soapCase()],
    ['(d) fast-xml-parser (no namespaces)', fxpCase()],
  ];
  // Sanity: every parser accepts both messages.
  for (const [name, fn] of cases) if (fn) for (const xml of [SMALL, LARGE]) fn(xml);
  console.log(`node ${process.version}; small message ${small} bytes, large message ${large} bytes (${fmt(large / 1024 / 1024)} MiB)\n`);
  const rows = cases.map(([name]) => [name]);
  for (const [i, xml] of [SMALL, LARGE].entries()) {
    for (const [, fn] of cases) if (fn) rate(fn, xml, 300); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      cases.forEach(([, fn], k) => {
        if (fn) rows[k][i + 1] = Math.max(rows[k][i + 1] ?? 0, rate(fn, xml, 1000));
      });
    }
  }
  const saxes = rows.find((r) => r[0].startsWith('(b)'));
  const ratio = (v, i) => (saxes && saxes[i] ? `${(v / saxes[i]).toFixed(2)}×` : 'n/a');
  console.log(`| parser | small msg/s | vs saxes | large msg/s | large MB/s | vs saxes |`);
  console.log(`|---|---:|---:|---:|---:|---:|`);
  for (const [name, s, l] of rows) {
    if (s === undefined) console.log(`| ${name} | not installed | | | | |`);
    else console.log(`| ${name} | ${fmt(s)} | ${ratio(s, 1)} | ${fmt(l)} | ${fmt((l * large) / 1e6)} | ${ratio(l, 2)} |`);
  }
  const soap = rows.find((r) => r[0].startsWith('(c)'));
  const typed = rows.find((r) => r[0].startsWith("(a')"));
  if (soap && soap[1] && typed) console.log(`\nXmlReader + typed decode vs node-soap: ${(typed[1] / soap[1]).toFixed(1)}× (small), ${(typed[2] / soap[2]).toFixed(1)}× (large)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
