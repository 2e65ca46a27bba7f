/**
 * rpc/literal and document/literal bodies that are not one wrapper element, end to end over 127.0.0.1: the generated
 * client (golden cases rpc-literal and doc-multipart) against the generated server, with the exact bytes on the wire
 * asserted, and hand-written requests as other toolkits write them.
 */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { RpcBindingClient } from '../golden/rpc-literal/expected/client';
import { RpcBindingListener, type RpcBindingHandler } from '../golden/rpc-literal/expected/server';
import { MultiBindingClient } from '../golden/doc-multipart/expected/client';
import { MultiBindingListener, type MultiBindingHandler } from '../golden/doc-multipart/expected/server';
import type * as RT from '../golden/rpc-literal/expected/types';
import { request } from './server-harness';

interface Served {
  readonly url: string;
  readonly ran: string[];
  close(): Promise<void>;
}

async function serve(listener: rt.RequestListener, ran: string[]): Promise<Served> {
  const srv = rt.createSoapServer(listener) as unknown as http.Server;
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/svc`,
    ran,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

/** A transport that records every request and response body. */
function recording(): { transport: rt.Transport; wire: { request: string; response: string }[] } {
  const wire: { request: string; response: string }[] = [];
  const inner = rt.httpTransport();
  return {
    wire,
    transport: async (req) => {
      const res = await inner(req);
      wire.push({ request: req.body, response: res.body });
      return res;
    },
  };
}

const body = (envelope: string) => /<s:Body[^>]*>([\s\S]*)<\/s:Body>/.exec(envelope)?.[1];
const bodyTag = (envelope: string) => /<s:Body[^>]*>/.exec(envelope)?.[0];

const alice: Person = { name: 'Alice', age: 41, tags: ['admin', 'ops'] };
const bob: Person = { name: 'Bob', age: null };
type Person = RT.Person;

describe('rpc/literal: the generated client against the generated server', () => {
  let served: Served;
  const ran: string[] = [];
  const handler: RpcBindingHandler<string> = {
    add: ({ a, b }) => (ran.push('add'), { sum: a + b }),
    team: ({ people, label, Note: note }) => {
      ran.push(`team:${label}:${note}`);
      const list = people.person ?? [];
      const oldest = list.reduce((o, p) => ((p.age ?? -1) > (o.age ?? -1) ? p : o), list[0] ?? { name: '', age: null });
      return { count: list.length, oldest };
    },
    ping: () => void ran.push('ping'),
    log: ({ a }) => void ran.push(`log:${a}`),
  };
  beforeAll(async () => {
    served = await serve(RpcBindingListener(handler, { authenticate: () => 'anyone' }), ran);
  });
  afterAll(() => served.close());

  test('Add: the wrapper is the operation name in the soap:body namespace, parts are unqualified children', async () => {
    const { transport, wire } = recording();
    const client = new RpcBindingClient({ endpoint: served.url, transport });
    await expect(client.add({ a: 2, b: 40 })).resolves.toEqual({ sum: 42 });
    expect(body(wire[0]!.request)).toBe('<ns2:Add xmlns:ns2="urn:golden:rpc"><a>2</a><b>40</b></ns2:Add>');
    expect(body(wire[0]!.response)).toBe('<ns2:AddResponse xmlns:ns2="urn:golden:rpc"><sum>42</sum></ns2:AddResponse>');
  });

  test('Team: arrays, nils and an element= part round-trip', async () => {
    const { transport, wire } = recording();
    const client = new RpcBindingClient({ endpoint: served.url, transport });
    const result = await client.team({ people: { person: [bob, alice] }, label: 'core', Note: 'n1' });
    expect(result).toEqual({ count: 2, oldest: { name: 'Alice', age: 41, tags: ['admin', 'ops'] } });
    expect(ran).toContain('team:core:n1');
    const req = body(wire[0]!.request)!;
    expect(req).toContain('<people><ns1:person><ns1:name>Bob</ns1:name><ns1:age xsi:nil="true"/></ns1:person>');
    expect(req).toContain('<label>core</label><ns1:Note>n1</ns1:Note></ns2:Team>');
    // A nil in the response decodes to null.
    const nil = await client.team({ people: { person: [bob] }, label: 'x', Note: 'y' });
    expect(nil).toEqual({ count: 1, oldest: { name: 'Bob', age: null } });
    const empty = await client.team({ people: {}, label: 'x', Note: 'y' });
    expect(empty).toEqual({ count: 0, oldest: { name: '', age: null } });
  });

  test('Ping (no parts) and the one-way Log', async () => {
    const { transport, wire } = recording();
    const client = new RpcBindingClient({ endpoint: served.url, transport });
    await expect(client.ping()).resolves.toBeUndefined();
    await expect(client.log({ a: 7, b: 0 })).resolves.toBeUndefined();
    expect(body(wire[0]!.request)).toBe('<ns2:Ping xmlns:ns2="urn:golden:rpc"/>');
    expect(body(wire[0]!.response)).toBe('<ns2:PingResponse xmlns:ns2="urn:golden:rpc"/>');
    expect(ran).toEqual(expect.arrayContaining(['ping', 'log:7']));
  });

  test('a request as zeep writes it (other prefixes, default namespace undeclared for the parts) is served', async () => {
    const res = await request(served.url, {
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:golden:rpc#Add"' },
      body: '<?xml version="1.0"?><soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><ns0:Add xmlns:ns0="urn:golden:rpc"><a>5</a><b>6</b></ns0:Add></soap-env:Body></soap-env:Envelope>',
    });
    expect(res.status).toBe(200);
    expect(body(res.body)).toBe('<ns2:AddResponse xmlns:ns2="urn:golden:rpc"><sum>11</sum></ns2:AddResponse>');
  });

  test('a part in the wrong namespace is refused with its path', async () => {
    const res = await request(served.url, {
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:golden:rpc#Add"' },
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r:Add xmlns:r="urn:golden:rpc"><r:a>5</r:a><b>6</b></r:Add></s:Body></s:Envelope>',
    });
    expect(res.status).toBe(500);
    expect(res.body).toContain('Client');
    expect(res.body).toContain('/Envelope/Body/Add');
  });
});

describe('document/literal with several parts, type= parts and empty bodies', () => {
  let served: Served;
  const ran: string[] = [];
  const handler: MultiBindingHandler<string> = {
    place: ({ Order, Customer }) => (ran.push(`place:${Order.Id}:${Customer}`), { Receipt: { Total: String(Order.Lines.length * 10), Currency: 'EUR' }, Customer }),
    echo: ({ text }) => (ran.push('echo'), { echo: text.toUpperCase() }),
    ping: () => void ran.push('ping'),
    reset: () => void ran.push('reset'),
    resolveNames: ({ Name }) => {
      ran.push('resolveNames');
      if (Name === 'nobody') throw new rt.SoapFault('client', 'no such name');
      // The handler returns the response type itself: no `as unknown as`.
      return { $type: 'ResolveNamesResponseType', ResponseClass: 'Success', ResponseCode: `NoError:${Name}` };
    },
  };
  beforeAll(async () => {
    served = await serve(MultiBindingListener(handler, { authenticate: () => 'anyone' }), ran);
  });
  afterAll(() => served.close());

  test('several element parts are several Body children, in order, with no wrapper', async () => {
    const { transport, wire } = recording();
    const client = new MultiBindingClient({ endpoint: served.url, transport });
    const result = await client.place({ Order: { Id: 7, Lines: ['a', 'b'] }, Customer: null });
    expect(result).toEqual({ Receipt: { Total: '20', Currency: 'EUR' }, Customer: null });
    expect(ran).toContain('place:7:null');
    expect(bodyTag(wire[0]!.request)).toBe('<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:golden:multi">');
    expect(body(wire[0]!.request)).toBe('<ns1:Order><ns1:Id>7</ns1:Id><ns1:Lines>a</ns1:Lines><ns1:Lines>b</ns1:Lines></ns1:Order><ns1:Customer xsi:nil="true"/>');
    expect(body(wire[0]!.response)).toBe('<ns1:Receipt Currency="EUR"><ns1:Total>20</ns1:Total></ns1:Receipt><ns1:Customer xsi:nil="true"/>');
    await expect(client.place({ Order: { Id: 8, Lines: ['x'] }, Customer: 'Carol' })).resolves.toEqual({ Receipt: { Total: '10', Currency: 'EUR' }, Customer: 'Carol' });
  });

  test('a type= part is an unqualified body child named after the part', async () => {
    const { transport, wire } = recording();
    const client = new MultiBindingClient({ endpoint: served.url, transport });
    await expect(client.echo({ text: 'hi' })).resolves.toEqual({ echo: 'HI' });
    expect(body(wire[0]!.request)).toBe('<text>hi</text>');
    expect(body(wire[0]!.response)).toBe('<echo>HI</echo>');
  });

  test('empty bodies: operations that share them are told apart by their action', async () => {
    const { transport, wire } = recording();
    const client = new MultiBindingClient({ endpoint: served.url, transport });
    ran.length = 0;
    await expect(client.ping()).resolves.toBeUndefined();
    await expect(client.reset()).resolves.toBeUndefined();
    expect(ran).toEqual(['ping', 'reset']);
    expect(body(wire[0]!.request)).toBe('');
    expect(body(wire[0]!.response)).toBe('');
    const noAction = await request(served.url, { headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' }, body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>' });
    expect(noAction.status).toBe(400);
    expect(noAction.body).toContain('2 operations take an empty body');
  });

  test('a bare body out of order, or with an extra element, is refused with a path', async () => {
    const send = (inner: string) =>
      request(served.url, {
        headers: { 'Content-Type': 'application/soap+xml; charset=utf-8; action="urn:golden:multi/Place"' },
        body: `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body xmlns:m="urn:golden:multi">${inner}</s:Body></s:Envelope>`,
      });
    const ok = await send('<m:Order><m:Id>1</m:Id><m:Lines>l</m:Lines></m:Order><m:Customer>Dan</m:Customer>');
    expect(ok.status).toBe(200);
    const missing = await send('<m:Order><m:Id>1</m:Id><m:Lines>l</m:Lines></m:Order>');
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('missing required element Customer at /Envelope/Body');
    const extra = await send('<m:Order><m:Id>1</m:Id><m:Lines>l</m:Lines></m:Order><m:Customer>Dan</m:Customer><m:Customer>Eve</m:Customer>');
    expect(extra.status).toBe(400);
    expect(extra.body).toContain('/Envelope/Body');
  });

  test('ResolveNames: the handler returns the typed response, the client gets it; faults still arrive', async () => {
    const client = new MultiBindingClient({ endpoint: served.url });
    await expect(client.resolveNames({ Name: 'ann' })).resolves.toEqual({ $type: 'ResolveNamesResponseType', ResponseClass: 'Success', ResponseCode: 'NoError:ann' });
    await expect(client.resolveNames({ Name: 'nobody' })).rejects.toMatchObject({ name: 'SoapFaultError', reason: 'no such name' });
  });

  test('a fault answering a bare-body operation is read as a fault', async () => {
    const fault = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en">down</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>';
    const client = new MultiBindingClient({ endpoint: 'http://127.0.0.1:1/none', transport: async () => ({ status: 500, headers: { 'content-type': 'application/soap+xml' }, body: fault }) });
    await expect(client.place({ Order: { Id: 1, Lines: ['a'] }, Customer: 'x' })).rejects.toMatchObject({ name: 'SoapFaultError', reason: 'down' });
  });
});
