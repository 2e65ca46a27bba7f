/**
 * The playground page: input files on the left (paste, drop or pick; several files resolve their imports among
 * themselves by relative path), the pipeline's diagnostics, model, generated files and message tester on the right.
 * The pipeline runs in worker.js; every edit re-runs it after a short pause.
 */
import { SAMPLES } from 'virtual:samples';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { byId, el } from './dom';
import { highlightInto } from './highlight';
import type { DecodeOutcome, InputFile, OperationRef, TreeNode, WorkerRequest, WorkerResponse } from './protocol';

const DEBOUNCE_MS = 300;

interface EditorFile {
  name: string;
  text: string;
  /** Extracted from a spec input: shown so diagnostics can point into it, not editable. */
  readonly readOnly?: boolean;
}

const state = {
  files: [] as EditorFile[],
  /** Index of the file shown in the editor. */
  current: 0,
  /** The file generation starts from. */
  main: '',
  extracted: [] as EditorFile[],
  seq: 0,
  shownSeq: 0,
  view: 'generated' as 'diagnostics' | 'model' | 'generated' | 'tester',
  generatedTab: 'client.ts',
  operations: [] as OperationRef[],
  testerSeq: 0,
  /** The tester's example is for an older generation (or none was asked for yet). */
  exampleStale: false,
};

const worker = new Worker('worker.js');
const editor = byId<HTMLTextAreaElement>('editor');
const status = byId('status');

// ---------------------------------------------------------------------------------------------------------------
// Input files

function allEditorFiles(): EditorFile[] {
  return [...state.files, ...state.extracted];
}

function renderInputTabs(): void {
  const tabs = byId('input-tabs');
  tabs.replaceChildren(
    ...allEditorFiles().map((f, i) => {
      const b = el('button', { type: 'button', role: 'tab', 'data-file': f.name, 'aria-selected': String(i === state.current), class: f.readOnly ? 'extracted' : '' }, f.name + (f.name === state.main ? ' ★' : ''));
      b.title = f.readOnly ? 'extracted from the spec (read-only)' : f.name === state.main ? 'the main input' : 'imported by relative path';
      b.addEventListener('click', () => showFile(i));
      return b;
    }),
  );
  const main = byId<HTMLSelectElement>('main-file');
  main.replaceChildren(...state.files.map((f) => el('option', { value: f.name }, f.name)));
  main.value = state.main;
  byId<HTMLButtonElement>('remove-file').disabled = state.files.length < 2 || state.current >= state.files.length;
}

function showFile(i: number): void {
  state.current = Math.max(0, Math.min(i, allEditorFiles().length - 1));
  const f = allEditorFiles()[state.current];
  editor.value = f?.text ?? '';
  editor.readOnly = !!f?.readOnly;
  renderInputTabs();
  updateCaret();
}

function setFiles(files: EditorFile[], main?: string): void {
  state.files = files.length ? files : [{ name: 'input.wsdl', text: '' }];
  state.main = main && state.files.some((f) => f.name === main) ? main : (state.files.find((f) => /\.(wsdl|txt|md)$/i.test(f.name)) ?? state.files[0]!).name;
  state.extracted = [];
  showFile(state.files.findIndex((f) => f.name === state.main));
  schedule(0);
}

function addFiles(added: EditorFile[]): void {
  const byName = new Map(state.files.filter((f) => f.text !== '' || state.files.length > 1).map((f) => [f.name, f]));
  for (const f of added) byName.set(f.name, f);
  const files = [...byName.values()];
  const main = added.length && !byName.has(state.main) ? undefined : state.main;
  setFiles(files, main);
}

/** A safe relative name: `/`-separated, no `..`, no leading `/`. */
function cleanName(name: string): string {
  return name.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.' && s !== '..').join('/') || 'input.wsdl';
}

