'use strict';
/**
 * The generated MS-WMS and EWS (MS-OXWS) element decoders, loaded through the public API (generate() + transpile,
 * samples/lib/load-generated.js). The input's root element picks the codec. Oracle: decoding throws only
 * DecodeError/XmlSyntaxError, or returns a value that encodes without error to XML the decoder accepts again, and
 * that second value encodes to the same XML (encode ∘ decode is stable after one round).
 */
const path = require('node:path');
const { Defect } = require('../engine');
const { REPO, CORPUS, wireSamples, bodyElements, dictionaryOf } = require('../seeds');
const fs = require('node:fs');
const { generateToDir } = require('../generated');

const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));

const WSDLS = [
  ['ms-wms', path.join(REPO, 'test/golden/ms-wms/input.wsdl')],
  ['ews', path.join(CORPUS, 'ms-openspecs-exchange/EWSStack-MS-OXWS/EWSStack.wsdl')],
];

const isCodec = (v) => v && typeof v === 'object' && typeof v.ns === 'string' && typeof v.local === 'string' && typeof v.decode === 'function' && typeof v.toXml === 'function';

let codecs;
const outcomes = new Map();
let roundTrips = 0;

function decode(codec, xml) {
  return rt.decodeXml(codec, xml);
}

function run(input) {
  let r;
  let codec;
  try {
    r = new rt.XmlReader(input);
    r.readRoot();
    codec = codecs.get(`{${r.ns}}${r.local}`);
  } catch (e) {
    if (e instanceof rt.XmlSyntaxError) return 'syntax';
    throw new Defect(`reading the root: unexpected ${e && e.name}: ${e && e.message}`);
  }
  if (!codec) return 'no-codec';
  let value;
  try {
    value = decode(codec, input);
  } catch (e) {
    if (e instanceof rt.DecodeError || e instanceof rt.XmlSyntaxError) {
      const kind = `${e.name}:${codec.local}:${e.message.replace(/\d+|'[^']*'|"[^"]*"|\{[^}]*\}|\/\S*/g, '').slice(0, 50)}`;
      outcomes.set(e.name, (outcomes.get(e.name) ?? 0) + 1);
      return kind;
    }
    throw new Defect(`decoding {${codec.ns}}${codec.local}: unexpected ${e && e.name}: ${e && e.message}`);
  }
  outcomes.set('decoded', (outcomes.get('decoded') ?? 0) + 1);
  let xml1;
  try {
    xml1 = codec.toXml(value, `/${codec.local}`);
  } catch (e) {
    throw new Defect(`{${codec.ns}}${codec.local}: a decoded value does not encode: ${e && e.name}: ${e && e.message}`);
  }
  let value2;
  try {
    value2 = decode(codec, xml1);
  } catch (e) {
    throw new Defect(`{${codec.ns}}${codec.local}: the decoder refuses what the encoder wrote for a decoded value: ${e && e.name}: ${e && e.message}\n  encoded: ${xml1.slice(0, 400)}`);
  }
  let xml2;
  try {
    xml2 = codec.toXml(value2, `/${codec.local}`);
  } catch (e) {
    throw new Defect(`{${codec.ns}}${codec.local}: a re-decoded value does not encode: ${e && e.message}`);
  }
  if (xml2 !== xml1) throw new Defect(`{${codec.ns}}${codec.local}: encode(decode(x)) is not stable:\n  first:  ${xml1.slice(0, 300)}\n  second: ${xml2.slice(0, 300)}`);
  roundTrips++;
  return `decoded:${codec.local}`;
}

async function target() {
  codecs = new Map();
  const names = [];
  /** Element and attribute names the generated decoders compare against: mutation tokens. */
  const literals = new Set();
  for (const [label, wsdl] of WSDLS) {
    const dir = generateToDir(wsdl);
    const mod = require(path.join(dir, 'index.js'));
    const source = fs.readFileSync(path.join(dir, 'serializers.js'), 'utf8');
    for (const m of source.matchAll(/'([A-Za-z_][\w.-]{0,60})'/g)) if (literals.size < 6000) literals.add(m[1]);
    for (const v of Object.values(mod)) {
      if (isCodec(v) && !codecs.has(`{${v.ns}}${v.local}`)) {
        codecs.set(`{${v.ns}}${v.local}`, v);
        names.push(v.local);
      }
    }
    if (![...codecs.values()].length) throw new Error(`no element codecs found in the code generated for ${label}`);
  }
  const wire = wireSamples().flatMap((w) => bodyElements(w.body));
  // One minimal document per codec: the empty element, and the element with an empty child per field name seen.
  const minimal = [...codecs.values()].map((c) => `<p:${c.local} xmlns:p="${c.ns}"/>`);
  // What the encoders write for the simplest values (an empty object, null, '', 0, true): valid documents to start from.
  for (const c of codecs.values()) {
    for (const v of [{}, null, '', 0, true]) {
      try {
        minimal.push(c.toXml(v, `/${c.local}`));
      } catch {
        // Not a value of this type.
      }
    }
  }
  const seeds = [...wire, ...minimal];
  return {
    name: 'decoders',
    include: /(packages\/runtime\/dist\/|wsdl2ts-fuzz-generated-)/,
    seeds,
    dict: dictionaryOf(wire, [...new Set([...names, ...literals])].concat(['xsi:nil="true"', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', 'xsi:type="', 'true', 'false', '2024-01-02T03:04:05Z', 'P1D', '-INF', 'AAAA', '</', '/>', '<![CDATA[', '&#', '&amp;'])),
    maxLen: 16 * 1024,
    run,
    stats: () => ({ codecs: codecs.size, outcomes: Object.fromEntries(outcomes), stableRoundTrips: roundTrips }),
  };
}

module.exports = { target };
