import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadGeneratedSources } from '../helpers/load-generated-modules';
import { startPeer } from './peers';

const REPO = path.resolve(__dirname, '../..');
const WSDL = path.join(REPO, 'test/interop/spyne/rpc.wsdl');
const HINT = 'apt-get install -y python3-spyne python3-lxml';

interface Person {
  name: string;
  age: number | null;
  tags?: string[];
}
/** The methods of the client generated from rpc.wsdl (loaded at run time, so typed here by hand). */
interface RpcClient {
  add(i: { a: number; b: number }): Promise<unknown>;
  echo(i: { s: string; d: number }): Promise<unknown>;
  team(i: { people: { person?: (Person | null)[] }; label: string }): Promise<unknown>;
  split(i: { text: string }): Promise<unknown>;
  ping(): Promise<unknown>;
  lookup(i: { key: string }): Promise<unknown>;
}

const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/**
 * The client generated (in memory, at test time) from test/interop/spyne/rpc.wsdl calls a spyne @rpc service that
 * speaks rpc/literal (test/interop/spyne/rpc_server.py: parameters and returns customized with sub_ns=''). spyne logs
 * what it decoded, so every value is checked both ways; the raw bytes are checked for the rpc/literal shape (wrapper
 * in urn:spyne:rpc, unqualified part accessors, struct members in urn:spyne:rpc:types).
 */