async function readDropped(list: FileList | readonly File[]): Promise<EditorFile[]> {
  const files = [...list];
  // A dropped folder selection keeps its relative paths, minus the common top folder.
  const paths = files.map((f) => cleanName((f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name));
  const top = paths.every((p) => p.includes('/')) ? paths[0]!.split('/')[0]! + '/' : '';
  const common = top && paths.every((p) => p.startsWith(top)) ? top.length : 0;
  return Promise.all(files.map(async (f, i) => ({ name: paths[i]!.slice(common), text: await f.text() })));
}

/** The name of the file the page starts with, until the user names files: `.wsdl` or, for a pasted spec, `.txt`. */
const UNTITLED = /^input\.(wsdl|txt)$/;

editor.addEventListener('input', () => {
  const f = allEditorFiles()[state.current];
  if (!f || f.readOnly) return;
  f.text = editor.value;
  if (state.files.length === 1 && UNTITLED.test(f.name)) {
    // Pasted text that is not XML is read as an Open Specifications document, as `generate <spec.txt>` would.
    const name = f.text.trim() && !/^\s*(?:\uFEFF)?</.test(f.text) ? 'input.txt' : 'input.wsdl';
    if (name !== f.name) {
      f.name = name;
      state.main = name;
      renderInputTabs();
    }
  }
  schedule(DEBOUNCE_MS);
});
// Chromium inserts a large paste into a textarea line by line (a 137 KB spec: about a minute); setRangeText takes
// milliseconds. Small pastes keep the native path, and with it undo.
const LARGE_PASTE = 16 * 1024;
editor.addEventListener('paste', (e) => {
  const text = e.clipboardData?.getData('text/plain') ?? '';
  if (editor.readOnly || text.length < LARGE_PASTE) return;
  e.preventDefault();
  editor.setRangeText(text, editor.selectionStart, editor.selectionEnd, 'end');
  editor.dispatchEvent(new Event('input'));
});
for (const ev of ['keyup', 'click', 'select']) editor.addEventListener(ev, updateCaret);

function updateCaret(): void {
  const before = editor.value.slice(0, editor.selectionStart);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  byId('caret').textContent = `Ln ${line}, Col ${column}`;
}

byId<HTMLSelectElement>('main-file').addEventListener('change', (e) => {
  state.main = (e.target as HTMLSelectElement).value;
  renderInputTabs();
  schedule(0);
});

byId('add-file').addEventListener('click', () => {
  const input = byId<HTMLInputElement>('new-file-name');
  const name = cleanName(input.value.trim() || `schema${state.files.length}.xsd`);
  input.value = '';
  if (!state.files.some((f) => f.name === name)) state.files.push({ name, text: '' });
  showFile(state.files.findIndex((f) => f.name === name));
  editor.focus();
});

byId('remove-file').addEventListener('click', () => {
  const f = state.files[state.current];
  if (!f || state.files.length < 2) return;
  state.files.splice(state.current, 1);
  if (state.main === f.name) state.main = state.files[0]!.name;
  showFile(0);
  schedule(0);
});

/** Files are read asynchronously: the status leaves "done" at once, so the previous output is not taken for theirs. */
function reading(): void {
  clearTimeout(timer);
  status.textContent = 'reading files…';
  status.dataset.state = 'pending';
}

async function readFiles(list: FileList): Promise<EditorFile[] | undefined> {
  try {
    return await readDropped(list);
  } catch (err) {
    status.textContent = `could not read the files: ${err instanceof Error ? err.message : String(err)}`;
    status.dataset.state = 'failed';
    return undefined;
  }
}

byId<HTMLInputElement>('pick-files').addEventListener('change', async (e) => {
  const list = (e.target as HTMLInputElement).files;
  if (!list?.length) return;
  reading();
  const files = await readFiles(list);
  if (files) setFiles(files);
});

const dropZone = byId('input-pane');
dropZone.addEventListener('dragover', (e) => {
  e.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', async (e) => {
  e.preventDefault();
  dropZone.classList.remove('dragging');
  const list = e.dataTransfer?.files;
  if (!list?.length) return;
  reading();
  // Dropping one file on a set adds it (an XSD the WSDL imports); dropping several replaces the set.
  const dropped = await readFiles(list);
  if (!dropped) return;
  if (dropped.length === 1 && state.files.some((f) => f.text.trim())) addFiles(dropped);
  else setFiles(dropped);
});

const sample = byId<HTMLSelectElement>('sample');
sample.replaceChildren(el('option', { value: '' }, 'Load a sample…'), ...SAMPLES.map((s) => el('option', { value: s.id }, s.label)));
sample.addEventListener('change', () => {
  const s = SAMPLES.find((x) => x.id === sample.value);
  if (s) setFiles(Object.entries(s.files).map(([name, text]) => ({ name, text })));
  sample.value = '';
});

// ---------------------------------------------------------------------------------------------------------------
// The pipeline

let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(delay: number): void {
  clearTimeout(timer);
  // Shown at once, so nobody reads the previous run's output as this edit's.
  status.dataset.state = 'pending';
  timer = setTimeout(run, delay);
}

function run(): void {
  if (state.files.every((f) => !f.text.trim())) {
    // Nothing to read yet: say what to do rather than report an empty document as malformed XML.
    state.shownSeq = ++state.seq;
    state.extracted = [];
    renderInputTabs();
    renderDiagnostics([]);
    renderTree([]);
    renderGenerated([]);
    renderTester([], 'nothing was generated yet');
    status.textContent = 'Paste a WSDL, open or drop files, or load a sample.';
    status.dataset.state = 'done';
    status.dataset.seq = String(state.seq);
    return;
  }
  const files: InputFile[] = state.files.map((f) => ({ name: f.name, text: f.text }));
  const req: WorkerRequest = { kind: 'generate', seq: ++state.seq, files, main: state.main };
  status.textContent = 'generating…';
  status.dataset.state = 'busy';
  worker.postMessage(req);
}

worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
  const res = e.data;
  if (res.kind === 'failed') {
    if (res.seq < state.shownSeq) return;
    status.textContent = `internal error: ${res.message}`;
    status.dataset.state = 'failed';
    return;
  }
  if (res.kind === 'generated') {
    // A slower, older run finishing after a newer one must not overwrite it.
    if (res.seq < state.shownSeq) return;
    state.shownSeq = res.seq;
    const errors = res.diagnostics.filter((d) => d.severity === 'error').length;
    status.textContent = `${res.files.length ? `${res.files.length} files` : 'nothing generated'}, ${res.diagnostics.length} diagnostics (${errors} errors) in ${Math.round(res.ms)} ms`;
    status.dataset.state = res.seq === state.seq ? 'done' : 'busy';
    status.dataset.seq = String(res.seq);
    const current = allEditorFiles()[state.current]?.name;
    state.extracted = res.extracted.map((f) => ({ name: f.name, text: f.text, readOnly: true }));
    const again = allEditorFiles().findIndex((f) => f.name === current);
    if (again >= 0) state.current = again;
    renderInputTabs();
    renderDiagnostics(res.diagnostics);
    renderTree(res.tree);
    renderGenerated(res.files);
    renderTester(res.operations, res.testerUnavailable);
    return;
  }
  if (res.seq !== state.testerSeq) return;
  if (res.kind === 'example') showExample(res.request, res.response, res.error);
  else showDecoded(res.outcome);
};

