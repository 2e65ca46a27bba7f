/**
 * The client transports against real servers on 127.0.0.1: undici (the default), node:http and fetch must behave
 * alike (status, lower-cased headers, UTF-8 bodies, keep-alive, connection limit, timeouts, aborts, response size
 * limit, TLS options, errors), and undici must only be loaded when the default transport is first used.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface Running {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Most connections open at the same time. */
  peak(): number;
  close(): Promise<void>;
}

async function serve(handler: Handler, tls?: { key: Buffer; cert: Buffer }): Promise<Running> {
  let connections = 0;
  let open = 0;
  let peak = 0;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  };
  const srv = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
  srv.on('connection', (socket) => {
    connections++;
    peak = Math.max(peak, ++open);
    socket.once('close', () => open--);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${(srv.address() as AddressInfo).port}/svc?x=1`,
    connections: () => connections,
    peak: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

const TRANSPORTS: [string, (o?: rt.HttpTransportOptions) => rt.Transport][] = [
  ['undici (default)', (o) => rt.undiciTransport(o)],
  ['node:http', (o) => rt.httpTransport(o)],
  ['fetch', () => rt.fetchTransport()],
];

const outcome = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe.each(TRANSPORTS)('the %s transport', (name, make) => {
  test('posts the body and headers, and returns status, lower-cased headers and a UTF-8 body split across chunks', async () => {
    const seen: { method?: string; url?: string; type?: string; custom?: string; body?: string }[] = [];
    const s = await serve((req, res, body) => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], custom: String(req.headers['x-custom']), body });
      res.writeHead(500, { 'Content-Type': 'text/xml; charset=utf-8', 'X-Answer': 'yes' });
      const bytes = Buffer.from('<r>café ☕</r>', 'utf8');
      // Cut inside the multi-byte characters: the transport must decode the whole body, not chunk by chunk.
      res.write(bytes.subarray(0, 8));
      setTimeout(() => res.end(bytes.subarray(8)), 20);
    });
    try {
      const r = await make()({ url: s.url, headers: { 'Content-Type': 'text/xml; charset=utf-8', 'X-Custom': 'ü1' }, body: '<q>é</q>', timeoutMs: 5000 });
      expect(r.status).toBe(500);
      expect(r.headers['x-answer']).toBe('yes');
      expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(r.body).toBe('<r>café ☕</r>');
      expect(seen).toEqual([{ method: 'POST', url: '/svc?x=1', type: 'text/xml; charset=utf-8', custom: 'ü1', body: '<q>é</q>' }]);
    } finally {
      await s.close();
    }
  });

  test('keeps the connection alive between calls', async () => {
    const s = await serve((_req, res) => res.end('<ok/>'));
    try {
      const t = make();
      for (let i = 0; i < 10; i++) expect((await t({ url: s.url, headers: {}, body: '<a/>' })).body).toBe('<ok/>');
      // node:http reuses its one socket; undici (and fetch, built on it) alternates between two connections for
      // calls made one after the other, because the next call is dispatched before the first connection is free.
      expect(s.connections()).toBeLessThanOrEqual(name === 'node:http' ? 1 : 2);
    } finally {
      await s.close();
    }
  });

  test('a call past timeoutMs fails with TimeoutError', async () => {
    const s = await serve(() => undefined);
    try {
      const t0 = Date.now();
      const e = await outcome(make()({ url: s.url, headers: {}, body: '<a/>', timeoutMs: 150 }));
      expect(e).toBeInstanceOf(rt.TimeoutError);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await s.close();
    }
  });

  test('timeoutMs bounds the whole exchange: headers in time and a body trickling past it still time out', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write('<r>');
      const tick = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(tick));
    });
    try {
      const t0 = Date.now();
      const e = await outcome(make()({ url: s.url, headers: {}, body: '<a/>', timeoutMs: 200 }));
      expect(e).toBeInstanceOf(rt.TimeoutError);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await s.close();
    }
  });

  test('deadlines of concurrent calls are independent: the slow ones time out, the others answer, later calls work', async () => {
    const s = await serve((req, res) => {
      if (req.url?.includes('slow')) return; // never answers
      setTimeout(() => res.end('<ok/>'), 10);
    });
    try {
      const t = make();
      const slow = s.url.replace('?x=1', '?slow');
      const calls = Array.from({ length: 12 }, (_, i) => outcome(t({ url: i % 3 === 0 ? slow : s.url, headers: {}, body: '<a/>', timeoutMs: i % 3 === 0 ? 100 + i * 10 : 5000 })));
      const results = await Promise.all(calls);
      results.forEach((r, i) => (i % 3 === 0 ? expect(r).toBeInstanceOf(rt.TimeoutError) : expect(r).toBeUndefined()));
      expect((await t({ url: s.url, headers: {}, body: '<a/>', timeoutMs: 5000 })).body).toBe('<ok/>');
    } finally {
      await s.close();
    }
  });

  test('repeated response headers are joined with ", " under their lower-cased name', async () => {
    const s = await serve((_req, res) => {
      res.setHeader('X-Dup', ['a', 'b']);
      res.setHeader('Constructor', 'c');
      res.end('<ok/>');
    });
    try {
      const r = await make()({ url: s.url, headers: {}, body: '<a/>' });
      expect(r.headers['x-dup']).toBe('a, b');
      expect(r.headers['constructor']).toBe('c');
      expect(Object.getPrototypeOf(r.headers)).toBe(Object.prototype);
    } finally {
      await s.close();
    }
  });

  test('an AbortSignal aborts a call in flight, and an aborted signal stops it before it is sent', async () => {
    let received = 0;
    const s = await serve(() => received++);
    try {
      const t = make();
      const ac = new AbortController();
      const p = outcome(t({ url: s.url, headers: {}, body: '<a/>', signal: ac.signal }));
      setTimeout(() => ac.abort(), 50);
      expect(await p).toBeInstanceOf(rt.AbortError);
      const before = received;
      expect(await outcome(t({ url: s.url, headers: {}, body: '<a/>', signal: ac.signal }))).toBeInstanceOf(rt.AbortError);
      await new Promise((r) => setTimeout(r, 50));
      expect(received).toBe(before);
    } finally {
      await s.close();
    }
  });

  test('a refused connection fails with TransportError', async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    expect(await outcome(make()({ url, headers: {}, body: '<a/>', timeoutMs: 5000 }))).toBeInstanceOf(rt.TransportError);
  });

  if (name === 'fetch') return;

  test('a request header the transport cannot send fails with TransportError naming it, before anything is sent', async () => {
    let received = 0;
    const s = await serve((_req, res) => (received++, res.end('<ok/>')));
    try {
      const e = await outcome(make()({ url: s.url, headers: { 'X-Bad': 'a\nb' }, body: '<a/>', timeoutMs: 5000 }));
      expect(e).toBeInstanceOf(rt.TransportError);
      expect((e as Error).message).toMatch(/x-bad/i);
      if (name !== 'node:http') {
        const te = await outcome(make()({ url: s.url, headers: { 'Transfer-Encoding': 'chunked' }, body: '<a/>', timeoutMs: 5000 }));
        expect(te).toBeInstanceOf(rt.TransportError);
        expect((te as Error).message).toMatch(/transfer-encoding/i);
      }
      expect(received).toBe(0);
    } finally {
      await s.close();
    }
  });

  test('maxResponseBytes bounds the response, announced or chunked', async () => {
    const big = 'x'.repeat(10_000);
    const s = await serve((req, res) => {
      if (req.url?.includes('chunked')) {
        res.write(big);
        res.end(big);
      } else res.end(big);
    });
    try {
      const t = make({ maxResponseBytes: 5000 });
      const announced = await outcome(t({ url: s.url, headers: {}, body: '<a/>' }));
      expect(announced).toBeInstanceOf(rt.TransportError);
      expect((announced as Error).message).toContain('larger than 5000 bytes');
      const chunked = await outcome(t({ url: s.url.replace('?x=1', '?chunked'), headers: {}, body: '<a/>' }));
      expect(chunked).toBeInstanceOf(rt.TransportError);
      expect((await make({ maxResponseBytes: 20_000 })({ url: s.url, headers: {}, body: '<a/>' })).body).toBe(big);
    } finally {
      await s.close();
    }
  });

  test('maxSockets bounds the connections of the pool', async () => {
    const s = await serve((_req, res) => setTimeout(() => res.end('<ok/>'), 30));
    try {
      const t = make({ maxSockets: 2 });
      const all = await Promise.all(Array.from({ length: 8 }, () => t({ url: s.url, headers: {}, body: '<a/>' })));
      expect(all.map((r) => r.body)).toEqual(Array(8).fill('<ok/>'));
      expect(s.peak()).toBe(2);
    } finally {
      await s.close();
    }
  });

  test('TLS: a server certificate is checked against the CA given in tls.ca, and refused without it', async () => {
    const { key, cert } = selfSignedCertificate();
    const s = await serve((_req, res) => res.end('<secure/>'), { key, cert });
    try {
      expect((await make({ tls: { ca: cert.toString() } })({ url: s.url, headers: {}, body: '<a/>' })).body).toBe('<secure/>');
      const untrusted = await outcome(make()({ url: s.url, headers: {}, body: '<a/>', timeoutMs: 5000 }));
      expect(untrusted).toBeInstanceOf(rt.TransportError);
      expect((untrusted as Error).message).toMatch(/self[- ]signed|certificate/i);
      expect((await make({ tls: { rejectUnauthorized: false } })({ url: s.url, headers: {}, body: '<a/>' })).body).toBe('<secure/>');
    } finally {
      await s.close();
    }
  });
});

describe('the default transport', () => {
  test('generated clients use undici; undici is loaded on the first call, not by importing the runtime or serving', () => {
    const dist = path.resolve(__dirname, '../../packages/runtime/dist/index.js');
    const script = `
      const rt = require(${JSON.stringify(dist)});
      const http = require('node:http');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/undici/'));
      const out = { atImport: loaded() };
      const listener = rt.createSoapListener({ name: 'B', soapVersion: '1.1', addressing: false }, {}, {}, { authenticate: () => 'u' });
      const srv = http.createServer((req, res) => (req.url === '/soap' ? listener(req, res) : (req.resume(), res.end('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'))));
      srv.listen(0, '127.0.0.1', async () => {
        const base = 'http://127.0.0.1:' + srv.address().port;
        await fetch(base + '/soap', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<x/>' }).then((r) => r.text());
        out.afterServing = loaded();
        const client = new rt.SoapClient({ name: 'B', soapVersion: '1.1', addressing: false }, { endpoint: base + '/ok' });
        const op = { name: 'Op', inputAction: 'a', input: { ns: 'urn:x', local: 'Op', toXml: () => '<Op xmlns="urn:x"/>' }, faults: [] };
        out.result = await client.call(op, {});
        out.afterCall = loaded();
        srv.close();
        console.log(JSON.stringify(out));
      });`;
    if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run npm run build -w @wsdl2ts/runtime`);
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ atImport: false, afterServing: false, afterCall: true });
  });
});

let certificate: { key: Buffer; cert: Buffer } | undefined;

/** A throw-away self-signed certificate for 127.0.0.1, made with openssl. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsdl2ts-tls-'));
  try {
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`openssl could not make a test certificate (apt-get install openssl): ${(e as Error).message}`);
    }
    certificate = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
    return certificate;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
