import * as path from 'node:path';
import { extractSpec } from '../../src/extract/extract-spec';
import { fileNameForNamespace, uniqueName } from '../../src/extract/file-names';
import { isSpecInput, specInput } from '../../src/extract/spec-input';
import { loadModel } from '../../src/load-model';
import { memoryHost, ROOT } from '../helpers/memory-host';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadGenerated } from '../../src/verify/load-generated';
import { verifyExamples } from '../../src/verify/verify-examples';
import { envelope, fence, runSpecCase, spec, SPEC_CASES, SpecCode, wsdl } from './extract-cases';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const codesOf = (text: string) => extractSpec('t.md', text).diagnostics.map((d) => d.code);

/** The extracted set, loaded into a model in memory: repairs must leave documents the loader accepts. */
async function modelOfSpec(text: string) {
  const s = specInput(path.join(ROOT, 't.md'), text, memoryHost({}));
  return { ...(await loadModel({ input: s.input!, host: s.host })), extracted: s.extracted };
}

describe('each repair is made, reported at its spec line, and leaves a document the loader accepts', () => {
  test.each(['W2T700', 'W2T701', 'W2T703', 'W2T704', 'W2T705', 'W2T706', 'W2T707', 'W2T708', 'W2T709', 'W2T716', 'W2T717', 'W2T718', 'W2T719', 'W2T723'] as SpecCode[])('%s', async (code) => {
    const { model, diagnostics, extracted } = await modelOfSpec(SPEC_CASES[code]);
    expect(extracted.diagnostics.map((d) => d.code)).toContain(code);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model!.wsdl.bindings.map((b) => b.operations.map((o) => o.name))).toEqual([['Ping']]);
    for (const d of extracted.diagnostics) expect(d).toMatchObject({ file: 't.md', column: 1 });
  });

  test('a page break inside XML is joined; the running header in it is dropped', () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T701);
    const d = r.diagnostics.find((x) => x.code === 'W2T701')!;
    expect(d.line).toBe(lineOf(SPEC_CASES.W2T701, '[MS-TEST]'));
    expect(r.documents[0]!.text).not.toContain('MS-TEST');
  });

  test('closing tags written before a page break and again after it are removed before it', () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T702);
    expect(r.diagnostics.find((d) => d.code === 'W2T702')!.line).toBe(lineOf(SPEC_CASES.W2T702, '</xs:restriction></xs:simpleType></xs:schema>'));
    const xsd = r.documents.find((d) => d.kind === 'xsd')!.text;
    expect(xsd.match(/<xs:enumeration/g)).toHaveLength(2);
    expect(xsd.match(/<\/xs:schema>/g)).toHaveLength(1);
  });

  test('names: a space becomes an underscore in the definition; a wrapped URI is joined without one', () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T704);
    expect(r.documents[0]!.text).toContain('name="Default_Binding"');
    const w = extractSpec('t.md', SPEC_CASES.W2T705);
    expect(w.documents[0]!.text).toContain('wsaw:Action="urn:t/IPing/PingResponse"');
  });

  test('a reference with stray spaces is joined the way that names a definition', () => {
    const text = spec(fence(wsdl((w) => w.replace('element="tns:PingResponse"', 'element="tns: Ping Response"'))));
    const r = extractSpec('t.md', text);
    expect(r.documents[0]!.text).toContain('element="tns:PingResponse"');
    expect(r.diagnostics.find((d) => d.code === 'W2T704')!.message).toContain('"tns:PingResponse"');
  });

  test('an attribute whose closing quote is missing is closed before the next attribute', async () => {
    const text = spec(fence(wsdl((w) => w.replace('<xs:element name="n" type="xs:int"/>', '<xs:element name="n type="xs:int"/>'))));
    const r = extractSpec('t.md', text);
    expect(r.diagnostics.find((d) => d.code === 'W2T717')!.line).toBe(lineOf(text, 'name="n type='));
    expect(r.documents[0]!.text).toContain('<xs:element name="n" type="xs:int"/>');
  });

  test('two documents for one namespace in the appendix are merged; redefinitions reported', () => {
    const second = '<xs:schema targetNamespace="urn:t" xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="Color"><xs:restriction base="xs:string"/></xs:simpleType><xs:element name="Extra" type="xs:int"/></xs:schema>';
    const r = extractSpec('t.md', spec(`${fence(wsdl())}\n\n${fence(second.replace('urn:t"', 'urn:t2"'))}\n\n${fence(second.replace('urn:t"', 'urn:t2"').replace('Extra', 'More'))}`));
    const xsd = r.documents.find((d) => d.kind === 'xsd')!.text;
    expect(xsd).toContain('name="Extra"');
    expect(xsd).toContain('name="More"');
    expect(r.diagnostics.find((d) => d.code === 'W2T712')!.message).toContain('element More');
  });

  test('misspelled attributes, missing closing tags, self-closed roots are repaired as the sample was by hand', () => {
    expect(extractSpec('t.md', SPEC_CASES.W2T706).documents[0]!.text).toContain('message="tns:PingIn"');
    const missing = extractSpec('t.md', SPEC_CASES.W2T707);
    expect(missing.diagnostics.find((d) => d.code === 'W2T707')!.message).toContain('</wsdl:portType> is missing before <wsdl:binding>');
    expect(extractSpec('t.md', SPEC_CASES.W2T703).diagnostics.find((d) => d.code === 'W2T703')!.line).toBe(lineOf(SPEC_CASES.W2T703, '<wsdl:definitions'));
  });

  test('what cannot be repaired safely is an error, and the block is not used', () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T710);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(['W2T710', 'error']);
    expect(r.documents).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('W2T714');
  });

  test('section 3 definitions are compared with the appendix; the appendix wins and the difference is named', () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T711);
    const d = r.diagnostics.find((x) => x.code === 'W2T711')!;
    expect(d.message).toContain('"Gre en" here, "Blue" there');
    expect(r.documents[0]!.text).not.toContain('Gre en');
    // The same definition, equal but for prefixes and white space, is not a difference.
    expect(codesOf(SPEC_CASES.W2T715)).not.toContain('W2T711');
    expect(codesOf(SPEC_CASES.W2T715)).toContain('W2T715');
  });

  test('a definition the appendix refers to but never gives is taken from section 3 when it resolves', async () => {
    const text = spec(fence(wsdl((w) => w.replace('<xs:element name="PingResponse"><xs:complexType><xs:sequence><xs:element name="r" type="xs:string"/></xs:sequence></xs:complexType></xs:element>', ''))), {
      section3: `**Namespace:** urn:t\n\n${fence('<xs:element name="PingResponse" xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType><xs:sequence><xs:element name="r" type="xs:string"/></xs:sequence></xs:complexType></xs:element>')}\n\n${fence('<xs:element name="Unused" type="xs:int" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>')}`,
    });
    const { model, diagnostics, extracted } = await modelOfSpec(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model!.wsdl.bindings[0]!.operations[0]!.output!.body[0]!.element?.local).toBe('PingResponse');
    const msgs = extracted.diagnostics.filter((d) => d.code === 'W2T712').map((d) => d.message);
    expect(msgs).toEqual(expect.arrayContaining([expect.stringContaining('refers to but never gives'), expect.stringContaining('does not have for urn:t (not used): element Unused')]));
  });

  test('markdown export: bulleted XML lines are XML', async () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T709);
    expect(r.documents[0]!.text).not.toMatch(/^- /m);
    expect(r.diagnostics.filter((d) => d.code === 'W2T709')).toHaveLength(1);
  });

  test('a portType without binding gets a document/literal binding in the SOAP version section 2 names', async () => {
    const { model, extracted } = await modelOfSpec(SPEC_CASES.W2T723);
    expect(extracted.diagnostics.find((d) => d.code === 'W2T723')!.message).toContain('SOAP 1.2 as section 2 says');
    expect(model!.wsdl.bindings[0]).toMatchObject({ soapVersion: '1.2', style: 'document' });
    expect(model!.wsdl.bindings[0]!.operations[0]!.soapAction).toBe('urn:t/IPing/Ping');
  });

  test('namespace-only imports are pointed at the extracted schema; file names come from namespaces', () => {
    const r = extractSpec('t.md', SPEC_CASES.W2T716);
    expect(r.documents.map((d) => d.path)).toEqual(['t.wsdl', 't.xsd']);
    expect(r.documents[0]!.text).toContain('<xs:import namespace="urn:t" schemaLocation="t.xsd"/>');
  });
});

