import { Project } from 'ts-morph';
import type { BindingDef } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile, lit } from './emit-context';
import { RUNTIME_MODULE } from './types-emitter';
import { inputHeaderPlan, operationPlan } from './client-emitter';

/**
 * server.ts: per SOAP binding, a handler interface (one method per operation the client has) and a factory that
 * turns an implementation into a node:http request listener. The operation specs are shared with client.ts.
 */
export function emitServer(ctx: EmitContext): EmittedFile {
  const parts: string[] = [];
  const elementName = new Map(ctx.model.elements.filter((e) => !e.synthesized).map((e) => [`{${e.name.ns}}${e.name.local}`, e.tsName]));
  let usesSerializers = false;
  for (const b of ctx.model.wsdl.bindings) {
    if (!b.soapVersion) continue;
    const { text, faults } = bindingServer(ctx, b, elementName);
    parts.push(text);
    usesSerializers ||= faults;
  }
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('server.ts', { statements: [] });
  if (parts.length) {
    file.addImportDeclaration({ namespaceImport: 'rt', moduleSpecifier: RUNTIME_MODULE });
    file.addImportDeclaration({ isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types' });
    if (usesSerializers) file.addImportDeclaration({ namespaceImport: 'S', moduleSpecifier: './serializers' });
    file.addImportDeclaration({ namespaceImport: 'C', moduleSpecifier: './client' });
    file.addStatements(parts);
  } else file.addStatements('export {};');
  return { path: 'server.ts', text: file.getFullText() };
}

function bindingServer(ctx: EmitContext, b: BindingDef, elementName: ReadonlyMap<string, string>): { text: string; faults: boolean } {
  const ops = `C.${b.clientTsName}_operations`;
  const methods: string[] = [];
  const faultEntries: string[] = [];
  for (const op of b.operations) {
    const codecOf = (q: { ns: string; local: string } | undefined) => (q ? elementName.get(`{${q.ns}}${q.local}`) : undefined);
    // Exactly the operations the client has a method for, typed exactly like the client's methods.
    const plan = operationPlan(ctx, op, codecOf);
    if ('reason' in plan) continue;
    const inTs = plan.inputTs;
    const outTs = plan.output && !plan.voidOutput ? plan.outputTs : 'void';
    const doc = (docComment(op.doc, `${op.name}: request ${plan.inputLabel}${plan.outputLabel !== undefined ? `, response ${plan.outputLabel}` : ' (one-way)'}.`) ?? []).map((d) => `/** ${d} */`).join('\n');
    const { headerParts, headersType } = inputHeaderPlan(ctx, op, codecOf);
    const ctxType = headerParts.length ? `rt.ServerContext<User, ${headersType}>` : 'rt.ServerContext<User>';
    methods.push(`${doc}\n${op.tsName}(input: ${inTs}, ctx: ${ctxType}): ${outTs} | Promise<${outTs}>;`);
    const faults = op.faults.flatMap((f) => {
      const codec = f.element && elementName.get(`{${f.element.ns}}${f.element.local}`);
      if (!codec) return [];
      const ts = ctx.tsType(f.type, 'T.');
      return [
        `/** ${op.name.replace(/\*\//g, '*\\/')}'s fault ${f.name.replace(/\*\//g, '*\\/')}: its detail is ${f.element!.local.replace(/\*\//g, '*\\/')}. The code is Client/Sender unless \`side\` says 'server' (as WCF's FaultException<T>). */`,
        `${lit(f.name)}: (reason: string, detail: ${ts}, side: 'client' | 'server' = 'client'): rt.SoapFault => new rt.SoapFault(side, reason, { codec: S.${codec} as rt.ElementCodec<unknown>, value: detail }),`,
      ];
    });
    if (faults.length) faultEntries.push(`${lit(op.tsName)}: {`, ...faults, `},`);
  }
  const faultsBlock = faultEntries.length
    ? [
        '',
        `/** The wsdl:faults of ${b.name.local.replace(/\*\//g, '*\\/')}'s operations: throw one from a handler method to answer with that fault and its typed detail. */`,
        `export const ${b.faultsTsName} = {`,
        ...faultEntries,
        `} as const;`,
      ]
    : [];
  const text = [
    `/** Implement this to serve binding ${b.name.local.replace(/\*\//g, '*\\/')}; every method runs for an authenticated user only. */`,
    `export interface ${b.handlerTsName}<User = unknown> {`,
    ...methods,
    `}`,
    '',
    `/** A node:http request listener serving ${b.handlerTsName} (http.createServer(listener) or rt.createSoapServer(listener); Express: app.all(path, rt.expressHandler(listener)); Fastify: fastify.route(rt.fastifyRoute(path, listener))). */`,
    `export function ${b.listenerTsName}<User>(handler: ${b.handlerTsName}<User>, options: rt.ServerOptions<User>): rt.RequestListener {`,
    `  return rt.createSoapListener(C.${b.clientTsName}_binding, ${ops} as unknown as Record<string, rt.OperationSpec<unknown, unknown>>, handler, options);`,
    `}`,
    ...faultsBlock,
  ].join('\n');
  return { text, faults: faultEntries.length > 0 };
}
