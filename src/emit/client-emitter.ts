import { Project, Scope, StructureKind, type ClassDeclarationStructure, type MethodDeclarationStructure, type StatementStructures } from 'ts-morph';
import type { BindingDef, BindingOperation, Particle, QName } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile, lit } from './emit-context';
import type { EmitReporter } from './emit-reporter';
import { RUNTIME_MODULE } from './types-emitter';
import { NameScope } from '../model/naming';

/**
 * client.ts: one class per SOAP binding (so WSDLs without wsdl:service work), one async method per operation.
 * The method takes the request wrapper's children as its parameters object and resolves to the response
 * wrapper's children (undefined for an empty response or a one-way operation).
 */
export function emitClient(ctx: EmitContext, report: EmitReporter): EmittedFile {
  const statements: (StatementStructures | string)[] = [];
  const elementName = new Map(ctx.model.elements.map((e) => [`{${e.name.ns}}${e.name.local}`, e.tsName]));
  const codecOf = (q: QName | undefined) => (q ? elementName.get(`{${q.ns}}${q.local}`) : undefined);
  for (const b of ctx.model.wsdl.bindings) {
    if (!b.soapVersion) continue;
    statements.push(...bindingClient(ctx, b, codecOf, report));
  }
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('client.ts', { statements: [] });
  if (statements.length) {
    file.addImportDeclaration({ namespaceImport: 'rt', moduleSpecifier: RUNTIME_MODULE });
    file.addImportDeclaration({ isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types' });
    file.addImportDeclaration({ namespaceImport: 'S', moduleSpecifier: './serializers' });
    file.addStatements(statements);
  } else file.addStatements('export {};');
  return { path: 'client.ts', text: file.getFullText() };
}

function bindingClient(ctx: EmitContext, b: BindingDef, codecOf: (q: QName | undefined) => string | undefined, report: EmitReporter): (StatementStructures | string)[] {
  const address = ctx.model.wsdl.services.flatMap((s) => s.ports).find((p) => p.binding.ns === b.name.ns && p.binding.local === b.name.local)?.address;
  const specName = `${b.clientTsName}_binding`;
  const opsName = `${b.clientTsName}_operations`;
  const spec = `export const ${specName}: rt.BindingSpec = { name: ${lit(b.name.local)}, soapVersion: ${lit(b.soapVersion!)}, addressing: ${b.addressing}${address ? `, address: ${lit(address)}` : ''} };`;
  const entries: string[] = [];
  const methods: MethodDeclarationStructure[] = [];
  for (const op of b.operations) {
    const plan = operationPlan(ctx, op, codecOf);
    if ('reason' in plan) {
      report('W2T512', `operation ${op.name} of binding ${b.name.local} gets no client method: ${plan.reason}`, op.source);
      continue;
    }
    const faults = op.faults.filter((f) => codecOf(f.element)).map((f) => `{ name: ${lit(f.name)}, codec: S.${codecOf(f.element)} as rt.ElementCodec<unknown> }`);
    // Typed soap:header parts of the request become `soapHeaders` in the call options (and the server's context).
    const { headerParts, headerKeys, headersType, headersRequired } = inputHeaderPlan(ctx, op, codecOf);
    const inputHeaders = headerParts.length
      ? `inputHeaders: [${headerParts.map((h, i) => `{ key: ${lit(headerKeys[i]!)}, codec: S.${codecOf(h.element)} as rt.ElementCodec<unknown>, required: ${h.required} }`).join(', ')}], `
      : '';
    entries.push(
      `${lit(op.tsName)}: { name: ${lit(op.name)}, ${op.soapAction !== undefined ? `soapAction: ${lit(op.soapAction)}, ` : ''}inputAction: ${lit(op.input!.action)}, ${op.output ? `outputAction: ${lit(op.output.action)}, ` : ''}input: S.${plan.input}, ${plan.output ? `output: S.${plan.output}, ` : ''}${inputHeaders}faults: [${faults.join(', ')}] } as rt.OperationSpec<${plan.inputTs}, ${plan.outputTs}>`,
    );
    const returns = plan.output && !plan.voidOutput ? `Promise<${plan.outputTs}>` : 'Promise<void>';
    const optionsType = headerParts.length ? `rt.CallOptions & { soapHeaders${headersRequired ? '' : '?'}: ${headersType} }` : 'rt.CallOptions';
    const optionsExpr = headerParts.length
      ? `rt.withHeaders(options, [${headerParts.map((h, i) => `rt.optionalHeader(S.${codecOf(h.element)}, options?.soapHeaders?.[${lit(headerKeys[i]!)}])`).join(', ')}])`
      : 'options';
    const call = `this.soap.call(${opsName}[${lit(op.tsName)}], input, ${optionsExpr})`;
    methods.push({
      kind: StructureKind.Method,
      name: op.tsName,
      docs: docComment(op.doc, `${op.name}: SOAPAction ${JSON.stringify(op.soapAction ?? '')}, request ${op.input!.body[0]?.element?.local ?? ''}${op.output ? `, response ${op.output.body[0]?.element?.local ?? ''}` : ' (one-way)'}.`),
      parameters: [
        { name: 'input', type: plan.inputTs, initializer: plan.inputOptional ? '{}' : undefined },
        { name: 'options', type: optionsType, hasQuestionToken: !headersRequired },
      ],
      returnType: returns,
      isAsync: true,
      statements: [plan.output && !plan.voidOutput ? `return (await ${call}) as ${plan.outputTs};` : `await ${call};`],
    });
  }
  const opsDecl = `export const ${opsName} = {\n${entries.join(',\n')}\n} as const;`;
  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name: b.clientTsName,
    isExported: true,
    docs: [
      `A client for binding ${b.name.local} (SOAP ${b.soapVersion}${b.addressing ? ', WS-Addressing' : ''}). ${address ? `Default endpoint: ${address}.` : 'The WSDL has no endpoint for it: pass `endpoint`.'} SOAP version, addressing, headers, transport, auth and timeouts are options.`.replace(/\*\//g, '*\\/'),
    ],
    properties: [{ name: 'soap', scope: Scope.Private, isReadonly: true, type: 'rt.SoapClient' }],
    ctors: [{ parameters: [{ name: 'options', type: 'rt.ClientOptions', initializer: '{}' }], statements: [`this.soap = new rt.SoapClient(${specName}, options);`] }],
    methods,
  };
  return [spec, opsDecl, cls];
}

/** The request's typed soap:header parts, their keys in `soapHeaders`, and the object type holding them. */
export function inputHeaderPlan(ctx: EmitContext, op: BindingOperation, codecOf: (q: QName | undefined) => string | undefined) {
  const headerParts = op.input!.headers.filter((h) => h.element && codecOf(h.element));
  // Two header parts may share a name (from different messages): each gets its own key.
  const keys = new NameScope();
  const headerKeys = headerParts.map((h) => keys.claim(h.part));
  const headersRequired = headerParts.some((h) => h.required);
  const headersType = `{ ${headerParts.map((h, i) => `${propName(headerKeys[i]!)}${h.required ? '' : '?'}: ${ctx.tsType(h.type, 'T.')};`).join(' ')} }`;
  return { headerParts, headerKeys, headersType, headersRequired };
}

function propName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : lit(name);
}

type Plan = { input: string; inputTs: string; inputOptional: boolean; output?: string; outputTs: string; voidOutput: boolean } | { reason: string };

function operationPlan(ctx: EmitContext, op: BindingOperation, codecOf: (q: QName | undefined) => string | undefined): Plan {
  if (!op.input) return { reason: 'it has no input (notification operations are not supported)' };
  if (op.style === 'rpc') return { reason: 'rpc style is not supported yet' };
  if (op.input.use === 'encoded' || op.output?.use === 'encoded') return { reason: 'SOAP encoding is not supported' };
  const body = (m: NonNullable<BindingOperation['input']>) => (m.body.length === 1 && m.body[0]!.element ? m.body[0]! : undefined);
  const inPart = body(op.input);
  if (!inPart) return { reason: `the request body has ${op.input.body.length} parts; one element part is supported` };
  const input = codecOf(inPart.element);
  if (!input) return { reason: `element ${inPart.element!.local} is not defined` };
  const inputTs = ctx.tsType(inPart.type, 'T.');
  const inType = ctx.complex(inPart.type);
  // `input = {}` only when {} is a valid value: no required element or attribute, no type hierarchy ($type).
  const inHierarchy = !!inType && (inType.derivedTypes.length > 0 || !!inType.derivation);
  const inputOptional = !!inType && !inHierarchy && inType.content.kind !== 'simple' && !inType.attributes.some((a) => a.use === 'required') && requiredless(ctx, inPart.type);
  if (!op.output) return { input, inputTs, inputOptional, outputTs: 'void', voidOutput: true };
  const outPart = body(op.output);
  if (!outPart) return { reason: `the response body has ${op.output.body.length} parts; one element part is supported` };
  const output = codecOf(outPart.element);
  if (!output) return { reason: `element ${outPart.element!.local} is not defined` };
  const outType = ctx.complex(outPart.type);
  const noContent = !!outType && (outType.content.kind === 'empty' || (outType.content.kind === 'elements' && outType.content.particle.particles.length === 0));
  const voidOutput = noContent && !outType!.attributes.length && !outType!.anyAttribute && !outType!.derivation;
  return { input, inputTs, inputOptional, output, outputTs: ctx.tsType(outPart.type, 'T.'), voidOutput };
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
