import * as path from 'node:path';
import { addImportExtension, fitList, GeneratedFile, key, str, unionLines } from '../../src/emit/generated-file';
import { format, generate } from '../../src/generate/generate';

// Records whether generation loads prettier: it must happen only when a file is actually formatted.
let mockPrettierLoads = 0;
jest.mock('prettier', () => {
  mockPrettierLoads++;
  return jest.requireActual('prettier');
});

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/ms-wms.wsdl');

describe('formatting', () => {
  test('prettier is loaded only when a file is formatted; without it the files differ only in layout', async () => {
    // First in this file: nothing has loaded prettier yet.
    const before = mockPrettierLoads;
    expect(before).toBe(0);
    const raw = await generate({ input: SAMPLE });
    expect(mockPrettierLoads).toBe(before);
    const formatted = await generate({ input: SAMPLE, formatLimit: 1 << 20 });
    expect(mockPrettierLoads).toBe(before + 1);
    const rawSer = raw.find((f) => f.path === 'serializers.ts')!.text;
    const fmtSer = formatted.find((f) => f.path === 'serializers.ts')!.text;
    expect(rawSer).not.toBe(fmtSer);
    expect(await format(rawSer)).toBe(fmtSer);
    // The files the emitters lay out themselves are the same either way.
    for (const name of ['types.ts', 'client.ts', 'server.ts', 'index.ts']) expect(raw.find((f) => f.path === name)!.text).toBe(formatted.find((f) => f.path === name)!.text);
  }, 60_000);
});

describe('GeneratedFile', () => {
  test('string literals are the ones prettier prints (the emitters run no formatter)', async () => {
    const hostile = ['plain', "it's", 'say "hi"', `"'"`, `''"`, 'back\\slash', 'line\nbreak', 'tab\there', 'ls\u2028ps\u2029', '${x}`', '*/ alert(1) /*', '\u0000\u001f', 'é日本', ''];
    for (const s of hostile) {
      // Prettier leaves the literal as it is (so skipping it changes nothing)...
      expect(await format(`x = ${str(s)};\n`)).toBe(`x = ${str(s)};\n`);
      // ...and it is the same string.
      expect(eval(str(s))).toBe(s);
    }
  });

  test('keys are bare only when they are identifiers', () => {
    expect(key('Name')).toBe('Name');
    expect(key('$type')).toBe('$type');
    expect(key('x-1.y')).toBe("'x-1.y'");
    expect(key('1st')).toBe("'1st'");
    expect(key('__proto__')).toBe('__proto__');
  });

  test('lists stay on one line when they fit in 120 columns, else one item per line, nested lists likewise', () => {
    expect(fitList(0, 'f(', ['a', 'b'], ');')).toEqual(['f(a, b);']);
    const long = 'x'.repeat(60);
    expect(fitList(0, 'f(', [long, long], ');')).toEqual(['f(', `  ${long},`, `  ${long},`, ');']);
    // At a deeper column the same list no longer fits.
    expect(fitList(4, 'f(', ['y'.repeat(50), 'y'.repeat(50)], ');')).toHaveLength(1);
    expect(fitList(30, 'f(', ['y'.repeat(50), 'y'.repeat(50)], ');')).toHaveLength(4);
    const nested = fitList(0, 'f(', ['a', { head: 'g([', items: [long, long], tail: '])' }], ');');
    expect(nested).toEqual(['f(', '  a,', '  g([', `    ${long},`, `    ${long},`, '  ]),', ');']);
    // Type arguments get no trailing separator.
    expect(fitList(0, 'T<', [long, long], '>', ',', false)).toEqual(['T<', `  ${long},`, `  ${long}`, '>']);
    expect(unionLines('type A =', ["'a'", "'b'"], ';')).toEqual(["type A = 'a' | 'b';"]);
    expect(unionLines('type A =', [`'${long}'`, `'${long}'`], ';')).toEqual(['type A =', `  | '${long}'`, `  | '${long}';`]);
  });

  test('imports come first in the order asked, each once; type-only unless a value import is asked too', () => {
    const f = new GeneratedFile('client.ts', '.js');
    f.block('export class A {', () => f.docs(['one line']).line('x = 1;').docs(['two\n\nlines']).line('y = 2;'));
    f.importNamespace('rt', '@wsdl2ts/runtime');
    f.importNamespace('T', './types', true);
    f.importNamespace('S', '../serializers', true);
    f.importNamespace('S', '../serializers');
    expect(() => f.importNamespace('T', './other')).toThrow(/alias T already imports \.\/types/);
    expect(f.finish()).toEqual({
      path: 'client.ts',
      final: true,
      text: [
        "import * as rt from '@wsdl2ts/runtime';",
        "import type * as T from './types.js';",
        "import * as S from '../serializers.js';",
        'export class A {',
        '  /** one line */',
        '  x = 1;',
        '  /**',
        '   * two',
        '   *',
        '   * lines',
        '   */',
        '  y = 2;',
        '}',
        '',
      ].join('\n'),
    });
    expect(new GeneratedFile('empty.ts').finish().text).toBe('export {};\n');
  });

  test('addImportExtension rewrites relative import and export declarations only', () => {
    const text = [`import * as rt from '@wsdl2ts/runtime';`, `import type * as T from './types';`, `export * from "../a/b";`, `export * from './done.js';`, `const s = "from './types';";`, `  import x from './nested';`].join('\n');
    expect(addImportExtension(text, '.js').split('\n')).toEqual([
      `import * as rt from '@wsdl2ts/runtime';`,
      `import type * as T from './types.js';`,
      `export * from "../a/b.js";`,
      `export * from './done.js';`,
      `const s = "from './types';";`,
      `  import x from './nested';`,
    ]);
    expect(addImportExtension(text, '')).toBe(text);
  });
});
