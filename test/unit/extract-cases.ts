/**
 * Small synthetic protocol documents, one per spec-extraction diagnostic (W2T700-W2T723), shaped like the two
 * exports of Open Specifications documents: the text form (XML in ``` fences, page breaks as a fence closed and
 * reopened) and the markdown form (unfenced XML lines separated by blank lines).
 */
import * as path from 'node:path';
import { extractSpec } from '../../src/extract/extract-spec';
import { specInput } from '../../src/extract/spec-input';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadGenerated } from '../../src/verify/load-generated';
import { verifyExamples } from '../../src/verify/verify-examples';
import { memoryHost, ROOT } from '../helpers/memory-host';

const F = '```';
export const WSDL_NS = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"';

/** A document with a namespace table (section 2.2.1), optional section 3 text, and an appendix holding `appendix`. */
export function spec(appendix: string, opts: { section3?: string; section4?: string; transport?: string } = {}): string {
  return [
    '# 1 Introduction',
    '',
    '## 2.1 Transport',
    '',
    opts.transport ?? 'Messages are sent with HTTP.',
    '',
    '### 2.2.1 Namespaces',
    '',
    'Prefix\tNamespace URI\tReference',
    'tns\turn:t\t',
    'xs\thttp://www.w3.org/2001/XMLSchema\t',
    'wsdl\thttp://schemas.xmlsoap.org/wsdl/\t',
    '',
    '# 3 Protocol Details',
    '',
    opts.section3 ?? 'None.',
    '',
    '# 4 Protocol Examples',
    '',
    opts.section4 ?? 'None.',
    '',
    '# 6 Appendix A: Full WSDL',
    '',
    appendix,
    '',
    '# 7 Appendix B: Product Behavior',
    '',
  ].join('\n');
}

export const fence = (xml: string) => `${F}\n${xml}\n${F}`;

const SCHEMA = `<xs:schema targetNamespace="urn:t" elementFormDefault="qualified" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t">
  <xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="n" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
  <xs:element name="PingResponse"><xs:complexType><xs:sequence><xs:element name="r" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
  <xs:element name="Bag"><xs:complexType><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
  <xs:simpleType name="Color"><xs:restriction base="xs:string"><xs:enumeration value="Red"/><xs:enumeration value="Blue"/></xs:restriction></xs:simpleType>
</xs:schema>`;

/** A whole, correct WSDL with one operation; `edit` injects one defect. */
export function wsdl(edit: (w: string) => string = (w) => w): string {
  return edit(`<wsdl:definitions targetNamespace="urn:t" ${WSDL_NS}>
  <wsdl:types>
${SCHEMA}
  </wsdl:types>
  <wsdl:message name="PingIn"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="PingOut"><wsdl:part name="parameters" element="tns:PingResponse"/></wsdl:message>
  <wsdl:portType name="IPing">
    <wsdl:operation name="Ping">
      <wsdl:input wsaw:Action="urn:t/IPing/Ping" message="tns:PingIn"/>
      <wsdl:output wsaw:Action="urn:t/IPing/PingResponse" message="tns:PingOut"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="PingBinding" type="tns:IPing">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Ping">
      <soap:operation soapAction="urn:t/IPing/Ping" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>`);
}

