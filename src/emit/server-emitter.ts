import { Project } from 'ts-morph';
import type { BindingDef } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile } from './emit-context';
import { RUNTIME_MODULE } from './types-emitter';

/**
 * server.ts: per SOAP binding, a handler interface (one method per operation the client has) and a factory that
 * turns an implementation into a node:http request listener. The operation specs are shared with client.ts.
 */
export function emitServer(ctx: EmitContext): EmittedFile {
  const parts: string[] = [];
  for (const b of ctx.model.wsdl.bindings) if (b.soapVersion) parts.push(bindingServer(ctx, b));
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('server.ts', { statements: [] });
  if (parts.length) {
    file.addImportDeclaration({ namespaceImport: 'rt', moduleSpecifier: RUNTIME_MODULE });
    file.addImportDeclaration({ isTypeOnly: true, namespaceImport: 'T', moduleSpecifier: './types' });
    file.addImportDeclaration({ namespaceImport: 'C', moduleSpecifier: './client' });
    file.addStatements(parts);
  } else file.addStatements('export {};');
  return { path: 'server.ts', text: file.getFullText() };
}

function bindingServer(ctx: EmitContext, b: BindingDef): string {
  const ops = `C.${b.clientTsName}_operations`;
  const methods: string[] = [];
  for (const op of b.operations) {
    const input = op.input?.body[0];
    const output = op.output?.body[0];
    // Only operations the client emitter supports (document/literal, one element part) have a spec.
    if (!input?.element || op.style === 'rpc' || op.input!.body.length !== 1 || op.input!.use === 'encoded') continue;
    if (op.output && (!output?.element || op.output.body.length !== 1 || op.output.use === 'encoded')) continue;
    const inTs = ctx.tsType(input.type, 'T.');
    const outType = output ? ctx.complex(output.type) : undefined;
    const isVoid = !output || (!!outType && outType.content.kind === 'elements' && outType.content.particle.particles.length === 0 && !outType.attributes.length && !outType.derivation) || outType?.content.kind === 'empty';
    const outTs = isVoid ? 'void' : ctx.tsType(output!.type, 'T.');
    const doc = (docComment(op.doc, `${op.name}: request ${input.element.local}${output ? `, response ${output.element!.local}` : ' (one-way)'}.`) ?? []).map((d) => `/** ${d} */`).join('\n');
    methods.push(`${doc}\n${op.tsName}(input: ${inTs}, ctx: rt.ServerContext<User>): ${outTs} | Promise<${outTs}>;`);
  }
  return [
    `/** Implement this to serve binding ${b.name.local.replace(/\*\//g, '*\\/')}; every method runs for an authenticated user only. */`,
    `export interface ${b.handlerTsName}<User = unknown> {`,
    ...methods,
    `}`,
    '',
    `/** A node:http request listener serving ${b.handlerTsName} (http.createServer(listener) or rt.createSoapServer(listener); Express: app.all(path, rt.expressHandler(listener)); Fastify: fastify.route(rt.fastifyRoute(path, listener))). */`,
    `export function ${b.listenerTsName}<User>(handler: ${b.handlerTsName}<User>, options: rt.ServerOptions<User>): rt.RequestListener {`,
    `  return rt.createSoapListener(C.${b.clientTsName}_binding, ${ops} as unknown as Record<string, rt.OperationSpec<unknown, unknown>>, handler, options);`,
    `}`,
  ].join('\n');
}
