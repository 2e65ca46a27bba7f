/**
 * The playground in a real browser: headless Chromium from the Debian `chromium` package, driven by playwright-core
 * (no browser download), against the built page served on 127.0.0.1. One browser for every case.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { generateWithDiagnostics, GenerateResult } from '../../src/generate/generate';
import { specInput } from '../../src/extract/spec-input';
import { nodeHost } from '../../src/read/node-host';
import { extractSpec } from '../../src/extract/extract-spec';
import { specDir } from '../helpers/spec-dir';
import { loadTester } from '../unit/tester-load';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(__dirname, '../..');
const MS_WMS = path.join(REPO, 'samples/ms-wms.wsdl');
const RPC = readFileSync(path.join(REPO, 'test/golden/rpc-literal/input.wsdl'), 'utf8');
const SPEC = path.join(specDir(), 'MS-WMS.txt');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require('../../playground/build') as { build(out: string): Promise<unknown> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serve } = require('../../playground/serve') as { serve(dir: string, port: number): Promise<Server> };

jest.setTimeout(120_000);

let dir: string;
let server: Server | undefined;
let browser: Browser | undefined;
let url: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package with apt-get install chromium (playwright-core drives it; no browser is downloaded)`);
  dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-playground-'));
  await build(path.join(dir, 'site'));
  server = await serve(path.join(dir, 'site'), 0);
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

async function open(): Promise<Page> {
  const page = await browser!.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Nothing but the page's own files: no CDN, no network.
  page.on('request', (r) => {
    if (!r.url().startsWith(url)) pageErrors.push(`request to ${r.url()}`);
  });
  await page.goto(url);
  await settled(page);
  return page;
}

/** Waits until the latest edit has been generated (the status leaves "pending"/"busy"). */
async function settled(page: Page): Promise<string> {
  await page.waitForSelector('#status[data-state="done"]', { timeout: 30_000 });
  return (await page.textContent('#status')) ?? '';
}

/** Replaces the editor's text as typing would (small edits). */
async function paste(page: Page, text: string): Promise<void> {
  await page.fill('#editor', text);
  await settled(page);
}

/** A real paste event carrying `text` (the clipboard's text/plain), into the empty editor. */
async function pasteEvent(page: Page, text: string): Promise<void> {
  await page.focus('#editor');
  await page.$eval(
    '#editor',
    (e, t) => {
      const g = globalThis as unknown as { DataTransfer: new () => { setData(type: string, v: string): void }; ClipboardEvent: new (type: string, init: unknown) => unknown };
      const data = new g.DataTransfer();
      data.setData('text/plain', t);
      e.dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }) as never);
    },
    text,
  );
  await settled(page);
}

const generated = (page: Page, file: string) => page.$eval(`#generated pre[data-path="${file}"] code`, (e) => e.textContent ?? '');
const shownFiles = (page: Page) => page.$$eval('#generated pre[data-path]', (es) => es.map((e) => e.getAttribute('data-path')));

