'use strict';
/**
 * The server's per-request CPU cost without the network (reported, never asserted): node:http's own parser and
 * response path, driven through in-memory sockets, so the kernel (the loopback writev, the wake-ups of the load
 * generator) and the other processes of a shared machine add little noise. 50 keep-alive "connections", each sending
 * the next BeginCacheRefresh (SOAP 1.1, Basic auth) once the previous answer was written; every answer is checked.
 *   bare              a node:http listener answering a fixed 400-byte body without parsing the request (as server.js's)
 *   wsdl2ts           the generated listener under createSoapServer, trivial handler (as server.js's)
 *   wsdl2ts-baseline  the same on the runtime build in BENCH_SERVER_BASELINE (another packages/runtime/dist)
 * Each kind runs in its own process, rounds interleaved; the process's CPU time per answered request is reported
 * (median and minimum over the rounds), and the generated server's cost above bare.
 *
 * What it cannot show: how node:http behaves on a real socket. Here the parser is fed from JavaScript, so a request's
 * body is parsed before the tick queue runs; on a TCP socket node:http parses it in C++ after the tick queue has run
 * (the generated server once looked at bodies a tick after the headers, which took the fast path here and never over
 * TCP). Nor does it show the kernel's part or the load generator's wake-ups: server.js (wrk) is the benchmark.
 *
 *   node test/bench/server-inprocess.js            # BENCH_INPROC_ROUNDS (default 8), BENCH_INPROC_SECONDS (default 1)
 *   BENCH_SERVER_BASELINE=/path/to/runtime/dist node test/bench/server-inprocess.js
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '../..');
const AUTH = `Basic ${Buffer.from('alice:secret').toString('base64')}`;
const BODY = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefresh xmlns="http://tempuri.org/"/></s:Body></s:Envelope>';
const REQUEST = Buffer.from(
  `POST /WorkManagementService.svc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n` +
    `SOAPAction: "http://tempuri.org/IWorkManagementServiceApplication/BeginCacheRefresh"\r\nAuthorization: ${AUTH}\r\n` +
    `Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`,
);
const RESULT = { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } };
const BARE_BODY = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'.padEnd(400);

function serverFor(kind, generatedDir) {
  const http = require('node:http');
  if (kind === 'bare') {
    return http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': 400 });
        res.end(BARE_BODY);
      });
    });
  }
  const rt = require(kind === 'wsdl2ts' ? path.join(REPO, 'packages/runtime/dist/index.js') : path.resolve(process.env.BENCH_SERVER_BASELINE, 'index.js'));
  const gen = require(path.join(generatedDir, 'index.js'));
  const listener = gen.DefaultBinding_IWorkManagementServiceApplicationListener(
    { beginCacheRefresh: () => RESULT },
    { authenticate: (req) => (req.headers.authorization === AUTH ? 'alice' : null) },
  );
  return rt.createSoapServer(listener);
}

/** Child: serves `seconds` of requests after a 1 s warmup and prints {n, us}. */
function child(kind, seconds, generatedDir) {
  const { Duplex } = require('node:stream');
  const server = serverFor(kind, generatedDir);
  server.keepAliveTimeout = 60_000;
  let answered = 0;
  let failure;
  class MemorySocket extends Duplex {
    constructor() {
      super();
      this.remoteAddress = '127.0.0.1';
      this.remotePort = 1;
      this._parent = null;
    }
    _read() {}
    _write(chunk, _enc, cb) {
      this._unrefTimer();
      this.answer(chunk);
      cb();
    }
    _writev(chunks, cb) {
      this._unrefTimer();
      for (const c of chunks) this.answer(c.chunk);
      cb();
    }
    answer(chunk) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
      if (!text.startsWith('HTTP/1.1 ')) return;
      if (!text.startsWith('HTTP/1.1 200') || (kind !== 'bare' && !text.includes('CurrentJobId>2<'))) failure ??= text.slice(0, 400);
      answered++;
      setImmediate(() => this.receive());
    }
    receive() {
      this._unrefTimer();
      this.push(REQUEST);
    }
    setNoDelay() {
      return this;
    }
    setKeepAlive() {
      return this;
    }
  }
  // A socket's timers work as net.Socket's: setTimeout arms one, every read and write refreshes it (so a server that
  // sets socket timeouts pays for them here as over TCP).
  const net = require('node:net');
  for (const m of ['setTimeout', '_unrefTimer', '_onTimeout']) MemorySocket.prototype[m] = net.Socket.prototype[m];
  for (let i = 0; i < 50; i++) {
    const s = new MemorySocket();
    server.emit('connection', s);
    s.receive();
  }
  setTimeout(() => {
    const n0 = answered;
    const c0 = process.cpuUsage();
    setTimeout(() => {
      const c = process.cpuUsage(c0);
      const n = answered - n0;
      if (failure !== undefined || n === 0) {
        console.error(`the ${kind} server answered wrongly:\n${failure}`);
        process.exit(1);
      }
      process.stdout.write(JSON.stringify({ n, us: (c.user + c.system) / n }));
      process.exit(0);
    }, seconds * 1000);
  }, 1000);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main() {
  const rounds = Number(process.env.BENCH_INPROC_ROUNDS || 8);
  const seconds = Number(process.env.BENCH_INPROC_SECONDS || 1);
  const kinds = ['bare', 'wsdl2ts', ...(process.env.BENCH_SERVER_BASELINE ? ['wsdl2ts-baseline'] : [])];
  // Generated once, by another process (the measured processes never load the generator).
  const { writeGeneratedApart } = require('../../samples/lib/load-generated');
  const dirs = {
    wsdl2ts: writeGeneratedApart(path.join(REPO, 'samples/ms-wms.wsdl')),
    'wsdl2ts-baseline': process.env.BENCH_SERVER_BASELINE
      ? writeGeneratedApart(path.join(REPO, 'samples/ms-wms.wsdl'), { runtime: path.resolve(process.env.BENCH_SERVER_BASELINE, 'index.js') })
      : undefined,
  };
  const us = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const kind of r % 2 ? [...kinds].reverse() : kinds) {
      const out = spawnSync(process.execPath, [__filename, 'child', kind, String(seconds), dirs[kind] ?? ''], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${kind}: ${out.stderr}`);
      us[kind].push(JSON.parse(out.stdout).us);
    }
  }
  const os = require('node:os');
  console.log(`node ${process.version}; in-process node:http, 50 keep-alive connections over in-memory sockets; ${rounds} interleaved rounds of ${seconds} s; load average ${os.loadavg()[0].toFixed(2)}\n`);
  console.log('| server | CPU µs/request, median | minimum | above bare (median) |\n|---|---:|---:|---:|');
  for (const k of kinds) {
    const above = k === 'bare' ? '' : `${(median(us[k]) - median(us.bare)).toFixed(2)}`;
    console.log(`| ${k} | ${median(us[k]).toFixed(2)} | ${Math.min(...us[k]).toFixed(2)} | ${above} |`);
  }
}

if (process.argv[2] === 'child') child(process.argv[3], Number(process.argv[4]), process.argv[5]);
else main();
