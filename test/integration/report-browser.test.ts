/**
 * The HTML coverage report in a real browser: headless Chromium from the Debian `chromium` package, driven by
 * playwright-core (no browser download). Sorting and filtering work with JavaScript on; with it off the report is a
 * plain, complete table; the page asks for nothing but itself.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, BrowserContext, Page } from 'playwright-core';
import type { CoverageReport } from '../../src/report/build-report';
import { renderHtml } from '../../src/report/render-html';
import { coverageReport } from '../../src/report/run-report';
import { memoryHost, ROOT } from '../helpers/memory-host';
import { MIXED_WSDL } from '../unit/report-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

jest.setTimeout(120_000);

let dir: string;
let url: string;
let report: CoverageReport;
const contexts: BrowserContext[] = [];

async function open(javaScriptEnabled: boolean): Promise<{ page: Page; requests: string[] }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run apt-get install chromium (the Debian package; no browser is downloaded)`);
  // A fresh profile per context, removed at the end.
  const context = await chromium.launchPersistentContext(mkdtempSync(path.join(dir, 'profile-')), { executablePath: CHROMIUM, args: ARGS, headless: true, javaScriptEnabled });
  contexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests };
}

const visibleNames = (page: Page) => page.$$eval('#items tbody tr', (rows) => rows.filter((r) => !(r as unknown as { hidden: boolean }).hidden).map((r) => r.getAttribute('data-name') ?? ''));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-report-browser-'));
  report = await coverageReport({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': MIXED_WSDL }) });
  const file = path.join(dir, 'report.html');
  writeFileSync(file, renderHtml(report));
  url = pathToFileURL(file).href;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const shownItems = () => report.items.filter((it) => !it.bundled || it.status !== 'full');

test('with JavaScript: the constructs table sorts by a column and filters by text, status and kind', async () => {
  const { page, requests } = await open(true);
  const all = shownItems().map((it) => it.name);
  expect(await visibleNames(page)).toEqual(all);
  expect(await page.textContent('#shown')).toBe(`${all.length} of ${all.length} shown`);

  await page.click('#items thead th[data-key="name"] button');
  const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
  expect(await visibleNames(page)).toEqual([...all].sort(byName));
  expect(await page.getAttribute('#items thead th[data-key="name"]', 'aria-sort')).toBe('ascending');
  await page.click('#items thead th[data-key="name"] button');
  expect((await visibleNames(page))[0]).toBe([...all].sort(byName).reverse()[0]);
  expect(await page.getAttribute('#items thead th[data-key="name"]', 'aria-sort')).toBe('descending');

  // Worst first: sorting by status twice puts error, then unsupported, at the top.
  await page.click('#items thead th[data-key="status-rank"] button');
  await page.click('#items thead th[data-key="status-rank"] button');
  const statuses = await page.$$eval('#items tbody tr', (rows) => rows.map((r) => r.getAttribute('data-status')));
  expect(statuses[0]).toBe('error');

  await page.selectOption('#filter-status', 'unsupported');
  const unsupported = shownItems().filter((it) => it.status === 'unsupported').map((it) => it.name);
  expect((await visibleNames(page)).sort()).toEqual([...unsupported].sort());
  expect(unsupported.sort()).toEqual(['EB', 'EB/Add']);

  await page.selectOption('#filter-kind', 'operation');
  expect((await visibleNames(page)).sort()).toEqual(['EB/Add']);

  await page.selectOption('#filter-status', 'all');
  await page.selectOption('#filter-kind', 'all');
  await page.fill('#filter-text', 'w2t510');
  expect(await visibleNames(page)).toEqual(['Para']);
  expect(await page.textContent('#shown')).toBe(`1 of ${all.length} shown`);

  // The page asked for nothing but itself.
  expect(requests).toEqual([url]);
});

test('without JavaScript: the whole table and every diagnostic are there and readable', async () => {
  const { page, requests } = await open(false);
  expect(await page.$$eval('#controls *', (els) => els.length)).toBe(0);
  expect(await visibleNames(page)).toEqual(shownItems().map((it) => it.name));
  const para = page.locator('#items tbody tr[data-name="Para"]');
  expect(await para.isVisible()).toBe(true);
  expect(await para.innerText()).toMatch(/type\s+Para[\s\S]*degraded[\s\S]*W2T510/);
  expect(await page.locator('.diag').count()).toBe(report.diagnostics.length);
  expect(await page.locator('#summary-counts').innerText()).toContain('operation');
  expect(await page.locator('text=W2T203').first().isVisible()).toBe(true);
  expect(requests).toEqual([url]);
});
