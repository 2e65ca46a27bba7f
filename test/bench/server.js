'use strict';
/**
 * Server benchmark (reported, never asserted): BeginCacheRefresh requests per second on 127.0.0.1, with autocannon
 * (keep-alive connections) as the load generator in this process and each server in its own child process, one at
 * a time:
 *   bare       node:http answering a fixed 400-byte body without parsing the request: the ceiling
 *   wsdl2ts    the generated server (DefaultBinding_IWorkManagementServiceApplicationListener): Basic auth,
 *              envelope parsing, schema-validated input, a fixed CreateRefreshJobResult encoded and enveloped
 *   node-soap  node-soap's server for the same WSDL (a wsdl:service added in memory), the same Basic auth check
 * Every request is a real SOAP 1.1 BeginCacheRefresh envelope with SOAPAction and Basic auth. Each server's
 * response is checked once before it is measured (200, a BeginCacheRefreshResponse), and any non-2xx response or
 * error during the measurement fails the run, so a broken server cannot produce a high number.
 *
 * Besides requests/s, the server process's own CPU time per request is reported: on a 2-core machine the load
 * generator shares the CPU with the server and limits the bare server, and this number does not depend on that.
 *
 * Environment: BENCH_SERVER_ROUNDS (default 5; each round measures every server once, the best round is shown),
 * BENCH_SERVER_SECONDS (measured seconds per server and round, default 4), BENCH_SERVER_WARMUP (seconds, default 2),
 * BENCH_SERVER_CONNECTIONS (default 20), BENCH_SERVER_PROFILE=<dir> (run the servers with node --cpu-prof and write
 * the profiles there).
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const http = require('node:http');
const { fork, spawn, spawnSync } = require('node:child_process');

/** CPU pinning: available where taskset runs and there are at least 2 cores (set BENCH_SERVER_PIN=0 to turn it off). */
const PIN = (() => {
  if (process.env.BENCH_SERVER_PIN === '0' || os.cpus().length < 2) return undefined;
  if (spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status !== 0) return undefined;
  return { load: 0, server: os.cpus().length - 1 };
})();

const REPO = path.resolve(__dirname, '../..');
const SERVICE_PATH = '/WorkManagementService.svc';
const ACTION = 'http://tempuri.org/IWorkManagementServiceApplication/BeginCacheRefresh';
const AUTH = `Basic ${Buffer.from('alice:secret').toString('base64')}`;
const REQUEST =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefresh xmlns="http://tempuri.org/"/></s:Body></s:Envelope>';
const REQUEST_HEADERS = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${ACTION}"`, Authorization: AUTH };
const RESULT = { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } };

// A BeginCacheRefreshResponse padded with whitespace to exactly 400 bytes (the generated server's is 518 bytes).
const BARE_BODY = (() => {
  const xml =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefreshResponse xmlns="http://tempuri.org/"><BeginCacheRefreshResult xmlns:b="http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement"><b:CreatedJob>true</b:CreatedJob><b:CurrentJobId>2</b:CurrentJobId></BeginCacheRefreshResult></BeginCacheRefreshResponse></s:Body></s:Envelope>';
  return xml + ' '.repeat(400 - Buffer.byteLength(xml));
})();
if (Buffer.byteLength(BARE_BODY) !== 400) throw new Error('the bare body must be 400 bytes');

// ---------------------------------------------------------------------------------------------------------------
// Child: one server.

async function bareServer() {
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': 400 });
      res.end(BARE_BODY);
    });
  });
}

async function generatedServer() {
  const { loadGenerated } = require('../../samples/lib/load-generated');
  const gen = await loadGenerated(path.join(REPO, 'samples/ms-wms.wsdl'));
  const handler = {
    beginCacheRefresh: () => RESULT,
    beginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
    optIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'Success' }),
    optOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: true }),
    getExchangeSyncInfo: () => ({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastSyncResult: 'Success' } }),
    beginCreateTaskPropagation: () => undefined,
    beginUpdateTaskPropagation: () => undefined,
    beginDeleteTaskPropagation: () => undefined,
    beginRelocateTaskPropagation: () => undefined,
  };
  const listener = gen.DefaultBinding_IWorkManagementServiceApplicationListener(handler, {
    authenticate: (req) => (req.headers.authorization === AUTH ? 'alice' : null),
  });
  return http.createServer(listener);
}

