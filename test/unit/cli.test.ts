import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/ms-wms.wsdl');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('wsdl2ts inspect', () => {
  test('text mode lists the binding, its SOAP version and each operation', async () => {
    const { code, out, err } = await run(['inspect', SAMPLE]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('binding {http://tempuri.org/}DefaultBinding_IWorkManagementServiceApplication (SOAP 1.1, document)');
    expect(out).toContain('SOAPAction: "http://tempuri.org/IWorkManagementServiceApplication/GetExchangeSyncInfo"');
    expect(out).toContain('output: action http://tempuri.org/IWorkManagementServiceApplication/BeginRelocateTaskPropagationResponse');
    expect(out).toMatch(/parameters: element \{http:\/\/tempuri.org\/\}BeginCacheRefresh : \(anonymous BeginCacheRefresh\)/);
    expect(out).toContain('enumeration (13)');
  });

  test('--json prints the model itself', async () => {
    const { code, out } = await run(['inspect', SAMPLE, '--json']);
    expect(code).toBe(0);
    const model = JSON.parse(out);
    expect(model.formatVersion).toBe(1);
    expect(model.wsdl.bindings[0].operations).toHaveLength(9);
  });

  test('errors go to stderr as file:line:col CODE and exit 1', async () => {
    const { code, err } = await run(['inspect', path.join(REPO, 'test/fixtures/broken/unresolved.wsdl')]);
    expect(code).toBe(1);
    expect(err).toMatch(/^unresolved\.wsdl:\d+:\d+ W2T300 error: /m);
  });

  test('warnings alone exit 0', async () => {
    const { code, err } = await run(['inspect', path.join(REPO, 'test/fixtures/broken/warning-only.wsdl')]);
    expect(err).toMatch(/W2T203 warning/);
    expect(code).toBe(0);
  });

  test('a missing input file is an error, not a crash', async () => {
    const { code, err } = await run(['inspect', path.join(REPO, 'test/fixtures/does-not-exist.wsdl')]);
    expect(code).toBe(1);
    expect(err).toContain('W2T200');
  });

  test.each([[['inspect']], [['inspect', SAMPLE, '--bogus']], [['frobnicate']], [[]]])('usage error %j exits 2', async (args) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain('W2T900');
  });

  test('the installed bin runs from the build output', () => {
    if (!existsSync(path.join(REPO, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run npm run build (npm ci does it through prepare)');
    const out = execFileSync(process.execPath, [path.join(REPO, 'bin/wsdl2ts.js'), 'inspect', SAMPLE, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).wsdl.bindings[0].operations).toHaveLength(9);
    const usage = spawnSync(process.execPath, [path.join(REPO, 'bin/wsdl2ts.js'), 'inspect'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  }, 60_000); // two node processes: seconds each on a loaded 2-core machine
});
