/**
 * Hostile requests against the generated MS-WMS server (createSoapServer + the generated listener) over 127.0.0.1.
 * Every case gets the documented HTTP status and fault (README, "Server skeleton"), runs no handler, leaves
 * Object.prototype alone, and is followed by a normal request that succeeds.
 */
import * as http from 'node:http';
import { Readable, pipeline } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';
import * as rt from '@wsdl2ts/runtime';
import { ACTION, AUTH, Body, CACHE_REFRESH, env11, env12, faultOf, H11, H12, normalCall, prototypeSnapshot, rawExchange, request, RawResponse, Running, S11, S12, sleep, startServer, TEMPURI, WSSE } from './server-harness';

interface Case {
  readonly name: string;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: () => Body;
  readonly status: number;
  /** Fault code as written (s:Client, s:Sender…); absent for a plain HTTP answer. */
  readonly code?: string;
  readonly subcode?: string;
  readonly reason?: RegExp;
  readonly check?: (res: RawResponse) => void;
}

const T = `xmlns="${TEMPURI}"`;
const H11_OPT_OUT = { ...H11, SOAPAction: `"${ACTION}OptOutOfExchangeSync"` };
const H11_CREATE = { ...H11, SOAPAction: `"${ACTION}BeginCreateTaskPropagation"` };
const wsaHead = (action: string) => `<a:Action s:mustUnderstand="1">${action}</a:Action><a:MessageID>urn:uuid:6b1f0b5e-0000-4000-8000-000000000001</a:MessageID>`;
const security = (attrs = '') => `<wsse:Security xmlns:wsse="${WSSE}"${attrs}><wsse:UsernameToken><wsse:Username>mallory</wsse:Username><wsse:Password>x</wsse:Password></wsse:UsernameToken></wsse:Security>`;

const LOL = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [${LOL}]>${env11(`<BeginCacheRefresh ${T}>&lol9;</BeginCacheRefresh>`)}`;
const XXE = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${env11(`<BeginCacheRefresh ${T}>&xxe;</BeginCacheRefresh>`)}`;
const DEEP = env11(`<BeginCacheRefresh ${T}>${'<a>'.repeat(10_000)}`).replace('</s:Body></s:Envelope>', '');
const DEEP_HEADER = env11(CACHE_REFRESH, `<x:Deep xmlns:x="urn:x">${'<a>'.repeat(10_000)}</x:Deep>`);
const DEEP_CONTEXT = env11(CACHE_REFRESH, `<ServiceContext xmlns="http://schemas.microsoft.com/sharepoint/servicecontext"><unknown>${'<a>'.repeat(10_000)}</unknown></ServiceContext>`);
const DEEP_SECURITY = env11(CACHE_REFRESH, `<wsse:Security xmlns:wsse="${WSSE}">${'<a>'.repeat(10_000)}</wsse:Security>`);
const DEEP_CLOSED = env11(`${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`);
const OVERSIZED = env11(`<BeginCacheRefresh ${T}><!--${'x'.repeat(70_000)}--></BeginCacheRefresh>`);

/** A body sent chunked (no Content-Length), in 4 KiB pieces. */
async function* chunked(text: string | Buffer): AsyncGenerator<Uint8Array> {
  const b = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < b.length; i += 4096) yield b.subarray(i, i + 4096);
}

/** `size` bytes that start like a request and continue with zeros, gzip-compressed (10 MB gives about 10 KB). */
function gzipBomb(size: number): Buffer {
  const head = Buffer.from(`<s:Envelope xmlns:s="${S11}"><s:Body><BeginCacheRefresh ${T}><!--`);
  return zlib.gzipSync(Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]), { level: 9 });
}
const BOMB_10MB = gzipBomb(10 * 1024 * 1024);

const badUtf8 = () => Buffer.concat([Buffer.from(`<s:Envelope xmlns:s="${S11}"><s:Body><BeginCacheRefresh ${T}><!-- `), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(` --></BeginCacheRefresh></s:Body></s:Envelope>`)]);

