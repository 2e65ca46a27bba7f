import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { callAllNine } from './ms-wms-peers';
import { startPeer } from './peers';

const REPO = path.resolve(__dirname, '../..');
const BUILD = path.join(tmpdir(), 'wsdl2ts-gsoap');
const HINT = 'apt-get install -y gsoap libgsoap-dev g++';

/** gSOAP servers built from samples/ms-wms.wsdl by wsdl2h + soapcpp2 (-1 and -2), with our small C++ service. */
beforeAll(() => {
  try {
    execFileSync('bash', [path.join(REPO, 'test/interop/gsoap/build.sh'), BUILD], { stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`building the gSOAP server failed (${HINT}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}, 180_000);

test.each([
  ['1.1', 'wms-server-soap11'],
  ['1.2', 'wms-server-soap12'],
] as const)('the generated client calls all nine operations on a gSOAP server over SOAP %s', async (version, binary) => {
  const peer = await startPeer(path.join(BUILD, 'bin', binary), ['0'], HINT);
  try {
    await callAllNine(peer, { soapVersion: version }, { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'NoValue' });
    expect(peer.log().every((l) => l.soap === undefined || l.soap === version)).toBe(true);
  } finally {
    await peer.stop();
  }
}, 60_000);
