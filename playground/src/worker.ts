/**
 * The wsdl2ts pipeline in a Web Worker: the same generateWithDiagnostics the CLI runs, reading the user's files
 * from memory (and the bundled schema catalog), so typing in the page never waits for it.
 */
import { generateWithDiagnostics, GenerateResult } from '../../src/generate/generate';
import { isSpecInput, specInput } from '../../src/extract/spec-input';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { memoryHost } from './bundled-host';
import { modelTree } from './model-tree';
import type { InputFile, OperationRef, WorkerRequest, WorkerResponse } from './protocol';
import { methodVerdict } from '../../src/model/operation-methods';
import type { Model } from '../../src/model/types';
import type { LoadTester, MessageTester } from './tester-bridge';

/** The virtual folder the user's files live in; diagnostics name files relative to it. */
const DIR = '/input';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
  importScripts(...urls: string[]): void;
  wsdl2tsTester?: { loadTester: LoadTester };
}
const scope = self as unknown as WorkerScope;

/** What the tester works on: the latest generation's model and files; the engine is made on first use. */
let testee: { model: Model; files: readonly { path: string; text: string }[]; engine?: MessageTester } | undefined;

function tester(): MessageTester | undefined {
  if (!testee) return undefined;
  if (!scope.wsdl2tsTester) scope.importScripts('tester.js');
  return (testee.engine ??= scope.wsdl2tsTester!.loadTester(testee.model, testee.files));
}

scope.onmessage = (e) => {
  const req = e.data;
  handle(req).then(
    (res) => scope.postMessage(res),
    (err: unknown) => scope.postMessage({ kind: 'failed', seq: req.seq, message: err instanceof Error ? err.message : String(err) }),
  );
};

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  if (req.kind === 'generate') return generateFrom(req.seq, req.files, req.main);
  let engine: MessageTester | undefined;
  try {
    engine = tester();
  } catch (err) {
    const message = `the message tester could not start: ${err instanceof Error ? err.message : String(err)}`;
    return req.kind === 'decode' ? { kind: 'decoded', seq: req.seq, outcome: { ok: false, kind: 'tester', message } } : { kind: 'example', seq: req.seq, error: message };
  }
  if (!engine) return req.kind === 'decode' ? { kind: 'decoded', seq: req.seq, outcome: { ok: false, kind: 'no-model', message: 'nothing was generated yet' } } : { kind: 'example', seq: req.seq, error: 'nothing was generated yet' };
  if (req.kind === 'example') {
    try {
      return { kind: 'example', seq: req.seq, request: engine.exampleRequest(req.binding, req.operation), response: engine.exampleResponse(req.binding, req.operation) };
    } catch (err) {
      return { kind: 'example', seq: req.seq, error: err instanceof Error ? err.message : String(err) };
    }
  }
  try {
    const r = engine.decodeResponse(req.binding, req.operation, req.xml, req.soapVersion ? { soapVersion: req.soapVersion } : undefined);
    if (r.ok) return { kind: 'decoded', seq: req.seq, outcome: { ok: true, json: r.json } };
    const { kind, message, path, line, column } = r;
    return { kind: 'decoded', seq: req.seq, outcome: { ok: false, kind, message, path, line, column } };
  } catch (err) {
    // The engine throws for what is not the response's fault (no such operation, generated code that fails to load).
    return { kind: 'decoded', seq: req.seq, outcome: { ok: false, kind: 'tester', message: err instanceof Error ? err.message : String(err) } };
  }
}

async function generateFrom(seq: number, input: readonly InputFile[], main: string): Promise<WorkerResponse> {
  const started = performance.now();
  const files = new Map(input.map((f) => [f.name, f.text]));
  const host = memoryHost(DIR, files);
  const mainText = files.get(main) ?? '';
  let result: GenerateResult;
  let extracted: InputFile[] = [];
  let extraDiagnostics: readonly Diagnostic[] = [];
  if (isSpecInput(main, mainText)) {
    // An Open Specifications document: its WSDL and XSDs are extracted and served as the CLI's `generate <spec>` does.
    const spec = specInput(`${DIR}/${main}`, mainText, host);
    extracted = spec.extracted.documents.map((d) => ({ name: d.path, text: d.text }));
    extraDiagnostics = spec.extracted.diagnostics;
    result = spec.input ? await generateWithDiagnostics({ input: spec.input, host: spec.host }) : { files: [], diagnostics: [] };
  } else {
    result = await generateWithDiagnostics({ input: `${DIR}/${main}`, host });
  }
  const model = result.model;
  testee = undefined;
  let operations: OperationRef[] = [];
  let testerUnavailable: string | undefined;
  if (model && result.files.some((f) => f.path === 'client.ts')) {
    testee = { model, files: result.files };
    // The operations the engine offers (those of SOAP bindings that get a client method), without loading it yet.
    operations = model.wsdl.bindings.flatMap((b) =>
      b.soapVersion === null ? [] : b.operations.filter((o) => methodVerdict(model, o).method).map((o) => ({ binding: b.name.local, operation: o.name, label: `${b.name.local} · ${o.name} (SOAP ${b.soapVersion})` })),
    );
    if (!operations.length) testerUnavailable = 'no operation of a SOAP binding gets a client method';
  } else testerUnavailable = 'nothing was generated (see the diagnostics)';
  return {
    kind: 'generated',
    seq,
    ms: performance.now() - started,
    diagnostics: [...extraDiagnostics, ...result.diagnostics],
    files: result.files.map((f) => ({ path: f.path, text: f.text })),
    tree: model ? modelTree(model) : [],
    operations,
    extracted,
    ...(testerUnavailable ? { testerUnavailable } : {}),
  };
}
