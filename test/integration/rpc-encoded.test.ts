/**
 * rpc/encoded (SOAP 1.1 section 5) end to end over 127.0.0.1: the generated client (golden case rpc-encoded, a WSDL
 * soapcpp2 wrote) against the generated server, with the bytes on the wire asserted; and responses and requests as
 * gSOAP and Axis 1 write them (encodingStyle on the Body, multi-reference values after the wrapper).
 */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { EncServiceClient, EncServiceClient_operations } from '../golden/rpc-encoded/expected/client';
import { EncServiceListener, type EncServiceHandler } from '../golden/rpc-encoded/expected/server';
import { RpcBindingClient, RpcBindingClient_operations } from '../golden/rpc-literal/expected/client';
import { EncServiceClient as EncService12Client } from '../golden/rpc-encoded-12/expected/client';
import { EncServiceListener as EncService12Listener } from '../golden/rpc-encoded-12/expected/server';
import { HeaderBindingClient } from '../golden/rpc-encoded-headers/expected/client';
import { HeaderBindingListener } from '../golden/rpc-encoded-headers/expected/server';
import { request } from './server-harness';

async function serve(listener: rt.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const srv = rt.createSoapServer(listener) as unknown as http.Server;
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/enc`,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

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

/** A transport that answers every call with `xml` (a response as another toolkit writes it). */
function canned(xml: string): rt.Transport {
  return async () => ({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml });
}

const ENV = (body: string, bodyAttrs = ' SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"') =>
  `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns="urn:wsdl2ts:enc"><SOAP-ENV:Body${bodyAttrs}>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

describe('rpc/encoded: the generated client against the generated server', () => {
  let served: { url: string; close(): Promise<void> };
  const handler: EncServiceHandler<string> = {
    add: ({ a, b }) => ({ sum: (a ?? 0) + (b ?? 0) }),
    echo: ({ s, d, opt }) => ({ s: s === null ? null : s.toUpperCase(), d: d === null ? null : d * 2, opt }),
    centroid: ({ points }) => {
      const list = (points ?? []).filter((p): p is NonNullable<typeof p> => p !== null);
      const n = list.length;
      return { c: { x: n ? list.reduce((s, p) => s + p.x, 0) / n : 0, y: n ? list.reduce((s, p) => s + p.y, 0) / n : 0, label: `of ${n}` }, n };
    },
    split: ({ text }) => ({ parts: text === null ? null : text.split(' ') }),
    twin: ({ p }) => ({ pair: p === null ? null : { first: p, second: { ...p, label: 'copy' } } }),
  };
  beforeAll(async () => {
    served = await serve(EncServiceListener(handler, { authenticate: () => 'anyone' }));
  });
  afterAll(() => served.close());

  test('ints: every value carries xsi:type, the wrapper carries soap:encodingStyle', async () => {
    const { transport, wire } = recording();
    const client = new EncServiceClient({ endpoint: served.url, transport });
    await expect(client.add({ a: 2, b: 40 })).resolves.toEqual({ sum: 42 });
    expect(wire[0]!.request).toContain(
      '<ns2:add xmlns:se="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns1="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="urn:wsdl2ts:enc" se:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><a xsi:type="xsd:int">2</a><b xsi:type="xsd:int">40</b></ns2:add>',
    );
    expect(wire[0]!.response).toContain('<sum xsi:type="xsd:int">42</sum>');
  });

  test('strings, doubles and an absent optional value', async () => {
    const { transport, wire } = recording();
    const client = new EncServiceClient({ endpoint: served.url, transport });
    await expect(client.echo({ s: 'a<b', d: 1.25, opt: 'x' })).resolves.toEqual({ s: 'A<B', d: 2.5, opt: 'x' });
    expect(wire[0]!.request).toContain('<s xsi:type="xsd:string">a&lt;b</s><d xsi:type="xsd:double">1.25</d><opt xsi:type="xsd:string">x</opt>');
    await expect(client.echo({ s: '', d: -0.5, opt: null })).resolves.toEqual({ s: '', d: -1, opt: null });
    expect(wire[1]!.request).toContain('<opt xsi:nil="true"/>');
  });

  test('an array of structs and an array of strings are soapenc:Arrays with arrayType', async () => {
    const { transport, wire } = recording();
    const client = new EncServiceClient({ endpoint: served.url, transport });
    await expect(client.centroid({ points: [{ x: 1, y: 2 }, null, { x: 3, y: 4, label: 'b' }] })).resolves.toEqual({ c: { x: 2, y: 3, label: 'of 2' }, n: 2 });
    expect(wire[0]!.request).toContain(
      '<points xsi:type="soapenc:Array" soapenc:arrayType="ns2:Point[3]"><item xsi:type="ns2:Point"><x xsi:type="xsd:int">1</x><y xsi:type="xsd:int">2</y></item><item xsi:nil="true"/><item xsi:type="ns2:Point"><x xsi:type="xsd:int">3</x><y xsi:type="xsd:int">4</y><label xsi:type="xsd:string">b</label></item></points>',
    );
    await expect(client.split({ text: 'a b c' })).resolves.toEqual({ parts: ['a', 'b', 'c'] });
    expect(wire[1]!.response).toContain('<parts xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[3]"><item xsi:type="xsd:string">a</item>');
    await expect(client.centroid({ points: [] })).resolves.toEqual({ c: { x: 0, y: 0, label: 'of 0' }, n: 0 });
    expect(wire[2]!.request).toContain('<points xsi:type="soapenc:Array" soapenc:arrayType="ns2:Point[0]"/>');
  });

  test('a struct in a struct', async () => {
    const client = new EncServiceClient({ endpoint: served.url });
    await expect(client.twin({ p: { x: 5, y: 6, label: 'p' } })).resolves.toEqual({ pair: { first: { x: 5, y: 6, label: 'p' }, second: { x: 5, y: 6, label: 'copy' } } });
  });

  test('a gSOAP-style request (encodingStyle on the Body, a shared value as href/id) is served', async () => {
    const req = ENV(
      '<ns:twin><p href="#_1"/></ns:twin><ns:Point id="_1" xsi:type="ns:Point"><x xsi:type="xsd:int">7</x><y xsi:type="xsd:int">8</y><label xsi:nil="true"/></ns:Point>',
    );
    const res = await request(served.url, { body: req, headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<pair xsi:type="ns2:Pair"><first xsi:type="ns2:Point"><x xsi:type="xsd:int">7</x><y xsi:type="xsd:int">8</y></first><second xsi:type="ns2:Point"><x xsi:type="xsd:int">7</x><y xsi:type="xsd:int">8</y><label xsi:type="xsd:string">copy</label></second></pair>');
  });

  test('the server refuses an encoded request whose values contradict the schema, naming the path', async () => {
    const res = await request(served.url, { body: ENV('<ns:add><a xsi:type="xsd:string">2</a><b xsi:type="xsd:int">40</b></ns:add>'), headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' } });
    expect(res.status).toBe(500);
    expect(res.body).toContain('xsi:type {http://www.w3.org/2001/XMLSchema}string is not xsd:int or a type derived from it at /Envelope/Body/add/a');
  });
});

describe('rpc/encoded responses as other toolkits write them', () => {
  test('gSOAP: multi-reference values after the wrapper, shared by two members, decode to one shared object', async () => {
    const xml = ENV(
      '<ns:twinResponse><pair href="#_1"/></ns:twinResponse><ns:Pair id="_1" xsi:type="ns:Pair"><first href="#_2"/><second href="#_2"/></ns:Pair><ns:Point id="_2" xsi:type="ns:Point"><x xsi:type="xsd:int">1</x><y xsi:type="xsd:int">2</y><label xsi:type="xsd:string">s</label></ns:Point>',
    );
    const client = new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(xml) });
    const out = await client.twin({ p: { x: 0, y: 0 } });
    expect(out).toEqual({ pair: { first: { x: 1, y: 2, label: 's' }, second: { x: 1, y: 2, label: 's' } } });
    expect(out.pair!.first).toBe(out.pair!.second);
  });

  test('Axis 1: arrays of multi-references with SOAP-ENC:arrayType and soapenc:root', async () => {
    const xml = ENV(
      '<ns1:centroidResponse xmlns:ns1="urn:wsdl2ts:enc"><c href="#id0"/><n xsi:type="xsd:int">2</n></ns1:centroidResponse><multiRef id="id0" SOAP-ENC:root="0" xsi:type="ns2:Point" xmlns:ns2="urn:wsdl2ts:enc"><x xsi:type="xsd:int">4</x><y xsi:type="xsd:int">5</y><label xsi:type="xsd:string" xsi:nil="true"/></multiRef>',
      '',
    );
    const client = new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(xml) });
    await expect(client.centroid({ points: [] })).resolves.toEqual({ c: { x: 4, y: 5 }, n: 2 });
    const arr = ENV('<ns:splitResponse><parts xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[2]"><item href="#a"/><item>plain</item></parts></ns:splitResponse><s id="a" xsi:type="xsd:string">shared</s>');
    const c2 = new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(arr) });
    await expect(c2.split({ text: '' })).resolves.toEqual({ parts: ['shared', 'plain'] });
  });

  test('an array whose size disagrees with its items, a sparse or partial array are refused with the path', async () => {
    const call = (body: string) => new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(ENV(body)) }).split({ text: '' });
    await expect(call('<ns:splitResponse><parts SOAP-ENC:arrayType="xsd:string[3]"><item>a</item></parts></ns:splitResponse>')).rejects.toThrow('the array has 1 items, its soapenc:arrayType says 3, at /Envelope/Body/splitResponse/parts');
    await expect(call('<ns:splitResponse><parts SOAP-ENC:arrayType="xsd:string[1]"><item>a</item><item>b</item></parts></ns:splitResponse>')).rejects.toThrow('more items than its soapenc:arrayType says (1)');
    await expect(call('<ns:splitResponse><parts SOAP-ENC:arrayType="xsd:string[5]" SOAP-ENC:offset="[2]"><item>a</item></parts></ns:splitResponse>')).rejects.toThrow('partially transmitted arrays (soapenc:offset) are not supported at /Envelope/Body/splitResponse/parts');
    await expect(call('<ns:splitResponse><parts SOAP-ENC:arrayType="xsd:string[5]"><item SOAP-ENC:position="[3]">a</item></parts></ns:splitResponse>')).rejects.toThrow('sparse arrays (soapenc:position) are not supported at /Envelope/Body/splitResponse/parts[0]');
    await expect(call('<ns:splitResponse><parts SOAP-ENC:arrayType="xsd:string[2,2]"/></ns:splitResponse>')).rejects.toThrow('multi-dimensional and jagged arrays are not supported');
    await expect(call('<ns:splitResponse><parts SOAP-ENC:arrayType="xsd:int[1]"><item>1</item></parts></ns:splitResponse>')).rejects.toThrow('soapenc:arrayType item type {http://www.w3.org/2001/XMLSchema}int is not xs:string');
  });

  test('a literal operation still refuses soap:encodingStyle (WS-I R1006), an encoded one accepts it', async () => {
    const client = new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(ENV('<ns:addResponse><sum xsi:type="xsd:int">3</sum></ns:addResponse>')) });
    await expect(client.add({ a: 1, b: 2 })).resolves.toEqual({ sum: 3 });
    const onWrapper = ENV('<ns:addResponse SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><sum xsi:type="xsd:int">3</sum></ns:addResponse>', '');
    await expect(new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(onWrapper) }).add({ a: 1, b: 2 })).resolves.toEqual({ sum: 3 });
    const literal = (bodyAttrs: string, wrapperAttrs: string) =>
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body${bodyAttrs}><r:AddResponse xmlns:r="urn:golden:rpc"${wrapperAttrs}><sum>3</sum></r:AddResponse></s:Body></s:Envelope>`;
    const lit = (xml: string) => new RpcBindingClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(xml) }).add({ a: 1, b: 2 });
    await expect(lit(literal('', ''))).resolves.toEqual({ sum: 3 });
    await expect(lit(literal(' s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"', ''))).rejects.toThrow('R1032');
    await expect(lit(literal('', ' s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"'))).rejects.toThrow('R1006');
  });
});

describe('encodingStyle on the SOAP 1.1 Envelope, and response wrappers named otherwise (SOAP 1.1 sections 4.1.1, 7.1)', () => {
  const envelopeStyled = (body: string) =>
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns="urn:wsdl2ts:enc" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

  test('the client reads an encoded response with encodingStyle on the Envelope (as PHP writes it); a literal one stays refused (R1032)', async () => {
    const client = new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(envelopeStyled('<ns:addResponse><sum xsi:type="xsd:int">5</sum></ns:addResponse>')) });
    await expect(client.add({ a: 2, b: 3 })).resolves.toEqual({ sum: 5 });
    const onHeader = envelopeStyled('<ns:addResponse><sum xsi:type="xsd:int">6</sum></ns:addResponse>').replace(' SOAP-ENV:encodingStyle=', '><SOAP-ENV:Header SOAP-ENV:encodingStyle=').replace('"><SOAP-ENV:Body>', '"/><SOAP-ENV:Body>');
    expect(onHeader).toContain('<SOAP-ENV:Header SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/>');
    await expect(new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(onHeader) }).add({ a: 3, b: 3 })).resolves.toEqual({ sum: 6 });
    const literal = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><r:AddResponse xmlns:r="urn:golden:rpc"><sum>3</sum></r:AddResponse></s:Body></s:Envelope>`;
    await expect(new RpcBindingClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(literal) }).add({ a: 1, b: 2 })).rejects.toThrow('R1032');
  });

  test('the generated server serves an encoded request with encodingStyle on the Envelope, and refuses it for a literal operation of the same binding', async () => {
    const binding = { name: 'Mixed', soapVersion: '1.1' as const, addressing: false };
    const ops = { add: EncServiceClient_operations.add, literalAdd: RpcBindingClient_operations.add } as unknown as Record<string, rt.OperationSpec<unknown, unknown>>;
    const handler = { add: () => ({ sum: 9 }), literalAdd: () => ({ sum: 9 }) };
    const served = await serve(rt.createSoapListener(binding, ops, handler, { authenticate: () => 'anyone' }));
    try {
      const headers = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' };
      const ok = await request(served.url, { body: envelopeStyled('<ns:add><a xsi:type="xsd:int">4</a><b xsi:type="xsd:int">5</b></ns:add>'), headers });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('<sum xsi:type="xsd:int">9</sum>');
      const lit = await request(served.url, { body: envelopeStyled('<r:Add xmlns:r="urn:golden:rpc"><a>4</a><b>5</b></r:Add>'), headers: { ...headers, SOAPAction: '"urn:golden:rpc#Add"' } });
      expect(lit.status).toBe(500);
      expect(lit.body).toContain('soap:encodingStyle is not allowed on the Envelope or Header of a literal operation (WS-I Basic Profile R1005, R1006, R1032)');
      // On the Header (SOAP 1.1 section 4.1.1 allows any element): accepted for the encoded operation, refused for the literal one.
      const onHeader = (body: string) =>
        `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns="urn:wsdl2ts:enc"><SOAP-ENV:Header SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
      expect((await request(served.url, { body: onHeader('<ns:add><a xsi:type="xsd:int">4</a><b xsi:type="xsd:int">5</b></ns:add>'), headers })).status).toBe(200);
      const litHeader = await request(served.url, { body: onHeader('<r:Add xmlns:r="urn:golden:rpc"><a>4</a><b>5</b></r:Add>'), headers: { ...headers, SOAPAction: '"urn:golden:rpc#Add"' } });
      expect(litHeader.status).toBe(500);
      expect(litHeader.body).toContain('soap:encodingStyle is not allowed on the Envelope or Header of a literal operation');
    } finally {
      await served.close();
    }
  });

  test('a SOAP 1.1 encoded response may name its wrapper otherwise ("the name of the struct is not significant"); the parts must still match', async () => {
    const call = (xml: string) => new EncServiceClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(xml) }).add({ a: 1, b: 2 });
    // ATL Server and Apache SOAP answer with the request's name, in another namespace here.
    await expect(call(ENV('<m:add xmlns:m="urn:other"><sum xsi:type="xsd:int">3</sum></m:add>'))).resolves.toEqual({ sum: 3 });
    await expect(call(ENV('<ns:add><total xsi:type="xsd:int">3</total></ns:add>'))).rejects.toThrow('unexpected element {}total at /Envelope/Body/add');
    // A literal rpc response keeps WS-I R2729: the wrapper is the operation name + "Response".
    const literal = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r:Add xmlns:r="urn:golden:rpc"><sum>3</sum></r:Add></s:Body></s:Envelope>`;
    await expect(new RpcBindingClient({ endpoint: 'http://127.0.0.1:9/', transport: canned(literal) }).add({ a: 1, b: 2 })).rejects.toThrow('expected {urn:golden:rpc}AddResponse, found {urn:golden:rpc}Add');
  });
});