/** Node's generate() (the disk host, as the CLI reads) on the same files, written to a fresh folder. */
async function inNode(files: Record<string, string>, main: string): Promise<GenerateResult> {
  const folder = mkdtempSync(path.join(dir, 'node-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
  return generateWithDiagnostics({ input: path.join(folder, main) });
}

async function expectSameFiles(page: Page, expected: GenerateResult): Promise<void> {
  expect(expected.files.length).toBeGreaterThan(0);
  expect(await shownFiles(page)).toEqual(expected.files.map((f) => f.path));
  for (const f of expected.files) expect({ file: f.path, text: await generated(page, f.path) }).toEqual({ file: f.path, text: f.text });
}

test('pasted MS-WMS: client.ts, types.ts, serializers.ts (every file) are byte for byte what generate() writes in Node', async () => {
  const page = await open();
  const wsdl = readFileSync(MS_WMS, 'utf8');
  await pasteEvent(page, wsdl);
  expect(await page.$eval('#editor', (e) => (e as unknown as { value: string }).value)).toBe(wsdl);
  await page.waitForSelector('#generated pre[data-path="client.ts"]', { state: 'attached' });
  const node = await inNode({ 'input.wsdl': wsdl }, 'input.wsdl');
  expect(node.files.map((f) => f.path)).toEqual(expect.arrayContaining(['types.ts', 'serializers.ts', 'client.ts', 'server.ts']));
  await expectSameFiles(page, node);
  expect(await generated(page, 'client.ts')).toContain('class DefaultBinding_IWorkManagementServiceApplicationClient');
  // Highlighted by highlight.js, not just shown.
  expect(await page.$$eval('#generated pre[data-path="client.ts"] code .hljs-keyword', (es) => es.length)).toBeGreaterThan(50);
  expect(await page.textContent('#diagnostic-count')).toBe(String(node.diagnostics.length));

  // The sample picker loads the bundled samples/ms-wms.wsdl under its own name.
  await page.selectOption('#sample', 'ms-wms');
  await settled(page);
  await expectSameFiles(page, await generateWithDiagnostics({ input: MS_WMS }));
  await page.close();
});

test('a broken WSDL: the located diagnostics (code and line:col) are shown and lead to the place in the editor', async () => {
  const page = await open();
  const lines = RPC.split('\n');
  // An unclosed tag: the parser stops at the mismatched end tag.
  const unclosed = RPC.replace('<xs:element name="age" type="xs:int" nillable="true"/>', '<xs:element name="age" type="xs:int" nillable="true">');
  await paste(page, unclosed);
  const node = (await inNode({ 'input.wsdl': unclosed }, 'input.wsdl')).diagnostics.find((d) => d.code === 'W2T100');
  expect(node).toBeDefined();
  const ageLine = lines.findIndex((l) => l.includes('name="age"')) + 1;
  expect(node!.line).toBeGreaterThanOrEqual(ageLine);
  expect(node!.line).toBeLessThanOrEqual(ageLine + 3);
  const row = page.locator('#diagnostics tr[data-code="W2T100"]');
  expect(await row.count()).toBe(1);
  expect(await row.locator('.loc').textContent()).toBe(`input.wsdl:${node!.line}:${node!.column}`);
  expect(await row.getAttribute('data-severity')).toBe('error');
  expect(await page.locator('#generated pre').count()).toBe(0);
  await page.click('[data-view="diagnostics"]');
  await row.locator('.loc').click();
  expect(await page.textContent('#caret')).toBe(`Ln ${node!.line}, Col ${node!.column}`);

  // A dangling type reference: reported where the reference is, and nothing generated is silently wrong.
  const dangling = RPC.replace('type="t:Person" minOccurs="0"', 'type="t:Missing" minOccurs="0"');
  await paste(page, dangling);
  const refLine = dangling.split('\n').findIndex((l) => l.includes('t:Missing')) + 1;
  const expected = (await inNode({ 'input.wsdl': dangling }, 'input.wsdl')).diagnostics.filter((d) => d.message.includes('Missing'));
  expect(expected.length).toBeGreaterThan(0);
  expect(expected[0]!.line).toBe(refLine);
  const shown = await page.$$eval('#diagnostics tr[data-code]', (rows) => rows.map((r) => ({ code: r.getAttribute('data-code'), loc: r.querySelector('.loc')?.textContent, message: r.querySelector('.message')?.textContent ?? '' })));
  for (const d of expected) expect(shown).toContainEqual({ code: d.code, loc: `input.wsdl:${d.line}:${d.column}`, message: expect.stringContaining(d.message) });
  await page.locator(`#diagnostics tr[data-code="${expected[0]!.code}"] .loc`).first().click();
  expect(await page.textContent('#caret')).toBe(`Ln ${refLine}, Col ${expected[0]!.column}`);
  const selected = await page.$eval('#editor', (e) => {
    const t = e as unknown as { value: string; selectionStart: number; selectionEnd: number };
    return t.value.slice(t.selectionStart, t.selectionEnd);
  });
  expect(selected).toContain('t:Missing');
  await page.close();
});

test('the model tree shows the binding, its operations and their messages; a type link opens its definition', async () => {
  const page = await open();
  await page.selectOption('#sample', 'ms-wms');
  await settled(page);
  await page.click('[data-view="model"]');
  const model = (await generateWithDiagnostics({ input: MS_WMS })).model!;
  const binding = model.wsdl.bindings[0]!;
  expect(model.wsdl.bindings).toHaveLength(1);
  const summaries = await page.$$eval('#tree summary > .label', (es) => es.map((e) => e.textContent));
  expect(summaries).toContain(`binding ${binding.name.local}`);
  const operations = summaries.filter((s) => s?.startsWith('operation ')).map((s) => s!.slice('operation '.length));
  expect(operations).toEqual(binding.operations.map((o) => o.name));
  expect(operations).toHaveLength(9);
  // Operation → input message → part → the element's type, a link to its definition under Types.
  const op = page.locator('#tree details', { has: page.locator(':scope > summary > .label', { hasText: /^operation BeginCacheRefresh$/ }) });
  await op.locator(':scope > summary').click();
  const input = op.locator('details', { has: page.locator(':scope > summary > .label', { hasText: /^input / }) });
  await input.locator(':scope > summary').click();
  const typeId = binding.operations.find((o) => o.name === 'BeginCacheRefresh')!.input!.body[0]!.type;
  const link = input.locator(`a.type-link[data-type-ref="${typeId}"]`);
  expect(await link.count()).toBe(1);
  const target = page.locator(`#tree [data-type-id=${JSON.stringify(typeId)}]`);
  expect(await target.count()).toBe(1);
  expect(await target.isVisible()).toBe(false);
  await link.click();
  expect(await target.isVisible()).toBe(true);
  expect(await target.locator(':scope > summary > .label, :scope > .label').first().textContent()).toBe(model.types.find((t) => t.id === typeId)!.tsName);
  await page.close();
});

test('message tester: an MS-WMS section-4 response is decoded, a broken one shows the DecodeError path', async () => {
  const page = await open();
  await page.selectOption('#sample', 'ms-wms');
  await settled(page);
  await page.click('[data-view="tester"]');
  const node = await loadTester(MS_WMS);
  const B = 'DefaultBinding_IWorkManagementServiceApplication';
  const labels = await page.$$eval('#tester-op option', (os) => os.map((o) => o.textContent));
  expect(labels).toEqual(node.tester.operations().map((o) => `${o.binding} · ${o.operation} (SOAP ${o.soapVersion})`));
  await page.selectOption('#tester-op', { label: `${B} · BeginCacheRefresh (SOAP 1.1)` });
  // The example request, built from the types, as the engine builds it in Node.
  await page.waitForSelector('#tester-request:has-text("BeginCacheRefresh")');
  expect(await page.textContent('#tester-request')).toBe(node.tester.exampleRequest(B, 'BeginCacheRefresh'));

  // A response from MS-WMS section 4 (SharePoint answers SOAP 1.2, as the spec's examples show).
  const examples = extractSpec('MS-WMS.txt', readFileSync(SPEC, 'utf8')).examples;
  const response = examples.find((e) => e.section === '4' && e.body?.local === 'BeginCacheRefreshResponse')!.text;
  await page.selectOption('#tester-soap', '1.2');
  await page.fill('#tester-response', response);
  await page.waitForSelector('#tester-result[data-ok="true"]');
  const decoded = JSON.parse((await page.textContent('#tester-result pre.json')) ?? '');
  expect(decoded).toEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } });

  // Broken: a member that is not an int. The error names the member's path and where it is in the response.
  const broken = response.replace(/(<[\w:]*CurrentJobId>)2(<)/, '$1two$2');
  expect(broken).not.toBe(response);
  await page.fill('#tester-response', broken);
  await page.waitForSelector('#tester-result[data-ok="false"]');
  const expected = node.tester.decodeResponse(B, 'BeginCacheRefresh', broken, { soapVersion: '1.2' });
  expect(expected).toMatchObject({ ok: false, kind: 'decode', path: '/Envelope/Body/BeginCacheRefreshResponse/BeginCacheRefreshResult/CurrentJobId' });
  expect(await page.getAttribute('#tester-result', 'data-kind')).toBe('decode');
  expect(await page.textContent('#tester-result .error-path code')).toBe('/Envelope/Body/BeginCacheRefreshResponse/BeginCacheRefreshResult/CurrentJobId');
  expect(await page.textContent('#tester-result .error')).toContain('two');
  const { line, column } = expected as { line: number; column: number };
  await page.click('#tester-result .loc');
  const selected = await page.$eval('#tester-response', (e) => {
    const t = e as unknown as { value: string; selectionStart: number; selectionEnd: number };
    return t.value.slice(t.selectionStart, t.selectionEnd);
  });
  expect(selected.startsWith(broken.split('\n')[line - 1]!.slice(column - 1))).toBe(true);
  expect(selected).toContain('two');

  // As the binding says (SOAP 1.1), the 1.2 answer is refused, and the message says which option reads it.
  await page.fill('#tester-response', response);
  await page.selectOption('#tester-soap', '');
  await page.waitForSelector('#tester-result[data-kind="envelope"]');
  expect(await page.textContent('#tester-result .error')).toMatch(/soapVersion: '1.2'/);
  await page.close();
});

