import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '../../src/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';
import { DefaultBinding_IWorkManagementServiceApplicationListener as wmsListener, type DefaultBinding_IWorkManagementServiceApplicationHandler as WmsHandler } from '../golden/ms-wms/expected/server';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ACTION = 'http://tempuri.org/IWorkManagementServiceApplication/';
const AUTH = `Basic ${Buffer.from('alice:secret').toString('base64')}`;

const handler: WmsHandler<string> = {
  beginCacheRefresh: (_i, ctx) => ({ BeginCacheRefreshResult: { CreatedJob: ctx.user === 'alice', CurrentJobId: null, CurrentJobIdClient: -1 } }),
  beginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
  optIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'MissingEmailAddress' }),
  optOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: false }),
  getExchangeSyncInfo: (_i, ctx) => ({ GetExchangeSyncInfoResult: { IsOptedIn: ctx.serviceContext?.language === 'en-US', LastSyncResult: 'Success' } }),
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
      expect(wrong.body).toContain('s:Client');
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
});
