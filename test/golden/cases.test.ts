import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { expectGolden } from './golden-files';

const REPO = path.resolve(__dirname, '../..');
const CASES = readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(__dirname, d.name, 'input.wsdl')))
  .map((d) => d.name)
  .sort();

/** Diagnostics each case is expected to produce (anything else is a failure). */
const EXPECTED_CODES: Record<string, string[]> = {
  'codec-fidelity': ['W2T513'],
  // Receipt's Currency attribute has an undefined type; Echo's request and response each have a type= part in a
  // document binding; OnAlert is a notification.
  'doc-multipart': ['W2T300', 'W2T750', 'W2T750', 'W2T753'],
  // Team's note part is element= in rpc style.
  'rpc-literal': ['W2T750'],
};

describe.each(CASES)('golden case %s', (name) => {
  const dir = path.join(__dirname, name);

  test('generated files match the golden files byte for byte', async () => {
    const result = await generateWithDiagnostics({ input: path.join(dir, 'input.wsdl'), outDir: path.join(dir, 'expected') });
    expect(result.diagnostics.map((d) => d.code).filter((c) => c !== 'W2T602')).toEqual(EXPECTED_CODES[name] ?? []);
    expect(result.files.map((f) => f.path)).toEqual(['types.ts', 'serializers.ts', 'client.ts', 'server.ts', 'index.ts']);
    for (const f of result.files) await expectGolden(path.join(dir, 'expected', f.path), f.text);
  });

  test('generation is deterministic', async () => {
    const a = await generateWithDiagnostics({ input: path.join(dir, 'input.wsdl'), outDir: path.join(dir, 'expected') });
    const b = await generateWithDiagnostics({ input: path.relative(process.cwd(), path.join(dir, 'input.wsdl')), outDir: path.join(dir, 'expected') });
    expect(a.files).toEqual(b.files);
    for (const f of a.files) expect(f.text).not.toContain(REPO);
  });
});

test('every golden compiles with tsc --strict --noEmit', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-golden-'));
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: 'node',
      lib: ['ES2022'],
      // The runtime's source uses node:http; consumers compile against its declarations (see the consumer test).
      types: ['node'],
      typeRoots: [path.join(REPO, 'node_modules/@types')],
      skipLibCheck: true,
      noUnusedLocals: false,
      baseUrl: REPO,
      paths: { '@wsdl2ts/runtime': ['packages/runtime/src/index.ts'] },
    },
    files: CASES.flatMap((c) => ['types.ts', 'serializers.ts', 'client.ts', 'server.ts', 'index.ts'].map((f) => path.join(__dirname, c, 'expected', f))),
  };
  const file = path.join(tmp, 'tsconfig.json');
  writeFileSync(file, JSON.stringify(tsconfig, null, 2));
  const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    throw new Error(`tsc --strict failed on the goldens:\n${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`);
  }
});