test('several files: an XSD in another tab is imported by its relative path, as from disk', async () => {
  const page = await open();
  const wsdl = RPC.replace(/<xs:schema targetNamespace="urn:golden:rpc:types"[\s\S]*?<\/xs:schema>/, '<xs:schema targetNamespace="urn:golden:rpc:imports"><xs:import namespace="urn:golden:rpc:types" schemaLocation="xsd/types.xsd"/></xs:schema>');
  const schema = /<xs:schema targetNamespace="urn:golden:rpc:types"[\s\S]*?<\/xs:schema>/.exec(RPC)![0].replace('<xs:schema ', '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:golden:rpc:types" ');
  await paste(page, wsdl);
  await page.fill('#new-file-name', 'xsd/types.xsd');
  await page.click('#add-file');
  await paste(page, schema);
  expect(await page.$$eval('#input-tabs [data-file]', (es) => es.map((e) => e.getAttribute('data-file')))).toEqual(['input.wsdl', 'xsd/types.xsd']);
  const node = await inNode({ 'input.wsdl': wsdl, 'xsd/types.xsd': schema }, 'input.wsdl');
  expect(node.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(node.files.find((f) => f.path === 'types.ts')!.text).toContain('interface Person');
  await expectSameFiles(page, node);
  await page.close();
});

test('dropping a set of files replaces the input; their imports resolve among them', async () => {
  const page = await open();
  const wsdl = RPC.replace(/<xs:schema targetNamespace="urn:golden:rpc:types"[\s\S]*?<\/xs:schema>/, '<xs:schema targetNamespace="urn:golden:rpc:imports"><xs:import namespace="urn:golden:rpc:types" schemaLocation="types.xsd"/></xs:schema>');
  const schema = /<xs:schema targetNamespace="urn:golden:rpc:types"[\s\S]*?<\/xs:schema>/.exec(RPC)![0].replace('<xs:schema ', '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:golden:rpc:types" ');
  const dropped = { 'types.xsd': schema, 'service.wsdl': wsdl };
  // In the page (the test's own tsconfig has no DOM types): a DataTransfer holding the files, as a drop gives it.
  const transfer = await page.evaluateHandle((files) => {
    const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: string[], name: string) => unknown };
    const dt = new g.DataTransfer();
    for (const [name, text] of Object.entries(files)) dt.items.add(new g.File([text], name));
    return dt;
  }, dropped);
  await page.dispatchEvent('#input-pane', 'drop', { dataTransfer: transfer });
  await page.waitForSelector('#input-tabs [data-file="service.wsdl"]');
  await settled(page);
  // The WSDL is the main input whatever the order dropped.
  expect(await page.$eval('#main-file', (e) => (e as unknown as { value: string }).value)).toBe('service.wsdl');
  await expectSameFiles(page, await inNode(dropped, 'service.wsdl'));
  await page.close();
});

