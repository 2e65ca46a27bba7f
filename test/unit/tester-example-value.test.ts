/**
 * Example values for the schema constructs the message tester must get right: facets, patterns (with the comment when
 * none can be built), choices, abstract types and elements, recursion, lists and unions. Each example is checked by
 * decoding it with the generated decoder (which enforces the facets) and re-encoding it.
 */
import { samplePattern } from '../../src/tester/pattern-sample';
import { exampleElementXml } from '../../src/tester';
import { loadGenerated } from '../../src/verify/load-generated';
import { memoryHost, ROOT } from '../helpers/memory-host';
import { loadTester, sucrase, type Loaded } from './tester-load';

const XSD = `<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
      <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}-\\d{2,4}(x|y)?"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Odd"><xs:restriction base="xs:string"><xs:pattern value="[^\\p{IsBasicLatin}\\p{IsLatin-1Supplement}]+"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Percent"><xs:restriction base="xs:int"><xs:minInclusive value="10"/><xs:maxInclusive value="20"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Above"><xs:restriction base="xs:decimal"><xs:minExclusive value="5.5"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Short"><xs:restriction base="xs:string"><xs:minLength value="8"/><xs:maxLength value="9"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Bytes"><xs:restriction base="xs:base64Binary"><xs:length value="4"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Ints"><xs:list itemType="xs:int"/></xs:simpleType>
      <xs:simpleType name="Either"><xs:union memberTypes="xs:date xs:int"/></xs:simpleType>
      <xs:complexType name="Shape" abstract="true"><xs:sequence><xs:element name="Id" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:complexType name="Circle"><xs:complexContent><xs:extension base="tns:Shape"><xs:sequence><xs:element name="R" type="xs:double"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Node"><xs:sequence><xs:element name="Name" type="xs:string"/><xs:element name="Child" type="tns:Node" minOccurs="0" maxOccurs="unbounded"/></xs:sequence><xs:attribute name="lang" type="xs:language" use="required"/></xs:complexType>
      <xs:element name="Head" type="xs:string" abstract="true"/>
      <xs:element name="Member" type="xs:string" substitutionGroup="tns:Head"/>
      <xs:element name="All">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="code" type="tns:Code"/>
            <xs:element name="odd" type="tns:Odd" minOccurs="0"/>
            <xs:element name="percent" type="tns:Percent"/>
            <xs:element name="above" type="tns:Above"/>
            <xs:element name="short" type="tns:Short"/>
            <xs:element name="bytes" type="tns:Bytes"/>
            <xs:element name="ints" type="tns:Ints"/>
            <xs:element name="either" type="tns:Either"/>
            <xs:element name="when" type="xs:duration"/>
            <xs:element name="twice" type="xs:string" minOccurs="2" maxOccurs="3"/>
            <xs:choice><xs:element name="first" type="xs:int"/><xs:element name="second" type="xs:string"/></xs:choice>
            <xs:element name="shape" type="tns:Shape"/>
            <xs:element ref="tns:Head"/>
            <xs:element name="tree" type="tns:Node"/>
            <xs:element name="fixedOne" type="xs:string" fixed="F"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:schema>
  </wsdl:types>
</wsdl:definitions>`;

let t: Loaded;
beforeAll(async () => {
  t = await loadTester(`${ROOT}/t.wsdl`, { host: memoryHost({ 't.wsdl': XSD }) });
});

describe('example values', () => {
  test('honour facets, patterns, choices, abstract types and elements, lists, unions and fixed values', () => {
    const xml = exampleElementXml(t.model, { ns: 'urn:t', local: 'All' });
    expect(xml).toMatch(/<code>AAA-00x<\/code>/);
    expect(xml).toMatch(/<percent>10<\/percent>/);
    expect(xml).toMatch(/<above>6.5<\/above>/);
    expect(xml).toMatch(/<short>stringxx<\/short>/);
    expect(xml).toMatch(/<bytes>AAAAAA==<\/bytes>/);
    expect(xml).toMatch(/<ints>0<\/ints>/);
    expect(xml).toMatch(/<either>2024-01-02<\/either>/);
    expect(xml).toMatch(/<when>PT1H<\/when>/);
    expect(xml.match(/<twice>/g)).toHaveLength(2);
    expect(xml).toMatch(/<first>0<\/first>/);
    expect(xml).not.toMatch(/<second>/);
    // Namespaces are declared once, on the top element; xsi:type names the first concrete derived type.
    expect(xml).toMatch(/^<All xmlns="urn:t" xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xmlns:ns1="urn:t">\n/);
    expect(xml).toMatch(/<shape xsi:type="ns1:Circle">\n\s+<Id>0<\/Id>\n\s+<R>0<\/R>/);
    expect(xml).toMatch(/<Member>string<\/Member>/);
    expect(xml).toMatch(/<fixedOne>F<\/fixedOne>/);
    // Optional recursion stops where the type is already being built: one Node, its required Name, no Child.
    expect(xml).toMatch(/<tree lang="en">\n\s+<Name>string<\/Name>\n\s+<\/tree>/);
  });

  test('a pattern no sample satisfies keeps a value and says so in an XML comment', () => {
    const xml = exampleElementXml(t.model, { ns: 'urn:t', local: 'All' });
    expect(xml).toMatch(/<odd><!-- no example matching the pattern \[\^\\p\{IsBasicLatin\}\\p\{IsLatin-1Supplement\}\]\+ could be built: replace this value -->string<\/odd>/);
  });

  test('the example decodes with the generated decoder except for the flagged pattern, and is deterministic', () => {
    const codecs = loadGenerated(t.files, sucrase);
    const xml = exampleElementXml(t.model, { ns: 'urn:t', local: 'All' });
    expect(exampleElementXml(t.model, { ns: 'urn:t', local: 'All' })).toBe(xml);
    expect(() => codecs.decode('urn:t', 'All', xml)).toThrow(/odd/);
    const withoutOdd = xml.replace(/\s*<odd>.*<\/odd>/, '');
    const value = codecs.decode('urn:t', 'All', withoutOdd);
    expect(codecs.decode('urn:t', 'All', codecs.encode('urn:t', 'All', value))).toEqual(value);
  });

  test('samplePattern covers classes, escapes, groups, alternation and counts, and gives up honestly', () => {
    expect(samplePattern('\\d{3}-[a-f]+')).toBe('000-a');
    expect(samplePattern('(ab|cd){2}\\.[^a]?')).toBe('abab.A');
    expect(samplePattern('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}')).toBe('aaaaaaaa-aaaa');
    expect(samplePattern('\\p{Lu}\\i\\c*')).toBe('Aaa');
    expect(samplePattern('[^\\p{IsBasicLatin}\\p{IsLatin-1Supplement}]')).toBeUndefined();
    expect(samplePattern('(unclosed')).toBeUndefined();
  });
});
