/**
 * The message tester is bundled for the browser: src/tester and every src/ module it reaches (transitively) import
 * nothing from Node (no node:*, fs, path, process, Buffer, require) and no package but the runtime (type-only imports
 * are erased and allowed).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

function reach(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/^import\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
      const spec = m[2]!;
      if (m[1] || !spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      visit(base.endsWith('.ts') ? base : `${base}.ts`.replace(/\/\.ts$/, '/index.ts'));
    }
  };
  visit(entry);
  return seen;
}

test('src/tester reaches only browser-safe modules', () => {
  const files = reach(path.join(SRC, 'tester/index.ts'));
  expect([...files.keys()].map((f) => path.relative(SRC, f))).toEqual(expect.arrayContaining(['tester/index.ts', 'verify/generated-modules.ts', 'model/operation-methods.ts']));
  const offenders: string[] = [];
  for (const [file, text] of files) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const m of code.matchAll(/^import\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
      if (!m[1] && !m[2]!.startsWith('.') && m[2] !== '@wsdl2ts/runtime') offenders.push(`${path.relative(SRC, file)} imports ${m[2]}`);
    }
    for (const word of ['process.', 'Buffer', 'require(', '__dirname']) if (code.includes(word)) offenders.push(`${path.relative(SRC, file)} uses ${word}`);
  }
  expect(offenders).toEqual([]);
});