async function nodeSoapServer() {
  const soap = require('soap');
  let wsdl = fs.readFileSync(path.join(REPO, 'samples/ms-wms.wsdl'), 'utf8');
  const k = wsdl.lastIndexOf('</wsdl:definitions>');
  wsdl = `${wsdl.slice(0, k)}<wsdl:service name="WorkManagementService"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication"><soap:address location="http://127.0.0.1${SERVICE_PATH}"/></wsdl:port></wsdl:service>${wsdl.slice(k)}`;
  const ops = {
    BeginCacheRefresh: () => RESULT,
    BeginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
    OptIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'Success' }),
    OptOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: true }),
    GetExchangeSyncInfo: () => ({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastSyncResult: 'Success' } }),
    BeginCreateTaskPropagation: () => ({}),
    BeginUpdateTaskPropagation: () => ({}),
    BeginDeleteTaskPropagation: () => ({}),
    BeginRelocateTaskPropagation: () => ({}),
  };
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    const s = soap.listen(server, {
      path: SERVICE_PATH,
      services: { WorkManagementService: { P: ops } },
      xml: wsdl,
      callback: (err) => (err ? reject(err) : resolve()),
    });
    // The same Basic check as the generated server's authenticate.
    s.authorizeConnection = (req, res) => {
      if (req.headers.authorization === AUTH) return true;
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', 'Basic realm="bench"');
      return false;
    };
  });
  return server;
}

