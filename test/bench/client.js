'use strict';
/**
 * Client benchmark (reported, never asserted): BeginCacheRefresh calls per second against one bare node:http server
 * (in its own process, answering a fixed response), serially and with 10 calls in flight, for
 *   undici Pool.request   undici's own pool posting a fixed envelope and reading the body as text: the ceiling
 *   bare node:http        http.request with a keep-alive agent posting the fixed envelope
 *   wsdl2ts (undici)      the generated client with its default transport (envelope, HTTP, response validation, decoding)
 *   wsdl2ts (node:http)   the generated client with transport: httpTransport()
 *   node-soap             node-soap 1.13's client for the same WSDL (a wsdl:service added in memory)
 * Every answer is checked (status and length for the fixed envelopes, the decoded value for the clients). With
 * taskset and 2+ cores the server runs on the last core and this process on core 0. Rounds are interleaved (every
 * round measures every client once, in alternating order); the table gives medians over the rounds and medians of
 * the per-round ratios to undici's Pool.request, and the client process's CPU time per call.
 *
 * Environment: BENCH_CLIENT_ROUNDS (default 5), BENCH_CLIENT_MS (measured ms per client, mode and round, default
 * 1500), BENCH_CLIENT_PIN=0 (no taskset), BENCH_CLIENT_BASELINE=<dir of another runtime build> (adds the generated
 * client on that runtime, default transport, in the same rounds).
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const http = require('node:http');
const { spawn, spawnSync } = require('node:child_process');

const RESPONSE =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefreshResponse xmlns="http://tempuri.org/"><BeginCacheRefreshResult xmlns:b="http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><b:CreatedJob>true</b:CreatedJob><b:CurrentJobId>2</b:CurrentJobId><b:CurrentJobIdClient>2</b:CurrentJobIdClient></BeginCacheRefreshResult></BeginCacheRefreshResponse></s:Body></s:Envelope>';
const REQUEST = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefresh xmlns="http://tempuri.org/"/></s:Body></s:Envelope>';
const HEADERS = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://tempuri.org/IWorkManagementServiceApplication/BeginCacheRefresh"' };

if (process.argv[2] === 'serve') {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(RESPONSE) });
      res.end(RESPONSE);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
  return;
}

const PIN = (() => {
  if (process.env.BENCH_CLIENT_PIN === '0' || os.cpus().length < 2) return undefined;
  if (spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status !== 0) return undefined;
  return { client: 0, server: os.cpus().length - 1 };
})();

function env(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

/** Calls per second and client CPU µs per call, `inflight` workers calling `fn` for `ms`. */
async function measure(fn, inflight, ms) {
  let n = 0;
  const end = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < end) {
      await fn();
      n++;
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inflight }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { rate: n / seconds, cpuPerCall: (cpu.user + cpu.system) / n };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  // Taken now: at the end the load average counts the benchmark's own processes.
  const loadBefore = os.loadavg()[0];
  const { writeGeneratedApart, REPO } = require('../../samples/lib/load-generated');
  const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));
  const { Pool } = require(require.resolve('undici', { paths: [path.join(REPO, 'packages/runtime')] }));
  const argv = [process.execPath, __filename, 'serve'];
  const child = PIN ? spawn('taskset', ['-c', String(PIN.server), ...argv], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }) : spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (PIN) spawnSync('taskset', ['-cp', String(PIN.client), String(process.pid)], { stdio: 'ignore' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/WorkManagementService.svc`;
  const rounds = env('BENCH_CLIENT_ROUNDS', 5);
  const ms = env('BENCH_CLIENT_MS', 1500);
  try {
    // Generated by another process: this one never loads the generator, whose heap would burden every client here.
    const gen = require(path.join(writeGeneratedApart(path.join(REPO, 'samples/ms-wms.wsdl')), 'index.js'));
    const Client = gen.DefaultBinding_IWorkManagementServiceApplicationClient;
    const viaUndici = new Client({ endpoint: url });
    const viaHttp = new Client({ endpoint: url, transport: rt.httpTransport() });
    const baselineDir = process.env.BENCH_CLIENT_BASELINE;
    const viaBaseline = baselineDir
      ? new (require(path.join(writeGeneratedApart(path.join(REPO, 'samples/ms-wms.wsdl'), { runtime: path.resolve(baselineDir, 'index.js') }), 'index.js')).DefaultBinding_IWorkManagementServiceApplicationClient)({ endpoint: url })
      : undefined;
    const pool = new Pool(origin, { connections: 16 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const fail = (what, got) => {
      throw new Error(`${what}: unexpected answer ${String(got).slice(0, 200)}`);
    };
    const decoded = (name) => (r) => (r?.BeginCacheRefreshResult?.CurrentJobId === 2 ? undefined : fail(name, JSON.stringify(r)));
    let soapClient;
    try {
      const soap = require('soap');
      let wsdl = fs.readFileSync(path.join(REPO, 'samples/ms-wms.wsdl'), 'utf8');
      const k = wsdl.lastIndexOf('</wsdl:definitions>');
      wsdl = `${wsdl.slice(0, k)}<wsdl:service name="S"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication"><soap:address location="${url}"/></wsdl:port></wsdl:service>${wsdl.slice(k)}`;
      const file = path.join(os.tmpdir(), `wsdl2ts-bench-${process.pid}.wsdl`);
      fs.writeFileSync(file, wsdl);
      soapClient = await soap.createClientAsync(file, { endpoint: url });
      fs.rmSync(file, { force: true });
    } catch (e) {
      console.error(`node-soap client unavailable: ${e.message}`);
    }
    const cases = [
      [
        'undici Pool.request (fixed envelope)',
        async () => {
          const r = await pool.request({ path: '/WorkManagementService.svc', method: 'POST', headers: HEADERS, body: REQUEST });
          const body = await r.body.text();
          if (r.statusCode !== 200 || body.length !== RESPONSE.length) fail('undici', body);
        },
      ],
      [
        'bare node:http (fixed envelope)',
        () =>
          new Promise((resolve, reject) => {
            const req = http.request(url, { method: 'POST', agent, headers: { ...HEADERS, 'Content-Length': Buffer.byteLength(REQUEST) } }, (res) => {
              const chunks = [];
              res.on('data', (c) => chunks.push(c));
              res.on('end', () => {
                const body = Buffer.concat(chunks).toString('utf8');
                if (res.statusCode !== 200 || body.length !== RESPONSE.length) reject(new Error(`node:http: unexpected answer ${body.slice(0, 200)}`));
                else resolve();
              });
              res.on('error', reject);
            });
            req.on('error', reject);
            req.end(REQUEST);
          }),
      ],
      ['wsdl2ts generated client (default transport: undici)', () => viaUndici.beginCacheRefresh().then(decoded('wsdl2ts undici'))],
      ['wsdl2ts generated client on the baseline runtime (default transport)', viaBaseline ? () => viaBaseline.beginCacheRefresh().then(decoded('wsdl2ts baseline')) : undefined],
      ['wsdl2ts generated client (httpTransport: node:http)', () => viaHttp.beginCacheRefresh().then(decoded('wsdl2ts node:http'))],
      ['node-soap client', soapClient ? () => soapClient.BeginCacheRefreshAsync({}).then(([r]) => decoded('node-soap')(r)) : undefined],
    ].filter(([, fn]) => fn);
    // Warm up every client (JIT, connections) before the first round.
    for (const [, fn] of cases) await measure(fn, 10, 300);
    const results = new Map(cases.map(([name]) => [name, { serial: [], ten: [] }]));
    for (let round = 1; round <= rounds; round++) {
      for (const [name, fn] of round % 2 ? cases : [...cases].reverse()) {
        const r = results.get(name);
        r.serial.push(await measure(fn, 1, ms));
        r.ten.push(await measure(fn, 10, ms));
      }
    }
    const ref = results.get(cases[0][0]);
    const ratio = (r, mode) => median(r[mode].map((x, i) => x.rate / ref[mode][i].rate));
    console.log(
      `node ${process.version}; ${os.cpus().length} cores; one bare node:http server process${PIN ? `, pinned with taskset: server on core ${PIN.server}, clients on core ${PIN.client}` : ''}; ` +
        `${rounds} interleaved rounds of ${ms} ms per client and mode; load average before the run ${loadBefore.toFixed(2)}. ` +
        'Medians over the rounds; ratios are medians of the per-round ratios to undici Pool.request.\n',
    );
    console.log('| client (BeginCacheRefresh) | serial calls/s | ÷ undici | CPU µs/call | 10 in flight calls/s | ÷ undici | CPU µs/call |\n|---|---:|---:|---:|---:|---:|---:|');
    for (const [name] of cases) {
      const r = results.get(name);
      const cell = (mode) => `${Math.round(median(r[mode].map((x) => x.rate)))} | ${ratio(r, mode).toFixed(2)} | ${median(r[mode].map((x) => x.cpuPerCall)).toFixed(1)}`;
      console.log(`| ${name} | ${cell('serial')} | ${cell('ten')} |`);
    }
    const gen10 = ratio(results.get(cases[2][0]), 'ten');
    const gen1 = ratio(results.get(cases[2][0]), 'serial');
    console.log(`goal: the generated client ≥ 0.8 of undici Pool.request: 10 in flight ${gen10.toFixed(2)} (${gen10 >= 0.8 ? 'met' : 'NOT met'}), serial ${gen1.toFixed(2)} (${gen1 >= 0.8 ? 'met' : 'NOT met'})`);
    await pool.close();
    agent.destroy();
  } finally {
    child.kill();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
