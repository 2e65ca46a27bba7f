/**
 * MTOM/XOP against a real peer over 127.0.0.1: gSOAP (SOAP_ENC_MTOM), built from test/golden/mtom/input.wsdl by
 * test/interop/gsoap/build-mtom.sh.
 *
 * - the generated client calls gSOAP's MTOM server: Download answers with Data as an XOP part (up to 1 MB) and a
 *   Thumbnail inline (and the Upload that wsdl2ts sends inline is answered);
 * - the generated client writing MTOM (ClientOptions.mtom) to gSOAP's server, which reads the exact bytes;
 * - gSOAP's MTOM client calls the generated server, SOAP 1.1 and 1.2: Data and an Extra value (simple content with an
 *   attribute) as XOP parts; the handler gets the exact bytes, gSOAP the answer computed from them (an MTOM package:
 *   ServerOptions.mtom).
 */
import { execFile, execFileSync } from 'node:child_process';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { Files11Client } from '../golden/mtom/expected/client';
import { Files11Listener, Files12Listener, type Files11Handler } from '../golden/mtom/expected/server';
import type * as T from '../golden/mtom/expected/types';
import { startPeer } from './peers';

const REPO = path.resolve(__dirname, '../..');
const BUILD = path.join(tmpdir(), 'wsdl2ts-gsoap-mtom');
const HINT = 'apt-get install -y gsoap libgsoap-dev g++';

/** The bytes both sides generate: byte i is (31 i + 7) mod 256. */
const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);

/** FNV-1a, 32 bits: the checksum gSOAP's server returns (big-endian), and ours for gSOAP's client. */
function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  return h;
}
const be32 = (h: number) => Uint8Array.of(h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255);

beforeAll(() => {
  try {
    execFileSync('bash', [path.join(REPO, 'test/interop/gsoap/build-mtom.sh'), BUILD], { stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`building the gSOAP MTOM peers failed (${HINT}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}, 180_000);

test('the generated client reads gSOAP\'s MTOM responses: XOP parts up to 1 MB beside inline values', async () => {
  const peer = await startPeer(path.join(BUILD, 'mtom-server'), ['0'], HINT, '/files');
  try {
    const types: string[] = [];
    const inner = rt.undiciTransport();
    const client = new Files11Client({ endpoint: peer.url, transport: async (req) => inner(req).then((res) => (types.push(res.headers['content-type'] ?? ''), res)) });
    for (const n of [1, 70_000, 1_000_000]) {
      const r = await client.download({ Name: `size:${n}` });
      expect(r.Name).toBe(`size:${n}`);
      expect(r.Data.length).toBe(n);
      expect(Buffer.from(r.Data).equals(Buffer.from(pattern(n)))).toBe(true);
      expect(Buffer.from(r.Thumbnail!).toString()).toBe('tiny');
    }
    // gSOAP answered MTOM: the content is really an XOP package.
    expect(types[0]).toMatch(/^multipart\/related;.*type="application\/xop\+xml"/);
    const data = pattern(4096);
    const up = await client.upload({ Name: 'from-wsdl2ts', Data: data, Extra: [{ $value: Uint8Array.of(1, 2, 3), contentType: 'x/y' }] });
    expect(up).toEqual({ Size: 4096, Checksum: be32(fnv1a(data)) });
    // Nothing to attach: gSOAP answers plainly (labelled application/soap+xml though the envelope is SOAP 1.1).
    expect(types[3]).not.toMatch(/^multipart/);
    // wsdl2ts writing MTOM (ClientOptions.mtom): Data (300 000 bytes) and the 2000-byte Extra as XOP parts.
    const sent: string[] = [];
    const mtomClient = new Files11Client({ endpoint: peer.url, mtom: true, transport: async (req) => (sent.push(req.headers['Content-Type']!), inner(req)) });
    const big = pattern(300_000);
    const extra = pattern(2000);
    await expect(mtomClient.upload({ Name: 'mtom-from-wsdl2ts', Data: big, Extra: [{ $value: extra, contentType: 'application/x-test' }] })).resolves.toEqual({ Size: 300_000, Checksum: be32(fnv1a(big)) });
    expect(sent[0]).toMatch(/^multipart\/related; type="application\/xop\+xml"/);
    // The answer can arrive before gSOAP's log line for it (stderr is another pipe): wait for it, briefly.
    for (let i = 0; i < 100 && peer.log().length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    expect(peer.log()).toEqual([
      { op: 'Download', name: 'size:1' },
      { op: 'Download', name: 'size:70000' },
      { op: 'Download', name: 'size:1000000' },
      { op: 'Upload', name: 'from-wsdl2ts', size: 4096, fnv: fnv1a(data), extra: [{ size: 3, fnv: fnv1a(Uint8Array.of(1, 2, 3)), contentType: 'x/y' }] },
      { op: 'Upload', name: 'mtom-from-wsdl2ts', size: 300_000, fnv: fnv1a(big), extra: [{ size: 2000, fnv: fnv1a(extra), contentType: 'application/x-test' }] },
    ]);
  } finally {
    await peer.stop();
  }
}, 60_000);

test('gSOAP\'s MTOM client calls the generated server (SOAP 1.1 and 1.2): the handler gets the exact bytes', async () => {
  const received: { version: string; input: T.Upload }[] = [];
  const handler = (version: string): Files11Handler<string> => ({
    upload: (input) => {
      received.push({ version, input });
      return { Size: input.Data.length, Checksum: be32(fnv1a(input.Data)) };
    },
    download: () => ({ Name: 'unused', Data: new Uint8Array(0) }),
  });
  const limits = { maxBodyBytes: 4 * 1024 * 1024 };
  // mtom: MTOM requests are answered with MTOM packages, which gSOAP reads too.
  const l11 = Files11Listener(handler('1.1'), { authenticate: () => 'gsoap', limits, mtom: true });
  const l12 = Files12Listener(handler('1.2'), { authenticate: () => 'gsoap', limits, mtom: true });
  const srv = rt.createSoapServer((req, res) => ((req.url ?? '').endsWith('12') ? l12 : l11)(req, res)) as unknown as http.Server;
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/files`;
  const run = (args: string[]) =>
    new Promise<Record<string, unknown>>((resolve, reject) =>
      execFile(path.join(BUILD, 'mtom-client'), args, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        if (!line.startsWith('{')) return reject(new Error(`mtom-client failed (${HINT}): ${err?.message ?? ''} ${stderr}`));
        resolve(JSON.parse(line) as Record<string, unknown>);
      }),
    );
  try {
    for (const [version, url] of [
      ['1.1', base],
      ['1.2', `${base}12`],
    ] as const) {
      received.length = 0;
      const n = version === '1.1' ? 300_000 : 5000;
      const out = await run([url, version === '1.1' ? '11' : '12', String(n)]);
      expect(out).toEqual({ size: n, checksum: Buffer.from(be32(fnv1a(pattern(n)))).toString('hex').toUpperCase() });
      expect(received).toHaveLength(1);
      const { input } = received[0]!;
      expect(received[0]!.version).toBe(version);
      expect(input.Name).toBe('gsoap.bin');
      expect(Buffer.from(input.Data).equals(Buffer.from(pattern(n)))).toBe(true);
      expect(input.Extra!.map((e) => [Array.from(e.$value), e.contentType])).toEqual([[[0x89, 0x50, 0x4e, 0x47, 0x0d], 'image/png']]);
    }
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}, 60_000);
