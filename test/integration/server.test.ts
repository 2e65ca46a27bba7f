import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';
import { DefaultBinding_IWorkManagementServiceApplicationListener as wmsListener, type DefaultBinding_IWorkManagementServiceApplicationHandler as WmsHandler } from '../golden/ms-wms/expected/server';
import * as harness from './server-harness';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ACTION = 'http://tempuri.org/IWorkManagementServiceApplication/';
const AUTH = `Basic ${Buffer.from('alice:secret').toString('base64')}`;

const handler: WmsHandler<string> = {
  beginCacheRefresh: (_i, ctx) => ({ BeginCacheRefreshResult: { CreatedJob: ctx.user === 'alice', CurrentJobId: null, CurrentJobIdClient: -1 } }),
  beginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
  optIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'MissingEmailAddress' }),
  optOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: false }),
  getExchangeSyncInfo: (_i, ctx) => ({ GetExchangeSyncInfoResult: { IsOptedIn: ctx.header(rt.ServiceContextElement)?.language === 'en-US', LastSyncResult: 'Success' } }),
  beginCreateTaskPropagation: (i) => {
    if (i.taskId === 500) throw new rt.SoapFault('server', 'task 500 refused');
    if (i.taskId === 501) throw new Error('secret stack /etc/passwd');
  },
  beginUpdateTaskPropagation: () => undefined,
  beginDeleteTaskPropagation: () => undefined,
  beginRelocateTaskPropagation: async () => undefined,
};

