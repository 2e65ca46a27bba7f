import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
 * The build-step use, as npm would publish it: the generator (`wsdl2ts`) and the runtime (`@wsdl2ts/runtime`) are
 * packed from the workspace and installed into a fresh project, the generator as a development dependency and the
 * runtime as the only production dependency. The installed bin generates MS-WMS there, and the output compiles
 * strictly under each module resolution a consumer may use.
 */
describe('a consumer project with the packed packages', () => {
  let project = '';
  beforeAll(() => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-consumer-'));
    run(NPM, ['pack', '--pack-destination', tmp], REPO);
    run(NPM, ['pack', '-w', '@wsdl2ts/runtime', '--pack-destination', tmp], REPO);
    const tarballs = readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
    const generator = tarballs.find((f) => f.startsWith('wsdl2ts-'));
    const runtime = tarballs.find((f) => f.startsWith('wsdl2ts-runtime-'));
    expect([generator, runtime].every(Boolean)).toBe(true);
    project = path.join(tmp, 'consumer');
    mkdirSync(project);
    run(NPM, ['init', '-y'], project);
    // The runtime first, so the generator's dependency on it is met by the packed copy, not the registry.
    run(NPM, ['install', '--no-audit', '--no-fund', path.join(tmp, runtime!)], project);
    run(NPM, ['install', '--no-audit', '--no-fund', '--save-dev', path.join(tmp, generator!), 'typescript@~5.9.3'], project);
    // The generator ships no src/: the bundled schema catalog is read from dist/.
    expect(existsSync(path.join(project, 'node_modules/wsdl2ts/src'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules/wsdl2ts/dist/catalog/bundled/catalog.json'))).toBe(true);
    run(NPM, ['exec', '--', 'wsdl2ts', 'generate', path.join(REPO, 'samples/ms-wms.wsdl'), '--out', 'gen'], project);
  }, 300_000);

  test('generates the five files', () => {
    expect(readdirSync(path.join(project, 'gen')).sort()).toEqual(['client.ts', 'index.ts', 'serializers.ts', 'server.ts', 'types.ts']);
    expect(readFileSync(path.join(project, 'gen/serializers.ts'), 'utf8')).toContain("from '@wsdl2ts/runtime'");
  });

  test.each([
    ['node10', 'commonjs'],
    ['node16', 'node16'],
    ['bundler', 'esnext'],
  ])('the output compiles with tsc --strict under moduleResolution %s', (moduleResolution, module) => {
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: [], module, moduleResolution },
      include: ['gen/**/*.ts'],
    };
    writeFileSync(path.join(project, `tsconfig.${moduleResolution}.json`), JSON.stringify(tsconfig));
    run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${moduleResolution}.json`], project);
  }, 120_000);

  test('the runtime and the generator load at run time', () => {
    const out = run(process.execPath, ['-e', "const rt = require('@wsdl2ts/runtime'); const w = require('wsdl2ts'); console.log(typeof rt.decodeXml, typeof rt.XmlReader, typeof w.generate, typeof w.loadModel)"], project);
    expect(out.trim()).toBe('function function function function');
  });

  test('production dependencies are the runtime alone: no typescript, no prettier, no ts-morph', () => {
    const tree = JSON.parse(run(NPM, ['ls', '--omit=dev', '--all', '--json'], project)) as { dependencies?: Record<string, { dependencies?: unknown }> };
    const names = new Set<string>();
    const walk = (deps: Record<string, { dependencies?: unknown }> | undefined) => {
      for (const [name, node] of Object.entries(deps ?? {})) {
        names.add(name);
        walk(node.dependencies as Record<string, { dependencies?: unknown }> | undefined);
      }
    };
    walk(tree.dependencies);
    expect(names.has('@wsdl2ts/runtime')).toBe(true);
    for (const heavy of ['typescript', 'prettier', 'ts-morph', 'wsdl2ts']) expect(names.has(heavy)).toBe(false);
  });
});
