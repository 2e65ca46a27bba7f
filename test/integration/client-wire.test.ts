import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';

const DC = 'http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSA = 'http://www.w3.org/2005/08/addressing';
const ACTION = 'http://tempuri.org/IWorkManagementServiceApplication/';

interface Captured {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A scripted server on 127.0.0.1: records each request and answers with the next scripted reply. */
async function server(reply: (req: Captured) => { status?: number; type?: string; body: string; delayMs?: number }) {
  const requests: Captured[] = [];
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const captured = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(captured);
      const r = reply(captured);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(r.status ?? 200, { 'Content-Type': r.type ?? 'text/xml; charset=utf-8' });
        res.end(r.body);
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/WorkManagementService.svc`;
  return { url, requests, close: () => new Promise<void>((resolve) => { srv.closeAllConnections(); srv.close(() => resolve()); }) };
}

/**
 * Canonical form for comparing XML: namespace URIs instead of prefixes, no namespace declarations, attributes
 * sorted, white-space-only text dropped, and values named in `mask` replaced by a placeholder.
 */
function canon(xml: string, mask: (el: Element) => boolean = () => false): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const walk = (n: Node): string => {
    if (n.nodeType === 3 || n.nodeType === 4) return (n.nodeValue ?? '').trim() ? (n.nodeValue ?? '') : '';
    if (n.nodeType !== 1) return '';
    const el = n as Element;
    const attrs = Array.from(el.attributes)
      .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
      .map((a) => `{${a.namespaceURI ?? ''}}${a.localName}=${a.value}`)
      .sort();
    const inner = mask(el) ? '*' : Array.from(el.childNodes).map(walk).join('');
    return `<{${el.namespaceURI ?? ''}}${el.localName}${attrs.length ? ' ' + attrs.join(' ') : ''}>${inner}</>`;
  };
  return walk(doc.documentElement!);
}

const env11 = (body: string) => `<s:Envelope xmlns:s="${S11}"><s:Body>${body}</s:Body></s:Envelope>`;
const refreshResponse = (inner: string) => `<BeginCacheRefreshResponse xmlns="http://tempuri.org/"><BeginCacheRefreshResult xmlns:b="${DC}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">${inner}</BeginCacheRefreshResult></BeginCacheRefreshResponse>`;

/** For each operation: the call, the request body the spec's schema requires, and the empty response to send. */
const OPERATIONS: [string, (c: WmsClient) => Promise<unknown>, string, string][] = [
  ['BeginCacheRefresh', (c) => c.beginCacheRefresh(), '<BeginCacheRefresh xmlns="http://tempuri.org/"/>', refreshResponse('<b:CreatedJob>true</b:CreatedJob>')],
  ['BeginExchangeSync', (c) => c.beginExchangeSync(), '<BeginExchangeSync xmlns="http://tempuri.org/"/>', '<BeginExchangeSyncResponse xmlns="http://tempuri.org/"><BeginExchangeSyncResult>true</BeginExchangeSyncResult></BeginExchangeSyncResponse>'],
  ['OptIntoExchangeSync', (c) => c.optIntoExchangeSync(), '<OptIntoExchangeSync xmlns="http://tempuri.org/"/>', `<OptIntoExchangeSyncResponse xmlns="http://tempuri.org/"><OptIntoExchangeSyncResult>Success</OptIntoExchangeSyncResult></OptIntoExchangeSyncResponse>`],
  ['OptOutOfExchangeSync', (c) => c.optOutOfExchangeSync(), '<OptOutOfExchangeSync xmlns="http://tempuri.org/"/>', '<OptOutOfExchangeSyncResponse xmlns="http://tempuri.org/"><OptOutOfExchangeSyncResult>true</OptOutOfExchangeSyncResult></OptOutOfExchangeSyncResponse>'],
  ['GetExchangeSyncInfo', (c) => c.getExchangeSyncInfo(), '<GetExchangeSyncInfo xmlns="http://tempuri.org/"/>', '<GetExchangeSyncInfoResponse xmlns="http://tempuri.org/"/>'],
  ['BeginCreateTaskPropagation', (c) => c.beginCreateTaskPropagation({ taskId: 42 }), '<BeginCreateTaskPropagation xmlns="http://tempuri.org/"><taskId>42</taskId></BeginCreateTaskPropagation>', '<BeginCreateTaskPropagationResponse xmlns="http://tempuri.org/"/>'],
  ['BeginUpdateTaskPropagation', (c) => c.beginUpdateTaskPropagation({ taskId: 42, lastModified: '2024-01-02T03:04:05Z' }), '<BeginUpdateTaskPropagation xmlns="http://tempuri.org/"><taskId>42</taskId><lastModified>2024-01-02T03:04:05Z</lastModified></BeginUpdateTaskPropagation>', '<BeginUpdateTaskPropagationResponse xmlns="http://tempuri.org/"/>'],
  ['BeginDeleteTaskPropagation', (c) => c.beginDeleteTaskPropagation({ taskId: 43, mappedKey: null }), '<BeginDeleteTaskPropagation xmlns="http://tempuri.org/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><taskId>43</taskId><mappedKey i:nil="true"/></BeginDeleteTaskPropagation>', '<BeginDeleteTaskPropagationResponse xmlns="http://tempuri.org/"/>'],
  ['BeginRelocateTaskPropagation', (c) => c.beginRelocateTaskPropagation({ taskId: 44, mappedKey: 'folder/7' }), '<BeginRelocateTaskPropagation xmlns="http://tempuri.org/"><taskId>44</taskId><mappedKey>folder/7</mappedKey></BeginRelocateTaskPropagation>', '<BeginRelocateTaskPropagationResponse xmlns="http://tempuri.org/"/>'],
];

describe('the generated MS-WMS client on the wire', () => {
  test.each(OPERATIONS)('%s over SOAP 1.1: SOAPAction, text/xml and the schema body', async (op, call, body, response) => {
    const s = await server(() => ({ body: env11(response) }));
    try {
      await call(new WmsClient({ endpoint: s.url }));
      const req = s.requests[0]!;
      expect(req.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(req.headers['soapaction']).toBe(`"${ACTION}${op}"`);
      expect(canon(req.body)).toBe(canon(env11(body)));
    } finally {
      await s.close();
    }
  });

  test.each(OPERATIONS)('%s over SOAP 1.2 with WS-Addressing and ServiceContext, as SharePoint is reached', async (op, call, body, response) => {
    let messageId = '';
    const s = await server((req) => {
      messageId = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(req.body)?.[1] ?? '';
      return { type: 'application/soap+xml; charset=utf-8', body: `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}"><s:Header><a:Action s:mustUnderstand="1">${ACTION}${op}Response</a:Action><a:RelatesTo>${messageId}</a:RelatesTo></s:Header><s:Body>${response}</s:Body></s:Envelope>` };
    });
    try {
      const serviceContext = { correlationId: '666b6e9b-7569-3030-1abf-a25007b984f2', devdashboardIsEnabled: false, language: 'en-US', region: 'en-US', scopeId: '99445843689490', siteSubscriptionId: '00000000-0000-0000-0000-000000000000', ulstraceOverrideLevel: 10 };
      await call(new WmsClient({ endpoint: s.url, soapVersion: '1.2', addressing: true, headers: [rt.serviceContextHeader(serviceContext)] }));
      const req = s.requests[0]!;
      expect(req.headers['content-type']).toBe(`application/soap+xml; charset=utf-8; action="${ACTION}${op}"`);
      expect(req.headers['soapaction']).toBeUndefined();
      expect(messageId).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      // Written by hand from the spec's section 4 example (ReplyTo as WS-Addressing 1.0 defines it; the example
      // nests it in a SequenceAcknowledgement, a defect of the example).
      const expected = `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}"><s:Header>
        <a:Action s:mustUnderstand="1">${ACTION}${op}</a:Action>
        <a:MessageID>*</a:MessageID>
        <a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>
        <a:To s:mustUnderstand="1">${s.url}</a:To>
        <ServiceContext xmlns="http://schemas.microsoft.com/sharepoint/servicecontext" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
          <correlationId>666b6e9b-7569-3030-1abf-a25007b984f2</correlationId><devdashboardIsEnabled>false</devdashboardIsEnabled>
          <language>en-US</language><region>en-US</region><scopeId>99445843689490</scopeId>
          <siteSubscriptionId>00000000-0000-0000-0000-000000000000</siteSubscriptionId><ulstraceOverrideLevel>10</ulstraceOverrideLevel>
        </ServiceContext></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
      const mask = (el: Element) => el.localName === 'MessageID';
      expect(canon(req.body, mask)).toBe(canon(expected, mask));
    } finally {
      await s.close();
    }
  });

  test('typed results: nil, absent, enum and void', async () => {
    const replies = [
      env11(refreshResponse('<b:CreatedJob>false</b:CreatedJob><b:CurrentJobId i:nil="true"/><b:CurrentJobIdClient>-1</b:CurrentJobIdClient><b:EncounteredError>true</b:EncounteredError>')),
      env11(`<GetExchangeSyncInfoResponse xmlns="http://tempuri.org/"><GetExchangeSyncInfoResult xmlns:b="${DC}"><b:IsOptedIn>true</b:IsOptedIn><b:LastSyncResult>CouldNotGetUserCredentials</b:LastSyncResult></GetExchangeSyncInfoResult></GetExchangeSyncInfoResponse>`),
      env11('<BeginCreateTaskPropagationResponse xmlns="http://tempuri.org/"/>'),
    ];
    const s = await server(() => ({ body: replies.shift()! }));
    try {
      const c = new WmsClient({ endpoint: s.url });
      expect(await c.beginCacheRefresh()).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: false, CurrentJobId: null, CurrentJobIdClient: -1, EncounteredError: true } });
      expect(await c.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastSyncResult: 'CouldNotGetUserCredentials' } });
      expect(await c.beginCreateTaskPropagation({ taskId: 1 })).toBeUndefined();
    } finally {
      await s.close();
    }
  });
});

describe('client errors each have their own class', () => {
  async function callWith(reply: Parameters<typeof server>[0], options: Partial<rt.ClientOptions> = {}, call: (c: WmsClient) => Promise<unknown> = (c) => c.beginCacheRefresh()) {
    const s = await server(reply);
    try {
      return await call(new WmsClient({ endpoint: s.url, ...options })).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      await s.close();
    }
  }

  test('a SOAP 1.1 fault', async () => {
    const e = await callWith(() => ({ status: 500, body: env11('<s:Fault><faultcode xmlns:x="http://schemas.xmlsoap.org/soap/envelope/">x:Client</faultcode><faultstring>bad request</faultstring><faultactor>urn:me</faultactor></s:Fault>') }));
    expect(e).toBeInstanceOf(rt.SoapFaultError);
    const f = e as rt.SoapFaultError;
    expect(f.code).toEqual({ ns: S11, local: 'Client' });
    expect(f.reason).toBe('bad request');
    expect(f.options.actor).toBe('urn:me');
    expect(f.options.httpStatus).toBe(500);
  });

  test('a SOAP 1.2 fault with a subcode and a detail', async () => {
    const body = `<s:Envelope xmlns:s="${S12}"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value xmlns:a="urn:app">a:QuotaExceeded</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">over quota</s:Text></s:Reason><s:Detail><q:Quota xmlns:q="urn:app"><q:Limit>10</q:Limit></q:Quota></s:Detail></s:Fault></s:Body></s:Envelope>`;
    const e = await callWith(() => ({ status: 500, type: 'application/soap+xml', body }), { soapVersion: '1.2' });
    expect(e).toBeInstanceOf(rt.SoapFaultError);
    const f = e as rt.SoapFaultError;
    expect(f.code).toEqual({ ns: S12, local: 'Receiver' });
    expect(f.subcodes).toEqual([{ ns: 'urn:app', local: 'QuotaExceeded' }]);
    expect(f.reason).toBe('over quota');
    expect((f.detail as rt.RawXml[])[0]!.xml).toContain('<q:Limit>10</q:Limit>');
  });

  test('an HTTP 500 with an HTML body', async () => {
    const e = await callWith(() => ({ status: 500, type: 'text/html', body: '<html><body>Internal error</body></html>' }));
    expect(e).toBeInstanceOf(rt.HttpError);
    expect((e as rt.HttpError).status).toBe(500);
  });

  test('a slow response past the timeout', async () => {
    const e = await callWith(() => ({ body: env11(refreshResponse('')), delayMs: 1000 }), { timeoutMs: 100 });
    expect(e).toBeInstanceOf(rt.TimeoutError);
  });

  test('an aborted call', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await callWith(() => ({ body: env11(refreshResponse('')), delayMs: 1000 }), {}, (c) => c.beginCacheRefresh({}, { signal: controller.signal }));
    expect(e).toBeInstanceOf(rt.AbortError);
  });

  test('DataContract members in the wrong namespace (what node-soap servers write) fail validation, naming the element', async () => {
    const wrong = `<BeginCacheRefreshResponse xmlns="http://tempuri.org/"><BeginCacheRefreshResult><CreatedJob>true</CreatedJob></BeginCacheRefreshResult></BeginCacheRefreshResponse>`;
    const e = await callWith(() => ({ body: env11(wrong) }));
    expect(e).toBeInstanceOf(rt.ResponseValidationError);
    expect((e as Error).message).toContain('{http://tempuri.org/}CreatedJob');
  });

  test('an unknown enum value fails validation', async () => {
    const e = await callWith(() => ({ body: env11('<OptIntoExchangeSyncResponse xmlns="http://tempuri.org/"><OptIntoExchangeSyncResult>Maybe</OptIntoExchangeSyncResult></OptIntoExchangeSyncResponse>') }), {}, (c) => c.optIntoExchangeSync());
    expect(e).toBeInstanceOf(rt.ResponseValidationError);
    expect((e as rt.ResponseValidationError).path).toContain('OptIntoExchangeSyncResult');
  });

  test('a RelatesTo that does not match the MessageID', async () => {
    const e = await callWith(() => ({ type: 'application/soap+xml', body: `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}"><s:Header><a:RelatesTo>urn:uuid:00000000-0000-0000-0000-000000000000</a:RelatesTo></s:Header><s:Body>${refreshResponse('')}</s:Body></s:Envelope>` }), { soapVersion: '1.2', addressing: true });
    expect(e).toBeInstanceOf(rt.RelatesToError);
  });

  test('a connection refused', async () => {
    const c = new WmsClient({ endpoint: 'http://127.0.0.1:9/WorkManagementService.svc' });
    await expect(c.beginCacheRefresh()).rejects.toBeInstanceOf(rt.TransportError);
  });

  test('a client without an endpoint is refused at construction (MS-WMS has no wsdl:service)', () => {
    expect(() => new WmsClient()).toThrow(/pass \{ endpoint \}/);
  });
});

