import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', NODE_OPTIONS: '' } });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`);
  }
}

/**
 * The build-step use: pack the project as npm would publish it, install the tarball into a fresh project that has
 * nothing but TypeScript, generate MS-WMS there with the installed bin, and compile the output strictly.
 */
test('a packed wsdl2ts generates MS-WMS code that compiles with tsc --strict in a fresh project', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-consumer-'));
  run(NPM, ['pack', '--pack-destination', tmp], REPO);
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  const project = path.join(tmp, 'consumer');
  mkdirSync(project);
  run(NPM, ['init', '-y'], project);
  run(NPM, ['install', '--no-audit', '--no-fund', path.join(tmp, tarball!), 'typescript@~5.9.3'], project);
  // The package ships no src/: the bundled schema catalog is read from dist/.
  expect(existsSync(path.join(project, 'node_modules/wsdl2ts/src'))).toBe(false);
  expect(existsSync(path.join(project, 'node_modules/wsdl2ts/dist/catalog/bundled/catalog.json'))).toBe(true);
  run(NPM, ['exec', '--', 'wsdl2ts', 'generate', path.join(REPO, 'samples/ms-wms.wsdl'), '--out', 'gen'], project);
  expect(readdirSync(path.join(project, 'gen')).sort()).toEqual(['client.ts', 'index.ts', 'serializers.ts', 'server.ts', 'types.ts']);
  for (const moduleResolution of ['node10', 'node16']) {
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: [], module: moduleResolution === 'node16' ? 'node16' : 'commonjs', moduleResolution },
      include: ['gen/**/*.ts'],
    };
    writeFileSync(path.join(project, `tsconfig.${moduleResolution}.json`), JSON.stringify(tsconfig));
    run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${moduleResolution}.json`], project);
  }
  // The runtime subpath resolves at run time too.
  const out = run(process.execPath, ['-e', "const rt = require('wsdl2ts/runtime'); const w = require('wsdl2ts'); console.log(typeof rt.decodeXml, typeof rt.XmlReader, typeof w.generate, typeof w.loadModel)"], project);
  expect(out.trim()).toBe('function function function function');
}, 300_000);
