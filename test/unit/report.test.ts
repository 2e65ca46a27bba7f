import { generateWithDiagnostics } from '../../src/generate/generate';
import { buildReport, codeCounts, CoverageReport, ReportItem } from '../../src/report/build-report';
import { collectReportInput, coverageReport } from '../../src/report/run-report';
import { memoryHost, ROOT } from '../helpers/memory-host';
import { MIXED_WSDL, NS } from './report-fixtures';

// Each test runs the generator (seconds when the shared machine is busy): do not fail on a slow moment.
jest.setTimeout(60_000);

const input = `${ROOT}/main.wsdl`;
const find = (r: CoverageReport, kind: string, name: string): ReportItem => {
  const it = r.items.find((i) => i.kind === kind && i.name === name);
  if (!it) throw new Error(`no ${kind} ${name} in ${r.items.map((i) => `${i.kind} ${i.name}`).join(', ')}`);
  return it;
};
const codesOf = (r: CoverageReport, it: ReportItem) => it.diagnostics.map((i) => r.diagnostics[i]!.code).sort();

describe('coverage report: classification and attribution', () => {
  let report: CoverageReport;
  let pipeline: Awaited<ReturnType<typeof generateWithDiagnostics>>;
  beforeAll(async () => {
    report = await coverageReport({ input, host: memoryHost({ 'main.wsdl': MIXED_WSDL }) });
    pipeline = await generateWithDiagnostics({ input, host: memoryHost({ 'main.wsdl': MIXED_WSDL }) });
  });

  test('the report holds exactly the diagnostics generate reports, emit-time ones included', () => {
    const expected: Record<string, number> = {};
    for (const d of pipeline.diagnostics) expected[d.code] = (expected[d.code] ?? 0) + 1;
    expect(codeCounts(report)).toEqual(expected);
    expect(expected).toMatchObject({ W2T203: 1, W2T300: 1, W2T400: 1, W2T500: 2, W2T503: 1, W2T510: 1, W2T511: 1, W2T752: 1, W2T754: 1 });
    expect(report.summary.diagnostics).toMatchObject({ total: pipeline.diagnostics.length, error: 2, degraded: 3, unsupported: 4 });
  });

  test('every diagnostic is listed exactly once: under a construct or under its document', () => {
    const seen = [...report.items.flatMap((i) => i.diagnostics), ...report.unattributed.flatMap((u) => u.diagnostics)].sort((a, b) => a - b);
    expect(seen).toEqual(report.diagnostics.map((_, i) => i));
    for (const it of report.items) for (const i of it.diagnostics) expect(report.diagnostics[i]!.item).toBe(it.id);
    // The namespace-only import that matched nothing concerns no construct: it stays with its document.
    expect(report.unattributed).toEqual([{ file: 'main.wsdl', diagnostics: [expect.any(Number)] }]);
    expect(report.diagnostics[report.unattributed[0]!.diagnostics[0]!]!.code).toBe('W2T203');
  });

  test('types: degraded by their own diagnostics, parse-time (by node path) and emit-time (by position)', () => {
    expect(find(report, 'type', 'Para')).toMatchObject({ status: 'degraded' });
    expect(codesOf(report, find(report, 'type', 'Para'))).toEqual(['W2T510']);
    expect(codesOf(report, find(report, 'type', 'Login'))).toEqual(['W2T511']);
    // W2T503 is reported on the inner xs:element, two levels below the type: the deepest declaration wins.
    expect(find(report, 'type', 'Counted')).toMatchObject({ status: 'degraded' });
    expect(codesOf(report, find(report, 'type', 'Counted'))).toEqual(['W2T503']);
    expect(find(report, 'type', 'Broken')).toMatchObject({ status: 'error' });
    expect(codesOf(report, find(report, 'type', 'Broken'))).toEqual(['W2T300']);
    // A duplicate keeps the first definition: noted on the element, which is still mapped fully.
    expect(find(report, 'element', 'dup')).toMatchObject({ status: 'full' });
    expect(codesOf(report, find(report, 'element', 'dup'))).toEqual(['W2T400']);
  });

  test('operations: unsupported by their own diagnostics, degraded through the types their messages reach', () => {
    const get = find(report, 'operation', 'B/Get');
    expect(get.status).toBe('degraded');
    expect(get.diagnostics).toEqual([]);
    const via = get.via.map((v) => report.items.find((i) => i.id === v.item)!.name).sort();
    expect(via).toEqual(['Login', 'Para']);
    expect(find(report, 'operation', 'B/Ping')).toMatchObject({ status: 'full', via: [] });
    // rpc/literal gets a method (a synthesized wrapper); document/encoded does not, and then has no generated name to show.
    expect(find(report, 'operation', 'RB/Add')).toMatchObject({ status: 'full' });
    expect(find(report, 'operation', 'RB/Add').tsName).toMatch(/^RBClient\.add/);
    expect(find(report, 'operation', 'EB/Add').tsName).toBeUndefined();
    expect(find(report, 'operation', 'B/Get').tsName).toMatch(/^BClient\.get/);
    expect(codesOf(report, find(report, 'operation', 'EB/Add'))).toEqual(['W2T500', 'W2T500', 'W2T754']);
    expect(find(report, 'binding', 'B')).toMatchObject({ status: 'degraded' });
    expect(find(report, 'binding', 'EB')).toMatchObject({ status: 'unsupported' });
    expect(report.summary.constructs.operation).toEqual({ full: 2, degraded: 1, unsupported: 1, error: 0 });
    expect(report.summary.constructs.type).toMatchObject({ degraded: 3, error: 1, unsupported: 0 });
  });

  test('excerpts show the lines around the location, and paths are the node paths', () => {
    const d = report.diagnostics.find((x) => x.code === 'W2T503')!;
    expect(d.path).toBe("/wsdl:definitions/wsdl:types/xs:schema/xs:complexType[@name='Counted']/xs:sequence/xs:element[@name='n']");
    expect(d.excerpt).toMatchObject({ line: d.line, startLine: d.line - 2 });
    expect(d.excerpt!.lines[2]).toContain('maxOccurs="many"');
    // Emit-time diagnostics carry no path; the report finds it from the position.
    expect(report.diagnostics.find((x) => x.code === 'W2T510')!.path).toBe("/wsdl:definitions/wsdl:types/xs:schema/xs:complexType[@name='Para']");
  });

  test('a one-line (minified) WSDL gets a window around the column, not the whole line', async () => {
    const oneLine = MIXED_WSDL.replace(/\n\s*/g, ' ');
    const r = await coverageReport({ input, host: memoryHost({ 'main.wsdl': oneLine }) });
    const d = r.diagnostics.find((x) => x.code === 'W2T503')!;
    expect(d.line).toBe(1);
    expect(d.item).toBe(find(r, 'type', 'Counted').id);
    const x = d.excerpt!;
    expect(x.lines).toHaveLength(1);
    expect(x.lines[0]!.length).toBeLessThanOrEqual(160);
    expect(x.firstColumn).toBeGreaterThan(1);
    // The reported column falls inside the window, on the element the diagnostic is about.
    expect(x.lines[0]!.slice(d.column - x.firstColumn)).toMatch(/^<xs:element name="n" type="xs:int" maxOccurs="many"/);
  });

  test('the JSON is deterministic and names no absolute path', async () => {
    const again = await coverageReport({ input, host: memoryHost({ 'main.wsdl': MIXED_WSDL }) });
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    expect(JSON.stringify(report)).not.toContain(ROOT);
  });
});