const cases: Case[] = [
  // DTDs and entities: refused before any entity is expanded or fetched.
  { name: 'billion laughs (internal entities)', headers: H11, body: () => BILLION_LAUGHS, status: 500, code: 's:Client', reason: /DOCTYPE declarations are refused/ },
  { name: 'external entity (SYSTEM file:///etc/passwd)', headers: H11, body: () => XXE, status: 500, code: 's:Client', reason: /DOCTYPE/, check: (r) => expect(r.body).not.toContain('root:') },
  { name: 'undeclared entity reference without a DTD', headers: H11, body: () => env11(`<BeginCacheRefresh ${T}>&xxe;</BeginCacheRefresh>`), status: 500, code: 's:Client' },
  { name: 'SOAP 1.2: billion laughs', headers: H12, body: () => BILLION_LAUGHS.replace(S11, S12), status: 400, code: 's:Sender' },
  // Depth, size and compression.
  { name: '10,000-deep nesting inside the operation element', headers: H11, body: () => DEEP, status: 500, code: 's:Client', reason: /unexpected element/ },
  { name: '10,000-deep nesting inside a header that is skipped', headers: H11, body: () => DEEP_HEADER, status: 500, code: 's:Client', reason: /nest deeper than 32 levels/ },
  { name: '10,000-deep nesting inside the ServiceContext header', headers: H11, body: () => DEEP_CONTEXT, status: 500, code: 's:Client', reason: /nest deeper than 32 levels/ },
  { name: '10,000-deep nesting inside a Security header (no verifier)', headers: H11, body: () => DEEP_SECURITY, status: 500, code: 's:Client', reason: /nest deeper than 32 levels/ },
  { name: '10,000-deep nesting in the Body, closed (70 KB)', headers: H11, body: () => DEEP_CLOSED, status: 413 },
  { name: '10,000-deep nesting in a header, chunked', headers: H11, body: () => chunked(DEEP_HEADER), status: 500, code: 's:Client', reason: /nest deeper than 32 levels/ },
  { name: 'oversized body with Content-Length', headers: H11, body: () => OVERSIZED, status: 413 },
  { name: 'oversized body without Content-Length (chunked)', headers: H11, body: () => chunked(OVERSIZED), status: 413 },
  { name: 'gzip bomb (10 MB inflated from about 10 KB)', headers: { ...H11, 'Content-Encoding': 'gzip' }, body: () => BOMB_10MB, status: 413, reason: undefined, check: (r) => expect(r.body).toContain('once inflated') },
  { name: 'gzip bomb, chunked', headers: { ...H11, 'Content-Encoding': 'gzip' }, body: () => chunked(BOMB_10MB), status: 413 },
  { name: 'deflate bomb', headers: { ...H11, 'Content-Encoding': 'deflate' }, body: () => zlib.deflateSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), status: 413 },
  { name: 'corrupt gzip data', headers: { ...H11, 'Content-Encoding': 'gzip' }, body: () => Buffer.from('this is not gzip at all'), status: 400 },
  { name: 'unknown Content-Encoding (br)', headers: { ...H11, 'Content-Encoding': 'br' }, body: () => env11(CACHE_REFRESH), status: 415, check: (r) => expect(r.headers['accept-encoding']).toBe('gzip, deflate') },
  { name: 'stacked Content-Encoding (gzip, gzip)', headers: { ...H11, 'Content-Encoding': 'gzip, gzip' }, body: () => zlib.gzipSync(zlib.gzipSync(env11(CACHE_REFRESH))), status: 415 },
  // Prototype-shaped names.
  ...['__proto__', 'constructor', 'prototype'].flatMap((n): Case[] => [
    { name: `element <${n}> inside the operation element`, headers: H11, body: () => env11(`<BeginCacheRefresh ${T}><${n}><polluted>1</polluted></${n}></BeginCacheRefresh>`), status: 500, code: 's:Client', reason: /unexpected element/ },
    { name: `attribute ${n}="…" on the operation element`, headers: H11, body: () => env11(`<BeginCacheRefresh ${T} ${n}="{&quot;polluted&quot;:1}"/>`), status: 500, code: 's:Client', reason: new RegExp(`attribute \\{\\}${n} is not allowed`) },
    { name: `element <${n}> inside a typed field`, headers: H11_CREATE, body: () => env11(`<BeginCreateTaskPropagation ${T}><taskId><${n}>1</${n}></taskId></BeginCreateTaskPropagation>`), status: 500, code: 's:Client' },
    { name: `mustUnderstand header <${n}>`, headers: H11, body: () => env11(CACHE_REFRESH, `<${n} xmlns="urn:x" s:mustUnderstand="1"><polluted>1</polluted></${n}>`), status: 500, code: 's:MustUnderstand' },
    { name: `mustUnderstand header with attribute ${n}`, headers: H11, body: () => env11(CACHE_REFRESH, `<x:H xmlns:x="urn:x" ${n}="1" s:mustUnderstand="1"/>`), status: 500, code: 's:MustUnderstand' },
  ]),
  { name: 'prefix __proto__ bound to the service namespace', headers: H11, body: () => env11(`<__proto__:BeginCacheRefresh xmlns:__proto__="${TEMPURI}"><__proto__:polluted/></__proto__:BeginCacheRefresh>`), status: 500, code: 's:Client', reason: /unexpected element/ },
  // SOAP-encoding multi-references are not followed.
  { name: 'href on the operation element (multiRef)', headers: H11, body: () => env11(`<BeginCacheRefresh ${T} href="#id0"/><multiRef ${T} id="id0"/>`), status: 500, code: 's:Client', reason: /attribute \{\}href is not allowed/ },
  { name: 'id on the operation element', headers: H11, body: () => env11(`<BeginCacheRefresh ${T} id="id0"/>`), status: 500, code: 's:Client', reason: /attribute \{\}id is not allowed/ },
  { name: 'href on a field pointing at a multiRef', headers: H11_CREATE, body: () => env11(`<BeginCreateTaskPropagation ${T}><taskId href="#id1"/></BeginCreateTaskPropagation><multiRef id="id1">5</multiRef>`), status: 500, code: 's:Client' },
  { name: 'a leaf with a value and an undeclared attribute (href, id)', headers: H11_CREATE, body: () => env11(`<BeginCreateTaskPropagation ${T}><taskId href="#x" id="y">5</taskId></BeginCreateTaskPropagation>`), status: 500, code: 's:Client', reason: /attribute \{\}href is not allowed at \/Envelope\/Body\/BeginCreateTaskPropagation\/taskId/ },
  // Dispatch.
  { name: 'SOAPAction disagrees with the body', headers: H11_OPT_OUT, body: () => env11(CACHE_REFRESH), status: 500, code: 's:Client', reason: /does not match the body element/ },
  { name: 'SOAP 1.2: wsa:Action disagrees with the body', headers: H12, body: () => env12(CACHE_REFRESH, wsaHead(`${ACTION}OptOutOfExchangeSync`)), status: 400, code: 's:Sender', subcode: 'w:ActionMismatch' },
  { name: 'SOAP 1.2: the action parameter disagrees with the body', headers: { ...H12, 'Content-Type': `application/soap+xml; charset=utf-8; action="${ACTION}OptOutOfExchangeSync"` }, body: () => env12(CACHE_REFRESH), status: 400, code: 's:Sender', subcode: 'w:ActionMismatch' },
  { name: 'SOAP 1.2: repeated wsa:Action', headers: H12, body: () => env12(CACHE_REFRESH, wsaHead(`${ACTION}BeginCacheRefresh`) + `<a:Action>${ACTION}BeginCacheRefresh</a:Action>`), status: 400, code: 's:Sender', subcode: 'a:InvalidAddressingHeader' },
  { name: 'a body element no operation takes', headers: H11, body: () => env11(`<Nope ${T}/>`), status: 500, code: 's:Client', reason: /no operation takes/ },
  { name: 'two elements in the Body', headers: H11, body: () => env11(CACHE_REFRESH + CACHE_REFRESH), status: 500, code: 's:Client', reason: /more than one element/ },
  { name: 'two Header elements', headers: H11, body: () => `<s:Envelope xmlns:s="${S11}"><s:Header/><s:Header/><s:Body>${CACHE_REFRESH}</s:Body></s:Envelope>`, status: 500, code: 's:Client', reason: /unexpected element/ },
  // Envelope versions.
  { name: 'wrong envelope namespace', headers: H11, body: () => env11(CACHE_REFRESH).replace(S11, 'urn:not-soap'), status: 500, code: 's:VersionMismatch', check: (r) => expect(r.body).toContain(`<u:SupportedEnvelope qname="e:Envelope" xmlns:e="${S11}"/>`) },
  { name: 'SOAP 1.2 envelope sent as text/xml', headers: H11, body: () => env12(CACHE_REFRESH), status: 500, code: 's:VersionMismatch', check: (r) => expect(r.body).toContain('<faultcode>') },
  { name: 'SOAP 1.1 envelope sent as application/soap+xml', headers: H12, body: () => env11(CACHE_REFRESH), status: 500, code: 's:VersionMismatch', check: (r) => expect(r.body).toContain('<s:Code>') },
  { name: 'a root element that is not an Envelope', headers: H11, body: () => CACHE_REFRESH, status: 500, code: 's:Client' },
  // Headers.
  { name: 'unknown mustUnderstand header', headers: H11, body: () => env11(CACHE_REFRESH, '<x:Tx xmlns:x="urn:tx" s:mustUnderstand="1"/>'), status: 500, code: 's:MustUnderstand', reason: /\{urn:tx\}Tx is not understood/ },
  { name: 'SOAP 1.2: unknown mustUnderstand header', headers: H12, body: () => env12(CACHE_REFRESH, '<x:Tx xmlns:x="urn:tx" s:mustUnderstand="true"/>'), status: 500, code: 's:MustUnderstand', check: (r) => expect(r.body).toContain('<s:NotUnderstood qname="q:Tx" xmlns:q="urn:tx"/>') },
  { name: 'mustUnderstand="yes"', headers: H11, body: () => env11(CACHE_REFRESH, '<x:Tx xmlns:x="urn:tx" s:mustUnderstand="yes"/>'), status: 500, code: 's:Client' },
  { name: 'Security header, no verifier configured', headers: H11, body: () => env11(CACHE_REFRESH, security()), status: 500, code: 'wsse:InvalidSecurity', reason: /verifying security/ },
  { name: 'SOAP 1.2: Security header, no verifier configured', headers: H12, body: () => env12(CACHE_REFRESH, security()), status: 400, code: 's:Sender', subcode: 'wsse:InvalidSecurity' },
  { name: 'mustUnderstand Security header, no verifier configured', headers: H11, body: () => env11(CACHE_REFRESH, security(' s:mustUnderstand="1"')), status: 500, code: 's:MustUnderstand' },
  // Envelope rules (SOAP 1.2 Part 1 section 5, WS-I BP 1.1): processing instructions, header blocks, Body.
  { name: 'SOAP 1.2: a processing instruction in the operation element', headers: H12, body: () => env12(`<BeginCacheRefresh ${T}><?evil x?></BeginCacheRefresh>`), status: 400, code: 's:Sender', reason: /must not contain processing instructions \(SOAP 1\.2 Part 1 section 5\)/ },
  { name: 'SOAP 1.2: a processing instruction before the Envelope', headers: H12, body: () => `<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?>${env12(CACHE_REFRESH)}`, status: 400, code: 's:Sender', reason: /processing instructions/ },
  { name: 'SOAP 1.2: a processing instruction after the Envelope', headers: H12, body: () => `${env12(CACHE_REFRESH)}<?pi?>`, status: 400, code: 's:Sender', reason: /processing instructions/ },
  { name: 'SOAP 1.2: a processing instruction in a skipped header', headers: H12, body: () => env12(CACHE_REFRESH, '<x:H xmlns:x="urn:x"><?pi data?></x:H>'), status: 400, code: 's:Sender', reason: /processing instructions/ },
  { name: 'SOAP 1.2: a processing instruction between the Header and the Body', headers: H12, body: () => `<s:Envelope xmlns:s="${S12}"><s:Header/><?pi?><s:Body>${CACHE_REFRESH}</s:Body></s:Envelope>`, status: 400, code: 's:Sender', reason: /processing instructions/ },
  { name: 'SOAP 1.1: a processing instruction in the Body (WS-I BP R1009)', headers: H11, body: () => env11(`<?pi?>${CACHE_REFRESH}`), status: 500, code: 's:Client', reason: /must not contain processing instructions \(WS-I Basic Profile R1009\)/ },
  { name: 'SOAP 1.1: a processing instruction inside a Security header', headers: H11, body: () => env11(CACHE_REFRESH, security().replace('<wsse:UsernameToken>', '<?pi?><wsse:UsernameToken>')), status: 500, code: 's:Client', reason: /processing instructions/ },
  { name: 'SOAP 1.2: a DOCTYPE without an internal subset', headers: H12, body: () => `<!DOCTYPE s:Envelope>${env12(CACHE_REFRESH)}`, status: 400, code: 's:Sender', reason: /DOCTYPE/ },
  { name: 'a header block without a namespace', headers: H11, body: () => env11(CACHE_REFRESH, '<Plain>1</Plain>'), status: 500, code: 's:Client', reason: /header block \{\}Plain is not namespace-qualified/ },
  { name: 'SOAP 1.2: a header block without a namespace (not mustUnderstand)', headers: H12, body: () => env12(CACHE_REFRESH, '<Plain/>'), status: 400, code: 's:Sender', reason: /not namespace-qualified/ },
  { name: 'an element after the Body', headers: H11, body: () => `<s:Envelope xmlns:s="${S11}"><s:Body>${CACHE_REFRESH}</s:Body><x:Trailer xmlns:x="urn:x"/></s:Envelope>`, status: 500, code: 's:Client', reason: /unexpected element \{urn:x\}Trailer/ },
  { name: 'a Header after the Body', headers: H11, body: () => `<s:Envelope xmlns:s="${S11}"><s:Body>${CACHE_REFRESH}</s:Body><s:Header/></s:Envelope>`, status: 500, code: 's:Client', reason: /unexpected element/ },
  { name: 'SOAP 1.2: two Body elements', headers: H12, body: () => `<s:Envelope xmlns:s="${S12}"><s:Body>${CACHE_REFRESH}</s:Body><s:Body>${CACHE_REFRESH}</s:Body></s:Envelope>`, status: 400, code: 's:Sender', reason: /unexpected element/ },
  { name: 'an Envelope with a Header and no Body', headers: H11, body: () => `<s:Envelope xmlns:s="${S11}"><s:Header/></s:Envelope>`, status: 500, code: 's:Client', reason: /the Envelope has no Body/ },
  { name: 'an unqualified attribute on the Envelope', headers: H11, body: () => env11(CACHE_REFRESH, '', ' version="1"'), status: 500, code: 's:Client', reason: /attribute version on the SOAP Envelope is not namespace-qualified/ },
  { name: 'soap:encodingStyle on the Envelope (WS-I BP R1032)', headers: H11, body: () => env11(CACHE_REFRESH, '', ' s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"'), status: 500, code: 's:Client', reason: /encodingStyle is not allowed on the SOAP Envelope/ },
  { name: 'SOAP 1.2: env:encodingStyle on the Body', headers: H12, body: () => `<s:Envelope xmlns:s="${S12}"><s:Body s:encodingStyle="http://www.w3.org/2003/05/soap-encoding">${CACHE_REFRESH}</s:Body></s:Envelope>`, status: 400, code: 's:Sender', reason: /not allowed on the SOAP Body/ },
  { name: 'an unqualified attribute on the Header', headers: H11, body: () => `<s:Envelope xmlns:s="${S11}"><s:Header id="h"/><s:Body>${CACHE_REFRESH}</s:Body></s:Envelope>`, status: 500, code: 's:Client', reason: /attribute id on the SOAP Header/ },
  { name: 'soap:encodingStyle on the operation element (WS-I BP R1006)', headers: H11, body: () => env11(`<BeginCacheRefresh ${T} s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/>`), status: 500, code: 's:Client', reason: /R1006/ },
  { name: 'an element after the Envelope', headers: H11, body: () => env11(CACHE_REFRESH) + '<x/>', status: 500, code: 's:Client', reason: /only one root element/ },
  { name: 'text after the Envelope', headers: H11, body: () => env11(CACHE_REFRESH) + 'trailing', status: 500, code: 's:Client', reason: /text after the root element/ },
  // Not well-formed.
  { name: 'unclosed tag', headers: H11, body: () => env11(`<BeginCacheRefresh ${T}>`), status: 500, code: 's:Client' },
  { name: 'invalid UTF-8 bytes', headers: H11, body: badUtf8, status: 500, code: 's:Client', reason: /UTF-8/ },
  { name: 'truncated envelope', headers: H11, body: () => env11(CACHE_REFRESH).slice(0, 60), status: 500, code: 's:Client' },
  { name: 'empty body', headers: H11, body: () => '', status: 500, code: 's:Client' },
  // HTTP.
  { name: 'wrong content type (application/json)', headers: { ...H11, 'Content-Type': 'application/json' }, body: () => '{"__proto__":{"polluted":1}}', status: 415 },
  { name: 'no content type', headers: { SOAPAction: H11.SOAPAction, Authorization: AUTH }, body: () => env11(CACHE_REFRESH), status: 415 },
  { name: 'a charset other than UTF-8/16', headers: { ...H11, 'Content-Type': 'text/xml; charset=iso-8859-1' }, body: () => env11(CACHE_REFRESH), status: 415 },
  { name: 'text/xmlx is not text/xml', headers: { ...H11, 'Content-Type': 'text/xmlx' }, body: () => env11(CACHE_REFRESH), status: 415 },
  { name: 'GET without ?wsdl', method: 'GET', headers: { Authorization: AUTH }, status: 405, check: (r) => expect(r.headers.allow).toBe('POST') },
  { name: 'PUT', method: 'PUT', headers: H11, body: () => env11(CACHE_REFRESH), status: 405 },
  { name: 'no credentials', headers: { ...H11, Authorization: 'Basic bWFsbG9yeTp4' }, body: () => env11(CACHE_REFRESH), status: 401, check: (r) => expect(r.headers['www-authenticate']).toMatch(/^Basic realm=/) },
];

