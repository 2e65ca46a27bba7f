/**
 * Evaluates generated files in memory as CommonJS modules: each file is transpiled by the caller's function (the CLI
 * passes TypeScript's transpileModule, the browser playground sucrase) and run with `new Function` and a require shim
 * that maps `@wsdl2ts/runtime` to this package's runtime and `./x` to the sibling generated file. No Node imports: the
 * playground bundles this module for the browser.
 */
import * as runtime from '@wsdl2ts/runtime';

/** TypeScript source in, CommonJS JavaScript out (`exports.X = …`, `require('…')`). */
export type Transpile = (ts: string) => string;

export type ModuleExports = Record<string, unknown>;

/** Returns a loader: `load('serializers')` evaluates serializers.ts (and what it imports) once and returns its exports. */
export function generatedModules(files: readonly { path: string; text: string }[], transpile: Transpile): (name: string) => ModuleExports {
  const sources = new Map(files.map((f) => [f.path.replace(/\.ts$/, ''), f.text]));
  const cache = new Map<string, ModuleExports>();
  const load = (name: string): ModuleExports => {
    const known = cache.get(name);
    if (known) return known;
    const source = sources.get(name);
    if (source === undefined) throw new Error(`generated module ./${name} is missing`);
    const js = transpile(source);
    const module = { exports: {} as ModuleExports };
    cache.set(name, module.exports);
    const require = (spec: string): unknown => {
      if (spec === '@wsdl2ts/runtime') return runtime;
      if (spec.startsWith('./')) return load(spec.slice(2).replace(/\.js$/, ''));
      throw new Error(`generated code may import only @wsdl2ts/runtime and its siblings, not ${spec}`);
    };
    // The Function constructor of this realm (not node:vm's main context): arrays and errors made by the generated
    // code are then the same Array and Error as the runtime's, under jest's sandbox too.
    const fn = new Function('exports', 'require', 'module', `${js}\n//# sourceURL=generated/${name}.js`) as (e: unknown, r: unknown, m: unknown) => void;
    fn(module.exports, require, module);
    cache.set(name, module.exports);
    return module.exports;
  };
  return load;
}
