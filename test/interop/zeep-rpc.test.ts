import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { RpcBindingListener } from '../golden/rpc-literal/expected/server';
import type * as T from '../golden/rpc-literal/expected/types';

const REPO = path.resolve(__dirname, '../..');

/** zeep (strict mode, Debian's python3-zeep) calls the generated rpc/literal server: every value checked both ways. */
test('zeep calls the generated rpc/literal server: Add, Team (arrays, nils), Ping (no parts), one-way Log', async () => {
  if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 is missing: apt-get install -y python3-zeep');
  const received: unknown[] = [];
  const srv = http.createServer(
    RpcBindingListener<string>(
      {
        add: (i) => (received.push({ op: 'Add', ...i }), { sum: i.a + i.b }),
        team: (i) => {
          received.push({ op: 'Team', ...i });
          const list = i.people.person ?? [];
          const oldest: T.Person = list.reduce<T.Person>((o, p) => ((p.age ?? -1) > (o.age ?? -1) ? p : o), list[0] ?? { name: '(nobody)', age: null });
          return { count: list.length, oldest };
        },
        ping: () => void received.push({ op: 'Ping' }),
        log: (i) => void received.push({ op: 'Log', ...i }),
      },
      { authenticate: () => 'zeep' },
    ),
  );
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/rpc`;
  try {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('/usr/bin/python3', [path.join(REPO, 'test/interop/zeep/rpc_client.py'), path.join(REPO, 'test/golden/rpc-literal/input.wsdl'), url]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    if (/No module named 'zeep'/.test(out.stderr)) throw new Error('zeep is missing: apt-get install -y python3-zeep');
    const lines = out.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { operation: string; ok: boolean; result?: unknown; message?: string });
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(lines.map((l) => l.operation)).toEqual(['Add', 'Team', 'TeamNil', 'TeamEmpty', 'Ping', 'Log']);
    const by = Object.fromEntries(lines.map((l) => [l.operation, l.result]));
    // zeep returns a single-part rpc response as the value itself, several parts as an object.
    expect(by.Add).toBe(42);
    expect(by.Team).toEqual({ count: 2, oldest: { name: 'Alice', age: 41, tags: ['admin', 'ops'] } });
    expect(by.TeamNil).toEqual({ count: 1, oldest: { name: 'Bob', age: null, tags: [] } });
    expect(by.TeamEmpty).toEqual({ count: 0, oldest: { name: '(nobody)', age: null, tags: [] } });
    expect(by.Ping).toBeNull();
    expect(by.Log).toBeNull();
    expect(received).toEqual([
      { op: 'Add', a: 2, b: 40 },
      { op: 'Team', people: { person: [{ name: 'Bob', age: null }, { name: 'Alice', age: 41, tags: ['admin', 'ops'] }] }, label: 'core', Note: 'n1' },
      { op: 'Team', people: { person: [{ name: 'Bob', age: null }] }, label: 'solo', Note: 'n2' },
      { op: 'Team', people: {}, label: 'none', Note: 'n3' },
      { op: 'Ping' },
      { op: 'Log', a: 7, b: 8 },
    ]);
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}, 60_000);