describe('typed headers and faults from the WSDL (golden case soap-headers)', () => {
  test('soap:header parts go on the wire; a declared fault detail is decoded to its type', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DirectorySoap12Client } = require('../golden/soap-headers/expected/client') as typeof import('../golden/soap-headers/expected/client');
    let n = 0;
    const s = await server((req) => {
      const id = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(req.body)?.[1] ?? '';
      n++;
      const head = `<s:Header><a:RelatesTo>${id}</a:RelatesTo></s:Header>`;
      if (n === 1) return { type: 'application/soap+xml', body: `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}">${head}<s:Body><LookupResponse xmlns="urn:golden:headers"><Value>v</Value></LookupResponse></s:Body></s:Envelope>` };
      return {
        status: 500,
        type: 'application/soap+xml',
        body: `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}">${head}<s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">no such key</s:Text></s:Reason><s:Detail><NotFound xmlns="urn:golden:headers"><Key>k2</Key></NotFound></s:Detail></s:Fault></s:Body></s:Envelope>`,
      };
    });
    try {
      const c = new DirectorySoap12Client({ endpoint: s.url });
      expect(await c.lookup({ Key: 'k' }, { soapHeaders: { auth: { Token: 't0k' }, trace: { Id: 'x1' } } })).toStrictEqual({ Value: 'v' });
      const req = s.requests[0]!;
      expect(req.headers['content-type']).toBe('application/soap+xml; charset=utf-8; action="urn:golden:headers/Lookup"');
      const header = canon(req.body).split('Header>')[1]!;
      expect(header).toContain('<{urn:golden:headers}Auth><{urn:golden:headers}Token>t0k</></>');
      expect(header).toContain('<{urn:golden:headers}Trace><{urn:golden:headers}Id>x1</></>');
      expect(header).toContain(`<{${WSA}}Action {${S12}}mustUnderstand=1>urn:golden:headers/Lookup</>`);
      const fault = await c.lookup({ Key: 'k2' }, { soapHeaders: { auth: { Token: 't0k' } } }).then(() => undefined, (e: unknown) => e);
      expect(fault).toBeInstanceOf(rt.SoapFaultError);
      expect((fault as rt.SoapFaultError).options.faultName).toBe('NotFound');
      expect((fault as rt.SoapFaultError).detail).toStrictEqual({ Key: 'k2' });
      expect((fault as rt.SoapFaultError).code).toEqual({ ns: S12, local: 'Sender' });
    } finally {
      await s.close();
    }
  });
});

