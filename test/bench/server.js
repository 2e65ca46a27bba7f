'use strict';
/**
 * Server benchmark (reported, never asserted): BeginCacheRefresh requests per second on 127.0.0.1 under 50
 * keep-alive connections, each server alone in its own process, one at a time:
 *   bare       node:http answering a fixed 400-byte SOAP answer without parsing the request: the ceiling
 *   wsdl2ts    the generated server under createSoapServer (DefaultBinding_IWorkManagementServiceApplicationListener):
 *              Basic auth, envelope parsing, schema-validated input, a trivial handler returning a fixed
 *              CreateRefreshJobResult, encoded and enveloped
 *   gsoap      gSOAP 2.8 (C++), built as the interop tests build it (test/interop/gsoap/build.sh: wsdl2h, soapcpp2 -1,
 *              g++ -O1), one thread per connection (its per-request JSON log line goes to /dev/null)
 *   node-soap  node-soap 1.13's server for the same WSDL (a wsdl:service added in memory), the same Basic auth check
 * Every request is a real SOAP 1.1 BeginCacheRefresh envelope with SOAPAction and Basic auth.
 *
 * Load: wrk (Debian package `wrk`) when it is on the PATH, one thread, else autocannon in this process. With
 * taskset and 2+ cores the load generator runs on core 0 and every server on the last core, so they never share a
 * core. Rounds are interleaved (every round measures every server once, in alternating order) and the summary gives
 * medians of the per-round ratios, so a drift of the machine between rounds does not favour one server.
 *
 * Answers are verified: before each measurement one request must get 200 and the fixed BeginCacheRefreshResponse
 * (and, for the SOAP servers with auth, a request without credentials must get 401); during the measurement wrk's
 * Lua `response` hook checks every answer's status and body (autocannon: non-2xx, errors and timeouts), and any bad
 * answer fails the run, so a broken server cannot produce a high number.
 *
 * Besides requests/s, the server process's own CPU time per request is reported (from /proc, so it is measured the
 * same way for the C++ server): on a 2-core machine the load generator can limit the bare server, and this number
 * does not depend on that.
 *
 * With pinning on Linux, the inter-processor interrupts the load generator's core received per request are reported
 * too: each is an answer waking the load generator from idle. A server slower than the load generator leaves it idle
 * between answers, so more answers wake it, and on a virtual machine sending the interrupt traps to the hypervisor,
 * on the server's CPU time. On the 2-core VM of the README, a bare server made to spin 2, 3 or 4 µs per request used
 * 2 to 2.7 µs more CPU per request for each µs spun: that is why the requests/s ratio to the bare server is lower
 * than the CPU cost of the SOAP code alone (server-inprocess.js) says.
 *
 * Environment: BENCH_SERVER_ROUNDS (default 5), BENCH_SERVER_SECONDS (measured seconds per server and round, default
 * 4), BENCH_SERVER_WARMUP (seconds, default 2), BENCH_SERVER_CONNECTIONS (default 50), BENCH_SERVER_KINDS (a comma
 * list, default all), BENCH_SERVER_LOAD=wrk|autocannon, BENCH_SERVER_PIN=0 (no taskset), BENCH_SERVER_PROFILE=<dir>
 * (node servers run with --cpu-prof, profiles written there).
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

// A BeginCacheRefreshResponse padded with whitespace to exactly 400 bytes.
const BARE_BODY = (() => {
  const xml =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefreshResponse xmlns="http://tempuri.org/"><BeginCacheRefreshResult xmlns:b="http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement"><b:CreatedJob>true</b:CreatedJob><b:CurrentJobId>2</b:CurrentJobId></BeginCacheRefreshResult></BeginCacheRefreshResponse></s:Body></s:Envelope>';
  return xml + ' '.repeat(400 - Buffer.byteLength(xml));
})();
if (Buffer.byteLength(BARE_BODY) !== 400) throw new Error('the bare body must be 400 bytes');

// BENCH_SERVER_BASELINE=<dir of another runtime build> adds `wsdl2ts-baseline`: the same generated server on that
// runtime (e.g. the last release's), measured in the same rounds, to show what a change did.
const KINDS = ['bare', 'wsdl2ts', ...(process.env.BENCH_SERVER_BASELINE ? ['wsdl2ts-baseline'] : []), 'gsoap', 'node-soap'];

// ---------------------------------------------------------------------------------------------------------------
// Child: one node server.

async function bareServer() {
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': 400 });
      res.end(BARE_BODY);
    });
  });
}

async function generatedServer(runtimeFile = path.join(REPO, 'packages/runtime/dist/index.js')) {
  // The code is generated by another process: the server's heap holds what a deployed server's holds, not the
  // generator's (whose garbage collection would otherwise be charged to the server's CPU time).
  const { writeGeneratedApart } = require('../../samples/lib/load-generated');
  const rt = require(runtimeFile);
  const gen = require(path.join(writeGeneratedApart(path.join(REPO, 'samples/ms-wms.wsdl'), { runtime: runtimeFile }), 'index.js'));
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
  return rt.createSoapServer(listener);
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
  const server = await {
    bare: bareServer,
    wsdl2ts: () => generatedServer(),
    'wsdl2ts-baseline': () => generatedServer(path.resolve(process.env.BENCH_SERVER_BASELINE, 'index.js')),
    'node-soap': nodeSoapServer,
  }[kind]();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // A normal exit, so that --cpu-prof writes its profile.
  process.on('message', (m) => {
    if (m === 'stop') {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------------------------
// Parent: servers and load.

function env(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** CPU time (user + system) of a process so far, in µs, from /proc (the same measure for node and C++ servers). */
function processCpu(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

/** Builds the gSOAP SOAP 1.1 server as the interop tests do; undefined (with the reason) when gSOAP is missing. */
function gsoapBinary() {
  const r = spawnSync('bash', [path.join(REPO, 'test/interop/gsoap/build.sh')], { encoding: 'utf8' });
  const built = /BUILT (.+)$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !built) return { missing: (r.stderr || r.stdout || '').trim().split('\n').pop() };
  return { bin: path.join(built[1].trim(), 'wms-server-soap11') };
}