// ---------------------------------------------------------------------------------------------------------------
// Views

function selectView(view: typeof state.view): void {
  state.view = view;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#views [data-view]')) b.setAttribute('aria-selected', String(b.dataset.view === view));
  for (const p of document.querySelectorAll<HTMLElement>('.view')) p.hidden = p.id !== `view-${view}`;
  if (view === 'tester' && state.exampleStale) requestExample();
}
for (const b of document.querySelectorAll<HTMLButtonElement>('#views [data-view]')) b.addEventListener('click', () => selectView(b.dataset.view as typeof state.view));

function renderDiagnostics(ds: readonly Diagnostic[]): void {
  byId('diagnostic-count').textContent = String(ds.length);
  byId('diagnostic-count').dataset.errors = String(ds.filter((d) => d.severity === 'error').length);
  const rows = ds.map((d) => {
    const where = `${d.file}:${d.line}:${d.column}`;
    const loc = el('button', { type: 'button', class: 'loc' }, where);
    const target = allEditorFiles().some((f) => f.name === d.file) && d.line > 0;
    loc.disabled = !target;
    loc.title = target ? 'show in the input' : 'not one of the input files';
    loc.addEventListener('click', () => jumpTo(d.file, d.line, d.column));
    return el('tr', { 'data-code': d.code, 'data-severity': d.severity, 'data-file': d.file, 'data-line': String(d.line), 'data-column': String(d.column) }, el('td', { class: 'code' }, d.code), el('td', { class: `sev ${d.severity}` }, d.severity), el('td', {}, loc), el('td', { class: 'message' }, d.message, ...(d.path ? [el('div', { class: 'path' }, d.path)] : [])));
  });
  byId('diagnostics').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', class: 'empty' }, 'No diagnostics.'))]));
}

/** Selects line:col in the input editor and scrolls it into view. */
function jumpTo(file: string, line: number, column: number): void {
  const i = allEditorFiles().findIndex((f) => f.name === file);
  if (i < 0) return;
  showFile(i);
  selectIn(editor, line, column);
  updateCaret();
}

