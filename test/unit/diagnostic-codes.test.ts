import type { ModelResult } from '../../src/model/build-model';
import { CATALOGUE, DiagnosticCode } from '../../src/diagnostics/catalogue';
import { main } from '../../src/cli/main';
import type { LoadOptions } from '../../src/read/load-documents';
import { buildModel } from '../../src/model/build-model';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { codes, memoryHost, modelOf, ROOT, wsdlWithSchema, xsd } from '../helpers/memory-host';
import { runSpecCase, SPEC_CASES, SpecCode } from './extract-cases';

const XS = 'http://www.w3.org/2001/XMLSchema';
const WSDL_NS = `xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="${XS}" xmlns:tns="urn:test"`;

/** A WSDL with one request-response operation Add of the given style, message parts and soap:body attributes. */
function opWsdl(style: 'rpc' | 'document', parts: string, body: string): string {
  return `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M">${parts}</wsdl:message><wsdl:portType name="P"><wsdl:operation name="Add"><wsdl:input message="tns:M"/><wsdl:output message="tns:M"/></wsdl:operation></wsdl:portType><wsdl:binding name="B" type="tns:P"><soap:binding style="${style}" transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Add"><soap:operation soapAction="add"/><wsdl:input><soap:body ${body}/></wsdl:input><wsdl:output><soap:body ${body}/></wsdl:output></wsdl:operation></wsdl:binding></wsdl:definitions>`;
}

/** An rpc/encoded operation Add whose input carries one soap:header part h (type xs:string) with the given attributes. */
function encodedHeaderWsdl(header: string): string {
  const body = 'use="encoded" namespace="urn:test" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"';
  return `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M"><wsdl:part name="a" type="xs:int"/></wsdl:message><wsdl:message name="H"><wsdl:part name="h" type="xs:string"/></wsdl:message><wsdl:portType name="P"><wsdl:operation name="Add"><wsdl:input message="tns:M"/><wsdl:output message="tns:M"/></wsdl:operation></wsdl:portType><wsdl:binding name="B" type="tns:P"><soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Add"><soap:operation soapAction="add"/><wsdl:input><soap:body ${body}/><soap:header message="tns:H" part="h" ${header}/></wsdl:input><wsdl:output><soap:body ${body}/></wsdl:output></wsdl:operation></wsdl:binding></wsdl:definitions>`;
}

type Case = () => Promise<ModelResult | { diagnostics: { code: string }[] }>;

const schemaCase = (body: string): Case => () => modelOf({ 'main.wsdl': wsdlWithSchema(body) });
const files = (f: Record<string, string>, input = 'main.wsdl', options: Partial<LoadOptions> = {}, remote: Record<string, string> = {}): Case => () => modelOf(f, input, options, remote);

