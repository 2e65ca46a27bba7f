/**
 * MTOM/XOP end to end over 127.0.0.1 (golden case `mtom`, a WCF-style file service with SOAP 1.1 and 1.2 bindings):
 *
 * - the generated client against a server that answers as WCF does with messageEncoding="Mtom" (multipart/related,
 *   application/xop+xml root, base64Binary content in binary parts named by %-escaped cid: URLs), through each
 *   built-in transport; the decoded values are byte for byte those of the same response sent inline;
 * - the generated server receiving MTOM requests (what gSOAP, CXF, Metro and WCF clients send);
 * - hostile and broken packages on both sides: refused with a path, never a crash.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { Files11Client, Files11Client_binding, Files12Client, Files12Client_binding } from '../golden/mtom/expected/client';
import { Files11Listener, Files12Listener, type Files11Handler } from '../golden/mtom/expected/server';
import type * as T from '../golden/mtom/expected/types';

const NS = 'urn:example:files';
const XOP = 'http://www.w3.org/2004/08/xop/include';
const ENV = { '1.1': 'http://schemas.xmlsoap.org/soap/envelope/', '1.2': 'http://www.w3.org/2003/05/soap-envelope' } as const;
const SOAP_TYPE = { '1.1': 'text/xml', '1.2': 'application/soap+xml' } as const;
const BOUNDARY = 'uuid:5d1c0e4e-7b4f-4a8e-9a2b-1f3c7a0b9d21+id=2';

/** Every byte value, CR LF pairs, and "--" sequences that are not the boundary: what a careless reader would mangle. */
const PAYLOAD = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n--uuid:5d1c0e4e\r\n--\r\n\r\n'), Buffer.alloc(70_000, 0xa5)]);

interface Part {
  readonly id: string;
  readonly type: string;
  readonly body: Buffer;
}

/** A multipart/related body as WCF writes it: each part's headers, CRLF line breaks, the close delimiter. */
function multipart(parts: readonly Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-ID: <${p.id}>\r\nContent-Transfer-Encoding: ${p.type.startsWith('application/xop+xml') ? '8bit' : 'binary'}\r\nContent-Type: ${p.type}\r\n\r\n`), p.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function mtomContentType(version: '1.1' | '1.2', action?: string): string {
  const info = version === '1.2' && action ? `application/soap+xml;action=\\"${action}\\"` : SOAP_TYPE[version];
  return `multipart/related; type="application/xop+xml";start="<http://tempuri.org/0>";boundary="${BOUNDARY}";start-info="${info}"`;
}

function envelope(version: '1.1' | '1.2', body: string): string {
  return `<s:Envelope xmlns:s="${ENV[version]}"><s:Body>${body}</s:Body></s:Envelope>`;
}

/** WCF's part names: the cid URL %-escapes ':' and '/' of the Content-ID (RFC 2392). */
const cid = (id: string) => `cid:${encodeURIComponent(id)}`;
const include = (id: string) => `<xop:Include href="${cid(id)}" xmlns:xop="${XOP}"/>`;

function mtomResponse(version: '1.1' | '1.2', bodyXml: string, attachments: Record<string, Buffer>): { type: string; body: Buffer } {
  const root: Part = { id: 'http://tempuri.org/0', type: `application/xop+xml;charset=utf-8;type="${SOAP_TYPE[version]}"`, body: Buffer.from(envelope(version, bodyXml)) };
  return { type: mtomContentType(version), body: multipart([root, ...Object.entries(attachments).map(([id, body]) => ({ id, type: 'application/octet-stream', body }))]) };
}

interface Canned {
  status: number;
  type: string;
  body: Buffer;
}

/** A server answering whatever the test sets, as a peer would: it does not parse the request. */
async function cannedServer(): Promise<{ url: string; next: (c: Canned) => void; close: () => Promise<void> }> {
  let canned: Canned = { status: 500, type: 'text/plain', body: Buffer.from('nothing set') };
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(canned.status, { 'Content-Type': canned.type, 'Content-Length': canned.body.length });
      res.end(canned.body);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/files`,
    next: (c) => (canned = c),
    close: () => new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve()))),
  };
}

