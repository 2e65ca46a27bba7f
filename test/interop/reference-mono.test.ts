import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startLineClient } from './line-client';
import { runScenario, startHarness, type Harness } from './reference-scenario';

const REPO = path.resolve(__dirname, '../..');
const BUILD = path.join(tmpdir(), 'wsdl2ts-mono');
const HINT = 'apt-get install -y mono-devel libmono-system-servicemodel4.0a-cil';
/** The address the proxy is generated with; the client is given the real endpoint when it starts. */
const FIXED_ADDRESS = 'http://127.0.0.1/WorkManagementService.svc';

let h: Harness;
let exe: string;

/**
 * The WCF client: the reference service's ?wsdl, saved to a file (svcutil reads metadata from a URL, here file://),
 * with its port-specific soap:address replaced by a fixed one so that the cached build stays valid across runs;
 * svcutil generates the proxy, mcs compiles it with test/interop/mono/client.cs (see test/interop/mono/build.sh).
 */
beforeAll(async () => {
  if (!existsSync('/usr/bin/mono')) throw new Error(`/usr/bin/mono is missing: ${HINT}`);
  h = await startHarness();
  const served = await (await fetch(`${h.url}?wsdl`)).text();
  expect(served).toContain(`<soap:address location="${h.url}"/>`);
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-mono-wsdl-'));
  try {
    const wsdlFile = path.join(dir, 'ms-wms.wsdl');
    writeFileSync(wsdlFile, served.split(h.url).join(FIXED_ADDRESS));
    const { stdout } = await promisify(execFile)('bash', [path.join(REPO, 'test/interop/mono/build.sh'), wsdlFile, BUILD], { encoding: 'utf8' });
    exe = /BUILT (.+)$/m.exec(stdout)![1]!;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`building the Mono WCF client failed (${HINT}):\n${err.stdout ?? ''}${err.stderr ?? err.message ?? ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

afterAll(async () => {
  await h?.close();
});

test('a Mono WCF client (svcutil proxy, BasicHttpBinding with HTTP Basic) calls all nine operations on the reference service; users are kept apart; 401 for bad credentials', async () => {
  const wcf = startLineClient('/usr/bin/mono', [exe, h.url], HINT);
  try {
    await runScenario(h, wcf.call);
  } finally {
    await wcf.close();
  }
});
