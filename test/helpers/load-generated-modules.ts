/**
 * Runs generated code that is too large to commit as a golden (Exchange EWS: ~1.4 MB): the caller compiles it with
 * tsc (which type-checks it) into CommonJS, and this evaluates the emitted files with a require shim that maps
 * `@wsdl2ts/runtime` to the runtime this test imports, so errors thrown by the generated code are the classes the
 * test checks with `instanceof`, and jest's module mapping stays the only way to the runtime.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as runtime from '@wsdl2ts/runtime';

export type GeneratedModules = (name: string) => Record<string, unknown>;

/** `dir` holds the emitted `.js` files; `load('gen/index')` evaluates one and what it requires. */
export function loadEmittedModules(dir: string): GeneratedModules {
  const cache = new Map<string, Record<string, unknown>>();
  const load = (name: string): Record<string, unknown> => {
    const file = path.resolve(dir, `${name}.js`);
    if (!file.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${name} is outside ${dir}`);
    const known = cache.get(file);
    if (known) return known;
    const js = readFileSync(file, 'utf8');
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module.exports);
    const require = (spec: string): unknown => {
      if (spec === '@wsdl2ts/runtime') return runtime;
      if (spec.startsWith('./') || spec.startsWith('../')) return load(path.posix.join(path.posix.dirname(name), spec).replace(/\.js$/, ''));
      throw new Error(`generated code may import only @wsdl2ts/runtime and its siblings, not ${spec}`);
    };
    // This realm's Function (not node:vm): arrays and errors made by the generated code are the runtime's own.
    const fn = new Function('exports', 'require', 'module', `${js}\n//# sourceURL=generated/${name}.js`) as (e: unknown, r: unknown, m: unknown) => void;
    fn(module.exports, require, module);
    return module.exports;
  };
  return load;
}

/** The same for files in memory: each is transpiled (no type check) and evaluated; `load('client')`. */
export function loadGeneratedSources(files: readonly { path: string; text: string }[]): GeneratedModules {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const sources = new Map(files.map((f) => [f.path.replace(/\.ts$/, ''), f.text]));
  const cache = new Map<string, Record<string, unknown>>();
  const load = (name: string): Record<string, unknown> => {
    const known = cache.get(name);
    if (known) return known;
    const source = sources.get(name);
    if (source === undefined) throw new Error(`generated module ./${name} is missing`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(name, module.exports);
    const require = (spec: string): unknown => {
      if (spec === '@wsdl2ts/runtime') return runtime;
      if (spec.startsWith('./')) return load(spec.slice(2).replace(/\.js$/, ''));
      throw new Error(`generated code may import only @wsdl2ts/runtime and its siblings, not ${spec}`);
    };
    const fn = new Function('exports', 'require', 'module', `${js}\n//# sourceURL=generated/${name}.js`) as (e: unknown, r: unknown, m: unknown) => void;
    fn(module.exports, require, module);
    return module.exports;
  };
  return load;
}
