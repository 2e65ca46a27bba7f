/**
 * The runtime's SOAP 1.1 section 5 codec (packages/runtime/src/encoded.ts), on a hand-written description with a
 * recursive struct, an anyType array and a struct array: what it writes, and what it refuses when reading hostile
 * multi-references (cycles, 10^5 references, `__proto__` ids, references to nowhere, deep chains).
 */
import * as rt from '@wsdl2ts/runtime';

const $ = rt.schema({
  ns: ['', 'urn:enc'],
  types: {
    Node: { name: [1, 'Node'], content: { seq: [{ el: 'label', type: 'xs:string' }, { el: 'next', type: 'Node', min: 0, nillable: 1 }] } },
    Bag: { name: [1, 'Bag'], encArray: 'raw' },
    Nodes: { name: [1, 'Nodes'], encArray: 'Node' },
    Color: { atomic: 'xs:string', name: [1, 'Color'], enum: ['red', 'blue'] },
    Special: { name: [1, 'Special'], extends: 'Node', content: { seq: [{ el: 'extra', type: 'xs:int' }] } },
    Call: { content: { seq: [{ el: 'node', type: 'Node', nillable: 1 }, { el: 'bag', type: 'Bag', nillable: 1 }, { el: 'nodes', type: 'Nodes', nillable: 1 }, { el: 'color', type: 'Color', nillable: 1 }] } },
  },
});
const Call = $.encoded<Record<string, unknown>>(1, 'call', 'Call');

const NS = 'xmlns:e="urn:enc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"';

/** Decodes a Body holding `content` (the wrapper and any multi-reference values). */
function decode(content: string, limits?: Partial<rt.ReaderLimits>): Record<string, unknown> {
  const r = new rt.XmlReader(`<Body ${NS}>${content}</Body>`, limits);
  r.readRoot();
  return Call.encodedBody(r, '/Body', limits);
}

const wrap = (parts: string) => `<e:call>${parts}</e:call>`;
const node = (label: string, next = '') => `<label xsi:type="xsd:string">${label}</label>${next}`;

describe('encoding', () => {
  test('every value has xsi:type; arrays are soapenc:Array with arrayType; nil and subtypes are written as such', () => {
    const xml = Call.toXml({ node: { $type: 'Special', label: 'a', next: { label: 'b', next: null }, extra: 3 }, bag: [1, 'two', true, 2.5, null, [7]], nodes: [{ label: 'n' }, null], color: 'red' }, '/call');
    expect(xml).toBe(
      '<ns1:call xmlns:se="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:ns1="urn:enc" se:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
        '<node xsi:type="ns1:Special"><label xsi:type="xsd:string">a</label><next xsi:type="ns1:Node"><label xsi:type="xsd:string">b</label><next xsi:nil="true"/></next><extra xsi:type="xsd:int">3</extra></node>' +
        '<bag xsi:type="soapenc:Array" soapenc:arrayType="xsd:anyType[6]"><item xsi:type="xsd:int">1</item><item xsi:type="xsd:string">two</item><item xsi:type="xsd:boolean">true</item><item xsi:type="xsd:double">2.5</item><item xsi:nil="true"/><item xsi:type="soapenc:Array" soapenc:arrayType="xsd:anyType[1]"><item xsi:type="xsd:int">7</item></item></bag>' +
        '<nodes xsi:type="soapenc:Array" soapenc:arrayType="ns1:Node[2]"><item xsi:type="ns1:Node"><label xsi:type="xsd:string">n</label></item><item xsi:nil="true"/></nodes>' +
        '<color xsi:type="ns1:Color">red</color></ns1:call>',
    );
    // What it writes, it reads back.
    const r = new rt.XmlReader(xml);
    r.readRoot();
    // Node has a derived type, so decoded Nodes say which they are ($type), as the literal codecs do.
    expect(Call.decode(r, '/call')).toEqual({ node: { $type: 'Special', label: 'a', next: { $type: 'Node', label: 'b', next: null }, extra: 3 }, bag: [1, 'two', true, 2.5, null, [7]], nodes: [{ $type: 'Node', label: 'n' }, null], color: 'red' });
  });

  test('a value that contains itself is refused, not written forever', () => {
    const a: Record<string, unknown> = { label: 'a' };
    a.next = a;
    expect(() => Call.toXml({ node: a, bag: null, nodes: null, color: null }, '/call')).toThrow('the value refers to itself (a cycle) at /call/node/next');
    const bag: unknown[] = [];
    bag.push(bag);
    expect(() => Call.toXml({ node: null, bag, nodes: null, color: null }, '/call')).toThrow('a cycle');
  });

  test('enumerations, required members and non-nillable values are checked on encode', () => {
    expect(() => Call.toXml({ node: null, bag: null, nodes: null, color: 'green' }, '/call')).toThrow('"green" is not one of the values of Color');
    expect(() => Call.toXml({ node: {}, bag: null, nodes: null, color: null }, '/call')).toThrow('missing required element label at /call/node');
    expect(() => Call.toXml({ node: { label: null }, bag: null, nodes: null, color: null }, '/call')).toThrow('label is not nillable');
  });
});

