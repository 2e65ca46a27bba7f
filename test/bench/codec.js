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
 *
 * How it measures (changed for issue 10, because the old way was not fair to either side): every case runs in a
 * child process of its own, which loads only what that case needs. The generated code is written by yet another
 * process (writeGeneratedApart), so no measuring process holds the generator (typescript, ts-morph: hundreds of MB
 * whose garbage collection used to land in whichever case was running), node-soap's garbage is never collected in
 * our turn nor ours in its, and each case's JIT feedback is its own (the small message no longer runs first in the
 * same process as the large one). The parent drives the children in turn: WARMUP rounds of 0.5 s each (the first
 * rounds of a fresh process are slower: optimizing compilation and young-generation growth are charged to them), then
 * ROUNDS interleaved rounds of >= 1 s of CPU time per case, the case order rotating every round. Reported: the median
 * rate of each case and the median of its per-round ratios to node-soap (each round's ratio uses the node-soap round
 * run next to it), with the range of those ratios. Only one child runs at a time; the others wait on their IPC pipe.
 * Rates are CPU time (user + system of the child, all its threads, so its GC helpers count) because the machine is
 * shared. Set WSDL2TS_BENCH_ROUNDS / WSDL2TS_BENCH_WARMUP to change the counts.
 */
const path = require('node:path');
const fs = require('node:fs');
const { fork } = require('node:child_process');

const REPO = path.resolve(__dirname, '../..');
const CORPUS = process.env.WSDL2TS_CORPUS || path.resolve(REPO, '../shared/corpus');
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WMS_WSDL = path.join(REPO, 'samples/ms-wms.wsdl');
const BING_WSDL = path.join(CORPUS, 'ms-wcf-bingads/bingads-v13-campaignmanagement_service/campaignmanagement_service.wsdl');
const ROUNDS = Number(process.env.WSDL2TS_BENCH_ROUNDS) || 5;
const WARMUP = Number(process.env.WSDL2TS_BENCH_WARMUP) || 3;

const SECTIONS = {
  small: {
    title: 'small (MS-WMS BeginCacheRefreshResponse)',
    wsdl: WMS_WSDL,
    element: 'BeginCacheRefreshResponseElement',
    soapName: 'BeginCacheRefreshResponse',
    soapNs: 'http://tempuri.org/',
    addService:
      '<wsdl:service name="WMS"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication"><soap:address location="http://localhost/wms"/></wsdl:port></wsdl:service>',
    value: () => ({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } }),
  },
  large: {
    title: 'large (Bing Ads GetCampaignsByAccountIdResponse)',
    wsdl: BING_WSDL,
    element: 'GetCampaignsByAccountIdResponseElement',
    soapName: 'GetCampaignsByAccountIdResponse',
    soapNs: 'https://bingads.microsoft.com/CampaignManagement/v13',
    value: () => {
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
      return largeValue;
    },
  },
};

const DECODE = [
  ['wsdl2ts', 'wsdl2ts generated decoder (envelope + typed, validating)'],
  ['soap', 'node-soap WSDL.xmlToObject'],
  ['reader', 'XmlReader alone (tokenizer, no decoding)'],
  ['saxes', 'saxes alone (xmlns, no decoding)'],
];
const ENCODE = [
  ['wsdl2ts-encode', 'wsdl2ts generated encoder'],
  ['soap-encode', 'node-soap objectToDocumentXML'],
];

// ---------------------------------------------------------------------------------------------------------------
// Child: one case, measured on request.

function envelope(body) {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP11}"><s:Body>${body}</s:Body></s:Envelope>`;
}

