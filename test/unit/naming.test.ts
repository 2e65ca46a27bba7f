import { NameScope, toIdentifier, toTypeName } from '../../src/model/naming';
import type { ComplexTypeDef, ElementParticle, SimpleTypeDef } from '../../src/model/types';
import { modelOf, wsdlWithSchema } from '../helpers/memory-host';

describe('identifiers', () => {
  test.each([
    ['Order', 'Order'],
    ['2fast', '_2fast'],
    ['class', 'class_'],
    ['Promise', 'Promise_'],
    ['a-b.c', 'a_b_c'],
    ['__proto__', '__proto__'],
    ['*/`${x}', '___$_x_'],
    ['caf\u00e9', 'caf\u00e9'],
    ['', '_'],
  ])('%j → %j', (raw, expected) => {
    expect(toIdentifier(raw)).toBe(expected);
    expect(() => new Function(`let ${toIdentifier(raw)} = 1;`)).not.toThrow();
  });

  test('type names are PascalCase and valid', () => {
    expect(toTypeName('get-order.item')).toBe('GetOrderItem');
    expect(toTypeName('9lives')).toBe('_9lives');
  });

  test('a scope hands out case-insensitively unique names in order', () => {
    const scope = new NameScope();
    expect(['Foo', 'foo', 'FOO', 'Foo_2'].map((n) => scope.claim(n))).toEqual(['Foo', 'foo_2', 'FOO_3', 'Foo_2_2']);
  });
});

describe('the naming pass on hostile names', () => {
  const hostile = `
    <xs:complexType name="Order"><xs:sequence>
      <xs:element name="__proto__" type="xs:string"/>
      <xs:element name="constructor" type="xs:string"/>
      <xs:element name="class" type="xs:int"/>
      <xs:element name="Value" type="xs:int"/>
      <xs:element name="value" type="xs:int"/>
      <xs:element name="dup" type="xs:int"/>
      <xs:element name="dup" type="xs:string"/>
    </xs:sequence><xs:attribute name="Value" type="xs:string"/></xs:complexType>
    <xs:complexType name="order"><xs:sequence/></xs:complexType>
    <xs:complexType name="Child"><xs:complexContent><xs:extension base="tns:Order"><xs:sequence><xs:element name="class" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
    <xs:simpleType name="Kind"><xs:restriction base="xs:string">
      <xs:enumeration value="*/ evil \`\${x}\` \u2028"/><xs:enumeration value="a b"/><xs:enumeration value="A_b"/><xs:enumeration value=""/><xs:enumeration value="1st"/>
    </xs:restriction></xs:simpleType>
    <xs:complexType name="3D"><xs:sequence/></xs:complexType>
    <xs:element name="Order" type="tns:Order"/>`;

  test('names are valid, unique and the wire names are untouched', async () => {
    const { model } = await modelOf({ 'main.wsdl': wsdlWithSchema(hostile) });
    const names = model!.types.filter((t) => t.name).map((t) => [t.name!.local, t.tsName]);
    expect(names).toEqual([
      ['Order', 'Order'],
      ['order', 'Order_2'],
      ['Child', 'Child'],
      ['Kind', 'Kind'],
      ['3D', '_3D'],
    ]);
    expect(model!.elements[0]!.tsName).toBe('OrderElement');
    const order = model!.types[0] as ComplexTypeDef;
    const props = (order.content as unknown as { particle: { particles: ElementParticle[] } }).particle.particles;
    expect(props.map((p) => [p.name.local, p.tsName])).toEqual([
      ['__proto__', '__proto__'],
      ['constructor', 'constructor'],
      ['class', 'class'],
      ['Value', 'Value'],
      ['value', 'value'],
      ['dup', 'dup'],
      ['dup', 'dup_2'],
    ]);
    expect(order.attributes[0]).toMatchObject({ name: { local: 'Value' }, tsName: 'ValueAttribute' });
    const child = model!.types[2] as ComplexTypeDef;
    // An inherited property keeps its name; the subtype's own clash gets a suffix.
    expect((child.content as unknown as { particle: { particles: ElementParticle[] } }).particle.particles[0]).toMatchObject({ name: { local: 'class' }, tsName: 'class_2' });
    const kind = model!.types[3] as SimpleTypeDef;
    expect(kind.enumeration!.map((e) => e.value)).toEqual(['*/ evil `${x}` \u2028', 'a b', 'A_b', '', '1st']);
    const members = kind.enumeration!.map((e) => e.tsName);
    expect(new Set(members.map((m) => m.toLowerCase())).size).toBe(members.length);
    for (const m of members) expect(() => new Function(`let ${m} = 1;`)).not.toThrow();
  });

  test('binding and operation names are valid and unique', async () => {
    const wsdlBody = `
      <wsdl:message name="M"/>
      <wsdl:portType name="P"><wsdl:operation name="delete"><wsdl:input message="tns:M"/></wsdl:operation><wsdl:operation name="Delete"><wsdl:input message="tns:M"/></wsdl:operation><wsdl:operation name="constructor"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType>
      <wsdl:binding name="class" type="tns:P"><soap:binding/>
        <wsdl:operation name="delete"><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
        <wsdl:operation name="Delete"><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
        <wsdl:operation name="constructor"><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
      </wsdl:binding>`;
    const { model } = await modelOf({ 'main.wsdl': wsdlWithSchema('', { wsdlBody }) });
    const b = model!.wsdl.bindings[0]!;
    expect(b.tsName).toBe('Class');
    expect(b.operations.map((o) => o.tsName)).toEqual(['delete_', 'delete__2', 'constructor_']);
  });
});
