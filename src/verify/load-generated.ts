/**
 * Runs generated serializers inside the CLI: evaluated by the shared in-memory module loader (generated-modules.ts) after
 * transpiling with the TypeScript compiler (a dependency of the generator, loaded only here). The interface is deliberately narrow (decode
 * and encode by element name) so the generated form behind it can change.
 */
// Only `verify` needs the compiler: required here, never by `generate`, so generation does not pay for loading it.
import type * as TS from 'typescript';
import * as runtime from '@wsdl2ts/runtime';
import { generatedModules, type Transpile } from './generated-modules';

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

/** `transpile` defaults to TypeScript's transpileModule (the compiler is a dependency of the generator, loaded only here). */
export function loadGenerated(files: readonly { path: string; text: string }[], transpile: Transpile = typescriptTranspile): GeneratedCodecs {
  const load = generatedModules(files, transpile);
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

function typescriptTranspile(source: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TS;
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false } }).outputText;
}
