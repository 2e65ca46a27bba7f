import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { RpcBindingClient } from '../golden/rpc-literal/expected/client';
import { startPeer } from './peers';

const REPO = path.resolve(__dirname, '../..');
const BUILD = path.join(tmpdir(), 'wsdl2ts-gsoap-rpc');
const HINT = 'apt-get install -y gsoap libgsoap-dev g++';

/** A gSOAP rpc/literal server built from test/golden/rpc-literal/input.wsdl (the spyne rpc/literal peer is spyne-rpc.test.ts). */
beforeAll(() => {
  try {
    execFileSync('bash', [path.join(REPO, 'test/interop/gsoap/build-rpc.sh'), BUILD], { stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`building the gSOAP rpc server failed (${HINT}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}, 180_000);

test('the generated rpc/literal client calls a gSOAP rpc/literal server: every value checked both ways', async () => {
  const peer = await startPeer(path.join(BUILD, 'rpc-server'), ['0'], HINT, '/rpc');
  try {
    const wire: string[] = [];
    const inner = rt.httpTransport();
    const client = new RpcBindingClient({ endpoint: peer.url, transport: async (req) => (wire.push(req.body), inner(req)) });
    await expect(client.add({ a: 2, b: 40 })).resolves.toEqual({ sum: 42 });
    const people = { person: [{ name: 'Bob', age: null }, { name: 'Alice', age: 41, tags: ['admin', 'ops'] }] };
    await expect(client.team({ people, label: 'core', Note: 'n1' })).resolves.toEqual({ count: 2, oldest: { name: 'Alice', age: 41, tags: ['admin', 'ops'] } });
    await expect(client.team({ people: { person: [{ name: 'Bob', age: null }] }, label: 'solo', Note: 'n2' })).resolves.toEqual({ count: 1, oldest: { name: 'Bob', age: null } });
    await expect(client.team({ people: {}, label: 'none', Note: 'n3' })).resolves.toEqual({ count: 0, oldest: { name: '(nobody)', age: null } });
    await expect(client.ping()).resolves.toBeUndefined();
    await expect(client.log({ a: 7, b: 8 })).resolves.toBeUndefined();
    // The one-way call resolves on the 202, which gSOAP may send before its log line reaches us.
    for (let i = 0; i < 50 && !peer.log().some((l) => l.op === 'Log'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(peer.log().filter((l) => 'error' in l)).toEqual([]);
    // Team's Note part is element= in rpc style (not WS-I, R2203; W2T750). wsdl2ts writes it as zeep does, the element
    // itself in its own namespace (<ns1:Note xmlns:ns1="urn:golden:rpc:types">); gSOAP expects it in the wrapper's
    // namespace (its strict mode refuses ours, its lax mode skips it, so Note arrives empty). Known disagreement.
    expect(peer.log()).toEqual([
      { op: 'Add', a: 2, b: 40 },
      { op: 'Team', people: [{ name: 'Bob', age: null, tags: [] }, { name: 'Alice', age: 41, tags: ['admin', 'ops'] }], label: 'core', Note: '' },
      { op: 'Team', people: [{ name: 'Bob', age: null, tags: [] }], label: 'solo', Note: '' },
      { op: 'Team', people: [], label: 'none', Note: '' },
      { op: 'Ping' },
      { op: 'Log', a: 7, b: 8 },
    ]);
    expect(wire[0]).toContain('<ns2:Add xmlns:ns2="urn:golden:rpc"><a>2</a><b>40</b></ns2:Add>');
  } finally {
    await peer.stop();
  }
}, 60_000);