describe('decoding', () => {
  const rest = '<bag xsi:nil="true"/><nodes xsi:nil="true"/><color xsi:nil="true"/>';

  test('xsi:type is checked against the expected type, derived types allowed; anyType items decode to the built-in value', () => {
    expect(decode(wrap(`<node xsi:type="e:Special">${node('s')}<extra xsi:type="xsd:short">4</extra></node>${rest}`)).node).toEqual({ $type: 'Special', label: 's', extra: 4 });
    expect(() => decode(wrap(`<node xsi:type="e:Bag">${node('s')}</node>${rest}`))).toThrow('xsi:type {urn:enc}Bag is not Node or a type derived from it at /Body/call/node');
    expect(() => decode(wrap(`<node>${node('s')}<extra>1</extra></node>${rest}`))).toThrow('unexpected element {}extra at /Body/call/node');
    const bag = decode(wrap(`<node xsi:nil="true"/><bag enc:arrayType="xsd:anyType[5]"><i xsi:type="xsd:long">9007199254740993</i><i xsi:type="enc:string">s</i><i xsi:type="xsd:base64Binary">AQI=</i><i><free>raw</free></i><i xsi:type="e:Node">${node('n')}</i></bag><nodes xsi:nil="true"/><color xsi:type="xsd:string">blue</color>`));
    expect(bag.bag).toEqual(['9007199254740993', 's', new Uint8Array([1, 2]), { xml: expect.stringContaining('<free>raw</free>') }, { $type: 'Node', label: 'n' }]);
    expect(bag.color).toBe('blue');
    expect(() => decode(wrap(`<node xsi:nil="true"/><bag xsi:nil="true"/><nodes xsi:nil="true"/><color xsi:type="xsd:string">green</color>`))).toThrow('"green" is not one of the values of Color at /Body/call/color');
  });

  test('a shared multi-reference decodes once, to one shared object', () => {
    const v = decode(wrap(`<node xsi:nil="true"/><bag xsi:nil="true"/><nodes enc:arrayType="e:Node[3]"><item href="#n"/><item href="#n"/><item xsi:nil="true"/></nodes><color xsi:nil="true"/>`) + `<e:Node id="n">${node('shared')}</e:Node>`);
    const nodes = v.nodes as unknown[];
    expect(nodes).toEqual([{ $type: 'Node', label: 'shared' }, { $type: 'Node', label: 'shared' }, null]);
    expect(nodes[0]).toBe(nodes[1]);
  });

  test('a cycle of references is refused, whether through a value or through a reference to a reference', () => {
    expect(() => decode(wrap(`<node href="#a"/>${rest}`) + `<e:Node id="a">${node('a', '<next href="#b"/>')}</e:Node><e:Node id="b">${node('b', '<next href="#a"/>')}</e:Node>`)).toThrow(
      'the reference to "a" refers back to a value that contains it (a cycle) at /Body/call/node(#a)/next(#b)/next',
    );
    expect(() => decode(wrap(`<node href="#self"/>${rest}`) + '<x id="self" href="#self"/>')).toThrow('(a cycle)');
  });

  test('10^5 references to one value are read once; 10^5 distinct values hit the reader limits, not the heap', () => {
    const many = '<item href="#s"/>'.repeat(100_000);
    const v = decode(wrap(`<node xsi:nil="true"/><bag enc:arrayType="xsd:anyType[100000]">${many}</bag><nodes xsi:nil="true"/><color xsi:nil="true"/>`) + '<s id="s" xsi:type="xsd:int">5</s>', { maxElements: 200_000, maxBytes: 16 * 1024 * 1024 });
    expect((v.bag as unknown[]).length).toBe(100_000);
    expect((v.bag as unknown[])[99_999]).toBe(5);
    let distinct = '';
    let targets = '';
    for (let i = 0; i < 100_000; i++) {
      distinct += `<item href="#i${i}"/>`;
      targets += `<s id="i${i}" xsi:type="xsd:int">${i}</s>`;
    }
    expect(() => decode(wrap(`<node xsi:nil="true"/><bag>${distinct}</bag><nodes xsi:nil="true"/><color xsi:nil="true"/>`) + targets, { maxBytes: 16 * 1024 * 1024 })).toThrow(/more than 100000 elements/);
  });

  test('ids such as __proto__ and constructor are plain keys: nothing is polluted', () => {
    const v = decode(wrap(`<node xsi:nil="true"/><bag enc:arrayType="xsd:anyType[2]"><item href="#__proto__"/><item href="#constructor"/></bag><nodes xsi:nil="true"/><color xsi:nil="true"/>`) + '<s id="__proto__" xsi:type="xsd:string">p</s><s id="constructor" xsi:type="xsd:int">1</s>');
    expect(v.bag).toEqual(['p', 1]);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'p')).toBe(false);
    expect(() => decode(wrap(`<node href="#toString"/>${rest}`))).toThrow('href="#toString" refers to no element after the wrapper in the Body (only those are reference targets) at /Body/call/node');
  });

  test('references to nowhere, to other documents, repeated ids and extra body elements are refused', () => {
    expect(() => decode(wrap(`<node href="#gone"/>${rest}`))).toThrow('href="#gone" refers to no element after the wrapper in the Body (only those are reference targets) at /Body/call/node');
    expect(() => decode(wrap(`<node href="http://evil.example/x"/>${rest}`))).toThrow('is not a local reference (#id)');
    expect(() => decode(wrap(`<node href="#a"/>${rest}`) + `<e:Node id="a">${node('1')}</e:Node><e:Node id="a">${node('2')}</e:Node>`)).toThrow('the id "a" is used twice');
    expect(() => decode(wrap(`<node xsi:nil="true"/>${rest}`) + '<e:Node/>')).toThrow('has no id (only multi-reference values may follow it)');
    expect(() => decode(wrap(`<node href="#a">text</node>${rest}`) + `<e:Node id="a">${node('1')}</e:Node>`)).toThrow('an element with href must be empty at /Body/call/node');
    expect(() => decode(`<e:other/>`)).toThrow('expected {urn:enc}call, found {urn:enc}other');
  });

  test('chains of references are bounded', () => {
    let chain = '';
    for (let i = 0; i < 200; i++) chain += `<x id="c${i}" href="#c${i + 1}"/>`;
    chain += `<e:Node id="c200">${node('end')}</e:Node>`;
    expect(() => decode(wrap(`<node href="#c0"/>${rest}`) + chain)).toThrow(`references nested more than ${rt.MAX_REF_DEPTH} deep`);
    let short = '';
    for (let i = 0; i < 10; i++) short += `<x id="c${i}" href="#c${i + 1}"/>`;
    short += `<e:Node id="c10">${node('end')}</e:Node>`;
    expect(decode(wrap(`<node href="#c0"/>${rest}`) + short).node).toEqual({ $type: 'Node', label: 'end' });
  });

  test('required members and nil where no nil is allowed are refused with the path', () => {
    expect(() => decode(wrap(`<node>${''}</node>${rest}`))).toThrow('missing required element label at /Body/call/node');
    expect(() => decode(wrap(`<node><label xsi:nil="true"/></node>${rest}`))).toThrow('xsi:nil on a value that may not be nil at /Body/call/node/label');
    // An omitted nillable accessor is null (SOAP 1.1 section 5.1; gSOAP omits null pointers).
    expect(decode(wrap(`<node xsi:nil="true"/>`))).toEqual({ node: null, bag: null, nodes: null, color: null });
    expect(() => decode(wrap(`<node evil="1">${node('a')}</node>${rest}`))).toThrow('attribute {}evil is not allowed at /Body/call/node');
  });
});

