/**
 * The playground's message tester: example request/response envelopes built from the model, and responses decoded
 * by the real generated serializers and the runtime's own response-envelope reader (what a generated client would
 * accept or refuse). No Node imports: bundled for the browser, also run under Node.
 */
import * as runtime from '@wsdl2ts/runtime';
import type { BindingDef, BindingOperation, Model } from '../model/types';
import { methodVerdict } from '../model/operation-methods';
import { generatedModules, type ModuleExports, type Transpile } from '../verify/generated-modules';
import { ExampleBuilder, type ExampleOptions } from './example-value';
import { exampleEnvelope } from './example-envelope';
import { writeTree } from './example-xml';
import { locatePath } from './locate-path';
import { toJson } from './to-json';

export interface TesterOperation {
  binding: string;
  operation: string;
  tsMethod: string;
  soapVersion: '1.1' | '1.2';
  soapAction?: string;
  hasInput: boolean;
  hasOutput: boolean;
}

export type DecodeResult =
  | { ok: true; value: unknown; json: string }
  | { ok: false; kind: 'fault' | 'decode' | 'xml' | 'envelope'; message: string; path?: string; line?: number; column?: number };

export interface MessageTester {
  operations(): TesterOperation[];
  exampleRequest(binding: string, operation: string): string;
  exampleResponse(binding: string, operation: string): string;
  /**
   * Reads a response as the generated client would: same envelope rules, same decoders. `soapVersion` overrides the
   * binding's, as the client's option of that name does (SharePoint service applications answer SOAP 1.2 to
   * bindings that say 1.1); without it, a response of the other SOAP version is refused, as the client refuses it.
   */
  decodeResponse(binding: string, operation: string, xml: string, options?: { soapVersion?: '1.1' | '1.2' }): DecodeResult;
}

export function createMessageTester(input: { model: Model; files: readonly { path: string; text: string }[]; transpile: Transpile; examples?: ExampleOptions }): MessageTester {
  const { model } = input;
  const builder = new ExampleBuilder(model, input.examples);
  let client: ModuleExports | undefined;
  const clientModule = () => (client ??= generatedModules(input.files, input.transpile)('client'));

  const find = (bindingName: string, operation: string): { b: BindingDef & { soapVersion: '1.1' | '1.2' }; op: BindingOperation } => {
    const b = model.wsdl.bindings.find((x) => x.name.local === bindingName && x.soapVersion !== null);
    if (!b) throw new Error(`no SOAP binding named ${bindingName}`);
    const op = b.operations.find((o) => o.name === operation);
    if (!op) throw new Error(`binding ${bindingName} has no operation ${operation}`);
    const verdict = methodVerdict(model, op);
    if (!verdict.method) throw new Error(`operation ${operation} has no client method: ${verdict.reason}`);
    return { b: b as BindingDef & { soapVersion: '1.1' | '1.2' }, op };
  };

  return {
    operations() {
      const out: TesterOperation[] = [];
      for (const b of model.wsdl.bindings) {
        if (b.soapVersion === null) continue;
        for (const op of b.operations) {
          if (!methodVerdict(model, op).method) continue;
          out.push({ binding: b.name.local, operation: op.name, tsMethod: op.tsName, soapVersion: b.soapVersion, ...(op.soapAction !== undefined ? { soapAction: op.soapAction } : {}), hasInput: !!op.input, hasOutput: !!op.output });
        }
      }
      return out;
    },
    exampleRequest(bindingName, operation) {
      const { b, op } = find(bindingName, operation);
      return exampleEnvelope(model, builder, b, op, 'request');
    },
    exampleResponse(bindingName, operation) {
      const { b, op } = find(bindingName, operation);
      return exampleEnvelope(model, builder, b, op, 'response');
    },
    decodeResponse(bindingName, operation, xml, options) {
      const { b, op } = find(bindingName, operation);
      const ops = clientModule()[`${b.clientTsName}_operations`] as Record<string, runtime.OperationSpec<unknown, unknown>> | undefined;
      const spec = ops?.[op.tsName];
      if (!spec) throw new Error(`the generated client.ts has no operation ${b.clientTsName}_operations.${op.tsName} (was the client artifact generated?)`);
      return decode(spec, options?.soapVersion ?? b.soapVersion, xml);
    },
  };
}

function decode(spec: runtime.OperationSpec<unknown, unknown>, soapVersion: '1.1' | '1.2', xml: string): DecodeResult {
  try {
    const { fault, value } = runtime.readResponseEnvelope(spec, xml, { soapVersion });
    if (fault) {
      const code = fault.code.local;
      const detail = fault.options.faultName ? ` (declared fault ${fault.options.faultName})` : '';
      return { ok: false, kind: 'fault', message: `SOAP fault ${code}: ${fault.reason}${detail}${fault.detail !== undefined ? `\ndetail: ${toJson(fault.detail)}` : ''}` };
    }
    if (!spec.output) return { ok: true, value: undefined, json: 'null' };
    return { ok: true, value, json: toJson(value) };
  } catch (e) {
    if (e instanceof runtime.XmlSyntaxError) return { ok: false, kind: 'xml', message: e.message, line: e.line, column: e.column };
    if (e instanceof runtime.DecodeError) {
      const at = locatePath(xml, e.path);
      const kind = e instanceof runtime.EnvelopeRuleError || e.path === '/Envelope' || e.path === '/Envelope/Body' ? 'envelope' : 'decode';
      const other = soapVersion === '1.1' ? '1.2' : '1.1';
      const hint = e.path === '/Envelope' && e.message.includes(`got a SOAP ${other} response`) ? ` (a client created with { soapVersion: '${other}' } reads it: pass that option to decode it)` : '';
      return { ok: false, kind, message: e.message + hint, path: e.path, ...(at ?? {}) };
    }
    if (e instanceof Error && e.name === 'NotAnEnvelope') return { ok: false, kind: 'envelope', message: `not a SOAP envelope: ${e.message}`, path: '/' };
    throw e;
  }
}

/** An example instance of one global element, as indented XML (what the envelopes carry in their Body). */
export function exampleElementXml(model: Model, name: { ns: string; local: string }, options?: ExampleOptions): string {
  return writeTree(new ExampleBuilder(model, options).element(name), '').join('\n') + '\n';
}
