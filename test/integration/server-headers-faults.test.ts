import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { DirectorySoap12Client } from '../golden/soap-headers/expected/client';
import { DirectorySoap12Faults, DirectorySoap12Listener, type DirectorySoap12Handler } from '../golden/soap-headers/expected/server';

/** A WSDL with soap:header parts and a declared wsdl:fault (test/golden/soap-headers): typed headers in, typed faults out. */
const seen: unknown[] = [];
const handler: DirectorySoap12Handler<string> = {
  lookup: (input, ctx) => {
    seen.push(ctx.soapHeaders);
    if (input.Key === 'missing') throw DirectorySoap12Faults.lookup.NotFound(`no entry ${input.Key}`, { Key: input.Key });
    return { Value: `${input.Key} for ${ctx.soapHeaders.auth.Token}${ctx.soapHeaders.trace ? ` (trace ${ctx.soapHeaders.trace.Id})` : ''}` };
  },
};

let server: http.Server;
let endpoint: string;
beforeAll(async () => {
  server = rt.createSoapServer(DirectorySoap12Listener(handler, { authenticate: () => 'anyone' })) as unknown as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory`;
});
afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));
beforeEach(() => (seen.length = 0));

test('the handler gets the request’s soap:header parts decoded to their types', async () => {
  const c = new DirectorySoap12Client({ endpoint });
  expect(await c.lookup({ Key: 'k1' }, { soapHeaders: { auth: { Token: 't0k' }, trace: { Id: 'tr-9' } } })).toStrictEqual({ Value: 'k1 for t0k (trace tr-9)' });
  expect(await c.lookup({ Key: 'k2' }, { soapHeaders: { auth: { Token: 't0k' } } })).toStrictEqual({ Value: 'k2 for t0k' });
  expect(seen).toStrictEqual([{ auth: { Token: 't0k' }, trace: { Id: 'tr-9' } }, { auth: { Token: 't0k' } }]);
});

test('a required header that is missing, or one that does not match its schema, is a Sender fault; the handler never runs', async () => {
  const post = (header: string) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/soap+xml; charset=utf-8; action="urn:golden:headers/Lookup"' },
      body: `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:h="urn:golden:headers"><s:Header>${header}</s:Header><s:Body><h:Lookup><h:Key>a</h:Key></h:Lookup></s:Body></s:Envelope>`,
    });
  const missing = await post('');
  expect(missing.status).toBe(400);
  expect(await missing.text()).toContain('the header {urn:golden:headers}Auth is required by Lookup');
  const invalid = await post('<h:Auth><h:Secret>x</h:Secret></h:Auth>');
  expect(invalid.status).toBe(400);
  expect(await invalid.text()).toMatch(/invalid request: .*Secret/);
  const repeated = await post('<h:Auth><h:Token>x</h:Token></h:Auth><h:Auth><h:Token>y</h:Token></h:Auth>');
  expect(await repeated.text()).toContain('the header {urn:golden:headers}Auth is repeated');
  // Declared headers are understood: mustUnderstand on them is fine.
  const mu = await post('<h:Auth s:mustUnderstand="true"><h:Token>x</h:Token></h:Auth>');
  expect(mu.status).toBe(200);
  expect(seen).toStrictEqual([{ auth: { Token: 'x' } }]);
});

test('a declared wsdl:fault thrown by the handler reaches the generated client with its typed detail', async () => {
  const c = new DirectorySoap12Client({ endpoint });
  const e = await c.lookup({ Key: 'missing' }, { soapHeaders: { auth: { Token: 't' } } }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(rt.SoapFaultError);
  const f = e as rt.SoapFaultError;
  expect(f.reason).toBe('no entry missing');
  expect(f.code.local).toBe('Sender');
  expect(f.options.faultName).toBe('NotFound');
  expect(f.options.detail).toStrictEqual({ Key: 'missing' });
});
