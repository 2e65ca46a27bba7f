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
import { loadTester, type MessageTester } from './tester-bridge';

/** The virtual folder the user's files live in; diagnostics name files relative to it. */
const DIR = '/input';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;

let tester: MessageTester | undefined;

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
  if (req.kind === 'example') {
    try {
      return { kind: 'example', seq: req.seq, request: tester.exampleRequest(req.binding, req.operation), response: tester.exampleResponse(req.binding, req.operation) };
    } catch (err) {
      return { kind: 'example', seq: req.seq, error: err instanceof Error ? err.message : String(err) };
    }
  }
  try {
    const r = tester.decodeResponse(req.binding, req.operation, req.xml, req.soapVersion ? { soapVersion: req.soapVersion } : undefined);
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
  tester = undefined;
  let operations: OperationRef[] = [];
  let testerUnavailable: string | undefined;
  if (model && result.files.some((f) => f.path === 'client.ts')) {
    tester = loadTester(model, result.files);
    operations = tester.operations().map((o) => ({ binding: o.binding, operation: o.operation, label: `${o.binding} · ${o.operation} (SOAP ${o.soapVersion})` }));
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
