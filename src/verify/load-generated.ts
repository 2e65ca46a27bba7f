/**
 * Runs generated serializers inside the CLI: transpiled with the TypeScript compiler (a dependency of the generator, loaded only here) and evaluated (as
 * a CommonJS module body, with `new Function`) with a require shim that maps `@wsdl2ts/runtime` to this package's runtime. The interface is deliberately narrow (decode
 * and encode by element name) so the generated form behind it can change.
 */
// Only `verify` needs the compiler: required here, never by `generate`, so generation does not pay for loading it.
import type * as TS from 'typescript';
import * as runtime from '@wsdl2ts/runtime';

export interface GeneratedCodecs {
  has(ns: string, local: string): boolean;
  /** Decodes a standalone element document, validating it; throws the runtime's DecodeError. */
  decode(ns: string, local: string, xml: string): unknown;
  /** Encodes a value as that element; throws the runtime's EncodeError. */
  encode(ns: string, local: string, value: unknown): string;
}

interface Codec {
  ns: string;
  local: string;
}

export function loadGenerated(files: readonly { path: string; text: string }[]): GeneratedCodecs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TS;
  const sources = new Map(files.map((f) => [f.path.replace(/\.ts$/, ''), f.text]));
  const cache = new Map<string, Record<string, unknown>>();
  const load = (name: string): Record<string, unknown> => {
    const known = cache.get(name);
    if (known) return known;
    const source = sources.get(name);
    if (source === undefined) throw new Error(`generated module ./${name} is missing`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false } }).outputText;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(name, module.exports);
    const require = (spec: string): unknown => {
      if (spec === '@wsdl2ts/runtime') return runtime;
      if (spec.startsWith('./')) return load(spec.slice(2));
      throw new Error(`generated code may import only @wsdl2ts/runtime and its siblings, not ${spec}`);
    };
    // The Function constructor of this realm (not node:vm's main context): arrays and errors made by the generated
    // code are then the same Array and Error as the runtime's, under jest's sandbox too.
    const fn = new Function('exports', 'require', 'module', `${js}\n//# sourceURL=generated/${name}.js`) as (e: unknown, r: unknown, m: unknown) => void;
    fn(module.exports, require, module);
    cache.set(name, module.exports);
    return module.exports;
  };
  const codecs = new Map<string, Codec>();
  for (const value of Object.values(load('serializers'))) {
    const c = value as Partial<Codec> & { decode?: unknown; toXml?: unknown };
    if (c && typeof c === 'object' && typeof c.ns === 'string' && typeof c.local === 'string' && typeof c.decode === 'function' && typeof c.toXml === 'function') codecs.set(`{${c.ns}}${c.local}`, c as Codec);
  }
  const get = (ns: string, local: string) => {
    const c = codecs.get(`{${ns}}${local}`);
    if (!c) throw new Error(`no generated codec for {${ns}}${local}`);
    return c as unknown as runtime.ElementCodec<unknown>;
  };
  return {
    has: (ns, local) => codecs.has(`{${ns}}${local}`),
    decode: (ns, local, xml) => runtime.decodeXml(get(ns, local), xml),
    encode: (ns, local, value) => runtime.encodeXml(get(ns, local), value),
  };
}