test('the generated rpc/literal client calls a spyne @rpc service: ints, markup strings, doubles, structs, arrays with nil items, empty arrays, no parts', async () => {
  const generated = await generateWithDiagnostics({ input: WSDL, artifacts: ['types', 'serializers', 'client'] });
  expect(generated.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const Client = loadGeneratedSources(generated.files)('client').RpcBindingClient as new (o: rt.ClientOptions) => RpcClient;

  const peer = await startPeer('/usr/bin/python3', [path.join(REPO, 'test/interop/spyne/rpc_server.py'), '0'], HINT, '/rpc');
  try {
    const wire: { request: string; response: string }[] = [];
    const inner = rt.httpTransport();
    const client = new Client({
      endpoint: peer.url,
      transport: async (req) => {
        const res = await inner(req);
        wire.push({ request: req.body, response: res.body });
        return res;
      },
    });

    // ints
    await expect(client.add({ a: 2, b: 40 })).resolves.toEqual({ sum: 42 });
    await expect(client.add({ a: -2147483648, b: 2147483647 })).resolves.toEqual({ sum: -1 });
    // strings with markup (and characters outside the BMP), doubles
    await expect(client.echo({ s: 'a<&>"b\']]>', d: 1.5e-3 })).resolves.toEqual({ s: 'a<&>"b\']]>!', d: 3e-3 });
    await expect(client.echo({ s: 'é 中 😀', d: -1e300 })).resolves.toEqual({ s: 'é 中 😀!', d: -2e300 });
    await expect(client.echo({ s: '', d: 0.1 })).resolves.toEqual({ s: '!', d: 0.2 });
    // xs:double INF is valid, but spyne's soft validation refuses it (Python's Decimal check); the client decodes
    // spyne's fault. (Without validation spyne would write it back as Python's "inf", which is not an xs:double.)
    const inf = await rejection(client.echo({ s: 'x', d: Infinity }));
    expect(inf).toBeInstanceOf(rt.SoapFaultError);
    expect(inf).toMatchObject({ code: { ns: 'http://schemas.xmlsoap.org/soap/envelope/', local: 'Client.ValidationError' }, reason: 'The value inf could not be validated.' });
    // an array of structs with a nil item and a nil member in; a struct and a string out
    const alice: Person = { name: 'Alice', age: 41, tags: ['admin', 'ops'] };
    await expect(client.team({ people: { person: [{ name: 'Bob', age: null }, null, alice] }, label: 'core' })).resolves.toEqual({ count: 3, oldest: alice, label: 'CORE' });
    // an empty array in; a struct with a nil member out
    await expect(client.team({ people: {}, label: 'none' })).resolves.toEqual({ count: 0, oldest: { name: '(nobody)', age: null }, label: 'NONE' });
    // a string array out, with an empty item; an empty array out
    await expect(client.split({ text: 'one two  three' })).resolves.toEqual({ parts: { item: ['one', 'two', '', 'three'] } });
    await expect(client.split({ text: '' })).resolves.toEqual({ parts: {} });
    // no parts either way
    await expect(client.ping()).resolves.toBeUndefined();
    await expect(client.lookup({ key: 'k<1>' })).resolves.toEqual({ value: 'v:k<1>' });
    // A nil part: spyne writes None as <value xsi:nil="true"/>. rpc/literal part accessors cannot be nil (WS-I BP 1.1
    // R2211; the part is not nillable), so the client refuses the response instead of returning null for a string.
    const nil = await rejection(client.lookup({ key: 'none' }));
    expect(nil).toBeInstanceOf(rt.ResponseValidationError);
    expect(nil).toMatchObject({ path: '/Envelope/Body/LookupResponse/value', message: expect.stringContaining('xsi:nil on an element that is not nillable') });

    // spyne logs before it answers, but its stderr may reach us after the HTTP response.
    for (let i = 0; i < 50 && peer.log().length < 12; i++) await new Promise((r) => setTimeout(r, 20));
    expect(peer.log()).toEqual([
      { op: 'Add', action: '"urn:spyne:rpc#Add"', a: 2, b: 40 },
      { op: 'Add', action: '"urn:spyne:rpc#Add"', a: -2147483648, b: 2147483647 },
      { op: 'Echo', action: '"urn:spyne:rpc#Echo"', s: 'a<&>"b\']]>', d: 1.5e-3 },
      { op: 'Echo', action: '"urn:spyne:rpc#Echo"', s: 'é 中 😀', d: -1e300 },
      { op: 'Echo', action: '"urn:spyne:rpc#Echo"', s: '', d: 0.1 },
      { op: 'Team', action: '"urn:spyne:rpc#Team"', people: [{ name: 'Bob', age: null, tags: [] }, null, { name: 'Alice', age: 41, tags: ['admin', 'ops'] }], label: 'core' },
      { op: 'Team', action: '"urn:spyne:rpc#Team"', people: [], label: 'none' },
      { op: 'Split', action: '"urn:spyne:rpc#Split"', text: 'one two  three' },
      { op: 'Split', action: '"urn:spyne:rpc#Split"', text: '' },
      { op: 'Ping', action: '"urn:spyne:rpc#Ping"' },
      { op: 'Lookup', action: '"urn:spyne:rpc#Lookup"', key: 'k<1>' },
      { op: 'Lookup', action: '"urn:spyne:rpc#Lookup"', key: 'none' },
    ]);

    // The rpc/literal shape on the wire, both ways.
    expect(wire[0]!.request).toMatch(/<(\w+):Add xmlns:\1="urn:spyne:rpc"><a>2<\/a><b>40<\/b><\/\1:Add>/);
    expect(wire[0]!.response).toContain('<tns:AddResponse><sum>42</sum></tns:AddResponse>');
    const team = /<people><(\w+):person><\1:name>Bob<\/\1:name><\1:age xsi:nil="true"\/><\/\1:person><\1:person xsi:nil="true"\/>/.exec(wire[6]!.request);
    expect(team).not.toBeNull();
    expect(wire[6]!.request).toContain(`xmlns:${team![1]}="urn:spyne:rpc:types"`);
    expect(wire[6]!.request).toContain('<label>core</label>');
    expect(wire[6]!.response).toMatch(/<count>3<\/count><oldest><(\w+):name xmlns:\1="urn:spyne:rpc:types">Alice</);
    expect(wire[12]!.response).toContain('<tns:LookupResponse><value xsi:nil="true"/></tns:LookupResponse>');
  } finally {
    await peer.stop();
  }
}, 60_000);
