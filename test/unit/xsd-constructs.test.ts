import type { ComplexTypeDef, ElementParticle, Model, ModelGroup, SimpleTypeDef, TypeDef } from '../../src/model/types';
import { codes, modelOf, wsdlWithSchema } from '../helpers/memory-host';

const XS = 'http://www.w3.org/2001/XMLSchema';

async function schemaModel(body: string, opts: Parameters<typeof wsdlWithSchema>[1] = {}): Promise<{ model: Model; codes: string[] }> {
  const result = await modelOf({ 'main.wsdl': wsdlWithSchema(body, opts) });
  expect(result.model).toBeDefined();
  // These WSDLs only carry types, so "no binding and no portType" (W2T602) is expected and not of interest here.
  return { model: result.model!, codes: codes(result).filter((c) => c !== 'W2T602') };
}

function type(model: Model, local: string): TypeDef {
  const t = model.types.find((x) => x.name?.local === local);
  if (!t) throw new Error(`no type ${local}`);
  return t;
}

function complex(model: Model, local: string): ComplexTypeDef {
  const t = type(model, local);
  expect(t.kind).toBe('complex');
  return t as ComplexTypeDef;
}

function simple(model: Model, local: string): SimpleTypeDef {
  const t = type(model, local);
  expect(t.kind).toBe('simple');
  return t as SimpleTypeDef;
}

function particle(t: ComplexTypeDef): ModelGroup {
  if (t.content.kind !== 'elements') throw new Error(`${t.id} has ${t.content.kind} content`);
  return t.content.particle;
}

describe('model groups', () => {
  test('sequence, choice and all nest with their occurrences', async () => {
    const { model, codes: c } = await schemaModel(`
      <xs:complexType name="T">
        <xs:sequence>
          <xs:element name="a" type="xs:string"/>
          <xs:choice minOccurs="0" maxOccurs="unbounded">
            <xs:element name="b" type="xs:int"/>
            <xs:sequence><xs:element name="c" type="xs:long" maxOccurs="3"/></xs:sequence>
          </xs:choice>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="A"><xs:all><xs:element name="x" type="xs:string" minOccurs="0"/></xs:all></xs:complexType>`);
    expect(c).toEqual([]);
    const seq = particle(complex(model, 'T'));
    expect(seq.kind).toBe('sequence');
    const [a, choice] = seq.particles as [ElementParticle, ModelGroup];
    expect(a).toMatchObject({ kind: 'element', name: { ns: 'urn:test', local: 'a' }, type: `{${XS}}string`, minOccurs: 1, maxOccurs: 1 });
    expect(choice).toMatchObject({ kind: 'choice', minOccurs: 0, maxOccurs: 'unbounded' });
    expect(choice.particles[1]).toMatchObject({ kind: 'sequence', particles: [{ kind: 'element', name: { local: 'c' }, maxOccurs: 3 }] });
    expect(particle(complex(model, 'A'))).toMatchObject({ kind: 'all', particles: [{ name: { local: 'x' }, minOccurs: 0 }] });
  });

  test('named groups expand in place and keep their name', async () => {
    const { model } = await schemaModel(`
      <xs:group name="G"><xs:sequence><xs:element name="g1" type="xs:string"/></xs:sequence></xs:group>
      <xs:complexType name="T"><xs:sequence><xs:group ref="tns:G" minOccurs="0"/><xs:element name="z" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:complexType name="U"><xs:group ref="tns:G"/></xs:complexType>`);
    expect(particle(complex(model, 'T')).particles[0]).toMatchObject({ kind: 'sequence', group: { ns: 'urn:test', local: 'G' }, minOccurs: 0, particles: [{ name: { local: 'g1' } }] });
    expect(particle(complex(model, 'U'))).toMatchObject({ kind: 'sequence', group: { local: 'G' } });
    expect(model.groups.map((g) => g.name.local)).toEqual(['G']);
  });

  test('a group that contains itself is reported, not expanded forever', async () => {
    const { codes: c } = await schemaModel(`
      <xs:group name="G"><xs:sequence><xs:element name="a" type="xs:string"/><xs:group ref="tns:G"/></xs:sequence></xs:group>
      <xs:complexType name="T"><xs:group ref="tns:G"/></xs:complexType>`);
    expect(c).toContain('W2T502');
  });
});

