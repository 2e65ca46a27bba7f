'use strict';
/**
 * The MTOM/XOP reader over arbitrary bytes: the multipart/related framing (mime-multipart.ts), the package
 * (xop.ts readSoapPackage) and the xop:Include resolution while a schema codec decodes the root part. An input is a
 * Content-Type line and the body after it (both mutated). Oracles: the only exceptions are DecodeError and
 * XmlSyntaxError; reading is deterministic (the same input, twice, the same outcome); every base64Binary value is a
 * plain Uint8Array, never a view of the body; no hang (the watchdog). (That included bytes equal inline ones is the
 * unit tests' business: test/runtime/xop.test.ts.)
 */
const path = require('node:path');
const { Defect } = require('../engine');
const { REPO, dictionaryOf } = require('../seeds');

const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));

const NS = 'urn:example:files';
const XOP = 'http://www.w3.org/2004/08/xop/include';
const schema = rt.schema({
  ns: ['', NS],
  types: {
    Short: { atomic: 'xs:base64Binary', facets: { maxLength: 8 } },
    Blob: { text: 'xs:base64Binary', attrs: [{ attr: 'contentType', type: 'xs:string' }] },
    R: {
      content: {
        seq: [
          { el: 'Name', ns: 1, type: 'xs:string', min: 0 },
          { el: 'Data', ns: 1, type: 'xs:base64Binary', min: 0, max: -1 },
          { el: 'Hex', ns: 1, type: 'xs:hexBinary', min: 0 },
          { el: 'Small', ns: 1, type: 'Short', min: 0 },
          { el: 'Extra', ns: 1, type: 'Blob', min: 0, max: 3 },
          { el: 'Any', ns: 1, type: 'xs:anyType', min: 0 },
        ],
      },
    },
  },
});
const codec = schema.element(1, 'R', 'R');

function pkg(root, parts, boundary = 'uuid:1+id=2', eol = '\r\n') {
  let s = `--${boundary}${eol}Content-ID: <root@x>${eol}Content-Type: application/xop+xml; charset=utf-8; type="text/xml"${eol}${eol}${root}${eol}`;
  for (const [id, body, cte] of parts) s += `--${boundary}${eol}Content-ID: <${id}>${eol}Content-Transfer-Encoding: ${cte ?? 'binary'}${eol}${eol}${body}${eol}`;
  return `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<root@x>"; start-info="text/xml"\n${s}--${boundary}--${eol}`;
}
const inc = (id) => `<xop:Include xmlns:xop="${XOP}" href="cid:${id}"/>`;
const bin = String.fromCharCode(...Array.from({ length: 64 }, (_, i) => (i * 37) & 255));

function decode(input) {
  const nl = input.indexOf('\n');
  const contentType = nl < 0 ? input : input.slice(0, nl);
  const body = Buffer.from(nl < 0 ? '' : input.slice(nl + 1), 'latin1');
  const p = rt.readSoapPackage(body, contentType, { maxParts: 50, maxHeaderBytes: 2048, maxBytes: 256 * 1024 });
  const r = rt.XmlReader.fromBytes(p.envelope, { maxBytes: 64 * 1024, maxStringLength: 64 * 1024 });
  r.xop = p.xop;
  r.readRoot();
  const value = codec.decode(r, '/R');
  r.end();
  return { p, value };
}

function outcome(input) {
  try {
    const { p, value } = decode(input);
    for (const d of [...(value.Data ?? []), ...(value.Extra ?? []).map((e) => e.$value)]) {
      if (Object.getPrototypeOf(d) !== Uint8Array.prototype || d.byteOffset !== 0 || d.buffer.byteLength !== d.length) throw new Defect('a base64Binary value is not a plain Uint8Array of its own');
    }
    return `ok:${(value.Data ?? []).length}:${p.multipart.parts.length}`;
  } catch (e) {
    if (e instanceof Defect) throw e;
    if (e instanceof rt.DecodeError) return `decode:${e.message.replace(/\d+|"[^"]*"|<[^>]*>|'[^']*'/g, '').slice(0, 60)}`;
    if (e instanceof rt.XmlSyntaxError) return `syntax:${e.kind}`;
    throw new Defect(`unexpected ${e && e.name}: ${e && e.message}`);
  }
}

const outcomes = new Map();

function run(input) {
  const a = outcome(input);
  const b = outcome(input);
  if (a !== b) throw new Defect(`not deterministic: ${a} / ${b}`);
  const kind = a.split(':')[0];
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  return a;
}

function target() {
  const seeds = [
    pkg(`<R xmlns="${NS}"><Name>a</Name><Data>${inc('d@x')}</Data><Data>AQID</Data><Extra contentType="t">${inc('e@x')}</Extra></R>`, [['d@x', bin], ['e@x', 'abc']]),
    pkg(`<R xmlns="${NS}"><Hex>${inc('h@x')}</Hex><Small>${inc('s@x')}</Small></R>`, [['h@x', bin.slice(0, 5)], ['s@x', bin.slice(0, 9)]], 'b', '\n'),
    pkg(`<R xmlns="${NS}"><Data>${inc('cid%40x')}</Data><Any>${inc('a@x')}</Any></R>`, [['cid@x', 'AAEC', 'base64'], ['a@x', 'x=3Dy', 'quoted-printable']]),
    pkg(`<R xmlns="${NS}"><Name>${inc('d@x')}</Name></R>`, [['d@x', bin]]),
    'multipart/related; boundary=MIME_boundary; type=text/xml;\n\n--MIME_boundary\nContent-Type: text/xml; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n<R xmlns="urn:example:files"><Data>AAEC</Data></R>\n--MIME_boundary\nContent-Type: image/tiff\n\n...binary data...\n--MIME_boundary--\n',
  ];
  return {
    name: 'mtom',
    include: /packages\/runtime\/dist\/(mime-multipart|xop|xml-reader)\.js$/,
    encoding: 'latin1',
    seeds,
    dict: dictionaryOf(seeds, ['--', '\r\n', '\n\n', 'Content-ID: <', 'Content-Type: ', 'Content-Transfer-Encoding: base64', 'boundary=', 'start=', 'type="application/xop+xml"', 'start-info=', 'cid:', '%40', '%', 'xop:Include', XOP, '<xop:Include href="cid:d@x"/>', '\t', ' ']),
    maxLen: 16 * 1024,
    run,
    stats: () => ({ outcomes: Object.fromEntries(outcomes) }),
  };
}

module.exports = { target };
