/**
 * Defects found by `npm run fuzz` (README, "Fuzzing"), each kept as a regression test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { memoryHost, ROOT, wsdlWithSchema } from '../helpers/memory-host';

const REPO = path.resolve(__dirname, '../..');

/** Type-checks generated files with tsc --strict (as the goldens are); returns tsc's output, '' when clean. */
function strictErrors(files: readonly { path: string; text: string }[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-fuzz-regression-'));
  try {
    for (const f of files) writeFileSync(path.join(dir, f.path), f.text);
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')], skipLibCheck: true, baseUrl: REPO, paths: { '@wsdl2ts/runtime': ['packages/runtime/src/index.ts'] } },
      files: files.map((f) => path.join(dir, f.path)),
    };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (e) {
      return `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Found by the generator target (input: a golden WSDL whose attribute type had become `xs:	int`): an unresolved type
// on an attribute fell back to anyType, typed RawXml, which the attribute's string formatter cannot take, so the
// serializers did not compile. Where only a simple type may stand, the fallback is now anySimpleType (a string).
test('unresolved types where only a simple type may stand fall back to anySimpleType, and the output compiles', async () => {
  const schema = `
      <xs:simpleType name="Restricted"><xs:restriction base="xs:nosuch"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Listed"><xs:list itemType="tns:Missing"/></xs:simpleType>
      <xs:complexType name="Valued"><xs:simpleContent><xs:extension base="tns:Missing"><xs:attribute name="unit" type="xs: int"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:element name="Probe">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="r" type="tns:Restricted"/>
            <xs:element name="l" type="tns:Listed"/>
            <xs:element name="v" type="tns:Valued"/>
          </xs:sequence>
          <xs:attribute name="a" type="xs:	int"/>
          <xs:attribute name="b" type="tns:Missing" use="required"/>
        </xs:complexType>
      </xs:element>`;
  const files = { 'main.wsdl': wsdlWithSchema(schema) };
  const result = await generateWithDiagnostics({ input: path.resolve(ROOT, 'main.wsdl'), host: memoryHost(files), artifacts: ['types', 'serializers'] });
  const unresolved = result.diagnostics.filter((d) => d.code === 'W2T300');
  expect(unresolved.length).toBe(6);
  for (const d of unresolved) expect(d.message).toMatch(/anySimpleType is used$/);
  expect(result.files.length).toBeGreaterThan(0);
  expect(strictErrors(result.files)).toBe('');
}, 120_000);
