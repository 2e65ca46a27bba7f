'use strict';
/**
 * Codec benchmark (reported, never asserted): the generated serializers against node-soap's parser, on the same
 * messages in the same run, plus the tokenizers alone.
 *
 * Messages:
 *   small  the spec's BeginCacheRefreshResponse in a SOAP 1.1 envelope (MS-WMS, ~530 bytes)
 *   large  a Bing Ads GetCampaignsByAccountIdResponse of > 1 MB (corpus WSDL ms-wcf-bingads campaignmanagement)
 * Decoders:
 *   wsdl2ts  XmlReader walking the envelope + the generated element decoder (validating, typed values)
 *   node-soap  WSDL.xmlToObject, what a node-soap client runs on every response
 *   XmlReader alone / saxes (xmlns) alone: the tokenizers with no decoding, for scale
 * Encoders: the generated element encoder vs node-soap's objectToDocumentXML for the same value.
 * Each case runs 3 rounds of >= 1 s of CPU time, visiting the cases in turn; the best round is kept.
 */
const path = require('node:path');
const fs = require('node:fs');

const REPO = path.resolve(__dirname, '../..');
const CORPUS = process.env.WSDL2TS_CORPUS || path.resolve(REPO, '../shared/corpus');
const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));
const { generate } = require(path.join(REPO, 'dist/generate/generate.js'));

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Generated serializers for a WSDL, loaded as CommonJS. */
async function loadGenerated(wsdl) {
  return (await require('../../samples/lib/load-generated').loadGenerated(wsdl));
}

/** Reads a SOAP 1.1 envelope and decodes its single body element with `codec`. */
function decodeEnvelope(codec, xml) {
  const r = new rt.XmlReader(xml, { maxBytes: 64 * 1024 * 1024, maxElements: 10_000_000 });
  r.readRoot();
  let value;
  while (r.nextChild()) {
    if (r.ns === SOAP11 && r.local === 'Body') {
      while (r.nextChild()) {
        if (r.ns !== codec.ns || r.local !== codec.local) throw new Error(`unexpected ${r.local}`);
        value = codec.decode(r, '/Envelope/Body/' + r.local);
      }
    } else r.skip();
  }
  r.end();
  return value;
}

function envelope(body) {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP11}"><s:Body>${body}</s:Body></s:Envelope>`;
}

function nodeSoap(wsdlFile, addService) {
  let soap;
  try {
    soap = require('soap');
  } catch {
    return Promise.resolve(undefined);
  }
  let text = fs.readFileSync(wsdlFile, 'utf8');
  if (addService) {
    const k = text.lastIndexOf('</wsdl:definitions>');
    text = text.slice(0, k) + addService + text.slice(k);
  }
  return new Promise((resolve) => {
    const wsdl = new soap.WSDL(text, wsdlFile, {});
    wsdl.onReady((err) => resolve(err ? undefined : wsdl));
  });
}

/** Operations per second of CPU time (user + system) of this process: on a shared machine, wall time also counts
 * the time other processes hold the cores. */
function rate(fn, ms) {
  let n = 0;
  const c0 = process.cpuUsage();
  const limit = ms * 1000;
  let elapsed = 0;
  let batch = 1;
  do {
    // The clock is read once per batch (a system call would weigh on a 3 µs operation); batches grow to >= 20 ms.
    for (let i = 0; i < batch; i++) fn();
    n += batch;
    const c = process.cpuUsage(c0);
    if (c.user + c.system - elapsed < 20_000) batch *= 2;
    elapsed = c.user + c.system;
  } while (elapsed < limit);
  return n / (elapsed / 1e6);
}

function best(cases, rounds = 3) {
  for (const c of cases) if (c.fn) rate(c.fn, 300);
  for (let i = 0; i < rounds; i++) for (const c of cases) if (c.fn) c.rate = Math.max(c.rate ?? 0, rate(c.fn, 1000));
}