describe('attributes', () => {
  test('use, default, fixed, form and attributeGroups are kept', async () => {
    const { model, codes: c } = await schemaModel(
      `
      <xs:attributeGroup name="AG"><xs:attribute name="g" type="xs:int" use="required"/><xs:anyAttribute namespace="##other" processContents="lax"/></xs:attributeGroup>
      <xs:attribute name="global" type="xs:boolean" default="true"/>
      <xs:complexType name="T">
        <xs:sequence/>
        <xs:attribute name="plain" type="xs:string" default="d"/>
        <xs:attribute name="q" type="xs:string" form="qualified" fixed="f"/>
        <xs:attribute ref="tns:global"/>
        <xs:attribute ref="xml:lang"/>
        <xs:attributeGroup ref="tns:AG"/>
      </xs:complexType>`,
    );
    expect(c).toEqual([]);
    const t = complex(model, 'T');
    expect(t.attributes).toEqual([
      expect.objectContaining({ name: { ns: '', local: 'plain' }, use: 'optional', default: 'd', form: 'unqualified' }),
      expect.objectContaining({ name: { ns: 'urn:test', local: 'q' }, fixed: 'f', form: 'qualified' }),
      expect.objectContaining({ name: { ns: 'urn:test', local: 'global' }, ref: { ns: 'urn:test', local: 'global' }, default: 'true', type: `{${XS}}boolean` }),
      expect.objectContaining({ name: { ns: 'http://www.w3.org/XML/1998/namespace', local: 'lang' } }),
      expect.objectContaining({ name: { ns: '', local: 'g' }, use: 'required', group: { ns: 'urn:test', local: 'AG' } }),
    ]);
    expect(t.anyAttribute).toEqual({ namespace: '##other', processContents: 'lax', targetNamespace: 'urn:test' });
  });

  test('attributeFormDefault="qualified" qualifies local attributes', async () => {
    const { model } = await schemaModel(`<xs:complexType name="T"><xs:attribute name="a" type="xs:string"/></xs:complexType>`, { schemaAttrs: 'attributeFormDefault="qualified"' });
    expect(complex(model, 'T').attributes[0]!.name).toEqual({ ns: 'urn:test', local: 'a' });
  });
});

describe('derivation', () => {
  test('complexContent extension and restriction link base and derived types', async () => {
    const { model } = await schemaModel(`
      <xs:complexType name="Base" abstract="true"><xs:sequence><xs:element name="id" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:complexType name="Derived"><xs:complexContent><xs:extension base="tns:Base">
        <xs:sequence><xs:element name="extra" type="xs:string"/></xs:sequence><xs:attribute name="flag" type="xs:boolean"/>
      </xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Narrow"><xs:complexContent><xs:restriction base="tns:Base">
        <xs:sequence><xs:element name="id" type="xs:int"/></xs:sequence>
      </xs:restriction></xs:complexContent></xs:complexType>`);
    const base = complex(model, 'Base');
    expect(base.abstract).toBe(true);
    expect(base.derivedTypes).toEqual(['{urn:test}Derived', '{urn:test}Narrow']);
    const d = complex(model, 'Derived');
    expect(d.derivation).toEqual({ method: 'extension', base: '{urn:test}Base' });
    expect(particle(d).particles).toEqual([expect.objectContaining({ name: { ns: 'urn:test', local: 'extra' } })]);
    expect(d.attributes[0]!.name.local).toBe('flag');
    expect(complex(model, 'Narrow').derivation).toEqual({ method: 'restriction', base: '{urn:test}Base' });
  });

  test('simpleContent extension and restriction give a value type plus attributes', async () => {
    const { model } = await schemaModel(`
      <xs:complexType name="Money"><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="currency" type="xs:string" use="required"/></xs:extension></xs:simpleContent></xs:complexType>
      <xs:complexType name="Small"><xs:simpleContent><xs:restriction base="tns:Money"><xs:maxInclusive value="100"/></xs:restriction></xs:simpleContent></xs:complexType>
      <xs:complexType name="Coded"><xs:simpleContent><xs:restriction base="tns:Money"><xs:enumeration value="1"/><xs:enumeration value="2"/></xs:restriction></xs:simpleContent></xs:complexType>`);
    const money = complex(model, 'Money');
    expect(money.content).toEqual({ kind: 'simple', valueType: `{${XS}}decimal`, facets: {} });
    expect(money.derivation).toBeUndefined();
    expect(money.attributes[0]).toMatchObject({ name: { local: 'currency' }, use: 'required' });
    const small = complex(model, 'Small');
    expect(small.derivation).toEqual({ method: 'restriction', base: '{urn:test}Money' });
    expect(small.content).toEqual({ kind: 'simple', valueType: `{${XS}}decimal`, facets: { maxInclusive: '100' } });
    const coded = complex(model, 'Coded');
    const valueType = model.types.find((t) => coded.content.kind === 'simple' && t.id === coded.content.valueType) as SimpleTypeDef;
    expect(valueType.enumeration?.map((e) => e.value)).toEqual(['1', '2']);
  });

  test('a type deriving from itself is reported', async () => {
    const { codes: c } = await schemaModel(`<xs:complexType name="Loop"><xs:complexContent><xs:extension base="tns:Loop"/></xs:complexContent></xs:complexType>`);
    expect(c).toContain('W2T502');
  });
});