function renderTree(tree: readonly TreeNode[]): void {
  const root = byId('tree');
  const node = (n: TreeNode, depth: number): HTMLElement => {
    const label = el('span', { class: 'label' }, n.label);
    const parts: (Node | string)[] = [label];
    if (n.detail) parts.push(' ', el('span', { class: 'detail' }, n.detail));
    if (n.typeRef) {
      const link = el('a', { href: '#', class: 'type-link', 'data-type-ref': n.typeRef }, '→ definition');
      link.addEventListener('click', (e) => {
        e.preventDefault();
        revealType(n.typeRef!);
      });
      parts.push(' ', link);
    }
    if (n.source && n.source.line > 0) {
      const src = el('a', { href: '#', class: 'src-link' }, `${n.source.file}:${n.source.line}:${n.source.column}`);
      src.addEventListener('click', (e) => {
        e.preventDefault();
        jumpTo(n.source!.file, n.source!.line, n.source!.column);
      });
      parts.push(' ', src);
    }
    const attrs: Record<string, string> = n.typeId ? { 'data-type-id': n.typeId } : {};
    if (!n.children?.length) return el('div', { ...attrs, class: 'leaf' }, ...parts);
    const d = el('details', attrs, el('summary', {}, ...parts), ...n.children.map((c) => node(c, depth + 1)));
    // Bindings and their operations start open; types start closed.
    if (depth < 2 && !n.typeId && !n.label.startsWith('Types')) d.open = true;
    return d;
  };
  root.replaceChildren(...(tree.length ? tree.map((n) => node(n, 0)) : [el('p', { class: 'empty' }, 'No model (see the diagnostics).')]));
}

function revealType(id: string): void {
  const target = [...document.querySelectorAll<HTMLElement>('#tree [data-type-id]')].find((e) => e.dataset.typeId === id);
  if (!target) return;
  for (let p: HTMLElement | null = target; p; p = p.parentElement) if (p instanceof HTMLDetailsElement) p.open = true;
  selectView('model');
  target.scrollIntoView({ block: 'center' });
  target.classList.remove('flash');
  void target.offsetWidth;
  target.classList.add('flash');
}

function renderGenerated(files: readonly { path: string; text: string }[]): void {
  const tabs = byId('generated-tabs');
  const panes = byId('generated');
  if (!files.some((f) => f.path === state.generatedTab) && files[0]) state.generatedTab = files[0].path;
  tabs.replaceChildren(
    ...files.map((f) => {
      const b = el('button', { type: 'button', role: 'tab', 'data-path': f.path, 'aria-selected': String(f.path === state.generatedTab) }, f.path);
      b.addEventListener('click', () => {
        state.generatedTab = f.path;
        for (const t of tabs.children) t.setAttribute('aria-selected', String((t as HTMLElement).dataset.path === f.path));
        for (const p of panes.children) (p as HTMLElement).hidden = (p as HTMLElement).dataset.path !== f.path;
      });
      return b;
    }),
  );
  panes.replaceChildren(
    ...files.map((f) => {
      const code = el('code');
      highlightInto(code, f.text, 'typescript');
      const pre = el('pre', { 'data-path': f.path }, code);
      pre.hidden = f.path !== state.generatedTab;
      return pre;
    }),
  );
  if (!files.length) panes.append(el('p', { class: 'empty' }, 'Nothing generated (see the diagnostics).'));
  // For the benchmark (test/bench/playground.js): navigation → the first generated client.ts on screen.
  if (files.some((f) => f.path === 'client.ts') && !performance.getEntriesByName('wsdl2ts:first-client').length) performance.mark('wsdl2ts:first-client');
}

// ---------------------------------------------------------------------------------------------------------------
// Message tester

const testerOp = byId<HTMLSelectElement>('tester-op');
const testerResponse = byId<HTMLTextAreaElement>('tester-response');

function renderTester(operations: readonly OperationRef[], unavailable?: string): void {
  const prev = selectedOperation();
  const previous = prev ? `${prev.binding}#${prev.operation}` : '';
  state.operations = [...operations];
  testerOp.replaceChildren(...operations.map((o, i) => el('option', { value: String(i) }, o.label)));
  const again = operations.findIndex((o) => `${o.binding}#${o.operation}` === previous);
  testerOp.value = String(Math.max(again, 0));
  testerOp.disabled = !operations.length || !!unavailable;
  byId<HTMLButtonElement>('tester-decode').disabled = testerOp.disabled;
  byId('tester-unavailable').textContent = unavailable ?? '';
  byId('tester-unavailable').hidden = !unavailable;
  // The engine loads on first use: only when the tab is open (or opened later).
  state.exampleStale = !testerOp.disabled;
  if (!testerOp.disabled) {
    if (state.view === 'tester') requestExample();
  } else {
    byId('tester-request').replaceChildren();
    showDecoded(undefined);
  }
}