/** Reads a SOAP 1.1 envelope and decodes its single body element with `codec`. */
function decodeEnvelope(rt, codec, xml) {
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

function nodeSoap(section) {
  let soap;
  try {
    soap = require('soap');
  } catch {
    return Promise.resolve(undefined);
  }
  let text = fs.readFileSync(section.wsdl, 'utf8');
  if (section.addService) {
    const k = text.lastIndexOf('</wsdl:definitions>');
    text = text.slice(0, k) + section.addService + text.slice(k);
  }
  return new Promise((resolve) => {
    const wsdl = new soap.WSDL(text, section.wsdl, {});
    wsdl.onReady((err) => resolve(err ? undefined : wsdl));
  });
}

/** Operations per second of CPU time (user + system) of this process. */
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

async function child(sectionName, caseName, generatedDir) {
  const section = SECTIONS[sectionName];
  // The message is built with the generated encoder in every child (deterministic: the same bytes everywhere).
  const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));
  const generated = require(path.join(generatedDir, 'index.js'));
  const codec = generated[section.element];
  const value = section.value();
  const xml = envelope(rt.encodeXml(codec, value));
  let fn;
  if (caseName === 'wsdl2ts') {
    // Sanity: the decoder gives back the value the message was made from.
    const back = decodeEnvelope(rt, codec, xml);
    if (JSON.stringify(back) !== JSON.stringify(value)) throw new Error(`decode mismatch: ${JSON.stringify(back).slice(0, 200)}`);
    fn = () => decodeEnvelope(rt, codec, xml);
  } else if (caseName === 'reader') {
    fn = () => {
      const r = new rt.XmlReader(xml, { maxBytes: 64 * 1024 * 1024, maxElements: 10_000_000 });
      r.readRoot();
      // skip() still tokenizes and checks everything (well-formedness, namespaces, limits); it builds no values.
      r.skip();
      r.end();
      return r;
    };
  } else if (caseName === 'saxes') {
    let saxes;
    try {
      saxes = require('saxes');
    } catch {
      saxes = undefined;
    }
    if (saxes) {
      fn = () => {
        const p = new saxes.SaxesParser({ xmlns: true });
        let n = 0;
        p.on('opentag', () => n++);
        p.write(xml).close();
        return n;
      };
    }
  } else if (caseName === 'wsdl2ts-encode') {
    fn = () => rt.encodeXml(codec, value);
  } else {
    const wsdl = await nodeSoap(section);
    if (wsdl && caseName === 'soap') fn = () => wsdl.xmlToObject(xml);
    if (wsdl && caseName === 'soap-encode') fn = () => wsdl.objectToDocumentXML(section.soapName, value, 'tns', section.soapNs);
  }
  process.send({ ready: true, available: !!fn, bytes: Buffer.byteLength(xml) });
  process.on('message', (m) => {
    if (m.stop) process.exit(0);
    process.send({ rate: rate(fn, m.ms) });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: starts the children of a section, drives their rounds, prints the tables.

class Worker {
  constructor(section, name, label, dir) {
    this.name = name;
    this.label = label;
    this.rates = [];
    this.proc = fork(__filename, ['--child', section, name, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.pending = undefined;
    // Messages not yet asked for wait here (children set up concurrently report ready before the parent asks).
    this.inbox = [];
    this.proc.on('message', (m) => {
      const p = this.pending;
      this.pending = undefined;
      if (p) p.resolve(m);
      else this.inbox.push(m);
    });
    this.exited = undefined;
    this.proc.on('exit', (code) => {
      this.exited = new Error(`benchmark child ${name} exited with ${code}`);
      const p = this.pending;
      this.pending = undefined;
      if (p) p.reject(this.exited);
    });
  }

  next() {
    if (this.inbox.length) return Promise.resolve(this.inbox.shift());
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  async start() {
    const m = await this.next();
    this.available = m.available;
    this.bytes = m.bytes;
  }

  async round(ms) {
    const reply = this.next();
    this.proc.send({ ms });
    return (await reply).rate;
  }

  stop() {
    if (!this.exited) this.proc.send({ stop: true });
  }
}

function median(a) {
  const b = [...a].sort((x, y) => x - y);
  const n = b.length;
  return n % 2 ? b[n >> 1] : (b[n / 2 - 1] + b[n / 2]) / 2;
}

function fmt(n) {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

async function section(name, dir) {
  const s = SECTIONS[name];
  const cases = [...DECODE, ...ENCODE].map(([id, label]) => new Worker(name, id, label, dir));
  try {
    for (const w of cases) await w.start();
    const live = cases.filter((w) => w.available);
    for (let k = 0; k < WARMUP; k++) for (const w of live) await w.round(500);
    for (let k = 0; k < ROUNDS; k++) {
      const order = live.map((_, i) => live[(i + k) % live.length]);
      for (const w of order) w.rates.push(await w.round(1000));
    }
  } finally {
    for (const w of cases) w.stop();
  }
  const bytes = cases[0].bytes;
  console.log(`\n${s.title}: ${bytes} bytes`);
  const table = (title, group, peerId) => {
    const peer = cases.find((w) => w.name === peerId);
    console.log(`| ${title} | msg/s (median) | MB/s | vs node-soap (median of per-round ratios) | per-round range |\n|---|---:|---:|---:|---:|`);
    for (const [id] of group) {
      const w = cases.find((c) => c.name === id);
      if (!w.available) {
        console.log(`| ${w.label} | n/a | | | |`);
        continue;
      }
      const m = median(w.rates);
      let ratio = '';
      let range = '';
      if (peer.available) {
        const rs = w.rates.map((r, i) => r / peer.rates[i]);
        ratio = median(rs).toFixed(1) + '×';
        range = `${Math.min(...rs).toFixed(1)}–${Math.max(...rs).toFixed(1)}×`;
      }
      console.log(`| ${w.label} | ${fmt(m)} | ${fmt((m * bytes) / 1e6)} | ${ratio} | ${range} |`);
    }
  };
  table('decode', DECODE, 'soap');
  table('encode', ENCODE, 'soap-encode');
}

async function main() {
  const { writeGeneratedApart } = require('../../samples/lib/load-generated');
  const os = require('node:os');
  console.log(`node ${process.version}; ${WARMUP} warm-up rounds of 0.5 s, then ${ROUNDS} interleaved rounds of 1 s CPU per case, each case in its own process; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const dirs = [];
  try {
    for (const name of Object.keys(SECTIONS)) {
      if (!fs.existsSync(SECTIONS[name].wsdl)) {
        console.log(`\n${SECTIONS[name].title}: corpus WSDL missing, skipped`);
        continue;
      }
      const dir = writeGeneratedApart(SECTIONS[name].wsdl);
      dirs.push(dir);
      await section(name, dir);
    }
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
  console.log(`\nload average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4], process.argv[5]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