async function start() {
  const srv = http.createServer(
    wmsListener(handler, {
      authenticate: (req) => (req.headers.authorization === AUTH ? 'alice' : null),
      wsdl: '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>',
      headers: [rt.ServiceContextElement],
    }),
  );
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/WorkManagementService.svc`;
  return { url, close: () => new Promise<void>((resolve) => { srv.closeAllConnections(); srv.close(() => resolve()); }) };
}

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text(), headers: res.headers };
}

describe('the generated MS-WMS server skeleton', () => {
  test.each(['1.1', '1.2'] as const)('serves the generated client over SOAP %s (with WS-Addressing on 1.2)', async (version) => {
    const s = await start();
    try {
      const c = new WmsClient({ endpoint: s.url, soapVersion: version, addressing: version === '1.2', auth: { basic: { user: 'alice', password: 'secret' } }, headers: [rt.serviceContextHeader({ language: 'en-US' })] });
      expect(await c.beginCacheRefresh()).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: null, CurrentJobIdClient: -1 } });
      expect(await c.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastSyncResult: 'Success' } });
      expect(await c.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'MissingEmailAddress' });
      await expect(c.beginDeleteTaskPropagation({ taskId: 1, mappedKey: null })).resolves.toBeUndefined();
      const fault = await c.beginCreateTaskPropagation({ taskId: 500 }).then(() => undefined, (e: unknown) => e);
      expect(fault).toBeInstanceOf(rt.SoapFaultError);
      expect((fault as rt.SoapFaultError).reason).toBe('task 500 refused');
      const hidden = await c.beginCreateTaskPropagation({ taskId: 501 }).then(() => undefined, (e: unknown) => e);
      expect((hidden as rt.SoapFaultError).reason).toBe('The server was unable to process the request.');
    } finally {
      await s.close();
    }
  });

  test('protocol errors: 401 with a challenge, 405, 415, 413, action mismatch, mustUnderstand, DTD, wrong envelope', async () => {
    const s = await start();
    const env = (body: string, head = '') => `<s:Envelope xmlns:s="${S11}">${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;
    const ok = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${ACTION}BeginCacheRefresh"`, Authorization: AUTH };
    try {
      const unauth = await post(s.url, env('<BeginCacheRefresh xmlns="http://tempuri.org/"/>'), { ...ok, Authorization: '' });
      expect(unauth.status).toBe(401);
      expect(unauth.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect((await fetch(s.url)).status).toBe(405);
      expect((await fetch(`${s.url}?wsdl`)).status).toBe(200);
      expect((await post(s.url, env(''), { ...ok, 'Content-Type': 'application/json' })).status).toBe(415);
      expect((await post(s.url, 'x'.repeat(70_000), ok)).status).toBe(413);
      const mismatch = await post(s.url, env('<OptOutOfExchangeSync xmlns="http://tempuri.org/"/>'), ok);
      expect(mismatch.status).toBe(500);
      expect(mismatch.body).toContain('does not match the body element');
      const mu = await post(s.url, env('<BeginCacheRefresh xmlns="http://tempuri.org/"/>', `<x:Security xmlns:x="urn:sec" s:mustUnderstand="1"/>`), ok);
      expect(mu.body).toContain('is not understood');
      const dtd = await post(s.url, `<!DOCTYPE x [<!ENTITY a "aaaa">]>${env('<BeginCacheRefresh xmlns="http://tempuri.org/"/>')}`, ok);
      expect(dtd.status).toBe(500);
      expect(dtd.body).toContain('s:Client');
      const wrong = await post(s.url, env('<BeginCacheRefresh xmlns="http://tempuri.org/"/>').replace(S11, 'urn:not-soap'), ok);
      expect(wrong.status).toBe(500);
      expect(wrong.body).toContain('<faultcode>s:VersionMismatch</faultcode>');
      const proto = await post(s.url, env('<BeginCacheRefresh xmlns="http://tempuri.org/"><__proto__><polluted>1</polluted></__proto__></BeginCacheRefresh>'), ok);
      expect(proto.body).toContain('unexpected element');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // After all that, a normal request still works.
      const normal = await post(s.url, env('<BeginCacheRefresh xmlns="http://tempuri.org/"/>'), ok);
      expect(normal.status).toBe(200);
      expect(normal.body).toContain('BeginCacheRefreshResponse');
    } finally {
      await s.close();
    }
  });

  test('SharePoint ServiceContext is an ordinary header codec passed in options, not built into the server', async () => {
    const SC = 'http://schemas.microsoft.com/sharepoint/servicecontext';
    const seen: unknown[] = [];
    const recording: WmsHandler<string> = { ...handler, beginCacheRefresh: (i, ctx) => (seen.push(ctx.header(rt.ServiceContextElement)), handler.beginCacheRefresh(i, ctx)) };
    const serve = async (options: Partial<rt.ServerOptions<string>>) => {
      const srv = http.createServer(wmsListener(recording, { authenticate: () => 'alice', ...options }));
      await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve()))) };
    };
    const env = (head: string) => `<s:Envelope xmlns:s="${S11}"><s:Header>${head}</s:Header><s:Body><BeginCacheRefresh xmlns="http://tempuri.org/"/></s:Body></s:Envelope>`;
    const ok = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${ACTION}BeginCacheRefresh"` };
    const context = (mu = '') => `<ServiceContext xmlns="${SC}"${mu}><language>en-US</language><ulstraceOverrideLevel>10</ulstraceOverrideLevel></ServiceContext>`;
    const plain = await serve({});
    try {
      // Without the codec the server knows nothing of SharePoint: the header is skipped, or refused when mustUnderstand.
      expect((await post(plain.url, env(context()), ok)).status).toBe(200);
      expect(seen).toEqual([undefined]);
      const mu = await post(plain.url, env(context(' s:mustUnderstand="1"')), ok);
      expect(mu.status).toBe(500);
      expect(faultCode(mu.body)).toBe('s:MustUnderstand');
      expect(mu.body).toContain(`{${SC}}ServiceContext is not understood`);
    } finally {
      await plain.close();
    }
    const sp = await serve({ headers: [rt.ServiceContextElement] });
    try {
      expect((await post(sp.url, env(context(' s:mustUnderstand="1"')), ok)).status).toBe(200);
      expect(seen[1]).toStrictEqual({ language: 'en-US', ulstraceOverrideLevel: 10 });
      expect((await post(sp.url, env(''), ok)).status).toBe(200);
      expect(seen[2]).toBeUndefined();
      const twice = await post(sp.url, env(context() + context()), ok);
      expect(faultCode(twice.body)).toBe('s:Client');
      expect(twice.body).toContain('is repeated');
      const bad = await post(sp.url, env(`<ServiceContext xmlns="${SC}"><ulstraceOverrideLevel>ten</ulstraceOverrideLevel></ServiceContext>`), ok);
      expect(faultCode(bad.body)).toBe('s:Client');
      expect(seen).toHaveLength(3);
    } finally {
      await sp.close();
    }
    expect(() => wmsListener(recording, { authenticate: () => 'alice', headers: [{ ns: SC } as never] })).toThrow(/options.headers must be an array of element codecs/);
  });
});