function fmt(n) {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

async function main() {
  const wms = await loadGenerated(path.join(REPO, 'samples/ms-wms.wsdl'));
  const bingFile = path.join(CORPUS, 'ms-wcf-bingads/bingads-v13-campaignmanagement_service/campaignmanagement_service.wsdl');
  const bing = fs.existsSync(bingFile) ? await loadGenerated(bingFile) : undefined;

  const smallValue = { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } };
  const small = envelope(rt.encodeXml(wms.BeginCacheRefreshResponseElement, smallValue));
  const largeValue = { Campaigns: [] };
  for (let i = 0; i < 2600; i++) {
    largeValue.Campaigns.push({
      BudgetType: 'DailyBudgetStandard',
      DailyBudget: 50 + i,
      EndDate: null,
      Id: String(100000 + i),
      Name: `Campaign number ${i} & friends <${i % 7}>`,
      Status: i % 3 ? 'Active' : 'Paused',
      TimeZone: 'PacificTimeUSCanadaTijuana',
      TrackingUrlTemplate: null,
      CampaignType: ['Search'],
      Languages: ['English', 'French'],
    });
  }
  const large = bing ? envelope(rt.encodeXml(bing.GetCampaignsByAccountIdResponseElement, largeValue)) : undefined;

  const wmsSoap = await nodeSoap(
    path.join(REPO, 'samples/ms-wms.wsdl'),
    '<wsdl:service name="WMS"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication"><soap:address location="http://localhost/wms"/></wsdl:port></wsdl:service>',
  );
  const bingSoap = bing ? await nodeSoap(bingFile) : undefined;
  let saxes;
  try {
    saxes = require('saxes');
  } catch {
    saxes = undefined;
  }
  const saxesParse = (xml) => {
    const p = new saxes.SaxesParser({ xmlns: true });
    let n = 0;
    p.on('opentag', () => n++);
    p.write(xml).close();
    return n;
  };
  const readerWalk = (xml) => {
    const r = new rt.XmlReader(xml, { maxBytes: 64 * 1024 * 1024, maxElements: 10_000_000 });
    r.readRoot();
    // skip() still tokenizes and checks everything (well-formedness, namespaces, limits); it builds no values.
    r.skip();
    r.end();
    return r;
  };

  // Sanity: both decoders agree on the small message's values.
  const ours = decodeEnvelope(wms.BeginCacheRefreshResponseElement, small);
  if (JSON.stringify(ours) !== JSON.stringify(smallValue)) throw new Error(`decode mismatch: ${JSON.stringify(ours)}`);

  const sections = [
    ['small (MS-WMS BeginCacheRefreshResponse)', small, wms.BeginCacheRefreshResponseElement, smallValue, wmsSoap, 'BeginCacheRefreshResponse', 'http://tempuri.org/'],
    ['large (Bing Ads GetCampaignsByAccountIdResponse)', large, bing?.GetCampaignsByAccountIdResponseElement, largeValue, bingSoap, 'GetCampaignsByAccountIdResponse', 'https://bingads.microsoft.com/CampaignManagement/v13'],
  ];
  console.log(`node ${process.version}`);
  for (const [title, xml, codec, value, soapWsdl, soapName, soapNs] of sections) {
    if (!xml) {
      console.log(`\n${title}: corpus WSDL missing, skipped`);
      continue;
    }
    const decode = [
      { name: 'wsdl2ts generated decoder (envelope + typed, validating)', fn: () => decodeEnvelope(codec, xml) },
      { name: 'node-soap WSDL.xmlToObject', fn: soapWsdl ? () => soapWsdl.xmlToObject(xml) : undefined },
      { name: 'XmlReader alone (tokenizer, no decoding)', fn: () => readerWalk(xml) },
      { name: 'saxes alone (xmlns, no decoding)', fn: saxes ? () => saxesParse(xml) : undefined },
    ];
    const encode = [
      { name: 'wsdl2ts generated encoder', fn: () => rt.encodeXml(codec, value) },
      { name: 'node-soap objectToDocumentXML', fn: soapWsdl ? () => soapWsdl.objectToDocumentXML(soapName, value, 'tns', soapNs) : undefined },
    ];
    best(decode);
    best(encode);
    const soapDecode = decode[1].rate;
    const soapEncode = encode[1].rate;
    console.log(`\n${title}: ${Buffer.byteLength(xml)} bytes`);
    console.log('| decode | msg/s | MB/s | vs node-soap |\n|---|---:|---:|---:|');
    for (const c of decode) console.log(`| ${c.name} | ${c.fn ? fmt(c.rate) : 'n/a'} | ${c.fn ? fmt((c.rate * Buffer.byteLength(xml)) / 1e6) : ''} | ${c.fn && soapDecode ? (c.rate / soapDecode).toFixed(1) + '×' : ''} |`);
    console.log('| encode | msg/s | | vs node-soap |\n|---|---:|---:|---:|');
    for (const c of encode) console.log(`| ${c.name} | ${c.fn ? fmt(c.rate) : 'n/a'} | | ${c.fn && soapEncode ? (c.rate / soapEncode).toFixed(1) + '×' : ''} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
