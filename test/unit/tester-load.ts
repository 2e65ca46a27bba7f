/** Builds a message tester for a WSDL the way the playground does: generate in memory, transpile with sucrase. */
import { transform } from 'sucrase';
import { generateWithDiagnostics, type GenerateOptions } from '../../src/index';
import { createMessageTester, type MessageTester } from '../../src/tester';
import type { Model } from '../../src/model/types';
import { generatedModules } from '../../src/verify/generated-modules';
import type * as runtime from '@wsdl2ts/runtime';

export const sucrase = (ts: string): string => transform(ts, { transforms: ['typescript', 'imports'] }).code;

export interface Loaded {
  tester: MessageTester;
  model: Model;
  files: { path: string; text: string }[];
  /** The generated client's OperationSpec of an operation. */
  spec(binding: string, operation: string): runtime.OperationSpec<unknown, unknown>;
}

export async function loadTester(input: string, options: Omit<GenerateOptions, 'input'> = {}): Promise<Loaded> {
  const gen = await generateWithDiagnostics({ ...options, input });
  if (!gen.model || !gen.files.length) throw new Error(`generation failed for ${input}: ${gen.diagnostics.map((d) => d.message).join('; ')}`);
  const model = gen.model;
  const files = gen.files.map((f) => ({ path: f.path, text: f.text }));
  const tester = createMessageTester({ model, files, transpile: sucrase });
  const client = generatedModules(files, sucrase)('client');
  return {
    tester,
    model,
    files,
    spec(bindingName, operation) {
      const b = model.wsdl.bindings.find((x) => x.name.local === bindingName)!;
      const op = b.operations.find((o) => o.name === operation)!;
      return (client[`${b.clientTsName}_operations`] as Record<string, runtime.OperationSpec<unknown, unknown>>)[op.tsName]!;
    },
  };
}
