import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startLineClient } from './line-client';
import { runScenario, startHarness } from './reference-scenario';

const REPO = path.resolve(__dirname, '../..');
const BUILD = path.join(tmpdir(), 'wsdl2ts-gsoap');
const HINT = 'apt-get install -y gsoap libgsoap-dev g++';

/** The gSOAP client (soapcpp2 -1 -C from samples/ms-wms.wsdl, see test/interop/gsoap/build.sh), built once and cached. */
beforeAll(async () => {
  try {
    await promisify(execFile)('bash', [path.join(REPO, 'test/interop/gsoap/build.sh'), BUILD], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`building the gSOAP client failed (${HINT}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}, 180_000);

test('a gSOAP client (soapcpp2 -1, SOAP 1.1) calls all nine operations on the reference service; users are kept apart; 401 for bad credentials', async () => {
  const h = await startHarness();
  const gsoap = startLineClient(path.join(BUILD, 'bin', 'wms-client-soap11'), [h.url], HINT);
  try {
    await runScenario(h, gsoap.call);
  } finally {
    await gsoap.close();
    await h.close();
  }
});