/** One input per catalogue code that provokes exactly that problem. */
const CASES: Record<DiagnosticCode, Case> = {
  W2T100: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS}>\n  <wsdl:types>\n</wsdl:definitions>` }),
  W2T101: files({ 'main.wsdl': `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<wsdl:definitions ${WSDL_NS}>&lol2;</wsdl:definitions>` }),
  W2T102: files({ 'main.wsdl': wsdlWithSchema('<xs:element name="big" type="xs:string"/>') }, 'main.wsdl', { limits: { maxBytes: 100 } }),
  W2T103: files({ 'main.xsd': xsd(`<xs:element name="deep"><xs:complexType>${'<xs:sequence>'.repeat(10_000)}${'</xs:sequence>'.repeat(10_000)}</xs:complexType></xs:element>`) }, 'main.xsd'),
  W2T104: files({ 'main.wsdl': '<html><body>not a WSDL</body></html>' }),
  W2T105: async () => {
    const host = memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:include schemaLocation="locked.xsd"/>'), 'locked.xsd': '' });
    const read = host.readFile;
    host.readFile = async (p) => (p.endsWith('locked.xsd') ? Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) : read(p));
    return buildModel(host, { input: `${ROOT}/main.wsdl` }, []);
  },
  W2T106: files({ 'main.xsd': xsd('<xs:import namespace="urn:b" schemaLocation="b.xsd"/>'), 'b.xsd': xsd('<xs:import namespace="urn:c" schemaLocation="c.xsd"/>', 'targetNamespace="urn:b"'), 'c.xsd': xsd('', 'targetNamespace="urn:c"') }, 'main.xsd', { limits: { maxDocuments: 2 } }),
  W2T200: files({ 'main.wsdl': wsdlWithSchema('<xs:include schemaLocation="missing.xsd"/>') }),
  W2T201: files({ 'main.wsdl': wsdlWithSchema('<xs:include schemaLocation="../../../etc/passwd"/>') }),
  W2T202: files({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:meta" schemaLocation="http://169.254.169.254/latest/meta-data"/>') }),
  W2T203: schemaCase('<xs:import namespace="urn:nowhere"/>'),
  W2T204: files({ 'main.wsdl': wsdlWithSchema('<xs:include schemaLocation="other.xsd"/>'), 'other.xsd': xsd('', 'targetNamespace="urn:other"') }),
  W2T205: schemaCase('<xs:import namespace="urn:test2" schemaLocation=""/><xs:element name="x" type="xs:int"/>'),
  W2T206: files({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:side" schemaLocation="http://example.invalid/side.xsd"/>'), 'side.xsd': xsd('<xs:element name="s" type="xs:int"/>', 'targetNamespace="urn:side"') }),
  W2T207: files({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:r" schemaLocation="http://127.0.0.1:9/r.xsd"/>') }, 'main.wsdl', { allowRemote: true }),
  W2T208: async () => {
    const err: string[] = [];
    const code = await main(['inspect', 'samples/ms-wms.wsdl', '--catalog', 'package.json'], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(1);
    return { diagnostics: err.join('').includes('W2T208') ? [{ code: 'W2T208' }] : [] };
  },
  W2T300: schemaCase('<xs:element name="e" type="tns:Nope"/>'),
  W2T301: schemaCase('<xs:complexType name="T"><xs:sequence><xs:element ref="tns:Nope"/></xs:sequence></xs:complexType>'),
  W2T302: schemaCase('<xs:complexType name="T"><xs:attribute ref="tns:nope"/></xs:complexType>'),
  W2T303: schemaCase('<xs:complexType name="T"><xs:sequence><xs:group ref="tns:Nope"/></xs:sequence></xs:complexType>'),
  W2T304: schemaCase('<xs:complexType name="T"><xs:attributeGroup ref="tns:Nope"/></xs:complexType>'),
  W2T305: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:portType name="P"><wsdl:operation name="o"><wsdl:input message="tns:Nope"/></wsdl:operation></wsdl:portType></wsdl:definitions>` }),
  W2T306: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:binding name="B" type="tns:Nope"><soap:binding/></wsdl:binding></wsdl:definitions>` }),
  W2T307: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:portType name="P"/><wsdl:service name="S"><wsdl:port name="p" binding="tns:Nope"/></wsdl:service></wsdl:definitions>` }),
  W2T308: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:portType name="P"/><wsdl:binding name="B" type="tns:P"><soap:binding/><wsdl:operation name="ghost"/></wsdl:binding></wsdl:definitions>` }),
  W2T309: schemaCase('<xs:element name="e" type="undeclared:T"/>'),
  W2T310: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M"><wsdl:part name="p" type="xs:int"/></wsdl:message><wsdl:portType name="P"><wsdl:operation name="o"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType><wsdl:binding name="B" type="tns:P"><soap:binding/><wsdl:operation name="o"><wsdl:input><soap:body parts="q"/></wsdl:input></wsdl:operation></wsdl:binding></wsdl:definitions>` }),
  W2T400: schemaCase('<xs:element name="e" type="xs:int"/><xs:element name="e" type="xs:string"/>'),
  W2T401: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M"/><wsdl:message name="M"><wsdl:part name="x" type="xs:int"/></wsdl:message><wsdl:portType name="P"/></wsdl:definitions>` }),
  W2T500: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M"><wsdl:part name="p" type="xs:int"/></wsdl:message><wsdl:portType name="P"><wsdl:operation name="o"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType><wsdl:binding name="B" type="tns:P"><soap:binding style="document"/><wsdl:operation name="o"><wsdl:input><soap:body use="encoded"/></wsdl:input></wsdl:operation></wsdl:binding></wsdl:definitions>` }),
  W2T501: schemaCase('<xs:simpleType name="S"><xs:restriction base="xs:string"><xs:assertion test="true()"/></xs:restriction></xs:simpleType>'),
  W2T502: schemaCase('<xs:complexType name="A"><xs:complexContent><xs:extension base="tns:A"/></xs:complexContent></xs:complexType>'),
  W2T503: schemaCase('<xs:complexType name="T"><xs:sequence><xs:element name="e" type="xs:int" maxOccurs="many"/></xs:sequence></xs:complexType>'),
  W2T504: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:portType name="P"/><wsdl:binding name="B" type="tns:P"><http:binding verb="GET" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"/></wsdl:binding></wsdl:definitions>` }),
  W2T505: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M"><wsdl:part name="p"/></wsdl:message><wsdl:portType name="P"/></wsdl:definitions>` }),
  W2T506: schemaCase('<xs:element name="e"><xs:complexType><xs:sequence><xs:element name="k" type="xs:int"/></xs:sequence></xs:complexType><xs:key name="K"><xs:selector xpath="."/><xs:field xpath="k"/></xs:key></xs:element>'),
  W2T510: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:complexType name="Para" mixed="true"><xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence></xs:complexType>') }) }),
  W2T511: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:simpleType name="Login"><xs:restriction base="xs:string"><xs:pattern value="^[a-z]+"/></xs:restriction></xs:simpleType>') }) }),
  // A document/literal part naming an element that does not exist: no codec to carry it.
  W2T512: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': opWsdl('document', '<wsdl:part name="p" element="tns:Nope"/>', 'use="literal"') }), allowEmptyClient: true }),
  W2T513: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:simpleType name="Code"><xs:restriction base="xs:QName"><xs:enumeration value="tns:A"/></xs:restriction></xs:simpleType>') }) }),
  W2T800: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:complexType name="Ext"><xs:sequence><xs:any namespace="##other" processContents="strict"/></xs:sequence></xs:complexType>') }) }),
  W2T600: schemaCase('<xs:complexType><xs:sequence/></xs:complexType>'),
  W2T601: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:portType name="P"/><wsdl:binding name="Default Binding" type="tns:P"><soap:binding/></wsdl:binding></wsdl:definitions>` }),
  W2T602: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"/>` }),
  ...(Object.fromEntries(Object.keys(SPEC_CASES).map((c) => [c, () => runSpecCase(c as SpecCode)])) as unknown as Record<SpecCode, Case>),
  W2T750: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': opWsdl('document', '<wsdl:part name="text" type="xs:string"/>', 'use="literal"') }) }),
  W2T751: files({ 'main.wsdl': opWsdl('rpc', '<wsdl:part name="a" type="xs:int"/>', 'use="literal"') }),
  W2T752: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': opWsdl('document', '<wsdl:part name="a" type="xs:int"/>', 'use="encoded" namespace="urn:test"') }) }),
  W2T753: () =>
    generateWithDiagnostics({
      input: `${ROOT}/main.wsdl`,
      host: memoryHost({
        'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:message name="M"><wsdl:part name="a" type="xs:int"/></wsdl:message><wsdl:portType name="P"><wsdl:operation name="Tick"><wsdl:output message="tns:M"/></wsdl:operation></wsdl:portType><wsdl:binding name="B" type="tns:P"><soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Tick"><wsdl:output><soap:body use="literal" namespace="urn:test"/></wsdl:output></wsdl:operation></wsdl:binding></wsdl:definitions>`,
      }),
      allowEmptyClient: true,
    }),
  // document/encoded (rpc/encoded gets methods): W2T500 at the soap:body, W2T754 for the operation.
  W2T754: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': opWsdl('document', '<wsdl:part name="a" type="xs:int"/>', 'use="encoded" namespace="urn:test"') }), allowEmptyClient: true }),
  W2T760: schemaCase(
    '<xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/"/><xs:complexType name="Grid" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"><xs:complexContent><xs:restriction base="soapenc:Array"><xs:attribute ref="soapenc:arrayType" wsdl:arrayType="xs:int[,]"/></xs:restriction></xs:complexContent></xs:complexType>',
  ),
  W2T761: files({ 'main.wsdl': encodedHeaderWsdl('use="encoded" namespace="urn:test" encodingStyle="urn:some-other-encoding"') }),
  W2T762: files({ 'main.wsdl': encodedHeaderWsdl('use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"') }),
  W2T755: files({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:expected" schemaLocation="other.xsd"/>'), 'other.xsd': xsd('', 'targetNamespace="urn:actual"') }),
  W2T756: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:types><xs:import namespace="urn:side" schemaLocation="side.xsd"/></wsdl:types><wsdl:portType name="P"/></wsdl:definitions>`, 'side.xsd': xsd('<xs:element name="s" type="xs:int"/>', 'targetNamespace="urn:side"') }),
  W2T757: files({ 'main.wsdl': `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:types><xsd:schema xmlns:xsd="http://www.w3.org/1999/XMLSchema" targetNamespace="urn:test"><xsd:element name="e" type="xsd:string"/></xsd:schema></wsdl:types><wsdl:portType name="P"/></wsdl:definitions>` }),
  W2T950: async () => {
    const err: string[] = [];
    // The report's --out names a path under a regular file: the folder cannot be made.
    const code = await main(['report', 'samples/ms-wms.wsdl', '--out', 'package.json/report.html'], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(1);
    return { diagnostics: err.join('').includes('W2T950 error: cannot write the report to package.json/report.html') ? [{ code: 'W2T950' }] : [] };
  },
  W2T900: async () => {
    const err: string[] = [];
    const code = await main(['inspect'], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(2);
    return { diagnostics: err.join('').includes('W2T900') ? [{ code: 'W2T900' }] : [] };
  },
  W2T901: () => generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, operations: ['nope'], host: memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:element name="e" type="xs:int"/>') }) }),
};

describe('every catalogue code has a provoking input', () => {
  test('the table covers the whole catalogue', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(CATALOGUE).sort());
  });

  test.each(Object.keys(CASES) as DiagnosticCode[])('%s', async (code) => {
    const result = await CASES[code]();
    const found = result.diagnostics.map((d) => d.code);
    expect(found).toContain(code);
    for (const d of result.diagnostics as ModelResult['diagnostics']) {
      if (!('file' in d) || code === 'W2T105') continue;
      // Every diagnostic names where it is, in file:line:col form, relative to the input (never absolute).
      expect(d.file).not.toMatch(/^\//);
      if (['W2T100', 'W2T101', 'W2T103', 'W2T300', 'W2T306', 'W2T201', 'W2T202'].includes(d.code)) {
        expect(d.file).toBeTruthy();
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('diagnostics carry positions and paths', () => {
  test('malformed XML points at the offending line', async () => {
    const r = await CASES.W2T100();
    const d = (r as ModelResult).diagnostics[0]!;
    // xmldom points at the element left unclosed (line 2), which is where the fix goes.
    expect(d).toMatchObject({ code: 'W2T100', severity: 'error', file: 'main.wsdl', line: 2, column: 15 });
    expect(d.message).toContain('wsdl:types');
  });

  test('an unresolved type names the schema node', async () => {
    const r = (await CASES.W2T300()) as ModelResult;
    expect(r.diagnostics[0]).toMatchObject({ file: 'main.wsdl', line: 6, path: "/wsdl:definitions/wsdl:types/xs:schema/xs:element[@name='e']" });
    expect(codes(r)).toEqual(['W2T300', 'W2T602']);
  });
});
