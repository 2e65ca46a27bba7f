import type { BindingDef, BindingOperation, Particle, QName } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile } from './emit-context';
import type { EmitReporter } from './emit-reporter';
import { RUNTIME_MODULE } from './types-emitter';
import { NameScope } from '../model/naming';
import { methodVerdict } from '../model/operation-methods';
import { fitList, type Fit, GeneratedFile, key, str } from './generated-file';
import { inlineObject } from './types-emitter';

/** A client method, printed by writeMethod. */
interface MethodDeclaration {
  readonly name: string;
  readonly docs?: string[];
  readonly parameters: readonly { name: string; type: string; initializer?: string | undefined; hasQuestionToken?: boolean }[];
  readonly returnType: string;
  readonly isAsync: boolean;
  /** Statements, each already laid out (relative to the method body). */
  readonly statements: readonly string[];
}

/** An entry of the operations object: `key: { fields } as cast`. */
interface OperationEntry {
  readonly key: string;
  readonly fields: readonly (string | Fit)[];
  readonly cast: string;
}

/**
 * client.ts: one class per SOAP binding (so WSDLs without wsdl:service work), one async method per operation.
 * The method takes the request wrapper's children as its parameters object and resolves to the response
 * wrapper's children (undefined for an empty response or a one-way operation).
 */
export function emitClient(ctx: EmitContext, report: EmitReporter, options: { allowEmptyClient?: boolean } = {}): EmittedFile {
  const f = new GeneratedFile('client.ts', ctx.options.importExtension);
  const elementName = new Map(ctx.model.elements.filter((e) => !e.synthesized).map((e) => [`{${e.name.ns}}${e.name.local}`, e.tsName]));
  const codecOf = (q: QName | undefined) => (q ? elementName.get(`{${q.ns}}${q.local}`) : undefined);
  for (const b of ctx.model.wsdl.bindings) {
    if (!b.soapVersion) continue;
    f.importNamespace('rt', RUNTIME_MODULE);
    f.importNamespace('T', './types', true);
    f.importNamespace('S', './serializers');
    const methods = bindingClient(ctx, b, codecOf, report, f);
    if (!methods && !options.allowEmptyClient) {
      report('W2T752', `binding ${b.name.local} has no operation that gets a client or server method (${b.operations.length} operations; the warnings above say why for each): its client class is empty. Pass --allow-empty-client (config "allowEmptyClient": true) to accept that`, b.source);
    }
  }
  return f.finish();
}

