import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { generate, type GeneratedFile } from '../../src/generate/generate';

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/ms-wms.wsdl');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');
const RUNTIME = path.join(REPO, 'packages/runtime');

/** Every relative module specifier of a file's import and export declarations. */
function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\b[^\n;]*?\bfrom '(\.[^']*)';/gm)].map((m) => m[1]!);
}

/** A consumer package with "type": "module" whose node_modules holds this repository's runtime. */
function esmConsumer(files: readonly GeneratedFile[], ext: '.js' | '.ts' = '.js'): string {
  if (!existsSync(path.join(RUNTIME, 'dist/index.d.ts'))) throw new Error('the runtime is not built: run npm run build -w @wsdl2ts/runtime');
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-esm-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  mkdirSync(path.join(dir, 'node_modules/@wsdl2ts'), { recursive: true });
  symlinkSync(RUNTIME, path.join(dir, 'node_modules/@wsdl2ts/runtime'), 'dir');
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      // `.ts` specifiers are for runtimes and bundlers that run TypeScript as it is: tsc only type-checks them.
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, types: [], ...(ext === '.ts' ? { allowImportingTsExtensions: true, noEmit: true } : { outDir: 'dist' }) },
      include: ['*.ts', 'gen/*.ts'],
    }),
  );
  mkdirSync(path.join(dir, 'gen'));
  for (const f of files) writeFileSync(path.join(dir, 'gen', f.path), f.text);
  writeFileSync(
    path.join(dir, 'main.ts'),
    [
      `import { decodeXml, encodeXml } from '@wsdl2ts/runtime';`,
      `import { BeginCacheRefreshResponseElement, DefaultBinding_IWorkManagementServiceApplicationClient } from './gen/index${ext}';`,
      `const value = { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } };`,
      `const xml = encodeXml(BeginCacheRefreshResponseElement, value);`,
      `console.log(JSON.stringify({ back: decodeXml(BeginCacheRefreshResponseElement, xml), client: typeof DefaultBinding_IWorkManagementServiceApplicationClient }));`,
    ].join('\n'),
  );
  return dir;
}

function tsc(dir: string): { code: number; output: string } {
  const r = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

describe('importExtension: generated code under "type": "module" and nodenext', () => {
  test('with .js every relative import carries it, and the output compiles and runs as ESM', async () => {
    const files = await generate({ input: SAMPLE, importExtension: '.js' });
    for (const f of files) for (const spec of relativeSpecifiers(f.text)) expect(`${f.path}: ${spec}`).toMatch(/\.js$/);
    expect(relativeSpecifiers(files.find((f) => f.path === 'index.ts')!.text)).toEqual(['./types.js', './serializers.js', './client.js', './server.js']);
    expect(relativeSpecifiers(files.find((f) => f.path === 'serializers.ts')!.text)).toEqual(['./types.js']);
    const dir = esmConsumer(files);
    const built = tsc(dir);
    expect(built.output).toBe('');
    expect(built.code).toBe(0);
    const run = JSON.parse(execFileSync(process.execPath, [path.join(dir, 'dist/main.js')], { encoding: 'utf8' }));
    expect(run).toEqual({ back: { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } }, client: 'function' });
  }, 180_000);

  test('without it, nodenext refuses the extensionless relative imports (what the option is for); bundler resolution takes them', async () => {
    const files = await generate({ input: SAMPLE });
    expect(relativeSpecifiers(files.find((f) => f.path === 'index.ts')!.text)).toEqual(['./types', './serializers', './client', './server']);
    const dir = esmConsumer(files);
    const built = tsc(dir);
    expect(built.code).not.toBe(0);
    expect(built.output).toContain('TS2835');
    // Bundler resolution (Vite, esbuild, webpack) takes them as they are.
    writeFileSync(path.join(dir, 'main.ts'), readFileSync(path.join(dir, 'main.ts'), 'utf8').replace(`'./gen/index.js'`, `'./gen/index'`));
    const config = JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    config.compilerOptions = { ...config.compilerOptions, module: 'esnext', moduleResolution: 'bundler', noEmit: true, outDir: undefined };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const bundled = tsc(dir);
    expect(bundled.output).toBe('');
    expect(bundled.code).toBe(0);
  }, 180_000);

  test('with .ts the relative imports name the .ts files, which tsc accepts with allowImportingTsExtensions', async () => {
    const files = await generate({ input: SAMPLE, importExtension: '.ts' });
    expect(relativeSpecifiers(files.find((f) => f.path === 'client.ts')!.text)).toEqual(['./types.ts', './serializers.ts']);
    const built = tsc(esmConsumer(files, '.ts'));
    expect(built.output).toBe('');
    expect(built.code).toBe(0);
  }, 180_000);

  test('the library refuses an unknown extension', async () => {
    await expect(generate({ input: SAMPLE, importExtension: 'js' as never })).rejects.toThrow(/importExtension must be one of "", ".js", ".ts", not "js"/);
  });
});

describe('wsdl2ts generate --import-extension', () => {
  async function run(args: string[], cwd?: string): Promise<{ code: number; err: string }> {
    const err: string[] = [];
    const before = process.cwd();
    if (cwd) process.chdir(cwd);
    try {
      return { code: await main(args, { out: () => {}, err: (s) => err.push(s) }), err: err.join('') };
    } finally {
      process.chdir(before);
    }
  }
  const index = (out: string) => relativeSpecifiers(readFileSync(path.join(out, 'index.ts'), 'utf8'));

  test('is detected from the nearest package.json of the output folder, and the flag or config key overrides it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-ext-'));
    mkdirSync(path.join(root, 'esm/src'), { recursive: true });
    writeFileSync(path.join(root, 'esm/package.json'), JSON.stringify({ type: 'module' }));
    mkdirSync(path.join(root, 'cjs/src'), { recursive: true });
    writeFileSync(path.join(root, 'cjs/package.json'), JSON.stringify({ type: 'commonjs' }));
    // The output folder does not exist yet: detection walks up from where it will be.
    expect((await run(['generate', SAMPLE, '--out', path.join(root, 'esm/src/gen')])).code).toBe(0);
    expect(index(path.join(root, 'esm/src/gen'))[0]).toBe('./types.js');
    expect((await run(['generate', SAMPLE, '--out', path.join(root, 'esm/src/gen2'), '--import-extension', 'none'])).code).toBe(0);
    expect(index(path.join(root, 'esm/src/gen2'))[0]).toBe('./types');
    expect((await run(['generate', SAMPLE, '--out', path.join(root, 'cjs/src/gen')])).code).toBe(0);
    expect(index(path.join(root, 'cjs/src/gen'))[0]).toBe('./types');
    writeFileSync(path.join(root, 'cjs/wsdl2ts.config.json'), JSON.stringify({ input: SAMPLE, out: 'src/gen3', importExtension: '.js' }));
    expect((await run(['generate'], path.join(root, 'cjs'))).code).toBe(0);
    expect(index(path.join(root, 'cjs/src/gen3'))[0]).toBe('./types.js');
  }, 60_000);

  test('an unknown value is a usage error', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-ext-'));
    const r = await run(['generate', SAMPLE, '--out', path.join(root, 'gen'), '--import-extension', 'js']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--import-extension must be ".js", ".ts" or "none", not "js"');
    expect(existsSync(path.join(root, 'gen'))).toBe(false);
  });
});
