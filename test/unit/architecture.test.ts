import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const SRC = path.join(REPO, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!);

describe('architecture', () => {
  test('the library never imports src/cli (only the CLI touches the disk for writing)', () => {
    const offenders = tsFiles(SRC)
      .filter((f) => !f.startsWith(path.join(SRC, 'cli') + path.sep))
      .flatMap((f) => importsOf(f).filter((i) => i.startsWith('.') && path.resolve(path.dirname(f), i).startsWith(path.join(SRC, 'cli'))).map((i) => `${path.relative(REPO, f)} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  test('every declared dependency is imported by src/ and every package.json "files" entry exists', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; files: string[] };
    const used = new Set(tsFiles(SRC).flatMap(importsOf).filter((i) => !i.startsWith('.') && !i.startsWith('node:')).map((i) => (i.startsWith('@') ? i.split('/').slice(0, 2).join('/') : i.split('/')[0]!)));
    expect(Object.keys(pkg.dependencies).filter((d) => !used.has(d))).toEqual([]);
    expect(pkg.files.filter((f) => !existsSync(path.join(REPO, f)))).toEqual([]);
    expect(pkg.files.some((f) => f.startsWith('src'))).toBe(false);
  });

  test('the build ships the bundled catalog under dist/ and the built code reads it from there', () => {
    if (!existsSync(path.join(REPO, 'dist/catalog/catalog.js'))) throw new Error('dist/ is missing: run npm run build (npm ci does it through prepare)');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(path.join(REPO, 'dist/catalog/catalog.js')) as { BUNDLED_DIR: string };
    expect(path.relative(REPO, built.BUNDLED_DIR)).toBe(path.join('dist', 'catalog', 'bundled'));
    const shipped = readdirSync(built.BUNDLED_DIR).sort();
    expect(shipped).toEqual(readdirSync(path.join(SRC, 'catalog/bundled')).sort());
    const catalog = JSON.parse(readFileSync(path.join(built.BUNDLED_DIR, 'catalog.json'), 'utf8')) as { entries: { file: string }[] };
    for (const e of catalog.entries) expect(existsSync(path.join(built.BUNDLED_DIR, e.file))).toBe(true);
  });
});
