// `--operations` on Exchange EWS (npm run test:corpus): five of its operations generate to code that compiles under
// tsc --strict and holds only those operations. Kept out of npm test: EWS takes about a minute to generate here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWithDiagnostics } from '../../src/generate/generate';

const REPO = path.resolve(__dirname, '../..');
const CORPUS = process.env.WSDL2TS_CORPUS || path.resolve(REPO, '../shared/corpus');
const EWS = path.join(CORPUS, 'famous/ews-office365-wsdltophp/services.wsdl');
const FIVE = ['GetFolder', 'FindItem', 'GetItem', 'CreateItem', 'SyncFolderItems'];

test('five EWS operations: only their client methods, and the output compiles under tsc --strict', async () => {
  const result = await generateWithDiagnostics({ input: EWS, operations: FIVE });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.stats?.operations).toBe(5);
  const client = result.files.find((f) => f.path === 'client.ts')!.text;
  const methods = [...client.matchAll(/^  async (\w+)\(/gm)].map((m) => m[1]).sort();
  expect(methods).toEqual(FIVE.map((n) => n[0]!.toLowerCase() + n.slice(1)).sort());
  const types = result.files.find((f) => f.path === 'types.ts')!.text;
  expect(types).toContain('export interface MessageType');
  expect(types).not.toContain('export interface GetUserAvailabilityRequestType');
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-ews5-'));
  for (const f of result.files) writeFileSync(path.join(dir, f.path), f.text);
  const tsconfig = {
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')], skipLibCheck: true, baseUrl: REPO, paths: { '@wsdl2ts/runtime': ['packages/runtime/src/index.ts'] } },
    files: result.files.map((f) => path.join(dir, f.path)),
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    execFileSync(process.execPath, ['--max-old-space-size=4096', path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    throw new Error(`tsc --strict failed on the selected EWS output:\n${((e as { stdout?: string }).stdout ?? '').slice(0, 5000)}`);
  }
});
