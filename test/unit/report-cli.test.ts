import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CoverageReport } from '../../src/report/build-report';
import { MIXED_WSDL } from './report-fixtures';

// Each test runs the generator (seconds when the shared machine is busy): do not fail on a slow moment.
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/ms-wms.wsdl');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

/**
 * mixed.wsdl: degraded (W2T510, W2T511, W2T503) and unsupported (W2T500, W2T754) constructs; errors: W2T752 (binding EB,
 * rpc/encoded only, gets no method at all) and, `withError`, W2T300.
 */
function fixture(withError = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-report-'));
  const text = withError ? MIXED_WSDL : MIXED_WSDL.replace('type="tns:Nope"', 'type="xs:string"');
  writeFileSync(path.join(dir, 'mixed.wsdl'), text);
  return dir;
}

describe('wsdl2ts generate --fail-on', () => {
  const DEGRADED_ONLY = `<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <wsdl:types><xs:schema targetNamespace="urn:t"><xs:simpleType name="Login"><xs:restriction base="xs:string"><xs:pattern value="^[a-z]+"/></xs:restriction></xs:simpleType></xs:schema></wsdl:types>
</wsdl:definitions>`;

  test('degraded fails (exit 1) and still writes the same files; unsupported passes on a degraded-only input', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-failon-'));
    writeFileSync(path.join(dir, 'p.wsdl'), DEGRADED_ONLY);
    const plain = await run(['generate', path.join(dir, 'p.wsdl'), '--out', path.join(dir, 'plain')]);
    expect(plain.err).toContain('W2T511');
    const failing = await run(['generate', path.join(dir, 'p.wsdl'), '--out', path.join(dir, 'failing'), '--fail-on', 'degraded']);
    expect(failing.code).toBe(1);
    expect(failing.err).toContain('--fail-on degraded: 1 diagnostic(s)');
    const files = readdirSync(path.join(dir, 'plain')).sort();
    expect(readdirSync(path.join(dir, 'failing')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(dir, 'failing', f), 'utf8')).toBe(readFileSync(path.join(dir, 'plain', f), 'utf8'));
    expect((await run(['generate', path.join(dir, 'p.wsdl'), '--out', path.join(dir, 'u'), '--fail-on', 'unsupported'])).code).toBe(plain.code);
    expect(plain.code).toBe(0);
  });

  test('unsupported fails on an rpc operation; MS-WMS passes even --fail-on warning', async () => {
    const dir = fixture(false);
    const r = await run(['generate', path.join(dir, 'mixed.wsdl'), '--out', path.join(dir, 'out'), '--fail-on', 'unsupported']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--fail-on unsupported: 4 diagnostic\(s\)/);
    expect((await run(['generate', SAMPLE, '--out', path.join(dir, 'wms'), '--fail-on', 'warning'])).code).toBe(0);
  });

  test('a bad level is a usage error, from the flag or the config file', async () => {
    const bad = await run(['generate', SAMPLE, '--out', mkdtempSync(path.join(tmpdir(), 'x-')), '--fail-on', 'sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('W2T900 error: --fail-on must be one of unsupported, degraded, warning, not "sometimes"');
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-cfg-'));
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ input: SAMPLE, out: 'gen', failOn: 'nope' }));
    expect((await run(['generate', '--config', path.join(dir, 'c.json')])).code).toBe(2);
  });
});

describe('wsdl2ts report', () => {
  test('--out report.html writes one HTML file and prints the summary', async () => {
    const dir = fixture(false);
    const out = path.join(dir, 'r', 'report.html');
    const r = await run(['report', path.join(dir, 'mixed.wsdl'), '--out', out]);
    // The report is written; the exit code says the input has an error (W2T752: binding EB gets no method at all).
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('mixed.wsdl: operations 2 full, 1 degraded, 1 unsupported, 0 error');
    expect(r.err).toContain('(1 errors,');
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('W2T754');
  });

  test('--json prints the report; exit 1 when the input has errors or --fail-on is broken', async () => {
    const dir = fixture(true);
    const r = await run(['report', path.join(dir, 'mixed.wsdl'), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as CoverageReport;
    expect(json.summary.diagnostics.error).toBe(2);
    expect(json.input).toBe('mixed.wsdl');
    const clean = fixture(false);
    expect((await run(['report', path.join(clean, 'mixed.wsdl'), '--json', '--out', path.join(clean, 'r.json'), '--fail-on', 'degraded'])).code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(clean, 'r.json'), 'utf8')).tool).toBe('wsdl2ts report');
    expect((await run(['report', SAMPLE, '--json', '--out', path.join(clean, 'wms.json'), '--fail-on', 'warning'])).code).toBe(0);
  });

  test('MS-WMS: nine operations, all mapped fully, and the same bytes on every run', async () => {
    const a = await run(['report', SAMPLE]);
    const b = await run(['report', SAMPLE]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.err).toContain('ms-wms.wsdl: operations 9 full, 0 degraded, 0 unsupported, 0 error');
    expect(a.out).not.toContain(REPO);
  });
});