describe('simple types', () => {
  test('facets, enumerations, list and union', async () => {
    const { model } = await schemaModel(`
      <xs:simpleType name="Code"><xs:restriction base="xs:string">
        <xs:minLength value="1"/><xs:maxLength value="5"/><xs:pattern value="[A-Z]+"/><xs:pattern value="X.*"/><xs:whiteSpace value="collapse"/>
      </xs:restriction></xs:simpleType>
      <xs:simpleType name="Amount"><xs:restriction base="xs:decimal"><xs:totalDigits value="10"/><xs:fractionDigits value="2"/><xs:minExclusive value="0"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="Color"><xs:restriction base="xs:string"><xs:enumeration value="red"><xs:annotation><xs:documentation>Red.</xs:documentation></xs:annotation></xs:enumeration><xs:enumeration value="dark blue"/></xs:restriction></xs:simpleType>
      <xs:simpleType name="MoreColor"><xs:restriction base="tns:Color"/></xs:simpleType>
      <xs:simpleType name="Ints"><xs:list itemType="xs:int"/></xs:simpleType>
      <xs:simpleType name="Inline"><xs:list><xs:simpleType><xs:restriction base="xs:short"/></xs:simpleType></xs:list></xs:simpleType>
      <xs:simpleType name="U"><xs:union memberTypes="xs:int tns:Color"><xs:simpleType><xs:restriction base="xs:date"/></xs:simpleType></xs:union></xs:simpleType>
      <xs:simpleType name="Small"><xs:restriction base="tns:Amount"/></xs:simpleType>`);
    expect(simple(model, 'Code')).toMatchObject({ variety: 'atomic', builtin: 'string', facets: { minLength: 1, maxLength: 5, patterns: ['[A-Z]+', 'X.*'], whiteSpace: 'collapse' } });
    expect(simple(model, 'Amount').facets).toEqual({ totalDigits: 10, fractionDigits: 2, minExclusive: '0' });
    expect(simple(model, 'Small').builtin).toBe('decimal');
    const color = simple(model, 'Color');
    expect(color.enumeration).toEqual([
      { value: 'red', tsName: 'Red', doc: 'Red.' },
      { value: 'dark blue', tsName: 'DarkBlue' },
    ]);
    expect(simple(model, 'MoreColor').enumeration?.map((e) => e.value)).toEqual(['red', 'dark blue']);
    expect(simple(model, 'Ints')).toMatchObject({ variety: 'list', itemType: `{${XS}}int` });
    const inline = simple(model, 'Inline');
    expect((model.types.find((t) => t.id === inline.itemType) as SimpleTypeDef).builtin).toBe('short');
    const u = simple(model, 'U');
    expect(u.variety).toBe('union');
    expect(u.memberTypes?.slice(0, 2)).toEqual([`{${XS}}int`, '{urn:test}Color']);
    expect(u.memberTypes).toHaveLength(3);
  });

  test('every XSD built-in resolves', async () => {
    const names = 'anyType anySimpleType string normalizedString token language Name NCName ID IDREF IDREFS ENTITY ENTITIES NMTOKEN NMTOKENS boolean decimal integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger float double duration dateTime time date gYearMonth gYear gMonthDay gDay gMonth hexBinary base64Binary anyURI QName NOTATION'.split(' ');
    const body = names.map((n) => `<xs:element name="e_${n}" type="xs:${n}"/>`).join('');
    const { model, codes: c } = await schemaModel(`<xs:complexType name="All"><xs:sequence>${body}</xs:sequence></xs:complexType><xs:element name="bad" type="xs:nope"/>`);
    expect(particle(complex(model, 'All')).particles.map((p) => (p as ElementParticle).type)).toEqual(names.map((n) => `{${XS}}${n}`));
    expect(c).toEqual(['W2T300']);
  });
});

