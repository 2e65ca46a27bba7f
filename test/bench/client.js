'use strict';
/**
 * Client benchmark (reported, never asserted): BeginCacheRefresh calls per second against one bare node:http
 * server (in its own process, answering a fixed response), one call at a time and 10 in flight, for
 *   raw      the default transport (httpTransport, keep-alive) posting a fixed envelope: the ceiling
 *   wsdl2ts  the generated client (envelope building, HTTP, response validation and decoding)
 *   node-soap  node-soap's client for the same WSDL (a wsdl:service added in memory)
 *   fetch    Node's fetch posting the fixed envelope, for scale
 */
const path = require('node:path');
const fs = require('node:fs');
const { fork } = require('node:child_process');
const { loadGenerated, REPO } = require('../../samples/lib/load-generated');
const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));

const RESPONSE =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefreshResponse xmlns="http://tempuri.org/"><BeginCacheRefreshResult xmlns:b="http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><b:CreatedJob>true</b:CreatedJob><b:CurrentJobId>2</b:CurrentJobId><b:CurrentJobIdClient>2</b:CurrentJobIdClient></BeginCacheRefreshResult></BeginCacheRefreshResponse></s:Body></s:Envelope>';
const REQUEST = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><BeginCacheRefresh xmlns="http://tempuri.org/"/></s:Body></s:Envelope>';

if (process.argv[2] === 'serve') {
  const http = require('node:http');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(RESPONSE) });
      res.end(RESPONSE);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  return;
}

async function measure(fn, inflight, ms) {
  let n = 0;
  const end = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < end) {
      await fn();
      n++;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inflight }, worker));
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function main() {
  const child = fork(__filename, ['serve'], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const url = `http://127.0.0.1:${port}/WorkManagementService.svc`;
  const gen = await loadGenerated(path.join(REPO, 'samples/ms-wms.wsdl'));
  const client = new gen.DefaultBinding_IWorkManagementServiceApplicationClient({ endpoint: url, timeoutMs: Number(process.env.BENCH_TIMEOUT_MS ?? 30000) });
  const transport = rt.httpTransport();
  const headers = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://tempuri.org/IWorkManagementServiceApplication/BeginCacheRefresh"' };
  let soapClient;
  try {
    const soap = require('soap');
    let wsdl = fs.readFileSync(path.join(REPO, 'samples/ms-wms.wsdl'), 'utf8');
    const k = wsdl.lastIndexOf('</wsdl:definitions>');
    wsdl = `${wsdl.slice(0, k)}<wsdl:service name="S"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication"><soap:address location="${url}"/></wsdl:port></wsdl:service>${wsdl.slice(k)}`;
    const file = path.join(require('node:os').tmpdir(), `wsdl2ts-bench-${process.pid}.wsdl`);
    fs.writeFileSync(file, wsdl);
    soapClient = await soap.createClientAsync(file, { endpoint: url });
  } catch (e) {
    console.error(`node-soap client unavailable: ${e.message}`);
  }
  const cases = [
    ['raw default transport (fixed envelope)', () => transport({ url, headers, body: REQUEST })],
    ['wsdl2ts generated client', () => client.beginCacheRefresh()],
    ['node-soap client', soapClient ? () => soapClient.BeginCacheRefreshAsync({}) : undefined],
    ['fetch (fixed envelope)', () => fetch(url, { method: 'POST', headers, body: REQUEST }).then((r) => r.text())],
  ];
  const check = await client.beginCacheRefresh();
  if (check.BeginCacheRefreshResult.CurrentJobId !== 2) throw new Error('unexpected decode');
  const rows = [];
  for (const [name, fn] of cases) {
    if (!fn) {
      rows.push([name]);
      continue;
    }
    await measure(fn, 10, 500);
    rows.push([name, await measure(fn, 1, 2000), await measure(fn, 10, 2000)]);
  }
  const raw = rows[0];
  const soapRow = rows[2];
  console.log(`node ${process.version}; one server process; BeginCacheRefresh calls per second\n`);
  console.log('| client | 1 at a time | vs raw | vs node-soap | 10 in flight | vs raw | vs node-soap |\n|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, one, ten] of rows) {
    if (one === undefined) console.log(`| ${name} | n/a | | | n/a | | |`);
    else console.log(`| ${name} | ${Math.round(one)} | ${(one / raw[1]).toFixed(2)} | ${soapRow[1] ? (one / soapRow[1]).toFixed(1) + '×' : ''} | ${Math.round(ten)} | ${(ten / raw[2]).toFixed(2)} | ${soapRow[2] ? (ten / soapRow[2]).toFixed(1) + '×' : ''} |`);
  }
  child.kill();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