describe('coverage report: inputs that build no model, or nothing to attribute', () => {
  test('malformed XML: no model, the located error listed under its document with an excerpt', async () => {
    const r = await coverageReport({ input, host: memoryHost({ 'main.wsdl': `<wsdl:definitions ${NS}>\n  <wsdl:types>\n</wsdl:definitions>` }) });
    expect(r.modelBuilt).toBe(false);
    expect(r.items).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['W2T100']);
    expect(r.unattributed).toEqual([{ file: 'main.wsdl', diagnostics: [0] }]);
    expect(r.diagnostics[0]!.excerpt!.lines.join('\n')).toContain('<wsdl:types>');
  });

  test('a diagnostic without a location is kept under no document', () => {
    const r = buildReport({ input: 'x.wsdl', diagnostics: [{ code: 'W2T900', severity: 'error', message: 'm', file: '', line: 0, column: 0, path: '' }], sources: new Map() });
    expect(r.unattributed).toEqual([{ file: '', diagnostics: [0] }]);
    expect(r.summary.diagnostics).toMatchObject({ total: 1, error: 1, unattributed: 1 });
  });

  test('the report input is what the generator read: every document text under its display name', async () => {
    const files = { 'main.wsdl': MIXED_WSDL.replace('<xs:import namespace="urn:nowhere"/>', '<xs:include schemaLocation="sub/inc.xsd"/>'), 'sub/inc.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test"><xs:element name="inc" type="xs:int" maxOccurs="x"/></xs:schema>' };
    const got = await collectReportInput({ input, host: memoryHost(files) });
    expect([...got.sources.keys()].filter((k) => !k.startsWith('bundled:')).sort()).toEqual(['main.wsdl', 'sub/inc.xsd']);
    expect(got.model?.documents).toContain('sub/inc.xsd');
  });
});
