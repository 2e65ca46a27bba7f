'use strict';
/**
 * The generated MS-WMS listener under createSoapServer on 127.0.0.1, fed raw bytes over TCP (one connection per
 * input, then a half-close). Content-Length is recomputed for the body unless the input carries `X-Fuzz-Raw:` (so
 * most inputs reach the SOAP layer, some test framing). Oracle:
 * - every answer starts with a status line, and none is the listener's catch-all 500 "internal error" (an unexpected
 *   exception); onError is never called (the handler never throws);
 * - the server answers or closes within 5 s (the watchdog catches a blocked event loop);
 * - every 100 inputs, a normal request on a fresh connection still gets 200 and its handler runs;
 * - memory stays flat: heapUsed after GC is sampled every 1,000 inputs; growth past warm-up over 16 MB is a finding.
 */
const net = require('node:net');
const path = require('node:path');
const zlib = require('node:zlib');
const { Defect } = require('../engine');
const { REPO, wireSamples, dictionaryOf } = require('../seeds');
const { loadGeneratedApart } = require('../generated');

const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));

const BAD_AUTH = 'Basic ZmFpbDpmYWls';
let port;
let server;
const errors = [];
const statuses = new Map();
let normalChecks = 0;
const heap = [];
let execs = 0;

function handler() {
  return {
    beginCacheRefresh: () => ({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: null, CurrentJobIdClient: -1 } }),
    beginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
    optIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'Success' }),
    optOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: false }),
    getExchangeSyncInfo: () => ({ GetExchangeSyncInfoResult: { IsOptedIn: false, LastSyncResult: 'Success' } }),
    beginCreateTaskPropagation: () => undefined,
    beginUpdateTaskPropagation: () => undefined,
    beginDeleteTaskPropagation: () => undefined,
    beginRelocateTaskPropagation: () => undefined,
  };
}

/** Recomputes Content-Length from the bytes after the blank line (latin1 string = bytes). */
function fixLength(input) {
  if (/\r?\nX-Fuzz-Raw:/i.test(input)) return input;
  const split = input.indexOf('\r\n\r\n');
  if (split < 0) return input;
  const head = input.slice(0, split);
  if (!/\r\nContent-Length:/i.test(head) || /\r\nTransfer-Encoding:/i.test(head)) return input;
  return head.replace(/(\r\nContent-Length:)[^\r\n]*/i, `$1 ${input.length - split - 4}`) + input.slice(split);
}

/**
 * Sends the bytes and collects the answer: complete once a final (non-1xx) response has arrived and the connection
 * stayed quiet for 30 ms, or once the server closes. With no answer after 0.4 s (an incomplete request: the server
 * waits for more), the client half-closes; then the server must close within 5 s. (Half-closing right away would
 * make node:http abort requests still being processed, e.g. an inflating body: httpAllowHalfOpen is false.)
 */
function exchange(bytes) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let done = false;
    let timer;
    let halfClosed = false;
    const finish = (how) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ how, data: Buffer.concat(chunks).toString('latin1'), halfClosed });
    };
    const wait = (ms, then) => {
      clearTimeout(timer);
      timer = setTimeout(then, ms);
    };
    const final = () => /^HTTP\/1\.[01] (?!1\d\d)/m.test(Buffer.concat(chunks).toString('latin1').replace(/^HTTP\/1\.1 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n/g, ''));
    sock.on('data', (c) => {
      chunks.push(c);
      if (final()) wait(30, () => finish('answered'));
    });
    sock.on('error', () => finish('error'));
    sock.on('close', () => finish('closed'));
    sock.on('connect', () => {
      sock.write(bytes);
      wait(400, () => {
        halfClosed = true;
        sock.end();
        wait(5000, () => finish('timeout'));
      });
    });
  });
}