describe('elements', () => {
  test('nillable, min/maxOccurs, defaults and refs', async () => {
    const { model } = await schemaModel(`
      <xs:element name="Shared" type="xs:string" nillable="true"/>
      <xs:complexType name="T"><xs:sequence>
        <xs:element name="n" type="xs:int" nillable="true" minOccurs="0"/>
        <xs:element name="many" type="xs:string" minOccurs="2" maxOccurs="unbounded"/>
        <xs:element name="d" type="xs:string" default="x"/>
        <xs:element ref="tns:Shared" maxOccurs="2"/>
      </xs:sequence></xs:complexType>`);
    const [n, many, d, ref] = particle(complex(model, 'T')).particles as ElementParticle[];
    expect(n).toMatchObject({ nillable: true, minOccurs: 0, maxOccurs: 1 });
    expect(many).toMatchObject({ minOccurs: 2, maxOccurs: 'unbounded' });
    expect(d!.default).toBe('x');
    expect(ref).toMatchObject({ name: { ns: 'urn:test', local: 'Shared' }, ref: { ns: 'urn:test', local: 'Shared' }, nillable: true, maxOccurs: 2, type: `{${XS}}string` });
  });

  test('elementFormDefault (absent = unqualified) and form decide the wire namespace', async () => {
    const result = await modelOf({
      'main.xsd': `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:u"><xs:complexType name="T"><xs:sequence><xs:element name="u" type="xs:int"/><xs:element name="q" type="xs:int" form="qualified"/></xs:sequence></xs:complexType></xs:schema>`,
    }, 'main.xsd');
    const t = result.model!.types[0] as ComplexTypeDef;
    expect(particle(t).particles.map((p) => (p as ElementParticle).name)).toEqual([{ ns: '', local: 'u' }, { ns: 'urn:u', local: 'q' }]);
  });

  test('substitution groups and abstract heads', async () => {
    const { model } = await schemaModel(`
      <xs:element name="Shape" type="tns:ShapeT" abstract="true"/>
      <xs:complexType name="ShapeT"><xs:sequence/></xs:complexType>
      <xs:element name="Circle" substitutionGroup="tns:Shape"/>
      <xs:element name="Square" type="tns:ShapeT" substitutionGroup="tns:Shape"/>
      <xs:element name="BigSquare" type="tns:ShapeT" substitutionGroup="tns:Square"/>
      <xs:complexType name="Drawing"><xs:sequence><xs:element ref="tns:Shape" maxOccurs="unbounded"/></xs:sequence></xs:complexType>`);
    expect(model.elements.find((e) => e.name.local === 'Shape')).toMatchObject({ abstract: true });
    expect(model.elements.find((e) => e.name.local === 'Circle')).toMatchObject({ substitutionGroup: { local: 'Shape' }, type: '{urn:test}ShapeT' });
    expect((particle(complex(model, 'Drawing')).particles[0] as ElementParticle).substitutes?.map((q) => q.local)).toEqual(['Circle', 'Square', 'BigSquare']);
  });

  test('any wildcards keep namespace and processContents', async () => {
    const { model } = await schemaModel(`<xs:complexType name="Open"><xs:sequence><xs:any namespace="##other" processContents="skip" minOccurs="0" maxOccurs="unbounded"/><xs:any/></xs:sequence></xs:complexType>`);
    expect(particle(complex(model, 'Open')).particles).toEqual([
      expect.objectContaining({ kind: 'any', minOccurs: 0, maxOccurs: 'unbounded', wildcard: { namespace: '##other', processContents: 'skip', targetNamespace: 'urn:test' } }),
      expect.objectContaining({ kind: 'any', wildcard: { namespace: '##any', processContents: 'strict', targetNamespace: 'urn:test' } }),
    ]);
  });

  test('anonymous types are named after where they are declared', async () => {
    const { model } = await schemaModel(`<xs:element name="Order"><xs:complexType><xs:sequence><xs:element name="Item"><xs:complexType><xs:sequence/></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>`);
    expect(model.types.map((t) => [t.id, t.tsName])).toEqual([
      ['{urn:test}Order/Item#type', 'Order_Item'],
      ['{urn:test}Order#type', 'Order'],
    ]);
    expect(model.elements[0]).toMatchObject({ tsName: 'OrderElement', type: '{urn:test}Order#type' });
  });

  test('mixed content and recursive types', async () => {
    const { model, codes: c } = await schemaModel(`<xs:complexType name="Node" mixed="true"><xs:sequence><xs:element name="child" type="tns:Node" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>`);
    expect(c).toEqual([]);
    expect(complex(model, 'Node')).toMatchObject({ mixed: true });
    expect((particle(complex(model, 'Node')).particles[0] as ElementParticle).type).toBe('{urn:test}Node');
  });
});