function selectedOperation(): OperationRef | undefined {
  return state.operations[Number(testerOp.value)];
}

function requestExample(): void {
  const op = selectedOperation();
  if (!op) return;
  state.exampleStale = false;
  const req: WorkerRequest = { kind: 'example', seq: ++state.testerSeq, binding: op.binding, operation: op.operation };
  worker.postMessage(req);
}

let exampleResponse = '';

function showExample(request?: string, response?: string, error?: string): void {
  const code = el('code');
  highlightInto(code, error ? `<!-- ${error} -->` : (request ?? ''), 'xml');
  byId('tester-request').replaceChildren(code);
  exampleResponse = response ?? '';
  byId<HTMLButtonElement>('tester-use-example').disabled = !exampleResponse;
  if (testerResponse.value.trim()) decode();
  else showDecoded(undefined);
}

function decode(): void {
  const op = selectedOperation();
  if (!op) return;
  const soap = byId<HTMLSelectElement>('tester-soap').value;
  const req: WorkerRequest = { kind: 'decode', seq: ++state.testerSeq, binding: op.binding, operation: op.operation, xml: testerResponse.value, ...(soap === '1.1' || soap === '1.2' ? { soapVersion: soap } : {}) };
  worker.postMessage(req);
}

function showDecoded(outcome: DecodeOutcome | undefined): void {
  const out = byId('tester-result');
  if (!outcome) {
    out.replaceChildren();
    delete out.dataset.ok;
    delete out.dataset.kind;
    return;
  }
  out.dataset.ok = String(outcome.ok);
  if (outcome.ok) {
    delete out.dataset.kind;
    out.replaceChildren(el('div', { class: 'ok' }, 'Decoded:'), el('pre', { class: 'json' }, outcome.json));
    return;
  }
  out.dataset.kind = outcome.kind;
  const parts: HTMLElement[] = [el('div', { class: 'error' }, `${outcome.kind}: ${outcome.message}`)];
  if (outcome.path) parts.push(el('div', { class: 'error-path' }, 'path ', el('code', {}, outcome.path)));
  if (outcome.line) {
    const at = el('button', { type: 'button', class: 'loc' }, `line ${outcome.line}${outcome.column ? `, column ${outcome.column}` : ''} of the response`);
    at.addEventListener('click', () => selectIn(testerResponse, outcome.line!, outcome.column ?? 1));
    parts.push(el('div', {}, 'at ', at));
  }
  out.replaceChildren(...parts);
}

/** Selects from line:col to the end of that line in a textarea, and scrolls to it. */
function selectIn(area: HTMLTextAreaElement, line: number, column: number): void {
  const lines = area.value.split('\n');
  let offset = 0;
  for (let l = 0; l < line - 1 && l < lines.length; l++) offset += lines[l]!.length + 1;
  const lineText = lines[Math.min(line, lines.length) - 1] ?? '';
  area.focus();
  area.setSelectionRange(offset + Math.min(Math.max(column - 1, 0), lineText.length), offset + lineText.length);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 16;
  area.scrollTop = Math.max(0, (line - 1) * lineHeight - area.clientHeight / 3);
}

testerOp.addEventListener('change', requestExample);
byId('tester-soap').addEventListener('change', () => {
  if (testerResponse.value.trim()) decode();
});
let decodeTimer: ReturnType<typeof setTimeout> | undefined;
testerResponse.addEventListener('input', () => {
  clearTimeout(decodeTimer);
  decodeTimer = setTimeout(decode, DEBOUNCE_MS);
});
byId('tester-decode').addEventListener('click', decode);
byId('tester-use-example').addEventListener('click', () => {
  testerResponse.value = exampleResponse;
  decode();
});
byId('tester-copy').addEventListener('click', async () => {
  const text = byId('tester-request').textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    byId('tester-copy').textContent = 'Copied';
  } catch {
    // No clipboard permission (a file: page, an old browser): select the text so Ctrl-C copies it.
    const range = document.createRange();
    range.selectNodeContents(byId('tester-request'));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    byId('tester-copy').textContent = 'Selected: press Ctrl-C';
  }
  setTimeout(() => (byId('tester-copy').textContent = 'Copy'), 1500);
});

// ---------------------------------------------------------------------------------------------------------------

selectView('generated');
setFiles([{ name: 'input.wsdl', text: '' }]);
const first = new URLSearchParams(location.search).get('sample');
if (first) {
  const s = SAMPLES.find((x) => x.id === first);
  if (s) setFiles(Object.entries(s.files).map(([name, text]) => ({ name, text })));
}
