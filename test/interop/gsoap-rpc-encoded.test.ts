import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { EncServiceClient } from '../golden/rpc-encoded/expected/client';
import { EncServiceClient as EncService12Client } from '../golden/rpc-encoded-12/expected/client';
import { startPeer } from './peers';

const REPO = path.resolve(__dirname, '../..');
const BUILD = path.join(tmpdir(), 'wsdl2ts-gsoap-rpc-encoded');
const HINT = 'apt-get install -y gsoap libgsoap-dev g++';

/** A gSOAP rpc/encoded server (soapcpp2 -1 -e) built from test/interop/gsoap/rpc-encoded.h, whose WSDL is the golden input. */
beforeAll(() => {
  try {
    execFileSync('bash', [path.join(REPO, 'test/interop/gsoap/build-rpc-encoded.sh'), BUILD], { stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`building the gSOAP rpc/encoded server failed (${HINT}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}, 180_000);

// SOAP 1.1 as is (gSOAP writes xsi:type only on multi-reference values) and with soapcpp2 -t (xsi:type on every value,
// which the client then checks against the schema); SOAP 1.2 (soapcpp2 -2: SOAP 1.2 encoding, enc:id/enc:ref, the
// golden rpc-encoded-12 client).
test.each([
  ['SOAP 1.1', 'rpc-encoded-server'],
  ['SOAP 1.1, xsi:type everywhere', 'rpc-encoded-server-typed'],
  ['SOAP 1.2', 'rpc-encoded-server-12'],
])('the generated rpc/encoded client calls a gSOAP rpc/encoded server (%s): every value checked both ways', async (_, server) => {
  const peer = await startPeer(path.join(BUILD, server), ['0'], HINT, '/enc');
  const v12 = server.endsWith('-12');
  try {
    const wire: { request: string; response: string }[] = [];
    const inner = rt.httpTransport();
    const Client = v12 ? EncService12Client : EncServiceClient;
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
    // strings (with markup), doubles, a nil (null pointer) part both ways
    await expect(client.echo({ s: 'a<&>"b', d: 1.5e-3, opt: 'here' })).resolves.toEqual({ s: 'a<&>"b!', d: 3e-3, opt: 'here' });
    await expect(client.echo({ s: '', d: -2, opt: null })).resolves.toEqual({ s: '!', d: -4, opt: null });
    // an array of structs (with a nil item and an absent optional member) in, a struct out
    await expect(client.centroid({ points: [{ x: 1, y: 10, label: 'a' }, null, { x: 4, y: 20 }] })).resolves.toEqual({ c: { x: 2, y: 15, label: 'of 2' }, n: 2 });
    await expect(client.centroid({ points: [] })).resolves.toEqual({ c: { x: 0, y: 0, label: 'of 0' }, n: 0 });
    // an array of strings out
    await expect(client.split({ text: 'one two  three' })).resolves.toEqual({ parts: ['one', 'two', '', 'three'] });
    // a shared pointer: gSOAP writes one multi-reference value (href/id) for both members; it decodes to one object
    const twin = await client.twin({ p: { x: 3, y: 4, label: 'p' } });
    expect(twin).toEqual({ pair: { first: { x: 3, y: 4, label: 'p' }, second: { x: 3, y: 4, label: 'p' } } });
    expect(twin.pair!.first).toBe(twin.pair!.second);
    const twinWire = wire[wire.length - 1]!.response;
    if (v12) {
      // SOAP 1.2: the first occurrence inline with enc:id, the second an enc:ref to it.
      expect(twinWire).toMatch(/<first SOAP-ENC:id="_\d+"/);
      expect(twinWire).toMatch(/<second SOAP-ENC:ref="_\d+"\/>/);
    } else {
      expect(twinWire).toMatch(/<first href="#_\d+"\/>/);
      expect(twinWire).toMatch(/<second href="#_\d+"\/>/);
    }

    // Log lines travel on the peer's stderr, which may lag behind its HTTP answers.
    for (let i = 0; i < 50 && peer.log().length < 7; i++) await new Promise((r) => setTimeout(r, 20));
    expect(peer.log().filter((l) => 'error' in l)).toEqual([]);
    expect(peer.log()).toEqual([
      { op: 'add', a: 2, b: 40 },
      { op: 'echo', s: 'a<&>"b', d: 0.0015, opt: 'here' },
      { op: 'echo', s: '', d: -2, opt: null },
      { op: 'centroid', points: [{ x: 1, y: 10, label: 'a' }, null, { x: 4, y: 20, label: null }] },
      { op: 'centroid', points: [] },
      { op: 'split', text: 'one two  three' },
      { op: 'twin', p: { x: 3, y: 4, label: 'p' } },
    ]);
    expect(wire[0]!.request).toContain('<a xsi:type="xsd:int">2</a><b xsi:type="xsd:int">40</b>');
  } finally {
    await peer.stop();
  }
}, 60_000);