async function send(s: Running, c: Case, agent?: http.Agent): Promise<RawResponse> {
  return request(`${s.url}${c.path ?? ''}`, { method: c.method, headers: c.headers, body: c.body?.(), agent });
}

function checkOutcome(c: Case, res: RawResponse): void {
  expect(res.status).toBe(c.status);
  const fault = faultOf(res.body);
  if (c.code) {
    expect(fault.code).toBe(c.code);
    expect(res.headers['content-type']).toMatch(c.code === 's:Client' || /<faultcode[ >]/.test(res.body) ? /^text\/xml/ : /^application\/soap\+xml/);
  } else {
    expect(fault.code).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  }
  if (c.subcode) expect(fault.subcode).toBe(c.subcode);
  if (c.reason) expect(fault.reason ?? res.body).toMatch(c.reason);
  // No stack traces, no file paths.
  expect(res.body).not.toMatch(/ at .*\.(?:ts|js):\d+|\/work\/|node_modules/);
  c.check?.(res);
}

describe('hostile requests to the generated MS-WMS server', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const proto = prototypeSnapshot();
    const ran = s.rec.ran.length;
    const res = await send(s, c);
    checkOutcome(c, res);
    expect(s.rec.ran.length).toBe(ran);
    expect(prototypeSnapshot()).toBe(proto);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await normalCall(s);
    expect(s.errors).toEqual([]);
  });

  test('every case leaves a keep-alive connection usable (or closes it), never hanging', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const c of cases) {
        const res = await send(s, c, agent);
        expect([c.name, res.status]).toEqual([c.name, c.status]);
        await normalCall(s, agent);
      }
    } finally {
      agent.destroy();
    }
  });

  test('hostile names in a header that is not mustUnderstand are ignored: the request is served, nothing is polluted', async () => {
    const proto = prototypeSnapshot();
    const head =
      `<ServiceContext xmlns="http://schemas.microsoft.com/sharepoint/servicecontext" __proto__="1" constructor="2"><__proto__><polluted>1</polluted></__proto__><constructor>x</constructor><prototype/><language>en-US</language></ServiceContext>` +
      `<__proto__ xmlns="urn:x"><polluted>1</polluted></__proto__><x:constructor xmlns:x="urn:x" prototype="1"/>`;
    const before = s.rec.contexts.length;
    const res = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, head) });
    expect(res.status).toBe(200);
    const ctx = s.rec.contexts[before]!;
    const serviceContext = ctx.header(rt.ServiceContextElement);
    expect(serviceContext).toEqual({ language: 'en-US' });
    expect(Object.getPrototypeOf(serviceContext)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(serviceContext)).toEqual(['language']);
    expect(prototypeSnapshot()).toBe(proto);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a 1 GB gzip bomb streamed lazily gets 413 after a few KB, memory stays flat', async () => {
    let fed = 0;
    async function* zeros(): AsyncGenerator<Buffer> {
      const mib = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 1024; i++) {
        fed += mib.length;
        yield mib;
      }
    }
    const gz = zlib.createGzip({ level: 9 });
    pipeline(Readable.from(zeros()), gz, () => undefined);
    const rss = process.memoryUsage().rss;
    const ran = s.rec.ran.length;
    const res = await request(s.url, { headers: { ...H11, 'Content-Encoding': 'gzip' }, body: gz });
    expect(res.status).toBe(413);
    gz.destroy();
    // The client only compressed what the server read before refusing.
    expect(fed).toBeLessThan(256 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(128 * 1024 * 1024);
    expect(s.rec.ran.length).toBe(ran);
    await normalCall(s);
  });

  test('memory stays flat over 300 hostile requests', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const mixed = cases.filter((c) => c.method === undefined);
    const round = async (n: number) => {
      for (let i = 0; i < n; i += 10) await Promise.all(mixed.slice(0, 10).map((_, k) => send(s, mixed[(i + k) % mixed.length]!)));
    };
    await round(100); // warm-up: JIT, pools, lazily built tables
    gc();
    await sleep(20);
    gc();
    const before = process.memoryUsage().heapUsed;
    await round(300);
    gc();
    await sleep(20);
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(growth).toBeLessThan(4 * 1024 * 1024);
    await normalCall(s);
  });
});