async function startServer(kind, opts, round) {
  let child;
  const pin = (argv) => (PIN ? ['taskset', ['-c', String(PIN.server), ...argv]] : [argv[0], argv.slice(1)]);
  if (kind === 'gsoap') {
    // taskset execs the program, so child.pid is the server's own pid.
    const [cmd, args] = pin([opts.gsoap, '0']);
    child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  } else {
    const execArgv = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`, `--cpu-prof-name=${kind}-${round}.cpuprofile`] : [];
    const [cmd, args] = pin([process.execPath, ...execArgv, __filename, 'serve', kind]);
    child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code}) before listening`)));
    if (kind === 'gsoap') {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /LISTENING (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
    } else child.once('message', (m) => resolve(m.port));
  });
  return {
    url: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    cpu: () => processCpu(child.pid),
    async stop() {
      if (kind === 'gsoap') child.kill('SIGTERM');
      else child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The answer to one request, checked; returns the response size. */
async function verify(kind, url) {
  const res = await fetch(url, { method: 'POST', headers: REQUEST_HEADERS, body: REQUEST });
  const body = await res.text();
  if (res.status !== 200 || !body.includes('BeginCacheRefreshResponse')) {
    throw new Error(`the ${kind} server answered ${res.status} without a BeginCacheRefreshResponse:\n${body.slice(0, 500)}`);
  }
  if (kind !== 'bare' && !/CurrentJobId>2</.test(body)) throw new Error(`the ${kind} server's response lacks the fixed result:\n${body}`);
  // Without credentials, the SOAP servers that check them must refuse (the measured requests pass the same check).
  if (kind.startsWith('wsdl2ts') || kind === 'node-soap') {
    const anon = await fetch(url, { method: 'POST', headers: { ...REQUEST_HEADERS, Authorization: '' }, body: REQUEST });
    await anon.arrayBuffer();
    if (anon.status !== 401) throw new Error(`the ${kind} server answered ${anon.status} to a request without credentials`);
  }
  return Buffer.byteLength(body);
}

/** The wrk script: the POST, and a check of every answer (status 200 and a BeginCacheRefreshResponse). */
function wrkScript(dir) {
  const file = path.join(dir, 'post.lua');
  const lua = `
wrk.method = "POST"
wrk.body = ${JSON.stringify(REQUEST)}
wrk.headers["Content-Type"] = ${JSON.stringify(REQUEST_HEADERS['Content-Type'])}
wrk.headers["SOAPAction"] = ${JSON.stringify(REQUEST_HEADERS.SOAPAction)}
wrk.headers["Authorization"] = ${JSON.stringify(AUTH)}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, "BeginCacheRefreshResponse", 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("bad") end
  io.write(string.format("BAD %d\\n", n))
  io.write(string.format("TOTAL %d %d\\n", summary.requests, summary.duration))
  io.write(string.format("ERRORS %d %d %d %d %d\\n", summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  io.write(string.format("LATENCY %d %d\\n", latency:percentile(50), latency:percentile(99)))
end
`;
  fs.writeFileSync(file, lua);
  return file;
}

/** One load run: { requests, seconds, bad, p50, p99 } (latencies in ms). */
function load(url, seconds, opts) {
  if (opts.loader === 'wrk') {
    const argv = ['wrk', '-t1', `-c${opts.connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', opts.wrkScript, url];
    const [cmd, args] = PIN ? ['taskset', ['-c', String(PIN.load), ...argv]] : [argv[0], argv.slice(1)];
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.once('exit', (code) => {
        const total = /^TOTAL (\d+) (\d+)$/m.exec(out);
        const bad = /^BAD (\d+)$/m.exec(out);
        const errors = /^ERRORS (\d+) (\d+) (\d+) (\d+) (\d+)$/m.exec(out);
        const lat = /^LATENCY (\d+) (\d+)$/m.exec(out);
        if (code !== 0 || !total || !bad || !errors || !lat) return reject(new Error(`wrk failed (${code}):\n${out}`));
        const errs = errors.slice(1).map(Number);
        resolve({
          requests: Number(total[1]),
          seconds: Number(total[2]) / 1e6,
          bad: Number(bad[1]) + errs[1] + errs[2] + errs[4],
          // A server closing idle or long-used keep-alive connections (gSOAP after 1000 requests) costs wrk a connect, not an error.
          reconnects: errs[0],
          p50: Number(lat[1]) / 1000,
          p99: Number(lat[2]) / 1000,
        });
      });
    });
  }
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', headers: REQUEST_HEADERS, body: REQUEST, connections: opts.connections, pipelining: 1, duration: seconds },
      (err, r) =>
        err
          ? reject(err)
          : resolve({ requests: r.requests.total, seconds: r.duration || seconds, bad: r.non2xx + r.errors + r.timeouts, p50: r.latency.p50, p99: r.latency.p99 }),
    );
  });
}

/**
 * Inter-processor interrupts received so far by the load generator's core (Linux: function-call and rescheduling
 * IPIs in /proc/interrupts), or undefined when unpinned or unreadable. The server sends one whenever its answer wakes
 * the load generator from idle: a slower server leaves the load generator idle more often, and on a virtual machine
 * each such wake-up costs the server several µs of its own CPU time (the send traps to the hypervisor).
 */
function loadCoreIpis() {
  if (!PIN) return undefined;
  try {
    let n = 0;
    for (const line of fs.readFileSync('/proc/interrupts', 'utf8').split('\n')) {
      const m = /^\s*(CAL|RES):\s+(.*)$/.exec(line);
      if (m) n += Number(m[2].trim().split(/\s+/)[PIN.load]);
    }
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

async function measure(kind, opts, round) {
  const server = await startServer(kind, opts, round);
  try {
    const bytes = await verify(kind, server.url);
    await load(server.url, opts.warmup, opts);
    const cpu0 = server.cpu();
    const ipi0 = loadCoreIpis();
    const r = await load(server.url, opts.seconds, opts);
    const cpu = server.cpu() - cpu0;
    const ipi1 = loadCoreIpis();
    if (r.bad > 0 || r.requests === 0) throw new Error(`the ${kind} server: ${r.bad} bad answers or errors in ${r.requests} requests`);
    const wakeups = ipi0 !== undefined && ipi1 !== undefined ? (ipi1 - ipi0) / r.requests : undefined;
    return { kind, rps: r.requests / r.seconds, p50: r.p50, p99: r.p99, bytes, usPerRequest: cpu / r.requests, busy: cpu / 1e6 / r.seconds, wakeups };
  } finally {
    await server.stop();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  // Taken now: at the end the load average counts the benchmark's own processes (gSOAP's thread per connection).
  const loadBefore = os.loadavg()[0];
  if (!fs.existsSync(path.join(REPO, 'dist/generate/generate.js'))) throw new Error('dist/ is missing: run npm run build');
  const loader = process.env.BENCH_SERVER_LOAD || (onPath('wrk') ? 'wrk' : 'autocannon');
  if (loader === 'autocannon') {
    try {
      require.resolve('autocannon');
    } catch {
      throw new Error('neither wrk (apt-get install wrk) nor autocannon (npm install) is available');
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsdl2ts-bench-server-'));
  const opts = {
    rounds: env('BENCH_SERVER_ROUNDS', 5),
    seconds: env('BENCH_SERVER_SECONDS', 4),
    warmup: env('BENCH_SERVER_WARMUP', 2),
    connections: env('BENCH_SERVER_CONNECTIONS', 50),
    profileDir: process.env.BENCH_SERVER_PROFILE ? path.resolve(process.env.BENCH_SERVER_PROFILE) : undefined,
    loader,
    wrkScript: loader === 'wrk' ? wrkScript(tmp) : undefined,
  };
  let kinds = process.env.BENCH_SERVER_KINDS ? process.env.BENCH_SERVER_KINDS.split(',') : KINDS;
  for (const k of kinds) if (!KINDS.includes(k)) throw new Error(`BENCH_SERVER_KINDS: unknown server ${k} (${KINDS.join(', ')})`);
  if (kinds.includes('gsoap')) {
    const g = gsoapBinary();
    if (g.missing) {
      console.log(`gSOAP left out: ${g.missing}`);
      kinds = kinds.filter((k) => k !== 'gsoap');
    } else opts.gsoap = g.bin;
  }
  if (PIN) spawnSync('taskset', ['-cp', String(PIN.load), String(process.pid)], { stdio: 'ignore' });
  const rounds = [];
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      // Alternate the order, so that a slow drift of the machine does not always favour the same server.
      const thisRound = new Map();
      for (const kind of round % 2 ? kinds : [...kinds].reverse()) {
        const r = await measure(kind, opts, round);
        const woke = r.wakeups !== undefined ? `, ${r.wakeups.toFixed(2)} load-core IPIs/request` : '';
        console.log(`round ${round}: ${kind} ${Math.round(r.rps)} requests/s, ${r.usPerRequest.toFixed(1)} µs CPU/request (server busy ${Math.round(100 * r.busy)}%${woke})`);
        thisRound.set(kind, r);
      }
      rounds.push(thisRound);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const of = (kind, f) => median(rounds.map((r) => f(r.get(kind))));
  const ratio = (a, b, f = (r) => r.rps) => median(rounds.map((r) => f(r.get(a)) / f(r.get(b))));
  const cores = os.cpus().length;
  console.log(
    `\nnode ${process.version}; ${cores} cores (${os.cpus()[0]?.model ?? '?'}); ${loader === 'wrk' ? 'wrk, 1 thread' : `autocannon ${require('autocannon/package.json').version}`}, ` +
      `${opts.connections} keep-alive connections; each server alone in its own process: ${opts.warmup} s warmup + ${opts.seconds} s measured, ` +
      `${opts.rounds} interleaved round(s); ${PIN ? `pinned with taskset: load generator on core ${PIN.load}, server on core ${PIN.server}` : 'not pinned to cores'}; ` +
      `load average before the run ${loadBefore.toFixed(2)}. Medians over the rounds; ratios are medians of the per-round ratios.\n`,
  );
  const has = (k) => kinds.includes(k);
  const cols = ['bare', 'wsdl2ts-baseline', 'gsoap', 'node-soap'].filter(has);
  console.log(
    `| server (BeginCacheRefresh, SOAP 1.1, Basic auth) | requests/s | server CPU µs/request | server busy | load-core IPIs/request | p50 ms | p99 ms | response bytes |${cols.map((c) => ` wsdl2ts ÷ ${c} |`).join('')}\n` +
      `|---|---:|---:|---:|---:|---:|---:|---:|${cols.map(() => '---:|').join('')}`,
  );
  for (const k of kinds) {
    const last = rounds[rounds.length - 1].get(k);
    const cells = cols.map((c) => (has('wsdl2ts') && k === 'wsdl2ts' ? ` **${ratio('wsdl2ts', c).toFixed(2)}** |` : ' |'));
    console.log(
      `| ${k} | ${Math.round(of(k, (r) => r.rps))} | ${of(k, (r) => r.usPerRequest).toFixed(1)} | ${Math.round(100 * of(k, (r) => r.busy))}% | ${last.wakeups !== undefined ? of(k, (r) => r.wakeups).toFixed(2) : 'n/a'} | ${of(k, (r) => r.p50)} | ${of(k, (r) => r.p99)} | ${last.bytes} |${cells.join('')}`,
    );
  }
  console.log('(server busy well under 100%: the load generator, not the server, was the limit for that row.)');
  console.log('(load-core IPIs/request: wake-ups of the idle load generator by an answer; on a virtual machine each costs the server CPU time.)');
  if (has('wsdl2ts')) {
    const lines = cols.map((c) => {
      const per = rounds.map((r) => (r.get('wsdl2ts').rps / r.get(c).rps).toFixed(2)).join(', ');
      const cpu = ratio('wsdl2ts', c, (r) => r.usPerRequest);
      return `wsdl2ts ÷ ${c}: requests/s per round ${per} (median ${ratio('wsdl2ts', c).toFixed(2)}); CPU per request ${cpu.toFixed(2)}× ${c}'s`;
    });
    console.log(lines.join('\n'));
    if (has('bare')) console.log(`goal: ≥ 0.75 of bare: ${ratio('wsdl2ts', 'bare') >= 0.75 ? 'met' : 'NOT met'}`);
    if (has('gsoap')) console.log(`goal: ≥ 1.0× gSOAP: ${ratio('wsdl2ts', 'gsoap') >= 1 ? 'met' : 'NOT met'}`);
  }
  if (opts.profileDir) console.log(`CPU profiles of the node servers: ${opts.profileDir}`);
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