async function normalRequest() {
  const body = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginExchangeSync xmlns="http://tempuri.org/"/></s:Body></s:Envelope>`;
  const res = await exchange(Buffer.from(`POST /WorkManagementService.svc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: "http://tempuri.org/IWorkManagementServiceApplication/BeginExchangeSync"\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`));
  if (!/^HTTP\/1\.1 200 /.test(res.data) || !/BeginExchangeSyncResult>true</.test(res.data)) throw new Defect(`a normal request after fuzzing input failed: ${res.how} ${res.data.slice(0, 200)}`);
  normalChecks++;
}

async function run(input) {
  execs++;
  const res = await exchange(Buffer.from(fixLength(input), 'latin1'));
  if (errors.length) {
    const e = errors.splice(0);
    throw new Defect(`onError was called: ${e.map((x) => (x && x.stack) || String(x)).join('\n')}`);
  }
  if (res.how === 'timeout') throw new Defect(`no answer and no close within 5 s after the request was sent and half-closed (received ${JSON.stringify(res.data.slice(0, 80))})`);
  let outcome;
  if (!res.data) {
    // Closed without a status line: only for a request node:http could not complete before the half-close.
    if (!res.halfClosed) throw new Defect(`the connection was closed (${res.how}) without an answer`);
    outcome = `no-answer:${res.how}`;
  }
  else {
    const m = /^HTTP\/1\.[01] (\d{3}) /.exec(res.data);
    if (!m) throw new Defect(`an answer without a status line: ${JSON.stringify(res.data.slice(0, 120))}`);
    if (m[1] === '500' && /\r\n\r\ninternal error$/.test(res.data)) throw new Defect('the listener answered its catch-all 500 "internal error" (an unexpected exception)');
    const fault = /<faultcode>([^<]*)<|<s:Value>([^<]*)</.exec(res.data);
    outcome = `${m[1]}${fault ? `:${fault[1] ?? fault[2]}` : ''}`;
  }
  const key = outcome.slice(0, 16);
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  return outcome;
}

async function every() {
  await normalRequest();
  if (execs % 1000 < 100 && global.gc) {
    global.gc();
    global.gc();
    heap.push(process.memoryUsage().heapUsed);
    // Samples from the third on (after warm-up: JIT, pools, lazily built tables).
    if (heap.length >= 4 && heap[heap.length - 1] - heap[2] > 16 * 1024 * 1024) throw new Defect(`heap grew ${((heap[heap.length - 1] - heap[2]) / 1048576).toFixed(1)} MB over ${execs} inputs`);
  }
}

async function target() {
  const mod = loadGeneratedApart(path.join(REPO, 'test/golden/ms-wms/input.wsdl'));
  const makeListener = Object.entries(mod).find(([k, v]) => k.endsWith('Listener') && typeof v === 'function')?.[1];
  if (!makeListener) throw new Error('no generated listener found');
  const listener = makeListener(handler(), {
    authenticate: (req) => (req.headers.authorization === BAD_AUTH ? null : 'fuzzer'),
    wsdl: '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>',
    metadata: { xsd0: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>' },
    onError: (e) => errors.push(e),
  });
  server = rt.createSoapServer(listener, { headersTimeoutMs: 2000, requestTimeoutMs: 4000 });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;

  const seeds = [];
  for (const w of wireSamples()) {
    const headers = w.headers.filter(([n]) => n.toLowerCase() !== 'host').map(([n, v]) => `${n}: ${v}\r\n`).join('');
    const head = `${w.requestLine}\r\nHost: 127.0.0.1\r\n${headers}`;
    seeds.push(fixLength(`${head}\r\n${Buffer.from(w.body, 'utf8').toString('latin1')}`));
    if (w.name === 'cache') {
      const gz = zlib.gzipSync(w.body).toString('latin1');
      seeds.push(fixLength(`${head}Content-Encoding: gzip\r\n\r\n${gz}`));
      const chunked = head.replace(/Content-Length:[^\r]*\r\n/i, 'Transfer-Encoding: chunked\r\n');
      seeds.push(`${chunked}\r\n${w.body.length.toString(16)}\r\n${w.body}\r\n0\r\n\r\n`);
      seeds.push(fixLength(`${head}Authorization: ${BAD_AUTH}\r\n\r\n${w.body}`));
    }
  }
  seeds.push('GET /WorkManagementService.svc?wsdl HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /WorkManagementService.svc?xsd=xsd0 HTTP/1.1\r\nHost: x\r\n\r\n');
  const bodies = wireSamples().map((w) => w.body);
  return {
    name: 'server',
    encoding: 'latin1',
    include: /(packages\/runtime\/dist\/|wsdl2ts-fuzz-generated-)/,
    seeds,
    dict: dictionaryOf(bodies, ['\r\n', '\r\n\r\n', 'Content-Length: ', 'Transfer-Encoding: chunked\r\n', 'Content-Encoding: gzip\r\n', 'Content-Encoding: deflate\r\n', 'Expect: 100-continue\r\n', 'X-Fuzz-Raw: 1\r\n', `Authorization: ${BAD_AUTH}\r\n`, 'Content-Type: application/soap+xml; charset=utf-8; action="', 'Content-Type: text/xml; charset=utf-16\r\n', 'SOAPAction: ', 'GET ', 'PUT ', 'HTTP/1.0', '?wsdl', '?xsd=', '?singleWsdl', 'http://www.w3.org/2003/05/soap-envelope', '<?pi?>', '<!DOCTYPE a>', 'mustUnderstand="1"', 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd', 'http://www.w3.org/2005/08/addressing']),
    maxLen: 80 * 1024,
    run,
    every: { n: 100, run: every },
    teardown: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
    stats: () => ({ answers: Object.fromEntries([...statuses].sort((a, b) => b[1] - a[1]).slice(0, 25)), normalChecks, heapMB: heap.map((h) => Number((h / 1048576).toFixed(1))) }),
  };
}

module.exports = { target, fixLength };