const downloadXml = (data: string, thumb?: string) => `<DownloadResponse xmlns="${NS}"><Name>report.pdf</Name><Data>${data}</Data>${thumb !== undefined ? `<Thumbnail>${thumb}</Thumbnail>` : ''}</DownloadResponse>`;
const THUMB = Buffer.from('tiny');

describe('the generated client reads MTOM responses', () => {
  let peer: Awaited<ReturnType<typeof cannedServer>>;
  beforeAll(async () => {
    peer = await cannedServer();
  });
  afterAll(() => peer.close());

  const transports: [string, () => rt.Transport | undefined][] = [
    ['undici (default)', () => undefined],
    ['httpTransport', () => rt.httpTransport()],
    ['fetchTransport', () => rt.fetchTransport()],
  ];

  for (const version of ['1.1', '1.2'] as const) {
    const Client = version === '1.1' ? Files11Client : Files12Client;
    test.each(transports)(`SOAP ${version} over %s: the value is the inline one, byte for byte`, async (_, transport) => {
      const client = new Client({ endpoint: peer.url, transport: transport() });
      const ids = { data: `http://tempuri.org/1/638${version === '1.1' ? '11' : '12'}`, thumb: 'thumb@tempuri.org' };
      const mtom = mtomResponse(version, downloadXml(include(ids.data), include(ids.thumb)), { [ids.data]: PAYLOAD, [ids.thumb]: THUMB });
      peer.next({ status: 200, ...mtom });
      const viaXop = await client.download({ Name: 'report.pdf' });
      peer.next({ status: 200, type: `${SOAP_TYPE[version]}; charset=utf-8`, body: Buffer.from(envelope(version, downloadXml(PAYLOAD.toString('base64'), THUMB.toString('base64')))) });
      const inline = await client.download({ Name: 'report.pdf' });
      expect(viaXop).toEqual(inline);
      expect(Buffer.from(viaXop.Data).equals(PAYLOAD)).toBe(true);
      expect(Object.getPrototypeOf(viaXop.Data)).toBe(Uint8Array.prototype);
      expect(Buffer.from(viaXop.Thumbnail!).toString()).toBe('tiny');
    });
  }

  test('a package with content inline (no Include) and LF line breaks reads too (Axis2, node-soap fixtures)', async () => {
    const client = new Files11Client({ endpoint: peer.url });
    const root = `--MIMEBoundary_1\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\nContent-Transfer-Encoding: binary\nContent-ID: <0.1@apache.org>\n\n${envelope('1.1', downloadXml('AAEC'))}\n--MIMEBoundary_1--`;
    peer.next({ status: 200, type: 'multipart/related; boundary=MIMEBoundary_1; type="application/xop+xml"; start="<0.1@apache.org>"; start-info="text/xml"', body: Buffer.from(root) });
    await expect(client.download({ Name: 'x' })).resolves.toEqual({ Name: 'report.pdf', Data: Uint8Array.of(0, 1, 2) });
  });

  test('an MTOM fault is a SoapFaultError', async () => {
    const client = new Files12Client({ endpoint: peer.url });
    const fault = `<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en">disk full</s:Text></s:Reason></s:Fault>`;
    peer.next({ status: 500, ...mtomResponse('1.2', fault, {}) });
    await expect(client.download({ Name: 'x' })).rejects.toMatchObject({ name: 'SoapFaultError', reason: 'disk full' });
  });

  test('facets hold for included bytes; broken packages and misplaced Includes are refused with a path', async () => {
    const client = new Files11Client({ endpoint: peer.url });
    const check = async (c: Canned, path: string, message: RegExp) => {
      peer.next(c);
      const e = await client.download({ Name: 'x' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(rt.ResponseValidationError);
      expect((e as rt.ResponseValidationError).path).toBe(path);
      expect((e as Error).message).toMatch(message);
    };
    // Thumbnail is base64Binary with maxLength 64.
    await check({ status: 200, ...mtomResponse('1.1', downloadXml(include('d@x'), include('t@x')), { 'd@x': PAYLOAD, 't@x': PAYLOAD }) }, '/Envelope/Body/DownloadResponse/Thumbnail', /maxLength facet violated/);
    await check({ status: 200, ...mtomResponse('1.1', downloadXml(include('missing@x')), { 'd@x': PAYLOAD }) }, '/Envelope/Body/DownloadResponse/Data/Include', /no part has the Content-ID <missing@x>/);
    await check({ status: 200, ...mtomResponse('1.1', downloadXml(include('d@x')).replace('<Name>report.pdf</Name>', `<Name>${include('n@x')}</Name>`), { 'd@x': PAYLOAD, 'n@x': THUMB }) }, '/Envelope/Body/DownloadResponse/Name', /not base64Binary or hexBinary/);
    const good = mtomResponse('1.1', downloadXml(include('d@x')), { 'd@x': PAYLOAD });
    const cut = good.body.subarray(0, good.body.length - `--${BOUNDARY}--\r\n`.length);
    await check({ status: 200, type: good.type, body: cut }, '/multipart/part[1]', /no closing boundary/);
    await check({ status: 200, type: good.type.replace(/boundary="[^"]*"/, ''), body: good.body }, '/multipart', /no boundary parameter/);
    await check({ status: 200, type: good.type.replace('<http://tempuri.org/0>', '<elsewhere>'), body: good.body }, '/multipart', /the root part is missing/);
  });

  test('a transport that gives a multipart response only as text is refused: binary parts cannot be recovered', async () => {
    const mtom = mtomResponse('1.1', downloadXml(include('d@x')), { 'd@x': PAYLOAD });
    const client = new Files11Client({ endpoint: 'http://127.0.0.1:9/x', transport: async () => ({ status: 200, headers: { 'content-type': mtom.type }, body: mtom.body.toString('utf8') }) });
    await expect(client.download({ Name: 'x' })).rejects.toThrow(rt.TransportError);
    await expect(client.download({ Name: 'x' })).rejects.toThrow(/bodyBytes/);
  });
});

describe('the generated server reads MTOM requests', () => {
  let url: string;
  let close: () => Promise<void>;
  const received: { version: string; input: T.Upload }[] = [];
  const handler = (version: string): Files11Handler<string> => ({
    upload: (input) => {
      received.push({ version, input });
      return { Size: input.Data.length, Checksum: createHash('sha1').update(input.Data).digest() };
    },
    download: () => ({ Name: 'unused', Data: new Uint8Array(0) }),
  });
  beforeAll(async () => {
    // The inline (plain) request of the comparison below needs envelope limits that fit its base64; an MTOM request
    // keeps its envelope small, and only maxBodyBytes bounds its parts.
    const limits = { maxBodyBytes: 1024 * 1024, maxBytes: 1024 * 1024, maxStringLength: 1024 * 1024 };
    const l11 = Files11Listener(handler('1.1'), { authenticate: () => 'u', limits });
    const l12 = Files12Listener(handler('1.2'), { authenticate: () => 'u', limits });
    const srv = rt.createSoapServer((req, res) => ((req.url ?? '').endsWith('12') ? l12 : l11)(req, res)) as unknown as http.Server;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/files`;
    close = () => new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve())));
  });
  afterAll(() => close());

  const uploadXml = (data: string, extra = '') => `<Upload xmlns="${NS}"><Name>a.bin</Name><Data>${data}</Data>${extra}</Upload>`;

  async function post(version: '1.1' | '1.2', type: string, body: Buffer): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'Content-Type': type };
    if (version === '1.1') headers.SOAPAction = '"urn:example:files/Upload"';
    const res = await fetch(`${url}${version === '1.2' ? '12' : ''}`, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }

  function mtomRequest(version: '1.1' | '1.2', bodyXml: string, attachments: Record<string, Buffer>, action = true): { type: string; body: Buffer } {
    const rootType = `application/xop+xml;charset=utf-8;type="${SOAP_TYPE[version]}${version === '1.2' && action ? ';action=\\"urn:example:files/Upload\\"' : ''}"`;
    const root: Part = { id: 'http://tempuri.org/0', type: rootType, body: Buffer.from(envelope(version, bodyXml)) };
    return { type: mtomContentType(version, action ? 'urn:example:files/Upload' : undefined), body: multipart([root, ...Object.entries(attachments).map(([id, body]) => ({ id, type: 'application/octet-stream', body }))]) };
  }

  for (const version of ['1.1', '1.2'] as const) {
    test(`SOAP ${version}: the handler gets the bytes, simple content with attributes included`, async () => {
      received.length = 0;
      const req = mtomRequest(version, uploadXml(include('data@c'), `<Extra contentType="image/png">${include('png@c')}</Extra><Extra>AQID</Extra>`), { 'data@c': PAYLOAD, 'png@c': THUMB });
      const res = await post(version, req.type, req.body);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`:Size>${PAYLOAD.length}</`);
      expect(res.text).toContain(`:Checksum>${createHash('sha1').update(PAYLOAD).digest('hex').toUpperCase()}</`);
      expect(received).toHaveLength(1);
      const input = received[0]!.input;
      expect(received[0]!.version).toBe(version);
      expect(Buffer.from(input.Data).equals(PAYLOAD)).toBe(true);
      expect(input.Extra!.map((e) => [Buffer.from(e.$value).toString('hex'), e.contentType])).toEqual([
        [THUMB.toString('hex'), 'image/png'],
        ['010203', undefined],
      ]);
    });
  }

  test('the SOAP 1.2 action may come from the root part only; a start-info-less package takes the root part\'s version', async () => {
    received.length = 0;
    const req = mtomRequest('1.2', uploadXml(include('d@c')), { 'd@c': THUMB });
    const noInfo = req.type.replace(/;start-info="[^"]*"/, '');
    expect((await post('1.2', noInfo, req.body)).status).toBe(200);
    expect(Buffer.from(received[0]!.input.Data).toString()).toBe('tiny');
  });

  test('the envelope\'s namespace is the SOAP version, whatever the MIME labels say (gSOAP labels SOAP 1.1 MTOM application/soap+xml)', async () => {
    received.length = 0;
    const mixed = mtomRequest('1.1', uploadXml(include('d@c')), { 'd@c': THUMB });
    const type = mixed.type.replace('start-info="text/xml"', 'start-info="application/soap+xml"');
    const res = await post('1.1', type, Buffer.from(mixed.body.toString('latin1').replace('type="text/xml"', 'type="application/soap+xml"'), 'latin1'));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<s:Envelope xmlns:s="${ENV['1.1']}">`);
    expect(Buffer.from(received[0]!.input.Data).toString()).toBe('tiny');
  });

  test('plain requests are untouched, and a plain one reads exactly like the MTOM one', async () => {
    received.length = 0;
    const inline = await post('1.1', 'text/xml; charset=utf-8', Buffer.from(envelope('1.1', uploadXml(PAYLOAD.toString('base64')))));
    const req = mtomRequest('1.1', uploadXml(include('d@c')), { 'd@c': PAYLOAD });
    const viaXop = await post('1.1', req.type, req.body);
    expect(inline).toEqual(viaXop);
    expect(received[0]!.input).toEqual(received[1]!.input);
  });

  test('hostile and broken packages get a client fault naming the place, and the server keeps serving', async () => {
    const fault = async (type: string, body: Buffer, message: RegExp, version: '1.1' | '1.2' = '1.1') => {
      const res = await post(version, type, body);
      expect({ status: res.status, text: res.text }).toEqual({ status: version === '1.2' ? 400 : 500, text: expect.stringMatching(message) });
    };
    const ok = mtomRequest('1.1', uploadXml(include('d@c')), { 'd@c': THUMB });
    // 10 000 parts: refused at the 100th.
    const many = Buffer.concat([ok.body.subarray(0, ok.body.length - `--${BOUNDARY}--\r\n`.length), Buffer.from(`--${BOUNDARY}\r\n\r\n\r\n`.repeat(10_000)), Buffer.from(`--${BOUNDARY}--\r\n`)]);
    await fault(ok.type, many, /\/multipart\/part\[100\]: the multipart body has more than 100 parts/);
    await fault(ok.type, ok.body.subarray(0, ok.body.length - 10), /no closing boundary/);
    await fault(ok.type.replace(/boundary="[^"]*"/, ''), ok.body, /no boundary parameter/);
    await fault(mtomRequest('1.1', uploadXml(include('nope@c')), {}).type, mtomRequest('1.1', uploadXml(include('nope@c')), {}).body, /\/Envelope\/Body\/Upload\/Data\/Include: xop:Include refers to &quot;cid:nope%40c&quot;|Include: xop:Include refers to "cid:nope%40c"/);
    const inName = mtomRequest('1.1', uploadXml(include('d@c')).replace('<Name>a.bin</Name>', `<Name>${include('n@c')}</Name>`), { 'd@c': THUMB, 'n@c': THUMB });
    await fault(inName.type, inName.body, /\/Envelope\/Body\/Upload\/Name: xop:Include in content that is not base64Binary/);
    const twice = mtomRequest('1.1', uploadXml(include('d@c'), `<Extra>${include('d@c')}</Extra>`), { 'd@c': THUMB });
    await fault(twice.type, twice.body, /included twice/);
    const notSoap = Buffer.from(`--b\r\nContent-Type: text/html\r\n\r\n<html/>\r\n--b--\r\n`);
    await fault('multipart/related; boundary=b', notSoap, /the root part is text\/html, not a SOAP envelope/);
    // Other multipart types are not SOAP: 415 before the body is read.
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=b' }, body: notSoap });
    expect(res.status).toBe(415);
    await res.text();
    // Still serving.
    expect((await post('1.1', ok.type, ok.body)).status).toBe(200);
  });
});

describe('writing MTOM (ClientOptions.mtom, ServerOptions.mtom): the generated client and server, both ways', () => {
  let url: string;
  let close: () => Promise<void>;
  const received: T.Upload[] = [];
  const handler: Files11Handler<string> = {
    upload: (input) => (received.push(input), { Size: input.Data.length, Checksum: createHash('sha1').update(input.Data).digest() }),
    download: ({ Name }) => (Name === 'bad-thumb' ? { Name, Data: PAYLOAD, Thumbnail: new Uint8Array(100) } : { Name, Data: PAYLOAD, Thumbnail: THUMB }),
  };
  beforeAll(async () => {
    const options = { authenticate: () => 'u', limits: { maxBodyBytes: 1024 * 1024 }, mtom: { threshold: 16 } };
    const l11 = Files11Listener(handler, options);
    const l12 = Files12Listener(handler, options);
    const srv = rt.createSoapServer((req, res) => ((req.url ?? '').endsWith('12') ? l12 : l11)(req, res)) as unknown as http.Server;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/files`;
    close = () => new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve())));
  });
  afterAll(() => close());

  /** A transport that keeps what went over the wire. */
  function recording(): { transport: rt.Transport; wire: { requestType: string; request: Buffer; responseType: string; response: Buffer }[] } {
    const wire: { requestType: string; request: Buffer; responseType: string; response: Buffer }[] = [];
    const inner = rt.undiciTransport();
    return {
      wire,
      transport: async (req) => {
        const res = await inner(req);
        wire.push({ requestType: req.headers['Content-Type']!, request: Buffer.from(req.bodyBytes ?? Buffer.from(req.body)), responseType: res.headers['content-type'] ?? '', response: Buffer.from(res.bodyBytes ?? Buffer.from(res.body)) });
        return res;
      },
    };
  }

  for (const version of ['1.1', '1.2'] as const) {
    test(`SOAP ${version}: values at the threshold travel as parts, smaller ones inline; the peer reads the exact bytes`, async () => {
      received.length = 0;
      const { transport, wire } = recording();
      const Client = version === '1.1' ? Files11Client : Files12Client;
      const client = new Client({ endpoint: `${url}${version === '1.2' ? '12' : ''}`, transport, mtom: { threshold: 16 } });
      const small = Uint8Array.of(1, 2, 3);
      const up = await client.upload({ Name: 'a', Data: PAYLOAD, Extra: [{ $value: small, contentType: 'x/small' }, { $value: THUMB.length >= 16 ? THUMB : Buffer.alloc(16, 7), contentType: 'x/big' }] });
      expect(up.Size).toBe(PAYLOAD.length);
      expect(Buffer.from(received[0]!.Data).equals(PAYLOAD)).toBe(true);
      expect(received[0]!.Extra!.map((e) => [Buffer.from(e.$value).toString('hex'), e.contentType])).toEqual([
        ['010203', 'x/small'],
        [Buffer.alloc(16, 7).toString('hex'), 'x/big'],
      ]);
      // On the wire: an XOP package, Data and the 16-byte Extra as parts, the 3-byte Extra inline.
      expect(wire[0]!.requestType).toMatch(new RegExp(`^multipart/related; type="application/xop\\+xml"; boundary="[^"]+"; start="<[^>]+>"; start-info="${version === '1.1' ? 'text/xml' : 'application/soap\\+xml; action=\\\\"urn:example:files/Upload\\\\"'}"$`));
      const request = wire[0]!.request.toString('latin1');
      expect(request.match(/<xop:Include /g)).toHaveLength(2);
      expect(request).toContain('>AQID</');
      expect(request).not.toContain(PAYLOAD.toString('base64').slice(0, 40));
      // The answer: MTOM too (the request was), Data as a part, the 4-byte Thumbnail inline.
      const down = await client.download({ Name: 'f' });
      expect(Buffer.from(down.Data).equals(PAYLOAD)).toBe(true);
      expect(Buffer.from(down.Thumbnail!).toString()).toBe('tiny');
      expect(wire[1]!.responseType).toMatch(/^multipart\/related; type="application\/xop\+xml"/);
      expect(wire[1]!.response.toString('latin1').match(/<xop:Include /g)).toHaveLength(1);
    });
  }

  test('an MTOM-written value is checked as if it were inline (facets), and a plain request gets a plain answer', async () => {
    const mtomClient = new Files11Client({ endpoint: url, mtom: { threshold: 16 } });
    // The server writes a 100-byte Thumbnail (maxLength 64): refused before anything is sent, as inline.
    await expect(mtomClient.download({ Name: 'bad-thumb' })).rejects.toMatchObject({ name: 'SoapFaultError', reason: 'The server produced an invalid response.' });
    const { transport, wire } = recording();
    const plain = new Files11Client({ endpoint: url, transport });
    const down = await plain.download({ Name: 'f' });
    expect(Buffer.from(down.Data).equals(PAYLOAD)).toBe(true);
    expect(wire[0]!.requestType).toBe('text/xml; charset=utf-8');
    expect(wire[0]!.responseType).toBe('text/xml; charset=utf-8');
  });

  test('a binding whose WS-Policy requires MTOM (Files12: wsoma:OptimizedMimeSerialization) sends and answers MTOM by default; mtom: false turns it off', async () => {
    expect(Files12Client_binding.mtom).toBe(true);
    expect(Files11Client_binding.mtom).toBeUndefined();
    const { transport, wire } = recording();
    await new Files12Client({ endpoint: `${url}12`, transport }).upload({ Name: 'a', Data: PAYLOAD });
    await new Files12Client({ endpoint: `${url}12`, transport, mtom: false }).upload({ Name: 'a', Data: PAYLOAD.subarray(0, 100) });
    expect(wire.map((w) => w.requestType.split(';')[0])).toEqual(['multipart/related', 'application/soap+xml']);
    expect((wire[0]!.request.toString('latin1').match(/<xop:Include /g) ?? []).length).toBe(1);
  });

  test('mtom: true sends every request as a package (an MTOM endpoint refuses text/xml), with the default 1024-byte threshold', async () => {
    const { transport, wire } = recording();
    const client = new Files11Client({ endpoint: url, transport, mtom: true });
    await client.upload({ Name: 'a', Data: Buffer.alloc(1023, 1) });
    await client.upload({ Name: 'b', Data: Buffer.alloc(1024, 1) });
    expect(wire.map((w) => [w.requestType.split(';')[0], (w.request.toString('latin1').match(/<xop:Include /g) ?? []).length])).toEqual([
      ['multipart/related', 0],
      ['multipart/related', 1],
    ]);
  });
});