describe('WCF DataContract profile', () => {
  test('ArrayOf collections, IsReference and the Serialization types', async () => {
    const ser = 'http://schemas.microsoft.com/2003/10/Serialization/';
    const result = await modelOf({
      'main.wsdl': wsdlWithSchema(
        `<xs:import namespace="${ser}"/>
         <xs:complexType name="ArrayOfstring"><xs:sequence><xs:element name="string" type="xs:string" nillable="true" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
         <xs:complexType name="Person"><xs:sequence><xs:element name="Id" type="ser:guid"/><xs:element name="Initial" type="ser:char"/><xs:element name="Age" type="ser:duration"/></xs:sequence>
           <xs:attribute ref="ser:Id"/><xs:attribute ref="ser:Ref"/></xs:complexType>`,
        { extraNs: `xmlns:ser="${ser}"` },
      ),
    });
    const model = result.model!;
    expect(complex(model, 'ArrayOfstring').wcfArray).toEqual({ item: { ns: 'urn:test', local: 'string' }, itemType: `{${XS}}string`, nillable: true });
    expect(complex(model, 'Person').wcfIsReference).toBe(true);
    const kinds = (particle(complex(model, 'Person')).particles as ElementParticle[]).map((p) => (model.types.find((t) => t.id === p.type) as SimpleTypeDef).wellKnown);
    expect(kinds).toEqual(['guid', 'char', 'duration']);
    expect(model.documents).toContain('bundled:' + model.documents.find((d) => d.startsWith('bundled:'))!.slice(8));
  });
});

describe('include, redefine and chameleons', () => {
  test('a chameleon include takes the including namespace', async () => {
    const result = await modelOf({
      'main.xsd': `<xs:schema xmlns:xs="${XS}" xmlns:tns="urn:main" targetNamespace="urn:main" elementFormDefault="qualified"><xs:include schemaLocation="common/cham.xsd"/><xs:element name="E" type="tns:C"/></xs:schema>`,
      'common/cham.xsd': `<xs:schema xmlns:xs="${XS}"><xs:complexType name="C"><xs:sequence><xs:element name="v" type="xs:string"/></xs:sequence></xs:complexType></xs:schema>`,
    }, 'main.xsd');
    expect(codes(result)).toEqual([]);
    expect(result.model!.types[0]).toMatchObject({ id: '{urn:main}C' });
    expect(result.model!.documents).toEqual(['main.xsd', 'common/cham.xsd']);
  });

  test('redefine replaces a type and keeps the original as its base', async () => {
    const result = await modelOf({
      'main.xsd': `<xs:schema xmlns:xs="${XS}" xmlns:tns="urn:r" targetNamespace="urn:r"><xs:redefine schemaLocation="orig.xsd"><xs:complexType name="P"><xs:complexContent><xs:extension base="tns:P"><xs:sequence><xs:element name="added" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType></xs:redefine></xs:schema>`,
      'orig.xsd': `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:r"><xs:complexType name="P"><xs:sequence><xs:element name="orig" type="xs:string"/></xs:sequence></xs:complexType></xs:schema>`,
    }, 'main.xsd');
    expect(codes(result)).toEqual([]);
    const p = result.model!.types.find((t) => t.id === '{urn:r}P') as ComplexTypeDef;
    expect(p.derivation).toEqual({ method: 'extension', base: '{urn:r}P~redefined' });
  });

  test('import cycles terminate', async () => {
    const result = await modelOf({
      'a.xsd': `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:a"><xs:import namespace="urn:b" schemaLocation="b.xsd"/><xs:element name="A" type="xs:int"/></xs:schema>`,
      'b.xsd': `<xs:schema xmlns:xs="${XS}" targetNamespace="urn:b"><xs:import namespace="urn:a" schemaLocation="a.xsd"/><xs:element name="B" type="xs:int"/></xs:schema>`,
    }, 'a.xsd');
    expect(codes(result)).toEqual([]);
    expect(result.model!.elements.map((e) => e.name.local)).toEqual(['A', 'B']);
  });
});
