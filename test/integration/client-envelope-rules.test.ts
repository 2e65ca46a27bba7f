/**
 * The generated MS-WMS client reading responses over 127.0.0.1 by the SOAP envelope rules (SOAP 1.2 Part 1 section 5,
 * WS-I Basic Profile 1.1): processing instructions, header blocks, one Body, nothing after it; comments and the XML
 * declaration are fine.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const RESPONSE = '<BeginExchangeSyncResponse xmlns="http://tempuri.org/"><BeginExchangeSyncResult>true</BeginExchangeSyncResult></BeginExchangeSyncResponse>';
const env = (ns: string, body: string, head = '') => `<s:Envelope xmlns:s="${ns}">${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;

let srv: http.Server;
let url: string;
/** What the server answers next: [status, content type, body]. */
let next: [number, string, string] = [200, 'text/xml', ''];

beforeAll(async () => {
  srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next[0], { 'Content-Type': `${next[1]}; charset=utf-8` });
      res.end(next[2]);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/WorkManagementService.svc`;
});
afterAll(() => new Promise<void>((resolve) => {
  srv.closeAllConnections();
  srv.close(() => resolve());
}));

async function call(version: '1.1' | '1.2', body: string, status = 200, options: Partial<rt.ClientOptions> = {}): Promise<unknown> {
  next = [status, version === '1.1' ? 'text/xml' : 'application/soap+xml', body];
  return new WmsClient({ endpoint: url, soapVersion: version, ...options }).beginExchangeSync().then(
    (v) => v,
    (e: unknown) => e,
  );
}

function expectRefused(e: unknown, message: RegExp): void {
  expect(e).toBeInstanceOf(rt.ResponseValidationError);
  expect((e as Error).message).toMatch(/the response breaks the SOAP envelope rules/);
  expect((e as Error).message).toMatch(message);
  expect((e as rt.ResponseValidationError).cause).toBeInstanceOf(rt.EnvelopeRuleError);
}

describe('the client refuses responses that break the envelope rules', () => {
  test.each([
    ['1.2', 'in the body', env(S12, `<?pi?>${RESPONSE}`), /SOAP 1\.2 Part 1 section 5/],
    ['1.2', 'before the Envelope', `<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?>${env(S12, RESPONSE)}`, /processing instructions/],
    ['1.2', 'after the Envelope', `${env(S12, RESPONSE)}<?pi?>`, /processing instructions/],
    ['1.2', 'inside a skipped header', env(S12, RESPONSE, '<x:H xmlns:x="urn:x"><?pi?></x:H>'), /processing instructions/],
    ['1.1', 'in the body (WS-I BP R1009)', env(S11, `<?pi?>${RESPONSE}`), /WS-I Basic Profile R1009/],
    ['1.1', 'inside the response element', env(S11, RESPONSE.replace('<BeginExchangeSyncResult>', '<BeginExchangeSyncResult><?pi?>')), /processing instructions/],
  ] as const)('SOAP %s: a processing instruction %s', async (version, _where, body, message) => {
    expectRefused(await call(version, body), message);
  });

  test('SOAP 1.2: a processing instruction in a fault (HTTP 500) is refused too', async () => {
    const fault = '<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en">x</s:Text></s:Reason></s:Fault>';
    expectRefused(await call('1.2', env(S12, `<?pi?>${fault}`), 500), /processing instructions/);
  });

  test('a header block without a namespace', async () => {
    expectRefused(await call('1.1', env(S11, RESPONSE, '<Plain/>')), /header block \{\}Plain is not namespace-qualified/);
  });

  test('an Envelope without a Body', async () => {
    expectRefused(await call('1.1', `<s:Envelope xmlns:s="${S11}"><s:Header/></s:Envelope>`), /the Envelope has no Body/);
  });

  test.each([
    ['two Headers', `<s:Envelope xmlns:s="${S11}"><s:Header/><s:Header/><s:Body>${RESPONSE}</s:Body></s:Envelope>`, /unexpected element \{http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/\}Header/],
    ['two Bodies', `<s:Envelope xmlns:s="${S11}"><s:Body>${RESPONSE}</s:Body><s:Body/></s:Envelope>`, /unexpected element .*Body/],
    ['an element after the Body', `<s:Envelope xmlns:s="${S11}"><s:Body>${RESPONSE}</s:Body><x:T xmlns:x="urn:x"/></s:Envelope>`, /unexpected element \{urn:x\}T/],
  ])('%s', async (_name, body, message) => {
    const e = await call('1.1', body);
    expect(e).toBeInstanceOf(rt.ResponseValidationError);
    expect((e as Error).message).toMatch(message);
  });

  test.each([
    ['an unqualified attribute on the Envelope', `<s:Envelope xmlns:s="${S11}" x="1"><s:Body>${RESPONSE}</s:Body></s:Envelope>`, /attribute x on the SOAP Envelope is not namespace-qualified/],
    ['soap:mustUnderstand on the Body (WS-I BP R1032)', `<s:Envelope xmlns:s="${S11}"><s:Body s:mustUnderstand="1">${RESPONSE}</s:Body></s:Envelope>`, /mustUnderstand is not allowed on the SOAP Body/],
    ['soap:encodingStyle on the response element (WS-I BP R1006)', env(S11, RESPONSE.replace('<BeginExchangeSyncResponse ', `<BeginExchangeSyncResponse xmlns:s="${S11}" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" `)), /R1006/],
  ])('%s', async (_name, body, message) => {
    expectRefused(await call('1.1', body), message);
  });

  test('namespace-qualified attributes of other namespaces on the Envelope, Header and Body are fine', async () => {
    const body = `<s:Envelope xmlns:s="${S11}" xmlns:x="urn:x" x:a="1"><s:Header x:b="2"/><s:Body x:c="3">${RESPONSE}</s:Body></s:Envelope>`;
    expect(await call('1.1', body)).toEqual({ BeginExchangeSyncResult: true });
  });

  test('a DOCTYPE', async () => {
    const e = await call('1.2', `<!DOCTYPE s:Envelope>${env(S12, RESPONSE)}`);
    expect(e).toBeInstanceOf(rt.ResponseValidationError);
    expect((e as Error).message).toMatch(/DOCTYPE declarations are refused/);
  });
});

describe('what the client accepts', () => {
  test.each(['1.1', '1.2'] as const)('SOAP %s: the XML declaration and comments anywhere', async (version) => {
    const ns = version === '1.1' ? S11 : S12;
    const body = `<?xml version="1.0" encoding="utf-8"?><!-- a -->${env(ns, `<!-- b -->${RESPONSE.replace('true<', 'true<!-- c --><')}`, '<!-- d --><x:H xmlns:x="urn:x"/>')}<!-- e -->\n`;
    expect(await call(version, body)).toEqual({ BeginExchangeSyncResult: true });
  });

  test('allowSoap11ProcessingInstructions accepts them in SOAP 1.1 responses, not in SOAP 1.2 ones', async () => {
    expect(await call('1.1', `<?xml-stylesheet href="a.xsl"?>${env(S11, `<?pi?>${RESPONSE}`)}<?after?>`, 200, { allowSoap11ProcessingInstructions: true })).toEqual({ BeginExchangeSyncResult: true });
    expectRefused(await call('1.2', env(S12, `<?pi?>${RESPONSE}`), 200, { allowSoap11ProcessingInstructions: true }), /processing instructions/);
  });
});
