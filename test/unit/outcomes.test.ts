import { CATALOGUE, DiagnosticCode } from '../../src/diagnostics/catalogue';
import { CLASSIFIED_RANGES, failOnViolations, OUTCOMES, outcomeOf, refusedByStrict } from '../../src/diagnostics/outcomes';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { memoryHost, ROOT, wsdlWithSchema } from '../helpers/memory-host';

// Each test runs the generator (seconds when the shared machine is busy): do not fail on a slow moment.
jest.setTimeout(60_000);

const codes = Object.keys(CATALOGUE) as DiagnosticCode[];

describe('the outcomes table (src/diagnostics/outcomes.ts)', () => {
  test('every warning or error code of the classified ranges (W2T5xx) says whether it degrades or drops a construct', () => {
    const missing = codes.filter((c) => CLASSIFIED_RANGES.some((r) => r.test(c)) && CATALOGUE[c].severity !== 'info' && !OUTCOMES[c]);
    expect(missing).toEqual([]);
    // The range is not empty, so the check above cannot pass vacuously.
    expect(codes.filter((c) => /^W2T5\d\d$/.test(c)).length).toBeGreaterThan(5);
  });

  test('entries name catalogue codes, never info ones, and each gives the fallback used', () => {
    for (const [code, entry] of Object.entries(OUTCOMES)) {
      expect(CATALOGUE).toHaveProperty(code);
      expect(CATALOGUE[code as DiagnosticCode].severity).not.toBe('info');
      expect(['degraded', 'unsupported']).toContain(entry!.outcome);
      expect(entry!.fallback.length).toBeGreaterThan(20);
    }
  });

  test('the classification of the codes the report and --fail-on rely on', () => {
    expect(outcomeOf('W2T500')?.outcome).toBe('unsupported'); // rpc/encoded
    expect(outcomeOf('W2T512')?.outcome).toBe('unsupported'); // no client method
    expect(outcomeOf('W2T504')?.outcome).toBe('unsupported'); // non-SOAP binding
    expect(outcomeOf('W2T510')?.outcome).toBe('degraded'); // mixed content as raw XML
    expect(outcomeOf('W2T511')?.outcome).toBe('degraded'); // pattern not enforced
    expect(outcomeOf('W2T506')).toBeUndefined(); // info: no effect on the wire
    expect(outcomeOf('W2T300')).toBeUndefined();
    expect(outcomeOf('__proto__')).toBeUndefined();
    expect(outcomeOf('constructor')).toBeUndefined();
  });

  test('--fail-on levels: unsupported ⊂ degraded ⊂ warning', () => {
    const ds = [
      { code: 'W2T512', severity: 'warning' as const },
      { code: 'W2T511', severity: 'warning' as const },
      { code: 'W2T400', severity: 'warning' as const },
      { code: 'W2T506', severity: 'info' as const },
    ];
    expect(failOnViolations(ds, 'unsupported').map((d) => d.code)).toEqual(['W2T512']);
    expect(failOnViolations(ds, 'degraded').map((d) => d.code)).toEqual(['W2T512', 'W2T511']);
    expect(failOnViolations(ds, 'warning').map((d) => d.code)).toEqual(['W2T512', 'W2T511', 'W2T400']);
    expect(refusedByStrict({ code: 'W2T300', severity: 'error' })).toBe(true);
    expect(refusedByStrict({ code: 'W2T506', severity: 'info' })).toBe(false);
    expect(refusedByStrict({ code: 'W2T400', severity: 'warning' })).toBe(false);
  });
});

describe('generate --strict reads the table', () => {
  const run = (schemaBody: string) => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdlWithSchema(schemaBody) }), strict: true, format: false });

  test('a degraded construct (mixed content, W2T510) is refused', async () => {
    const r = await run('<xs:complexType name="Para" mixed="true"><xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence></xs:complexType>');
    expect(r.diagnostics.map((d) => d.code)).toContain('W2T510');
    expect(r.files).toEqual([]);
  });

  test('an info note (identity constraint skipped, W2T506) is not', async () => {
    const r = await run('<xs:element name="e"><xs:complexType><xs:sequence><xs:element name="k" type="xs:int"/></xs:sequence></xs:complexType><xs:key name="K"><xs:selector xpath="."/><xs:field xpath="k"/></xs:key></xs:element>');
    expect(r.diagnostics.map((d) => d.code)).toContain('W2T506');
    expect(r.diagnostics.filter((d) => d.severity === 'error' || outcomeOf(d.code))).toEqual([]);
    expect(r.files.map((f) => f.path)).toContain('types.ts');
  });
});