test('an Open Specifications document (MS-WMS.txt) generates what `generate <spec>` does', async () => {
  const page = await open();
  await page.setInputFiles('#pick-files', SPEC);
  await settled(page);
  const spec = specInput(SPEC, readFileSync(SPEC, 'utf8'), nodeHost);
  const node = await generateWithDiagnostics({ input: spec.input!, host: spec.host });
  await expectSameFiles(page, node);
  // The extracted documents are shown (read-only) so diagnostics can point into them.
  const tabs = await page.$$eval('#input-tabs [data-file]', (es) => es.map((e) => e.getAttribute('data-file')));
  expect(tabs).toEqual(['MS-WMS.txt', ...spec.extracted.documents.map((d) => d.path)]);

  // Pasted into the untitled tab, a document that is not XML is read as a spec too.
  const fresh = await open();
  await pasteEvent(fresh, readFileSync(SPEC, 'utf8'));
  expect(await fresh.$$eval('#input-tabs [data-file]', (es) => es[0]?.getAttribute('data-file'))).toBe('input.txt');
  await expectSameFiles(fresh, node);
  await fresh.close();
  await page.close();
});

test('the built folder is static and self-contained: no absolute path, no remote URL loaded', () => {
  const site = path.join(dir, 'site');
  for (const name of ['index.html', 'app.js', 'worker.js', 'tester.js', 'style.css']) {
    const text = readFileSync(path.join(site, name), 'utf8');
    expect({ name, hasRepoPath: text.includes(REPO), hasTmpPath: text.includes(dir) }).toEqual({ name, hasRepoPath: false, hasTmpPath: false });
  }
  const html = readFileSync(path.join(site, 'index.html'), 'utf8');
  expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['data:,', 'style.css', 'app.js']);
});

test('the local server serves the built files only: no other path, no other method', async () => {
  const get = async (p: string, method = 'GET') => {
    const res = await fetch(new URL(p, url), { method });
    return { status: res.status, type: res.headers.get('content-type') };
  };
  expect(await get('/')).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
  expect(await get('/worker.js')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8' });
  expect((await get('/%2e%2e/package.json')).status).toBe(404);
  expect((await get('/..%2fpackage.json')).status).toBe(404);
  expect((await get('/site/index.html')).status).toBe(404);
  expect((await get('/index.html', 'POST')).status).toBe(405);
});
