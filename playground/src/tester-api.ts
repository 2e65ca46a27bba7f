/**
 * The message tester engine's interface (src/tester, built on branch `tester`), as the playground uses it. The
 * worker loads the engine through `wsdl2ts-tester`, which build.js resolves to src/tester/index.ts.
 */
import type { Model } from '../../src/model/types';

export type DecodeResult =
  | { readonly ok: true; readonly value: unknown; readonly json: unknown }
  | { readonly ok: false; readonly kind: string; readonly message: string; readonly path?: string; readonly line?: number; readonly column?: number };

export interface MessageTester {
  operations(): readonly unknown[];
  exampleRequest(binding: string, operation: string): unknown;
  exampleResponse(binding: string, operation: string): unknown;
  decodeResponse(binding: string, operation: string, xml: string): DecodeResult;
}

export type CreateMessageTester = (options: { model: Model; files: readonly { path: string; text: string }[]; transpile: (source: string) => string }) => MessageTester;