describe('encodingStyle in effect (SOAP 1.1 section 4.1.1: the nearest declaration, a list of URIs)', () => {
  const SE = 'xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"';
  const ENC = 'http://schemas.xmlsoap.org/soap/encoding/';
  const nil = '<node xsi:nil="true"/>';
  const body = (bodyStyle: string | undefined, content: string, envelopeStyle?: string) => {
    const r = new rt.XmlReader(`<Body ${NS} ${SE}${bodyStyle === undefined ? '' : ` se:encodingStyle="${bodyStyle}"`}>${content}</Body>`);
    r.readRoot();
    return Call.encodedBody(r, '/Body', undefined, { envelopeStyle });
  };
  const styled = (style: string, inner = nil) => `<e:call se:encodingStyle="${style}">${inner}</e:call>`;

  test('SOAP encoding, a more specific URI under it, or "" (no claim: the binding\'s rules) are read', () => {
    expect(body(undefined, styled(ENC))).toEqual({ node: null, bag: null, nodes: null, color: null });
    expect(body(undefined, styled(`${ENC}restricted urn:x`))).toEqual({ node: null, bag: null, nodes: null, color: null });
    expect(body(undefined, styled(''))).toEqual({ node: null, bag: null, nodes: null, color: null });
    // The nearest declaration wins: the wrapper's over the Body's and the Envelope's.
    expect(body('urn:other', styled(ENC))).toEqual({ node: null, bag: null, nodes: null, color: null });
    expect(body(undefined, wrap(nil), ENC)).toEqual({ node: null, bag: null, nodes: null, color: null });
  });

  test('other serialization rules in effect are refused with the path, wherever declared', () => {
    expect(() => body(undefined, styled('urn:other'))).toThrow('the encodingStyle "urn:other" in effect at /Body/call claims serialization rules other than SOAP 1.1 encoding');
    expect(() => body('urn:other', wrap(nil))).toThrow('in effect at /Body/call claims');
    expect(() => body(undefined, wrap(nil), 'http://www.w3.org/2003/05/soap-encoding')).toThrow('in effect at /Body/call claims');
    expect(() => body(undefined, styled(ENC, `<node se:encodingStyle="urn:literalish"><label>a</label></node>`))).toThrow('in effect at /Body/call/node claims');
  });
});