describe('SOAP 1.2 rpc/encoded (golden rpc-encoded-12, soapcpp2 -2 -e)', () => {
  test('the generated client against the generated server; encodingStyle stays forbidden on the SOAP 1.2 Body', async () => {
    const served = await serve(
      EncService12Listener<string>(
        {
          add: ({ a, b }) => ({ sum: (a ?? 0) + (b ?? 0) }),
          echo: ({ s, d, opt }) => ({ s, d, opt }),
          centroid: ({ points }) => ({ c: points?.[0] ?? null, n: points?.length ?? 0 }),
          split: ({ text }) => ({ parts: text === null ? null : text.split(' ') }),
          twin: ({ p }) => ({ pair: { first: p ?? undefined, second: p ?? undefined } }),
        },
        { authenticate: () => 'anyone' },
      ),
    );
    try {
      const { transport, wire } = recording();
      const client = new EncService12Client({ endpoint: served.url, transport });
      await expect(client.centroid({ points: [{ x: 1, y: 2 }, null] })).resolves.toEqual({ c: { x: 1, y: 2 }, n: 2 });
      expect(wire[0]!.request).toContain('<points soapenc:itemType="ns2:Point" soapenc:arraySize="2"><item xsi:type="ns2:Point">');
      expect(wire[0]!.request).toContain('se:encodingStyle="http://www.w3.org/2003/05/soap-encoding"');
      await expect(client.split({ text: 'a b' })).resolves.toEqual({ parts: ['a', 'b'] });
      const env = (bodyAttrs: string) =>
        `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body${bodyAttrs}><ns:addResponse xmlns:ns="urn:wsdl2ts:enc"><sum>3</sum></ns:addResponse></e:Body></e:Envelope>`;
      const call = (xml: string) => new EncService12Client({ endpoint: 'http://127.0.0.1:9/', transport: async () => ({ status: 200, headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: xml }) }).add({ a: 1, b: 2 });
      await expect(call(env(''))).resolves.toEqual({ sum: 3 });
      await expect(call(env(' e:encodingStyle="http://www.w3.org/2003/05/soap-encoding"'))).rejects.toThrow('SOAP 1.2 Part 1 section 5');
      // The SOAP 1.1 section 7.1 leniency on the response wrapper's name is not extended to SOAP 1.2.
      await expect(call(env('').replace(/addResponse/g, 'add'))).rejects.toThrow('expected {urn:wsdl2ts:enc}addResponse, found {urn:wsdl2ts:enc}add');
    } finally {
      await served.close();
    }
  });
});