function faultCode(body: string): string | undefined {
  return /<faultcode[^>]*>([^<]*)<\/faultcode>/.exec(body)?.[1];
}

describe('the listener under node:http: encodings, aborts, timeouts (regressions)', () => {
  const { startServer, request, env11: e11, env12: e12, CACHE_REFRESH: REFRESH, H11: HEAD11, H12: HEAD12, sleep, normalCall } = harness;

  test.each([
    ['gzip', (b: string) => zlib.gzipSync(b)],
    ['x-gzip', (b: string) => zlib.gzipSync(b)],
    ['deflate', (b: string) => zlib.deflateSync(b)],
    ['deflate', (b: string) => zlib.deflateRawSync(b)],
    ['identity', (b: string) => Buffer.from(b)],
    ['GZIP', (b: string) => zlib.gzipSync(b)],
  ])('Content-Encoding %s is inflated', async (coding, encode) => {
    const s = await startServer();
    try {
      const r11 = await request(s.url, { headers: { ...HEAD11, 'Content-Encoding': coding }, body: encode(e11(REFRESH)) });
      expect(r11.status).toBe(200);
      const r12 = await request(s.url, { headers: { ...HEAD12, 'Content-Encoding': coding }, body: encode(e12(REFRESH)) });
      expect(r12.status).toBe(200);
      expect(s.rec.ran).toEqual(['beginCacheRefresh', 'beginCacheRefresh']);
    } finally {
      await s.close();
    }
  });

  test('an inflated body may not exceed maxBodyBytes even when the compressed one is small', async () => {
    const s = await startServer({ options: { limits: { maxBodyBytes: 1000, maxBytes: 1000 } } });
    try {
      const padded = e11(`<BeginCacheRefresh xmlns="http://tempuri.org/"><!--${' '.repeat(1200)}--></BeginCacheRefresh>`);
      expect((await request(s.url, { headers: { ...HEAD11, 'Content-Encoding': 'gzip' }, body: zlib.gzipSync(padded) })).status).toBe(413);
      expect((await request(s.url, { headers: { ...HEAD11, 'Content-Encoding': 'gzip' }, body: zlib.gzipSync(e11(REFRESH)) })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  test('ctx.signal aborts when the client goes away while the handler runs', async () => {
    let aborted: Promise<boolean> | undefined;
    const s = await startServer({
      hooks: {
        beforeCacheRefresh: (ctx) => {
          aborted = new Promise<boolean>((resolve) => {
            if (ctx.signal.aborted) return resolve(true);
            const timer = setTimeout(() => resolve(false), 3000);
            ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
          });
          return aborted.then(() => undefined);
        },
      },
    });
    try {
      const controller = new AbortController();
      const call = fetch(s.url, { method: 'POST', headers: HEAD11, body: e11(REFRESH), signal: controller.signal }).catch(() => 'aborted');
      while (!aborted) await sleep(5);
      controller.abort();
      expect(await call).toBe('aborted');
      expect(await aborted).toBe(true);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  test('a normal request does not abort ctx.signal', async () => {
    const s = await startServer();
    try {
      await normalCall(s);
      expect(s.rec.contexts[0]!.signal.aborted).toBe(false);
    } finally {
      await s.close();
    }
  });

  test('no handler runs when the client left while authentication was pending, and nothing is reported', async () => {
    let authStarted = false;
    const s = await startServer({
      options: {
        authenticate: async (req) => {
          authStarted = true;
          await sleep(150);
          return req.headers.authorization === harness.AUTH ? 'alice' : null;
        },
      },
    });
    try {
      const { data } = await harness.rawExchange(s.port, async (sock) => {
        const body = e11(REFRESH);
        sock.write(`POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: text/xml\r\nAuthorization: ${harness.AUTH}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        while (!authStarted) await sleep(5);
        sock.destroy();
      });
      expect(data).toBe('');
      await sleep(300);
      expect(s.rec.ran).toEqual([]);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  test('a client that leaves while sending its body: no handler, nothing reported', async () => {
    const s = await startServer();
    try {
      await harness.rawExchange(s.port, async (sock) => {
        sock.write(`POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: text/xml\r\nAuthorization: ${harness.AUTH}\r\nContent-Length: 1000\r\n\r\n<s:Envelope`);
        await sleep(50);
        sock.destroy();
      });
      await sleep(50);
      expect(s.rec.ran).toEqual([]);
      expect(s.errors).toEqual([]);
      await normalCall(s);
    } finally {
      await s.close();
    }
  });

  test('with a plain http.createServer, the body timeout answers 408 (the connection used to be destroyed unanswered)', async () => {
    const rec: harness.Recorder = { ran: [], contexts: [] };
    const srv = http.createServer(wmsListener(harness.recordingHandler(rec), { authenticate: () => 'alice', limits: { bodyTimeoutMs: 200 } }));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    try {
      const { data } = await harness.rawExchange((srv.address() as AddressInfo).port, (sock) => {
        sock.write(`POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<s:Envelope`);
      });
      expect(data).toMatch(/^HTTP\/1\.1 408 /);
      expect(data).toContain('the request body took too long');
      expect(rec.ran).toEqual([]);
    } finally {
      srv.closeAllConnections();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  test('after a 413 on a chunked body, the same keep-alive connection serves the next request', async () => {
    const rec: harness.Recorder = { ran: [], contexts: [] };
    const srv = http.createServer(wmsListener(harness.recordingHandler(rec), { authenticate: () => 'alice' }));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as AddressInfo).port;
    try {
      const replies = await new Promise<string>((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1');
        let data = '';
        const normal = e11(REFRESH);
        sock.on('error', reject);
        sock.on('data', (c: Buffer) => {
          data += c.toString('latin1');
          if (data.includes('BeginCacheRefreshResponse')) {
            sock.destroy();
            resolve(data);
          }
        });
        sock.on('close', () => resolve(data));
        sock.write(`POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const chunk = 'x'.repeat(8192);
        for (let i = 0; i < 12; i++) sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        sock.write('0\r\n\r\n');
        sock.write(`POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: text/xml\r\nContent-Length: ${normal.length}\r\n\r\n${normal}`);
      });
      expect(replies).toMatch(/^HTTP\/1\.1 413 /);
      expect(replies).toMatch(/HTTP\/1\.1 200 [\s\S]*BeginCacheRefreshResponse/);
      expect(rec.ran).toEqual(['beginCacheRefresh']);
    } finally {
      srv.closeAllConnections();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  test('createSoapServer applies WCF-like connection limits', async () => {
    const srv = rt.createSoapServer(() => undefined);
    // The idle timeout (120 s) is not node's per-socket `timeout` (0 here) but one sweep per server: server-hostile's
    // "no traffic for idleTimeoutMs" test checks that it closes silent connections.
    expect([srv.headersTimeout, srv.requestTimeout, srv.keepAliveTimeout, srv.timeout]).toEqual([10_000, 30_000, 5_000, 0]);
    expect(rt.DEFAULT_SERVER_TIMEOUTS.maxHeaderSize).toBe(16 * 1024);
    const custom = rt.createSoapServer(() => undefined, { headersTimeoutMs: 50_000, requestTimeoutMs: 20_000 });
    expect([custom.headersTimeout, custom.requestTimeout]).toEqual([20_000, 20_000]);
    expect(() => rt.createSoapServer(() => undefined, { requestTimeoutMs: -1 })).toThrow(RangeError);
    // Headers over maxHeaderSize get 431.
    const small = rt.createSoapServer(() => undefined, { maxHeaderSize: 1024 }) as unknown as http.Server;
    await new Promise<void>((resolve) => small.listen(0, '127.0.0.1', resolve));
    try {
      const { data } = await harness.rawExchange((small.address() as AddressInfo).port, (sock) => {
        sock.write(`POST /x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`);
      });
      expect(data).toMatch(/^HTTP\/1\.1 431 /);
    } finally {
      small.closeAllConnections();
      await new Promise<void>((resolve) => small.close(() => resolve()));
    }
  });
});

describe('Expect: 100-continue under createSoapServer', () => {
  /** Sends the headers only, and collects what the server says before any body byte was sent. */
  function headersOnly(port: number, head: string): Promise<{ socket: net.Socket; first: Promise<string> }> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(head);
        const first = new Promise<string>((r) => socket.once('data', (d: Buffer) => r(d.toString('latin1'))));
        resolve({ socket, first });
      });
    });
  }
  const body = `<s:Envelope xmlns:s="${harness.S11}"><s:Body><BeginCacheRefresh xmlns="${harness.TEMPURI}"/></s:Body></s:Envelope>`;
  const head = (length: number, type = 'text/xml; charset=utf-8') =>
    `POST /WorkManagementService.svc HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nSOAPAction: "${harness.ACTION}BeginCacheRefresh"\r\nAuthorization: ${harness.AUTH}\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;

  test('an oversized or wrongly typed request is refused before the client sends its body', async () => {
    const s = await harness.startServer();
    try {
      const anonymous = head(100).replace(`Authorization: ${harness.AUTH}\r\n`, '');
      for (const [h, status] of [[head(10 * 1024 * 1024), '413'], [head(100, 'application/json'), '415'], [anonymous, '401']] as const) {
        const { socket, first } = await headersOnly(s.port, h);
        expect(await first).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        socket.destroy();
      }
      expect(s.rec.ran).toStrictEqual([]);
    } finally {
      await s.close();
    }
  });

  test('a good request gets 100 Continue, then its answer once the body is sent', async () => {
    const s = await harness.startServer();
    try {
      const { socket, first } = await headersOnly(s.port, head(Buffer.byteLength(body)));
      expect(await first).toBe('HTTP/1.1 100 Continue\r\n\r\n');
      const answer = new Promise<string>((r) => {
        let text = '';
        socket.on('data', (d: Buffer) => {
          text += d.toString('utf8');
          if (text.includes('</s:Envelope>')) r(text);
        });
      });
      socket.write(body);
      expect(await answer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*<ns1:CurrentJobIdClient>-1<\/ns1:CurrentJobIdClient>/);
      socket.destroy();
      expect(s.rec.ran).toStrictEqual(['beginCacheRefresh']);
    } finally {
      await s.close();
    }
  });
});

describe('metadata: ?wsdl and the documents it refers to', () => {
  test('?wsdl, ?singleWsdl, ?xsd=<name> and ?wsdl=<name> serve what was configured; unknown names get 404, never a file', async () => {
    const s = await harness.startServer({ options: { wsdl: '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>', metadata: { xsd0: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', 'part 2': '<p/>' } } });
    try {
      const get = async (q: string) => {
        const r = await fetch(s.url + q);
        return [r.status, await r.text()] as const;
      };
      expect(await get('?wsdl')).toStrictEqual([200, '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>']);
      expect(await get('?singleWsdl')).toStrictEqual([200, '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>']);
      expect(await get('?xsd=xsd0')).toStrictEqual([200, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>']);
      expect(await get('?wsdl=part%202')).toStrictEqual([200, '<p/>']);
      for (const q of ['?xsd=xsd1', '?xsd=__proto__', '?xsd=constructor', '?xsd=..%2F..%2Fetc%2Fpasswd', '?xsd=%E0%A4%A', '?xsd']) expect((await get(q))[0]).toBe(404);
      expect((await get('?other=1'))[0]).toBe(405);
      expect(s.rec.ran).toStrictEqual([]);
    } finally {
      await s.close();
    }
  });
});