describe('examples', () => {
  test('each SOAP body is written and decoded; invalid and foreign bodies are reported with the path and reason', async () => {
    const bad = await runSpecCase('W2T720');
    expect(bad.diagnostics.find((d) => d.code === 'W2T720')).toBeDefined();
    const foreign = await runSpecCase('W2T722');
    expect(foreign.diagnostics.find((d) => d.code === 'W2T722')).toBeDefined();
    const r = extractSpec('t.md', spec(fence(wsdl()), { section4: `Request:\n\n${envelope('<t:Ping><t:n>4</t:n></t:Ping>')}` }));
    expect(r.examples.map((e) => [e.path, e.body?.ns, e.body?.local])).toEqual([['examples/4-1-Ping.xml', 'urn:t', 'Ping']]);
  });

  test('a body that decodes but does not come back the same after encoding is reported, with the path', async () => {
    const r = await runSpecCase('W2T721');
    const d = r.diagnostics.find((x) => x.code === 'W2T721') as { message: string } | undefined;
    expect(d?.message).toContain('/n: 4 before, 5 after');
  });

  test('raw XML (xs:any) compares as XML: other prefixes and declarations after re-encoding are equivalent', async () => {
    const s = specInput(path.join(ROOT, 't.md'), spec(fence(wsdl()), { section4: envelope('<t:Bag xmlns:x="urn:x"><x:item a="1">text</x:item></t:Bag>') }), memoryHost({}));
    const gen = await generateWithDiagnostics({ input: s.input!, host: s.host, artifacts: ['serializers'] });
    const { results } = verifyExamples('t.md', s.extracted.examples, loadGenerated(gen.files));
    expect(results.map((x) => x.status)).toEqual(['ok']);
  });
});