describe('SOAP 1.2 encoding (Part 2 section 3)', () => {
  const Call12 = $.encoded<Record<string, unknown>>(1, 'call', 'Call', 12);
  const NS12 = 'xmlns:e="urn:enc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:enc="http://www.w3.org/2003/05/soap-encoding" xmlns:rpc="http://www.w3.org/2003/05/soap-rpc"';
  const decode12 = (content: string) => {
    const r = new rt.XmlReader(`<Body ${NS12}>${content}</Body>`);
    r.readRoot();
    return Call12.encodedBody(r, '/Body');
  };
  const rest = '<bag xsi:nil="true"/><nodes xsi:nil="true"/><color xsi:nil="true"/>';

  test('writes encodingStyle in the SOAP 1.2 envelope namespace and arrays with enc:itemType / enc:arraySize', () => {
    const xml = Call12.toXml({ node: null, bag: ['a'], nodes: [], color: null }, '/call');
    expect(xml).toContain('xmlns:se="http://www.w3.org/2003/05/soap-envelope" xmlns:soapenc="http://www.w3.org/2003/05/soap-encoding"');
    expect(xml).toContain('se:encodingStyle="http://www.w3.org/2003/05/soap-encoding"');
    expect(xml).toContain('<bag soapenc:itemType="xsd:anyType" soapenc:arraySize="1"><item xsi:type="xsd:string">a</item></bag><nodes soapenc:itemType="ns1:Node" soapenc:arraySize="0"/>');
  });

  test('an inline value with enc:id is shared by later enc:refs; rpc:result is skipped', () => {
    const v = decode12(`<e:call><rpc:result>e:nodes</rpc:result><node enc:id="n1">${node('x')}</node><bag xsi:nil="true"/><nodes enc:itemType="e:Node" enc:arraySize="2"><item enc:ref="n1"/><item enc:ref="n1"/></nodes><color xsi:nil="true"/></e:call>`);
    const nodes = v.nodes as unknown[];
    expect(nodes).toEqual([{ $type: 'Node', label: 'x' }, { $type: 'Node', label: 'x' }]);
    expect(nodes[0]).toBe(v.node);
    expect(nodes[1]).toBe(v.node);
  });

  test('forward references, cycles, repeated ids and wrong sizes are refused with the path', () => {
    expect(() => decode12(`<e:call><node enc:ref="later"/><bag enc:arraySize="1"><i enc:id="later" xsi:type="e:Node">${node('x')}</i></bag><nodes xsi:nil="true"/><color xsi:nil="true"/></e:call>`)).toThrow(
      'enc:ref="later" refers to no value read so far nor to an element after the wrapper (a reference must follow its inline value) at /Body/call/node',
    );
    expect(() => decode12(`<e:call><node enc:id="a">${node('a', '<next enc:ref="a"/>')}</node>${rest}</e:call>`)).toThrow('the reference to "a" refers back to a value that contains it (a cycle) at /Body/call/node/next');
    expect(() => decode12(`<e:call><node enc:id="a">${node('a', `<next enc:id="a">${node('b')}</next>`)}</node>${rest}</e:call>`)).toThrow('the id "a" is used twice at /Body/call/node/next');
    expect(() => decode12(`<e:call><node xsi:nil="true"/><bag xsi:nil="true"/><nodes enc:arraySize="2"><i xsi:nil="true"/></nodes><color xsi:nil="true"/></e:call>`)).toThrow('the array has 1 items, its enc:arraySize says 2, at /Body/call/nodes');
    expect(() => decode12(`<e:call><node xsi:nil="true"/><bag enc:arraySize="2 2"/><nodes xsi:nil="true"/><color xsi:nil="true"/></e:call>`)).toThrow('multi-dimensional arrays are not supported at /Body/call/bag');
    expect(() => decode12(`<e:call><node enc:id="__proto__">${node('p')}</node><bag enc:arraySize="1"><i enc:ref="__proto__"/></bag><nodes xsi:nil="true"/><color xsi:nil="true"/></e:call>`)).toThrow(
      'expects raw, but the value with that id was read as another type',
    );
  });
});