describe('transport options', () => {
  test('Basic and Bearer auth, custom HTTP headers, and fetch as a drop-in transport', async () => {
    const s = await server(() => ({ body: env11(refreshResponse('<b:CreatedJob>true</b:CreatedJob>')) }));
    try {
      await new WmsClient({ endpoint: s.url, auth: { basic: { user: 'alice', password: 'p:ss' } }, httpHeaders: { 'X-Trace': 't1' } }).beginCacheRefresh();
      await new WmsClient({ endpoint: s.url, auth: { bearer: 'tok' }, transport: rt.fetchTransport() }).beginCacheRefresh({}, { httpHeaders: { 'X-Call': 'c1' } });
      expect(s.requests[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('alice:p:ss').toString('base64')}`);
      expect(s.requests[0]!.headers['x-trace']).toBe('t1');
      expect(s.requests[1]!.headers['authorization']).toBe('Bearer tok');
      expect(s.requests[1]!.headers['x-call']).toBe('c1');
      expect(s.requests[1]!.headers['soapaction']).toBe(`"${ACTION}BeginCacheRefresh"`);
    } finally {
      await s.close();
    }
  });

  test('what a client builds once per operation never leaks between calls: per-call HTTP and SOAP headers, actions, MessageIDs', async () => {
    const s = await server((req) => {
      const id = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(req.body)?.[1] ?? '';
      const op = /action="[^"]*\/(\w+)"/.exec(String(req.headers['content-type']))?.[1] ?? '';
      const body = op === 'BeginCacheRefresh' ? refreshResponse('<b:CreatedJob>true</b:CreatedJob>') : '<BeginExchangeSyncResponse xmlns="http://tempuri.org/"><BeginExchangeSyncResult>true</BeginExchangeSyncResult></BeginExchangeSyncResponse>';
      return { type: 'application/soap+xml; charset=utf-8', body: `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}"><s:Header><a:RelatesTo>${id}</a:RelatesTo></s:Header><s:Body>${body}</s:Body></s:Envelope>` };
    });
    try {
      const c = new WmsClient({ endpoint: s.url, soapVersion: '1.2', addressing: true, auth: { bearer: 'tok' }, httpHeaders: { 'X-Client': 'k' }, headers: [{ xml: '<h:C xmlns:h="urn:h">c</h:C>' }] });
      await c.beginCacheRefresh({}, { httpHeaders: { 'X-Call': '1' }, headers: [{ xml: '<h:P xmlns:h="urn:h">p</h:P>' }] });
      await c.beginCacheRefresh();
      await c.beginExchangeSync();
      await c.beginCacheRefresh({}, { httpHeaders: { 'X-Call': '2' } });
      const [r0, r1, r2, r3] = s.requests;
      expect([r0, r1, r2, r3].map((r) => r!.headers['x-call'])).toEqual(['1', undefined, undefined, '2']);
      expect([r0, r1, r2, r3].map((r) => [r!.headers['x-client'], r!.headers['authorization']])).toEqual(Array(4).fill(['k', 'Bearer tok']));
      expect([r0, r1, r2, r3].map((r) => /action="[^"]*\/(\w+)"/.exec(String(r!.headers['content-type']))?.[1])).toEqual(['BeginCacheRefresh', 'BeginCacheRefresh', 'BeginExchangeSync', 'BeginCacheRefresh']);
      expect([r0, r1, r2, r3].map((r) => /<a:Action[^>]*>[^<]*\/(\w+)<\/a:Action>/.exec(r!.body)?.[1])).toEqual(['BeginCacheRefresh', 'BeginCacheRefresh', 'BeginExchangeSync', 'BeginCacheRefresh']);
      expect([r0, r1, r2, r3].map((r) => [r!.body.includes('<h:C xmlns:h="urn:h">c</h:C>'), r!.body.includes('<h:P ')])).toEqual([[true, true], [true, false], [true, false], [true, false]]);
      const ids = [r0, r1, r2, r3].map((r) => /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(r!.body)?.[1]);
      expect(new Set(ids).size).toBe(4);
    } finally {
      await s.close();
    }
  });

  test('fetch transport maps timeouts to TimeoutError too', async () => {
    const s = await server(() => ({ body: env11(refreshResponse('')), delayMs: 1000 }));
    try {
      const e = await new WmsClient({ endpoint: s.url, transport: rt.fetchTransport(), timeoutMs: 100 }).beginCacheRefresh().then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(rt.TimeoutError);
    } finally {
      await s.close();
    }
  });
});