export const envelope = (body: string) => fence(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="urn:t">\n<s:Body>\n${body}\n</s:Body>\n</s:Envelope>`);

/** One spec text per extraction code (the code it must provoke is the key). */
export const SPEC_CASES = {
  W2T700: spec(fence(wsdl((w) => w.replace('  <wsdl:portType', `${F}\n\n${F}\n  <wsdl:portType`)))),
  W2T701: spec(fence(wsdl((w) => w.replace('  <wsdl:portType', '[MS-TEST] - v20240101\n  <wsdl:portType')))),
  W2T702: spec(fence(`<xs:schema targetNamespace="urn:t" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:simpleType name="S">\n<xs:restriction base="xs:string">\n<xs:enumeration value="A"/>\n</xs:restriction></xs:simpleType></xs:schema>\n${F}\n\n${F}\n<xs:enumeration value="B"/>\n</xs:restriction>\n</xs:simpleType>\n</xs:schema>`)),
  W2T703: spec(fence(wsdl((w) => w.replace(`${WSDL_NS}>`, `${WSDL_NS}/>`)))),
  W2T704: spec(fence(wsdl((w) => w.replace('name="PingBinding"', 'name="Default Binding"')))),
  W2T705: spec(fence(wsdl((w) => w.replace('wsaw:Action="urn:t/IPing/PingResponse"', 'wsaw:Action="urn:t/IPing/PingRespo\n        nse"')))),
  W2T706: spec(fence(wsdl((w) => w.replace('message="tns:PingIn"', 'messages="tns:PingIn"')))),
  W2T707: spec(fence(wsdl((w) => w.replace('  </wsdl:portType>\n', '')))),
  W2T708: spec(fence(wsdl((w) => w.replace('  <wsdl:portType', '<?xml version="1.0" encoding="utf-8"?>\n  <wsdl:portType')))),
  W2T709: spec(wsdl().split('\n').map((l) => `- ${l.trim()}\n`).join('\n')),
  W2T710: spec(fence(`<xs:schema targetNamespace="urn:t" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element name="a" type="xs:int"/>\n</xs:complexType>\n</xs:schema>`)),
  W2T711: spec(fence(wsdl()), { section3: fence('<xs:simpleType name="Color" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:restriction base="xs:string"><xs:enumeration value="Red"/><xs:enumeration value="Gre en"/></xs:restriction>\n</xs:simpleType>') }),
  W2T712: spec(fence(wsdl()), { section3: fence('<xs:element name="Orphan" type="xs:int" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>') }),
  W2T713: spec(fence(wsdl()), { section4: fence('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>') }),
  W2T714: spec('No XML here.'),
  W2T715: spec(fence(wsdl()), { section3: fence('<wsdl:operation name="Ping">\n<wsdl:input wsaw:Action="urn:t/IPing/Ping" message="tns:PingIn" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>\n<wsdl:output wsaw:Action="urn:t/IPing/PingResponse" message="tns:PingOut" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>\n</wsdl:operation>') }),
  W2T716: spec(`## 6.1 WSDL\n\n${fence(wsdl((w) => w.replace(SCHEMA, '<xs:schema targetNamespace="urn:t/Imports"><xs:import namespace="urn:t"/></xs:schema>')))}\n\n## 6.2 Schema\n\n${fence(SCHEMA)}`),
  W2T717: spec(fence(wsdl((w) => w.replace('wsaw:Action="urn:t/IPing/Ping"', 'wsaw:Action=urn:t/IPing/Ping')))),
  W2T718: spec(fence(wsdl((w) => w.replace('xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"', 'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap"')))),
  W2T719: spec(`${fence(wsdl((w) => w.replace(/ {2}<wsdl:binding[\s\S]*<\/wsdl:binding>\n/, '')))}\n\nThe binding:\n\n${fence('<wsdl:binding name="PingBinding" type="IPing">\n<soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>\n<wsdl:operation name="Ping"><soap:operation soapAction="urn:t/IPing/Ping"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>\n</wsdl:binding>')}`),
  W2T723: spec(fence(wsdl((w) => w.replace(/ {2}<wsdl:binding[\s\S]*<\/wsdl:binding>\n/, ''))), { transport: 'Messages MUST be formatted as SOAP 1.2 messages.' }),
  W2T720: spec(fence(wsdl()), { section4: envelope('<t:Ping><t:n>not a number</t:n></t:Ping>') }),
  W2T721: spec(fence(wsdl()), { section4: envelope('<t:Ping><t:n>4</t:n></t:Ping>') }),
  W2T722: spec(fence(wsdl()), { section4: envelope('<t:Unknown/>') }),
} as const;

export type SpecCode = keyof typeof SPEC_CASES;

/** Extraction, then (for the verify codes) generation and verification, all in memory. */
export async function runSpecCase(code: SpecCode): Promise<{ diagnostics: { code: string; file: string; line: number; column: number }[] }> {
  const text = SPEC_CASES[code];
  if (!/^W2T72[0-2]$/.test(code)) return { diagnostics: [...extractSpec('t.md', text).diagnostics] };
  const s = specInput(path.join(ROOT, 't.md'), text, memoryHost({}));
  const gen = await generateWithDiagnostics({ input: s.input!, host: s.host, artifacts: ['serializers'] });
  const codecs = loadGenerated(gen.files);
  // W2T721 needs an encoder that loses information; generated ones should not, so this one is made to (n + 1).
  const lossy = { ...codecs, encode: (ns: string, local: string, v: unknown) => codecs.encode(ns, local, { ...(v as object), n: (v as { n: number }).n + 1 }) };
  const checked = verifyExamples('t.md', s.extracted.examples, code === 'W2T721' ? lossy : codecs);
  return { diagnostics: [...s.extracted.diagnostics, ...checked.diagnostics] };
}
