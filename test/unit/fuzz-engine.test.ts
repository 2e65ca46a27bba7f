/**
 * The fuzzing engine (test/fuzz/engine.js, run by `npm run fuzz`) finds by coverage feedback a defect that random
 * mutation alone practically never reaches, and reports it with the input saved. The engine runs in a child process:
 * in a Jest worker (which holds TypeScript) each V8 coverage snapshot costs ~25 ms instead of well under one.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = `
const [engine, fixture, out, include] = process.argv.slice(1);
const { fuzz, Coverage } = require(engine);
const coverage = new Coverage(/$^/);
const planted = require(fixture);
const target = { name: 'planted', include: new RegExp(include), seeds: ['hello'], dict: [], maxLen: 64, run: planted };
fuzz(target, { coverage, seconds: 120, maxRuns: 6_000, outDir: out, seed: 3, hangMs: 30_000, stopOnFinding: true }).then((r) => process.stdout.write(JSON.stringify(r)));
`;

function run(include: string): { runs: number; corpus: number; findings: { kind: string; file: string }[] } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wsdl2ts-fuzz-engine-'));
  const args = ['-e', SCRIPT, path.join(__dirname, '../fuzz/engine.js'), path.join(__dirname, '../fuzz/fixtures/planted.js'), out, include];
  const result = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  for (const f of result.findings) f.input = fs.readFileSync(f.file, 'utf8');
  fs.rmSync(out, { recursive: true, force: true });
  return result;
}

// No dictionary, a one-word seed and the same outcome on every path: only block coverage keeps the partial matches
// (`<`, `<!`, `<![`) that lead to the defect at `<![?`.
test('with block coverage the engine reaches a planted defect and saves its input', () => {
  const r = run('fixtures/planted\\.js$');
  expect(r.findings.map((f) => f.kind)).toEqual(['TypeError: planted']);
  expect((r.findings[0] as unknown as { input: string }).input.startsWith('<![?')).toBe(true);
  expect(r.corpus).toBeGreaterThan(1);
}, 150_000);

test('without coverage feedback the same runs do not reach it (the feedback is what finds it)', () => {
  const r = run('$^');
  expect(r.findings).toEqual([]);
  expect(r.runs).toBe(6_000);
}, 150_000);
