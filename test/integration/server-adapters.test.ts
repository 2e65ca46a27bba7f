import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type * as http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';
import { DefaultBinding_IWorkManagementServiceApplicationListener as wmsListener } from '../golden/ms-wms/expected/server';
import { ACTION, AUTH, recordingHandler, S11, TEMPURI, type Recorder } from './server-harness';

const PATH = '/WorkManagementService.svc';
const WSDL = '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>';

function listener(rec: Recorder) {
  return wmsListener(recordingHandler(rec), {
    authenticate: (req) => (req.headers.authorization === AUTH ? 'alice' : null),
    wsdl: WSDL,
    limits: { maxBodyBytes: 4096 },
  });
}

type Framework = 'express' | 'express with body parsers' | 'fastify';

async function start(kind: Framework) {
  const rec: Recorder = { ran: [], contexts: [] };
  if (kind === 'fastify') {
    const app = Fastify();
    app.route(rt.fastifyRoute(PATH, listener(rec)) as never);
    app.get('/health', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    return { rec, base: `http://127.0.0.1:${port}`, close: () => app.close() };
  }
  const app = express();
  if (kind === 'express with body parsers') {
    app.use(express.json());
    app.use(express.raw({ type: ['text/xml', 'application/soap+xml'], limit: '10mb' }));
  }
  app.all(PATH, rt.expressHandler(listener(rec)) as never);
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  const server: http.Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    rec,
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const envelope = (body: string) => `<s:Envelope xmlns:s="${S11}"><s:Body>${body}</s:Body></s:Envelope>`;
const headers11 = (op: string, extra: Record<string, string> = {}) => ({ 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${ACTION}${op}"`, Authorization: AUTH, ...extra });

describe.each<Framework>(['express', 'express with body parsers', 'fastify'])('the generated listener mounted in %s', (kind) => {
  let s: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => {
    s = await start(kind);
  });
  afterEach(() => s.close());

  test('the generated client calls it over SOAP 1.1 and 1.2, and the framework’s other routes still work', async () => {
    for (const soapVersion of ['1.1', '1.2'] as const) {
      const c = new WmsClient({ endpoint: s.base + PATH, soapVersion, addressing: soapVersion === '1.2', auth: { basic: { user: 'alice', password: 'secret' } } });
      expect(await c.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'MissingEmailAddress' });
      await expect(c.beginDeleteTaskPropagation({ taskId: 3, mappedKey: null })).resolves.toBeUndefined();
    }
    expect(s.rec.ran).toStrictEqual(['optIntoExchangeSync', 'beginDeleteTaskPropagation', 'optIntoExchangeSync', 'beginDeleteTaskPropagation']);
    expect(s.rec.contexts.map((c) => c.user)).toStrictEqual(['alice', 'alice', 'alice', 'alice']);
    expect(await (await fetch(`${s.base}/health`)).json()).toStrictEqual({ ok: true });
  });

  test('the listener’s own statuses: 401, 405, 415, 413, gzip, ?wsdl', async () => {
    const body = envelope(`<OptIntoExchangeSync xmlns="${TEMPURI}"/>`);
    const h = headers11('OptIntoExchangeSync');
    const noAuth = await fetch(s.base + PATH, { method: 'POST', headers: { ...h, Authorization: '' }, body });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(s.base + PATH, { method: 'PUT', headers: h, body })).status).toBe(405);
    expect((await fetch(s.base + PATH, { method: 'POST', headers: { ...h, 'Content-Type': 'application/json' }, body: '{"a":1}' })).status).toBe(415);
    expect((await fetch(s.base + PATH, { method: 'POST', headers: h, body: body + ' '.repeat(5000) })).status).toBe(413);
    // 1 MB of zeros inflates far past the 4 KiB limit: refused, never handed to a handler.
    expect((await fetch(s.base + PATH, { method: 'POST', headers: { ...h, 'Content-Encoding': 'gzip' }, body: gzipSync(Buffer.concat([Buffer.from(body), Buffer.alloc(1 << 20, 0x20)])) })).status).toBe(413);
    const zipped = await fetch(s.base + PATH, { method: 'POST', headers: { ...h, 'Content-Encoding': 'gzip' }, body: gzipSync(Buffer.from(body)) });
    expect(zipped.status).toBe(200);
    expect(await zipped.text()).toContain(">MissingEmailAddress</ns3:OptIntoExchangeSyncResult>");
    const wsdl = await fetch(`${s.base}${PATH}?wsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toBe(WSDL);
    expect(s.rec.ran).toStrictEqual(['optIntoExchangeSync']);
  });

  test('a hostile body gets its fault and the handler never runs', async () => {
    const res = await fetch(s.base + PATH, {
      method: 'POST',
      headers: headers11('BeginCacheRefresh'),
      body: `<!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope(`<BeginCacheRefresh xmlns="${TEMPURI}"/>`)}`,
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('<faultcode>s:Client</faultcode>');
    const proto = await fetch(s.base + PATH, { method: 'POST', headers: headers11('BeginCacheRefresh'), body: envelope(`<BeginCacheRefresh xmlns="${TEMPURI}"><__proto__ polluted="1"/></BeginCacheRefresh>`) });
    expect(proto.status).toBe(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(s.rec.ran).toStrictEqual([]);
  });
});

test('expressHandler refuses a body that another middleware parsed into something it cannot replay', async () => {
  const app = express();
  app.use(express.json({ type: () => true }));
  const rec: Recorder = { ran: [], contexts: [] };
  app.all(PATH, rt.expressHandler(listener(rec)) as never);
  const errors: string[] = [];
  app.use((e: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    errors.push(e.message);
    res.status(500).end();
  });
  const server: http.Server = await new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`, { method: 'POST', headers: { ...headers11('X'), 'Content-Type': 'text/xml' }, body: '{}' });
    expect(res.status).toBe(500);
    expect(errors).toStrictEqual([expect.stringMatching(/already parsed by another middleware/)]);
    expect(rec.ran).toStrictEqual([]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