describe('what the envelope rules allow', () => {
  let s: Running;
  let lenient: Running;
  beforeAll(async () => {
    s = await startServer();
    lenient = await startServer({ options: { allowSoap11ProcessingInstructions: true } });
  });
  afterAll(async () => {
    await s.close();
    await lenient.close();
  });

  const COMMENTED = (env: (b: string, h?: string) => string) =>
    `<?xml version="1.0" encoding="utf-8"?><!-- before -->${env(`<!-- in the body -->${CACHE_REFRESH.replace('/>', '><!-- inside --></BeginCacheRefresh>')}`, '<!-- in the header --><x:H xmlns:x="urn:x"><!-- c --></x:H>')}<!-- after -->\n`;

  test.each([
    ['SOAP 1.1', H11, env11],
    ['SOAP 1.2', H12, env12],
  ] as const)('%s: the XML declaration and comments anywhere are accepted (the handler runs)', async (_v, headers, env) => {
    const ran = s.rec.ran.length;
    const res = await request(s.url, { headers, body: COMMENTED(env) });
    expect(res.status).toBe(200);
    expect(s.rec.ran.slice(ran)).toEqual(['beginCacheRefresh']);
  });

  test('allowSoap11ProcessingInstructions: a SOAP 1.1 request with processing instructions is served', async () => {
    const ran = lenient.rec.ran.length;
    const res = await request(lenient.url, { headers: H11, body: `<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?>${env11(`<?pi?>${CACHE_REFRESH}`)}<?after?>` });
    expect(res.status).toBe(200);
    expect(lenient.rec.ran.slice(ran)).toEqual(['beginCacheRefresh']);
  });

  test('allowSoap11ProcessingInstructions does not relax SOAP 1.2', async () => {
    const ran = lenient.rec.ran.length;
    const res = await request(lenient.url, { headers: H12, body: env12(`<?pi?>${CACHE_REFRESH}`) });
    expect(res.status).toBe(400);
    expect(faultOf(res.body).code).toBe('s:Sender');
    expect(lenient.rec.ran.length).toBe(ran);
  });
});