function bindingClient(ctx: EmitContext, b: BindingDef, codecOf: (q: QName | undefined) => string | undefined, report: EmitReporter, f: GeneratedFile): number {
  const address = ctx.model.wsdl.services.flatMap((s) => s.ports).find((p) => p.binding.ns === b.name.ns && p.binding.local === b.name.local)?.address;
  const specName = `${b.clientTsName}_binding`;
  const opsName = `${b.clientTsName}_operations`;
  const specFields = [`name: ${str(b.name.local)}`, `soapVersion: ${str(b.soapVersion!)}`, `addressing: ${b.addressing}`, ...(b.mtom ? ['mtom: true'] : []), ...(address ? [`address: ${str(address)}`] : [])];
  const entries: OperationEntry[] = [];
  const methods: MethodDeclaration[] = [];
  for (const op of b.operations) {
    const plan = operationPlan(ctx, op, codecOf);
    if ('reason' in plan) {
      report(plan.code, `operation ${op.name} of binding ${b.name.local} gets no client or server method: ${plan.reason}`, op.source);
      continue;
    }
    const faults = op.faults.filter((f) => codecOf(f.element)).map((f) => `{ name: ${str(f.name)}, codec: S.${codecOf(f.element)} as rt.ElementCodec<unknown> }`);
    // Typed soap:header parts of the request become `soapHeaders` in the call options (and the server's context).
    const { headerParts, headerKeys, headerCodecs, headersType, headersRequired } = inputHeaderPlan(ctx, op, codecOf);
    const inputHeaders: Fit | undefined = headerParts.length
      ? { head: 'inputHeaders: [', items: headerParts.map((h, i) => `{ key: ${str(headerKeys[i]!)}, codec: S.${headerCodecs[i]!} as rt.ElementCodec<unknown>, required: ${h.required} }`), tail: ']' }
      : undefined;
    // Typed soap:header parts of the response reach the caller through `onResponseHeaders` (and the server's ctx.responseHeaders).
    const out = outputHeaderPlan(ctx, op, codecOf);
    const outputHeaders: Fit | undefined = out.headerParts.length
      ? { head: 'outputHeaders: [', items: out.headerParts.map((h, i) => `{ key: ${str(out.headerKeys[i]!)}, codec: S.${out.headerCodecs[i]!} as rt.ElementCodec<unknown>, required: ${h.required} }`), tail: ']' }
      : undefined;
    entries.push({
      key: key(op.tsName),
      fields: [
        `name: ${str(op.name)}`,
        ...(op.soapAction !== undefined ? [`soapAction: ${str(op.soapAction)}`] : []),
        `inputAction: ${str(op.input!.action)}`,
        ...(op.output ? [`outputAction: ${str(op.output.action)}`] : []),
        `input: S.${plan.input}`,
        ...(plan.inputBare ? [`inputBare: { ${plan.inputBare.first ? `first: { ns: ${str(plan.inputBare.first.ns)}, local: ${str(plan.inputBare.first.local)} } ` : ''}}`] : []),
        ...(plan.output ? [`output: S.${plan.output}`] : []),
        ...(plan.outputBare ? ['outputBare: true'] : []),
        ...(inputHeaders ? [inputHeaders] : []),
        ...(outputHeaders ? [outputHeaders] : []),
        `faults: [${faults.join(', ')}]`,
      ],
      cast: `rt.OperationSpec<${plan.inputTs}, ${plan.outputTs}>`,
    });
    const returns = plan.output && !plan.voidOutput ? `Promise<${plan.outputTs}>` : 'Promise<void>';
    const extraOptions = [
      ...(headerParts.length ? [`soapHeaders${headersRequired ? '' : '?'}: ${headersType}`] : []),
      ...(out.headerParts.length ? [`onResponseHeaders?(headers: ${out.headersType}): void`] : []),
    ];
    // The generic onResponseHeaders is replaced (not overloaded) by the typed one, so a callback's parameter is typed.
    const baseOptions = out.headerParts.length ? `Omit<rt.CallOptions, 'onResponseHeaders'>` : 'rt.CallOptions';
    const optionsType = extraOptions.length ? `${baseOptions} & { ${extraOptions.join('; ')} }` : 'rt.CallOptions';
    const optionsExpr: string | Fit = headerParts.length
      ? { head: 'rt.withHeaders(options, [', items: headerParts.map((_, i) => `rt.optionalHeader(S.${headerCodecs[i]!}, options?.soapHeaders?.[${str(headerKeys[i]!)}])`), tail: '])' }
      : 'options';
    // The body sits two levels deep (class, method): the call is laid out for that column.
    const call = (head: string, tail: string) => fitList(4, `${head}this.soap.call(`, [`${opsName}[${str(op.tsName)}]`, 'input', optionsExpr], `)${tail}`).join('\n');
    methods.push({
      name: op.tsName,
      docs: docComment(op.doc, `${op.name}: SOAPAction ${JSON.stringify(op.soapAction ?? '')}, request ${plan.inputLabel}${plan.outputLabel !== undefined ? `, response ${plan.outputLabel}` : ' (one-way)'}.`),
      parameters: [
        { name: 'input', type: plan.inputTs, initializer: plan.inputOptional ? '{}' : undefined },
        { name: 'options', type: optionsType, hasQuestionToken: !headersRequired },
      ],
      returnType: returns,
      isAsync: true,
      statements: [plan.output && !plan.voidOutput ? call('return (await ', `) as ${plan.outputTs};`) : call('await ', ';')],
    });
  }
  f.list(`export const ${specName}: rt.BindingSpec = { `, specFields, ' };');
  if (!entries.length) f.line(`export const ${opsName} = {} as const;`);
  else f.block(`export const ${opsName} = {`, () => {
    for (const e of entries) f.list(`${e.key}: { `, e.fields, ` } as ${e.cast},`);
  }, '} as const;');
  f.blank();
  f.docs([
    `A client for binding ${b.name.local} (SOAP ${b.soapVersion}${b.addressing ? ', WS-Addressing' : ''}). ${address ? `Default endpoint: ${address}.` : 'The WSDL has no endpoint for it: pass `endpoint`.'} SOAP version, addressing, headers, transport, auth and timeouts are options.`.replace(/\*\//g, '*\\/'),
  ]);
  f.block(`export class ${b.clientTsName} {`, () => {
    f.line('private readonly soap: rt.SoapClient;').blank();
    f.block('constructor(options: rt.ClientOptions = {}) {', () => f.line(`this.soap = new rt.SoapClient(${specName}, options);`));
    for (const m of methods) writeMethod(f.blank(), m);
  });
  f.blank();
  return methods.length;
}

function writeMethod(f: GeneratedFile, m: MethodDeclaration): void {
  const params = m.parameters.map((p) => `${p.name}${p.hasQuestionToken ? '?' : ''}: ${p.type}${p.initializer !== undefined ? ` = ${p.initializer}` : ''}`);
  f.docs(m.docs).list(`${m.isAsync ? 'async ' : ''}${m.name}(`, params, `): ${m.returnType} {`);
  f.indented(() => m.statements.forEach((s) => f.line(s)));
  f.line('}');
}

/** The response's typed soap:header parts, their keys (in `onResponseHeaders`, `ctx.responseHeaders`), and the object type holding them. */
export function outputHeaderPlan(ctx: EmitContext, op: BindingOperation, codecOf: (q: QName | undefined) => string | undefined) {
  return headerPlan(ctx, op.output?.headers ?? [], codecOf);
}

/** The request's typed soap:header parts, their keys in `soapHeaders`, and the object type holding them. */
export function inputHeaderPlan(ctx: EmitContext, op: BindingOperation, codecOf: (q: QName | undefined) => string | undefined) {
  return headerPlan(ctx, op.input!.headers, codecOf);
}

function headerPlan(ctx: EmitContext, parts: NonNullable<BindingOperation['input']>['headers'], codecOf: (q: QName | undefined) => string | undefined) {
  // An encoded header part's codec is its synthesized block element's (the encoded value codec), never the literal one.
  const codecFor = (h: (typeof parts)[number]) => (h.encodedBlock ? ctx.model.elements.find((e) => e.synthesized === h.encodedBlock)?.tsName : codecOf(h.element));
  const headerParts = parts.filter((h) => h.element && codecFor(h));
  const headerCodecs = headerParts.map((h) => codecFor(h)!);
  // Two header parts may share a name (from different messages): each gets its own key.
  const keys = new NameScope();
  const headerKeys = headerParts.map((h) => keys.claim(h.part));
  const headersRequired = headerParts.some((h) => h.required);
  const headersType = inlineObject(headerParts.map((h, i) => `${key(headerKeys[i]!)}${h.required ? '' : '?'}: ${ctx.tsType(h.type, 'T.')}`));
  return { headerParts, headerKeys, headerCodecs, headersType, headersRequired };
}


/** How an operation's client method (and server handler method) is typed and which codecs carry its bodies. */
export type Plan =
  | {
      input: string;
      inputTs: string;
      inputOptional: boolean;
      /** The input codec is a synthesized bare wrapper (its children are the Body's children): the first body element, if any. */
      inputBare?: { first?: QName };
      output?: string;
      outputTs: string;
      voidOutput: boolean;
      outputBare: boolean;
      /** The body elements' local names, for documentation. */
      inputLabel: string;
      outputLabel?: string;
    }
  | { reason: string; code: 'W2T512' | 'W2T753' | 'W2T754' };

type Codecs = (q: QName | undefined) => string | undefined;

/** The plan of every operation of the model, computed once per emit and shared by client.ts and server.ts. */
const plans = new WeakMap<BindingOperation, Plan>();

export function operationPlan(ctx: EmitContext, op: BindingOperation, codecOf: Codecs): Plan {
  let plan = plans.get(op);
  if (!plan) plans.set(op, (plan = computePlan(ctx, op, codecOf)));
  return plan;
}

function computePlan(ctx: EmitContext, op: BindingOperation, codecOf: Codecs): Plan {
  const verdict = methodVerdict(ctx.model, op);
  if (!verdict.method) return { code: verdict.code, reason: verdict.reason };
  const synthesized = new Map(ctx.model.elements.filter((e) => e.synthesized).map((e) => [e.synthesized!, e.tsName]));
  type Body = { codec: string; type: string; bare: boolean; label: string; first?: QName } | { reason: string };
  const body = (m: NonNullable<BindingOperation['input']>, role: string): Body => {
    if (m.wrapper) {
      const codec = synthesized.get(m.wrapper.id);
      if (!codec) return { reason: `the ${role} wrapper ${m.wrapper.element.local} is missing from the model` };
      const part = m.body[0];
      const first = part ? (part.element ?? { ns: '', local: part.part }) : undefined;
      return { codec, type: m.wrapper.type, bare: m.wrapper.bare, first, label: m.wrapper.bare ? m.body.map((p) => p.element?.local ?? p.part).join(' + ') || '(empty body)' : m.wrapper.element.local };
    }
    const part = m.body.length === 1 && m.body[0]!.element ? m.body[0]! : undefined;
    if (!part) return { reason: `the ${role} body has ${m.body.length} parts` };
    const codec = codecOf(part.element);
    if (!codec) return { reason: `element ${part.element!.local} is not defined` };
    return { codec, type: part.type, bare: false, label: part.element!.local };
  };
  const inBody = body(op.input!, 'request');
  if ('reason' in inBody) return { code: 'W2T512', reason: inBody.reason };
  const inputTs = ctx.tsType(inBody.type, 'T.');
  const inType = ctx.complex(inBody.type);
  // `input = {}` only when {} is a valid value: no required element or attribute, no type hierarchy ($type).
  const inHierarchy = !!inType && (inType.derivedTypes.length > 0 || !!inType.derivation);
  const inputOptional = !!inType && !inHierarchy && inType.content.kind !== 'simple' && !inType.attributes.some((a) => a.use === 'required') && requiredless(ctx, inBody.type);
  const common = { input: inBody.codec, inputTs, inputOptional, inputBare: inBody.bare ? (inBody.first ? { first: inBody.first } : {}) : undefined, inputLabel: inBody.label };
  if (!op.output) return { ...common, outputTs: 'void', voidOutput: true, outputBare: false };
  const outBody = body(op.output, 'response');
  if ('reason' in outBody) return { code: 'W2T512', reason: outBody.reason };
  const outType = ctx.complex(outBody.type);
  const noContent = !!outType && (outType.content.kind === 'empty' || (outType.content.kind === 'elements' && outType.content.particle.particles.length === 0));
  const voidOutput = noContent && !outType!.attributes.length && !outType!.anyAttribute && !outType!.derivation && !outType!.derivedTypes.length;
  return { ...common, output: outBody.codec, outputTs: ctx.tsType(outBody.type, 'T.'), voidOutput, outputBare: outBody.bare, outputLabel: outBody.label };
}

/** True when every element of the type is optional, so `{}` is a valid value. */
function requiredless(ctx: EmitContext, id: string): boolean {
  const t = ctx.complex(id);
  if (!t || t.content.kind !== 'elements') return !!t;
  const stack: Particle[] = [t.content.particle];
  while (stack.length) {
    const p = stack.pop()!;
    if (p.minOccurs === 0 || p.kind === 'any') continue;
    if (p.kind === 'element') return false;
    if (p.kind === 'choice') return false;
    stack.push(...p.particles);
  }
  return true;
}
