'use strict';
/**
 * MTOM/XOP benchmark (reported, never asserted). CPU time per operation (process.cpuUsage), best of 3 rounds of at
 * least 0.5 s each, on the same messages in the same run:
 *
 *   decode  the same DownloadResponse (a Name and a base64Binary Data of 1 KiB … 8 MiB) read by the runtime from an
 *           MTOM/XOP package (multipart reader + envelope + xop:Include resolved to the part's bytes) and from a plain
 *           message with the bytes inline in base64: ratio MTOM / inline.
 *   split   the multipart/related split alone: the runtime's readMultipartRelated against node-soap's parseMTOMResp
 *           (formidable's MultipartParser; what a node-soap client runs on an MTOM response, without XOP resolution):
 *           ratio wsdl2ts / node-soap.
 *
 * Needs the built runtime (npm run build). The machine may be shared: compare ratios, not absolute times.
 */
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));
const { parseMTOMResp } = require('soap/lib/utils');

const NS = 'urn:example:files';
const XOP = 'http://www.w3.org/2004/08/xop/include';
const BOUNDARY = 'uuid:5d1c0e4e-7b4f-4a8e-9a2b-1f3c7a0b9d21+id=2';
const schema = rt.schema({ ns: ['', NS], types: { R: { content: { seq: [{ el: 'Name', ns: 1, type: 'xs:string' }, { el: 'Data', ns: 1, type: 'xs:base64Binary' }] } } } });
const codec = schema.element(1, 'DownloadResponse', 'R');
const LIMITS = { maxBytes: 64 * 1024 * 1024, maxStringLength: 64 * 1024 * 1024 };

function messages(size) {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 255;
  const inline = Buffer.from(`<DownloadResponse xmlns="${NS}"><Name>report.pdf</Name><Data>${data.toString('base64')}</Data></DownloadResponse>`);
  const root = `<DownloadResponse xmlns="${NS}"><Name>report.pdf</Name><Data><xop:Include href="cid:http%3A%2F%2Ftempuri.org%2F1" xmlns:xop="${XOP}"/></Data></DownloadResponse>`;
  const mtom = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-ID: <http://tempuri.org/0>\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: application/xop+xml;charset=utf-8;type="text/xml"\r\n\r\n${root}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-ID: <http://tempuri.org/1>\r\nContent-Transfer-Encoding: binary\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const contentType = `multipart/related; type="application/xop+xml";start="<http://tempuri.org/0>";boundary="${BOUNDARY}";start-info="text/xml"`;
  return { data, inline, mtom, contentType };
}

function decodeInline(m) {
  const r = rt.XmlReader.fromBytes(m.inline, LIMITS);
  r.readRoot();
  return codec.decode(r, '/DownloadResponse');
}

function decodeMtom(m) {
  const pkg = rt.readSoapPackage(m.mtom, m.contentType, { maxBytes: 64 * 1024 * 1024 });
  const r = rt.XmlReader.fromBytes(pkg.envelope, LIMITS);
  r.xop = pkg.xop;
  r.readRoot();
  return codec.decode(r, '/DownloadResponse');
}

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Best CPU µs per call of each case over 3 rounds of >= 0.5 s, cases visited in turn. */
async function measure(cases) {
  const best = cases.map(() => Infinity);
  for (let round = 0; round < 3; round++) {
    for (let c = 0; c < cases.length; c++) {
      const f = cases[c];
      let n = 0;
      const t0 = cpu();
      let t = t0;
      while (t - t0 < 500_000) {
        await f();
        n++;
        t = cpu();
      }
      best[c] = Math.min(best[c], (t - t0) / n);
    }
  }
  return best;
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);

async function main() {
  console.log('MTOM/XOP (CPU per operation, best of 3; ratios from the same run)');
  for (const size of [1024, 64 * 1024, 1024 * 1024, 8 * 1024 * 1024]) {
    const m = messages(size);
    if (!Buffer.from(decodeMtom(m).Data).equals(m.data) || !Buffer.from(decodeInline(m).Data).equals(m.data)) throw new Error('the two decodings differ');
    const split = () => new Promise((resolve, reject) => parseMTOMResp(m.mtom, BOUNDARY, (err, resp) => (err ? reject(err) : resolve(resp))));
    const [inline, mtom, ours, nodeSoap] = await measure([() => decodeInline(m), () => decodeMtom(m), () => rt.readMultipartRelated(m.mtom, m.contentType, { maxBytes: 64 * 1024 * 1024 }), split]);
    const kib = `${size / 1024} KiB`.padStart(9);
    console.log(`  ${kib}  decode: inline base64 ${fmt(inline)}, MTOM/XOP ${fmt(mtom)} (MTOM/inline ${(mtom / inline).toFixed(2)})   split: wsdl2ts ${fmt(ours)}, node-soap ${fmt(nodeSoap)} (wsdl2ts/node-soap ${(ours / nodeSoap).toFixed(2)})`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