describe('slow clients (createSoapServer with small timeouts)', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ server: { headersTimeoutMs: 300, requestTimeoutMs: 1500, checkIntervalMs: 50 }, options: { limits: { bodyTimeoutMs: 400 } } });
  });
  afterAll(() => s.close());

  test('headers sent one line at a time (slowloris): 408 and the connection is closed', async () => {
    const ran = [...s.rec.ran];
    let stop = false;
    const { data, closedAfterMs } = await rawExchange(s.port, async (sock) => {
      sock.write(`POST /WorkManagementService.svc HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      for (let i = 0; i < 100 && !stop && !sock.destroyed; i++) {
        await sleep(50);
        if (!sock.destroyed) sock.write(`X-Slow-${i}: ${'a'.repeat(10)}\r\n`);
      }
    });
    stop = true;
    expect(data).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(4000);
    expect(s.rec.ran).toEqual(ran);
    await normalCall(s);
  });

  test('a body trickled byte by byte: the listener answers 408 and closes the connection', async () => {
    const ran = [...s.rec.ran];
    const body = env11(CACHE_REFRESH);
    const { data } = await rawExchange(s.port, async (sock) => {
      sock.write(`POST /WorkManagementService.svc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\nAuthorization: ${AUTH}\r\nContent-Length: ${body.length}\r\n\r\n`);
      for (let i = 0; i < body.length && !sock.destroyed; i++) {
        sock.write(body[i]!);
        await sleep(40);
      }
    });
    expect(data).toMatch(/^HTTP\/1\.1 408 /);
    expect(data).toMatch(/connection: close/i);
    expect(data).toContain('the request body took too long');
    expect(s.rec.ran).toEqual(ran);
    await normalCall(s);
  });

  test('a chunked body that stops arriving: 408', async () => {
    const ran = [...s.rec.ran];
    const { data } = await rawExchange(s.port, async (sock) => {
      sock.write(`POST /WorkManagementService.svc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nAuthorization: ${AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<s:En\r\n`);
    });
    expect(data).toMatch(/^HTTP\/1\.1 408 /);
    expect(s.rec.ran).toEqual(ran);
    await normalCall(s);
  });

  test('a connection with no traffic for idleTimeoutMs is closed (here: a handler that never answers); traffic keeps it open', async () => {
    const never = new Promise<void>(() => undefined);
    const t = await startServer({ server: { idleTimeoutMs: 300 }, hooks: { beforeCacheRefresh: () => never } });
    try {
      const body = env11(CACHE_REFRESH);
      const head = `POST /WorkManagementService.svc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: "${ACTION}BeginCacheRefresh"\r\nAuthorization: ${AUTH}\r\nContent-Length: ${body.length}\r\n\r\n`;
      const silent = await rawExchange(t.port, (sock) => void sock.write(head + body));
      expect(silent.data).toBe('');
      expect(silent.closedAfterMs).toBeGreaterThanOrEqual(300);
      expect(silent.closedAfterMs).toBeLessThan(4000);
      expect(t.rec.ran).toEqual(['beginCacheRefresh']);
      // A body trickling in (one byte every 100 ms, 1.2 s in all) is traffic: the idle timeout does not cut it.
      let last = 0;
      const trickled = await rawExchange(t.port, async (sock) => {
        sock.write(head.replace(`Content-Length: ${body.length}`, 'Content-Length: 12') + '<s:Env');
        for (let i = 0; i < 12 && !sock.destroyed; i++) {
          await sleep(100);
          last = Date.now();
          if (!sock.destroyed) sock.write(' ');
        }
      });
      // 12 bytes were declared, only 6 of them are markup: once the body is complete, the request is refused.
      expect(trickled.data).toMatch(/^HTTP\/1\.1 (400|500) /);
      expect(last).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  test("node's request timeout applies when the listener's body timeout is longer", async () => {
    const t = await startServer({ server: { headersTimeoutMs: 200, requestTimeoutMs: 400, checkIntervalMs: 50 }, options: { limits: { bodyTimeoutMs: 60_000 } } });
    try {
      const { data, closedAfterMs } = await rawExchange(t.port, async (sock) => {
        sock.write(`POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nAuthorization: ${AUTH}\r\nContent-Length: 100\r\n\r\n<s:`);
      });
      expect(data).toMatch(/^HTTP\/1\.1 408 /);
      expect(closedAfterMs).toBeLessThan(4000);
      expect(t.rec.ran).toEqual([]);
      await normalCall(t);
    } finally {
      await t.close();
    }
  });
});
