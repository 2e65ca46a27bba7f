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
import { loadTester } from './tester-bridge';
import type { MessageTester } from './tester-api';

/** The virtual folder the user's files live in; diagnostics name files relative to it. */
const DIR = '/input';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;

let tester: { get(): MessageTester } | undefined;

scope.onmessage = (e) => {
  const req = e.data;
  handle(req).then(
    (res) => scope.postMessage(res),
    (err: unknown) => scope.postMessage({ kind: 'failed', seq: req.seq, message: err instanceof Error ? err.message : String(err) }),
  );
};

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  if (req.kind === 'generate') return generateFrom(req.seq, req.files, req.main);
  if (!tester) return req.kind === 'decode' ? { kind: 'decoded', seq: req.seq, outcome: { ok: false, kind: 'no-model', message: 'nothing was generated yet' } } : { kind: 'example', seq: req.seq, error: 'nothing was generated yet' };
  const engine = tester.get();
  if (req.kind === 'example') {
    const text = (x: unknown) => (typeof x === 'string' ? x : x && typeof x === 'object' && 'xml' in x ? String((x as { xml: unknown }).xml) : JSON.stringify(x, null, 2));
    try {
      return { kind: 'example', seq: req.seq, request: text(engine.exampleRequest(req.binding, req.operation)), response: text(engine.exampleResponse(req.binding, req.operation)) };
    } catch (err) {
      return { kind: 'example', seq: req.seq, error: err instanceof Error ? err.message : String(err) };
    }
  }
  const r = engine.decodeResponse(req.binding, req.operation, req.xml);
  if (r.ok) return { kind: 'decoded', seq: req.seq, outcome: { ok: true, json: typeof r.json === 'string' ? r.json : JSON.stringify(r.json ?? r.value, null, 2) } };
  const { kind, message, path, line, column } = r;
  return { kind: 'decoded', seq: req.seq, outcome: { ok: false, kind, message, path, line, column } };
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
  const operations: OperationRef[] = model ? model.wsdl.bindings.flatMap((b) => b.operations.map((o) => ({ binding: b.name.local, operation: o.name, label: `${b.name.local} · ${o.name}` }))) : [];
  tester = undefined;
  let testerUnavailable: string | undefined;
  if (model && result.files.length) {
    const made = await loadTester(model, result.files);
    if (typeof made === 'string') testerUnavailable = made;
    else tester = made;
  } else testerUnavailable = 'nothing was generated';
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
