import type { BindingDef } from '../model/types';
import { docComment } from './doc-comment';
import { EmitContext, EmittedFile } from './emit-context';
import { RUNTIME_MODULE } from './types-emitter';
import { inputHeaderPlan, operationPlan, outputHeaderPlan } from './client-emitter';
import { fitList, GeneratedFile, key } from './generated-file';

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
  const f = new GeneratedFile('server.ts', ctx.options.importExtension);
  if (parts.length) {
    f.importNamespace('rt', RUNTIME_MODULE);
    f.importNamespace('T', './types', true);
    if (usesSerializers) f.importNamespace('S', './serializers');
    f.importNamespace('C', './client');
    for (const p of parts) f.line(p).blank();
  }
  return f.finish();
}

/** An arrow function property, its body on the next line when the whole does not fit (at the faults' depth). */
function arrow(head: string, body: string): string {
  return 4 + head.length + 1 + body.length <= 120 ? `${head} ${body}` : `${head}\n  ${body}`;
}

/** The lines of `text`, each `depth` levels deeper. */
function indent(text: string, depth = 1): string {
  const pad = '  '.repeat(depth);
  return text.split('\n').map((l) => (l ? pad + l : l)).join('\n');
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
    const out = outputHeaderPlan(ctx, op, codecOf);
    const ctxType = out.headerParts.length
      ? `rt.ServerContext<User, ${headerParts.length ? headersType : 'Record<string, never>'}, ${out.headersType}>`
      : headerParts.length
        ? `rt.ServerContext<User, ${headersType}>`
        : 'rt.ServerContext<User>';
    methods.push([doc, ...fitList(2, `${op.tsName}(`, [`input: ${inTs}`, `ctx: ${ctxType}`], `): ${outTs} | Promise<${outTs}>;`)].join('\n'));
    const faults = op.faults.flatMap((f) => {
      const codec = f.element && elementName.get(`{${f.element.ns}}${f.element.local}`);
      if (!codec) return [];
      const ts = ctx.tsType(f.type, 'T.');
      return [
        `/** ${op.name.replace(/\*\//g, '*\\/')}'s fault ${f.name.replace(/\*\//g, '*\\/')}: its detail is ${f.element!.local.replace(/\*\//g, '*\\/')}. The code is Client/Sender unless \`side\` says 'server' (as WCF's FaultException<T>). */`,
        arrow(`${key(f.name)}: (reason: string, detail: ${ts}, side: 'client' | 'server' = 'client'): rt.SoapFault =>`, `new rt.SoapFault(side, reason, { codec: S.${codec} as rt.ElementCodec<unknown>, value: detail }),`),
      ];
    });
    if (faults.length) faultEntries.push(indent(`${key(op.tsName)}: {`), ...faults.map((x) => indent(x, 2)), indent(`},`));
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
    ...(methods.length ? [`export interface ${b.handlerTsName}<User = unknown> {`, ...methods.map((m) => indent(m)), `}`] : [`export interface ${b.handlerTsName}<User = unknown> {}`]),
    '',
    `/** A node:http request listener serving ${b.handlerTsName} (http.createServer(listener) or rt.createSoapServer(listener); Express: app.all(path, rt.expressHandler(listener)); Fastify: fastify.route(rt.fastifyRoute(path, listener))). */`,
    ...fitList(0, `export function ${b.listenerTsName}<User>(`, [`handler: ${b.handlerTsName}<User>`, 'options: rt.ServerOptions<User>'], '): rt.RequestListener {'),
    ...fitList(2, 'return rt.createSoapListener(', [`C.${b.clientTsName}_binding`, { head: `${ops} as unknown as Record<`, items: ['string', 'rt.OperationSpec<unknown, unknown>'], tail: '>', trailing: false }, 'handler', 'options'], ');').map((l) => indent(l)),
    `}`,
    ...faultsBlock,
  ].join('\n');
  return { text, faults: faultEntries.length > 0 };
}