async function serve(kind) {
  const server = await { bare: bareServer, wsdl2ts: generatedServer, 'node-soap': nodeSoapServer }[kind]();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // A normal exit, so that --cpu-prof writes its profile.
  process.on('message', (m) => {
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpu: user + system });
    } else if (m === 'stop') {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: load.

function env(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

async function startServer(kind, profileDir, round) {
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}-${round}.cpuprofile`] : [];
  // With taskset and 2+ cores, the server runs on the last core and the load generator on core 0 (see main), so the
  // two never share a core and the scheduler's placement does not decide the result.
  const child = PIN
    ? spawn('taskset', ['-c', String(PIN.server), process.execPath, ...execArgv, __filename, 'serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(__filename, ['serve', kind], { stdio: 'inherit', execArgv });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code}) before listening`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    /** CPU time (user + system) the server process has used so far, in µs. */
    cpu() {
      child.send('cpu');
      return new Promise((resolve) => child.once('message', (m) => resolve(m.cpu)));
    },
    async stop() {
      child.send('stop');
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function verify(kind, url) {
  const res = await fetch(url, { method: 'POST', headers: REQUEST_HEADERS, body: REQUEST });
  const body = await res.text();
  if (res.status !== 200 || !body.includes('BeginCacheRefreshResponse')) {
    throw new Error(`the ${kind} server answered ${res.status} without a BeginCacheRefreshResponse:\n${body.slice(0, 500)}`);
  }
  if (kind !== 'bare' && !/CurrentJobId>2</.test(body)) throw new Error(`the ${kind} server's response lacks the fixed result:\n${body}`);
  // Without credentials, both SOAP servers must refuse (the measured requests pass the same check).
  if (kind !== 'bare') {
    const anon = await fetch(url, { method: 'POST', headers: { ...REQUEST_HEADERS, Authorization: '' }, body: REQUEST });
    await anon.arrayBuffer();
    if (anon.status !== 401) throw new Error(`the ${kind} server answered ${anon.status} to a request without credentials`);
  }
  return Buffer.byteLength(body);
}

function load(url, seconds, connections) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', headers: REQUEST_HEADERS, body: REQUEST, connections, pipelining: 1, duration: seconds },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function measure(kind, opts) {
  const server = await startServer(kind, opts.profileDir, opts.round);
  try {
    const bytes = await verify(kind, server.url);
    await load(server.url, opts.warmup, opts.connections);
    const cpu0 = await server.cpu();
    const r = await load(server.url, opts.seconds, opts.connections);
    const cpu = (await server.cpu()) - cpu0;
    const bad = r.non2xx + r.errors + r.timeouts;
    if (bad > 0 || r.requests.total === 0) throw new Error(`the ${kind} server: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts in ${r.requests.total} requests`);
    const seconds = r.duration || opts.seconds;
    return { kind, rps: r.requests.total / seconds, p50: r.latency.p50, p99: r.latency.p99, bytes, usPerRequest: cpu / r.requests.total, busy: cpu / 1e6 / seconds };
  } finally {
    await server.stop();
  }
}

async function main() {
  try {
    require.resolve('autocannon');
  } catch {
    throw new Error('autocannon is not installed: run npm install (it is a devDependency)');
  }
  if (!fs.existsSync(path.join(REPO, 'dist/generate/generate.js'))) throw new Error('dist/ is missing: run npm run build');
  const opts = {
    rounds: env('BENCH_SERVER_ROUNDS', 5),
    seconds: env('BENCH_SERVER_SECONDS', 4),
    warmup: env('BENCH_SERVER_WARMUP', 2),
    connections: env('BENCH_SERVER_CONNECTIONS', 20),
    profileDir: process.env.BENCH_SERVER_PROFILE ? path.resolve(process.env.BENCH_SERVER_PROFILE) : undefined,
  };
  if (PIN) spawnSync('taskset', ['-cp', String(PIN.load), String(process.pid)], { stdio: 'ignore' });
  const kinds = ['bare', 'wsdl2ts', 'node-soap'];
  const best = new Map();
  const paired = [];
  for (let round = 1; round <= opts.rounds; round++) {
    // Alternate the order, so that a slow drift of the machine does not always favour the same server.
    const thisRound = new Map();
    for (const kind of round % 2 ? kinds : [...kinds].reverse()) {
      const r = await measure(kind, { ...opts, round });
      console.log(`round ${round}: ${kind} ${Math.round(r.rps)} requests/s, ${r.usPerRequest.toFixed(1)} µs CPU/request`);
      if (!best.has(kind) || r.rps > best.get(kind).rps) best.set(kind, r);
      thisRound.set(kind, r);
    }
    // The ratio within one round: the three servers ran minutes apart at most, under the same machine conditions.
    paired.push({ vsBare: thisRound.get('wsdl2ts').rps / thisRound.get('bare').rps, vsSoap: thisRound.get('wsdl2ts').rps / thisRound.get('node-soap').rps });
  }
  const rows = kinds.map((k) => best.get(k));
  const [bare, gen, soap] = rows;
  const cores = os.cpus().length;
  console.log(
    `\nnode ${process.version}; ${cores} cores; autocannon ${require('autocannon/package.json').version} in this process, ${opts.connections} keep-alive connections; ` +
      `each server in its own process, one at a time: ${opts.warmup} s warmup + ${opts.seconds} s measured, ${opts.rounds} round(s), best round shown; ` +
      `${PIN ? `pinned with taskset: load generator on core ${PIN.load}, server on core ${PIN.server}` : 'not pinned to cores'}.\n` +
      `The load generator competes with the server for the CPU${cores <= 2 ? ' (only 2 cores here)' : ''}, so the bare ceiling is partly the load ` +
      `generator's; compare ratios, not absolute numbers. "server CPU µs/request" is the server process's own CPU time and does not depend on that.\n`,
  );
  console.log(
    '| server (BeginCacheRefresh, SOAP 1.1, Basic auth) | requests/s | vs bare | vs node-soap | p50 ms | p99 ms | response bytes | server CPU µs/request | server CPU busy |\n' +
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of rows) {
    console.log(
      `| ${r.kind} | ${Math.round(r.rps)} | ${(r.rps / bare.rps).toFixed(2)} | ${(r.rps / soap.rps).toFixed(1)}× | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.usPerRequest.toFixed(1)} | ${Math.round(100 * r.busy)}% |`,
    );
  }
  console.log('(server CPU busy well under 100%: the load generator, not the server, was the limit for that row.)');
  const vsBare = gen.rps / bare.rps;
  const vsSoap = gen.rps / soap.rps;
  console.log(
    `\nrequests/s: wsdl2ts / bare = ${vsBare.toFixed(2)} (goal ≥ 0.75: ${vsBare >= 0.75 ? 'met' : 'NOT met'}); ` +
      `wsdl2ts / node-soap = ${vsSoap.toFixed(2)}× (goal ≥ 3×: ${vsSoap >= 3 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `CPU per request: wsdl2ts costs ${(gen.usPerRequest / bare.usPerRequest).toFixed(2)}× the bare server's and ${(gen.usPerRequest / soap.usPerRequest).toFixed(2)}× node-soap's ` +
      `(node-soap is ${(soap.usPerRequest / bare.usPerRequest).toFixed(2)}× bare, so even a free SOAP layer would be at most ${(soap.usPerRequest / bare.usPerRequest).toFixed(1)}× node-soap)`,
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `per round (same-round ratios): wsdl2ts / bare ${paired.map((p) => p.vsBare.toFixed(2)).join(', ')} (median ${median(paired.map((p) => p.vsBare)).toFixed(2)}); ` +
      `wsdl2ts / node-soap ${paired.map((p) => p.vsSoap.toFixed(2)).join(', ')} (median ${median(paired.map((p) => p.vsSoap)).toFixed(2)}×)`,
  );
  if (opts.profileDir) console.log(`CPU profiles of the servers: ${opts.profileDir}`);
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