describe('inputs', () => {
  test('file names are deterministic, flat and safe whatever the namespace', () => {
    expect(fileNameForNamespace('http://tempuri.org/', 'xsd')).toBe('tempuri.org.xsd');
    expect(fileNameForNamespace('../../etc/passwd', 'wsdl')).toBe('etc.passwd.wsdl');
    expect(fileNameForNamespace('', 'xsd')).toBe('no-namespace.xsd');
    expect(fileNameForNamespace(`urn:${'a'.repeat(500)}`, 'xsd').length).toBeLessThanOrEqual(104);
    const used = new Set<string>();
    expect([uniqueName('a.xsd', used), uniqueName('A.xsd', used), uniqueName('a.xsd', used)]).toEqual(['a.xsd', 'A-2.xsd', 'a-3.xsd']);
  });

  test('a DOCTYPE inside spec XML is refused', () => {
    const r = extractSpec('t.md', spec(fence('<!DOCTYPE x [<!ENTITY e "e">]>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">&e;</xs:schema>')));
    expect(r.documents).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('W2T710');
  });

  test('XML nested deeper than the parser limit is refused, not walked', () => {
    const deep = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${'<xs:sequence>'.repeat(5000)}${'</xs:sequence>'.repeat(5000)}</xs:schema>`;
    const r = extractSpec('t.md', spec(fence(deep)));
    expect(r.diagnostics.find((d) => d.code === 'W2T710')!.message).toContain('nests deeper than 256');
  });

  test('extraction is deterministic', () => {
    expect(JSON.stringify(extractSpec('t.md', SPEC_CASES.W2T707))).toBe(JSON.stringify(extractSpec('t.md', SPEC_CASES.W2T707)));
  });

  test('spec inputs are recognised by extension or by not being XML', () => {
    expect(isSpecInput('MS-WMS.txt')).toBe(true);
    expect(isSpecInput('a.md')).toBe(true);
    expect(isSpecInput('a.wsdl', 'not xml')).toBe(false);
    expect(isSpecInput('spec', '# 1 Introduction')).toBe(true);
    expect(isSpecInput('svc', '<wsdl:definitions/>')).toBe(false);
  });

  test('extracted documents cannot read local files beside the spec', async () => {
    const text = spec(fence(wsdl((w) => w.replace('<wsdl:types>', '<wsdl:types>\n<xs:schema targetNamespace="urn:z"><xs:include schemaLocation="../secret.xsd"/></xs:schema>'))));
    const s = specInput(path.join(ROOT, 't.md'), text, memoryHost({ 'secret.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>' }));
    const r = await loadModel({ input: s.input!, host: s.host });
    expect(r.diagnostics.map((d) => d.code)).toContain('W2T201');
  });
});
