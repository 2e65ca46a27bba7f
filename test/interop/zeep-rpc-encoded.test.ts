import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { EncServiceListener } from '../golden/rpc-encoded/expected/server';

const REPO = path.resolve(__dirname, '../..');

/** zeep (Debian's python3-zeep) calls the generated rpc/encoded server: every value checked both ways. */
test('zeep calls the generated rpc/encoded server: ints, strings, doubles, a nil, arrays of structs and strings, a nested struct', async () => {
  if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 is missing: apt-get install -y python3-zeep');
  const received: unknown[] = [];
  const wire: string[] = [];
  const listener = EncServiceListener<string>(
    {
      add: (i) => (received.push({ op: 'add', ...i }), { sum: (i.a ?? 0) + (i.b ?? 0) }),
      echo: (i) => (received.push({ op: 'echo', ...i }), { s: `${i.s ?? ''}!`, d: (i.d ?? 0) * 2, opt: i.opt }),
      centroid: (i) => {
        received.push({ op: 'centroid', ...i });
        const list = (i.points ?? []).filter((p) => p !== null);
        const n = list.length;
        return { c: { x: n ? Math.trunc(list.reduce((s, p) => s + p!.x, 0) / n) : 0, y: n ? Math.trunc(list.reduce((s, p) => s + p!.y, 0) / n) : 0, label: `of ${n}` }, n };
      },
      split: (i) => (received.push({ op: 'split', ...i }), { parts: (i.text ?? '').split(' ') }),
      twin: (i) => (received.push({ op: 'twin', ...i }), { pair: i.p === null ? null : { first: i.p, second: { ...i.p, label: 'copy' } } }),
    },
    { authenticate: () => 'zeep' },
  );
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => wire.push(Buffer.concat(chunks).toString('utf8')));
    listener(req, res);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/enc`;
  try {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('/usr/bin/python3', [path.join(REPO, 'test/interop/zeep/rpc_encoded_client.py'), path.join(REPO, 'test/golden/rpc-encoded/input.wsdl'), url]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    if (/No module named 'zeep'/.test(out.stderr)) throw new Error('zeep is missing: apt-get install -y python3-zeep');
    expect({ code: out.code, stderr: out.stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: '' });
    const lines = out.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { operation: string; ok: boolean; result?: unknown; message?: string });
    expect(lines.map((l) => l.operation)).toEqual(['add', 'echo', 'echoNil', 'centroid', 'split', 'twin']);
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    const by = Object.fromEntries(lines.map((l) => [l.operation, l.result]));
    // zeep returns a single-part rpc response as the value itself, several parts as an object.
    expect(by).toEqual({
      add: 42,
      echo: { s: 'a<b!', d: 2.5, opt: 'x' },
      echoNil: { s: '!', d: -4, opt: null },
      centroid: { c: { x: 2, y: 15, label: 'of 2' }, n: 2 },
      split: ['one', 'two'],
      twin: { first: { x: 3, y: 4, label: 'p' }, second: { x: 3, y: 4, label: 'copy' } },
    });
    // The omitted opt part is a null (SOAP 1.1 section 5.1 lets a null value be sent by omitting its accessor).
    expect(received).toEqual([
      { op: 'add', a: 2, b: 40 },
      { op: 'echo', s: 'a<b', d: 1.25, opt: 'x' },
      { op: 'echo', s: '', d: -2, opt: null },
      { op: 'centroid', points: [{ x: 1, y: 10, label: 'a' }, { x: 4, y: 20 }] },
      { op: 'split', text: 'one two' },
      { op: 'twin', p: { x: 3, y: 4, label: 'p' } },
    ]);
    // zeep (4.2) writes rpc/encoded bodies without xsi:type and without soap:encodingStyle; the server reads them by
    // the schema, as gSOAP does.
    expect(wire[0]).toContain('<ns0:add xmlns:ns0="urn:wsdl2ts:enc"><a>2</a><b>40</b></ns0:add>');
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}, 60_000);