describe('encoded soap:header parts (golden rpc-encoded-headers): the encoded codec, not the literal one', () => {
  const H = (head: string, body = '<ns:ping><text xsi:type="xsd:string">hi</text></ns:ping>') =>
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns="urn:wsdl2ts:ench" xmlns:tr="urn:wsdl2ts:ench:trace"><SOAP-ENV:Header>${head}</SOAP-ENV:Header><SOAP-ENV:Body SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
  const headers = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:wsdl2ts:ench#ping"' };
  let served: { url: string; close(): Promise<void> };
  const seen: unknown[] = [];
  beforeAll(async () => {
    served = await serve(
      HeaderBindingListener<string>(
        {
          ping: ({ text }, ctx) => {
            seen.push(ctx.soapHeaders);
            ctx.responseHeaders.served = (ctx.soapHeaders.auth?.token ?? 0) + 1;
            return { echo: `${text ?? ''}/${ctx.soapHeaders.trace ?? ''}` };
          },
        },
        { authenticate: () => 'anyone' },
      ),
    );
  });
  afterAll(() => served.close());

  test('the generated client writes each header block with xsi:type and soap:encodingStyle; the server reads them, and its encoded response header back', async () => {
    const { transport, wire } = recording();
    let back: unknown;
    const out = await new HeaderBindingClient({ endpoint: served.url, transport }).ping({ text: 'hi' }, { soapHeaders: { auth: { user: 'ann', token: 41 }, trace: 't-1' }, onResponseHeaders: (h) => (back = h) });
    expect(out).toEqual({ echo: 'hi/t-1' });
    expect(back).toEqual({ served: 42 });
    expect(seen.at(-1)).toEqual({ auth: { user: 'ann', token: 41 }, trace: 't-1' });
    const req = wire[0]!.request;
    // The element= part: the element Auth, its content encoded (xsi:type on the block and on every member).
    expect(req).toMatch(/<ns1:Auth xmlns:se="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"[^>]* se:encodingStyle="http:\/\/schemas.xmlsoap.org\/soap\/encoding\/" xsi:type="ns1:Credentials"><user xsi:type="xsd:string">ann<\/user><token xsi:type="xsd:int">41<\/token><\/ns1:Auth>/);
    // The type= part: named after the part, in the soap:header namespace.
    expect(req).toMatch(/<ns2:trace [^>]*xmlns:ns2="urn:wsdl2ts:ench:trace"[^>]* se:encodingStyle="http:\/\/schemas.xmlsoap.org\/soap\/encoding\/" xsi:type="xsd:string">t-1<\/ns2:trace>/);
    expect(wire[0]!.response).toMatch(/<ns1:served [^>]*se:encodingStyle="http:\/\/schemas.xmlsoap.org\/soap\/encoding\/" xsi:type="xsd:int">42<\/ns1:served>/);
  });

  test('a header block as gSOAP or zeep writes it (xsi:type elsewhere, or none) is read by the schema; a contradicting xsi:type is refused with the path', async () => {
    const ok = await request(served.url, { body: H('<ns:Auth SOAP-ENV:mustUnderstand="1"><token>7</token><user>bo</user></ns:Auth><tr:trace xsi:type="xsd:string">z</tr:trace>'), headers });
    expect(ok.status).toBe(200);
    expect(seen.at(-1)).toEqual({ auth: { user: 'bo', token: 7 }, trace: 'z' });
    const bad = await request(served.url, { body: H('<tr:trace xsi:type="xsd:int">1</tr:trace>'), headers });
    expect(bad.status).toBe(500);
    expect(bad.body).toContain('xsi:type {http://www.w3.org/2001/XMLSchema}int is not xsd:string or a type derived from it at /Envelope/Header/trace');
  });

  test('multi-references in a header block are refused, saying so; ids such as __proto__ pollute nothing', async () => {
    const res = await request(served.url, { body: H('<ns:Auth href="#__proto__"/><ns:Credentials id="__proto__"><user>x</user><token>1</token></ns:Credentials>'), headers });
    expect(res.status).toBe(500);
    expect(res.body).toContain('multi-reference values (href) are not supported in a SOAP header block at /Envelope/Header/Auth');
    expect(({} as Record<string, unknown>).user).toBeUndefined();
  });
});
