/**
 * The schema compiler on hand-written descriptions: what the generated serializers rely on beyond the golden cases
 * (lossless --long/--date representations, lazy and recursive compilation, prototype safety, nested repeats).
 */
import { decodeXml, encodeXml, schema, DecodeError, EncodeError, type ElementCodec } from '@wsdl2ts/runtime';

const NS = 'urn:t';

function fails(f: () => unknown, kind: typeof DecodeError | typeof EncodeError): Error {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as Error;
  }
  throw new Error('no error');
}

test('--long bigint and --date Date change the representations, losslessly', () => {
  const s = schema({ ns: ['', NS], long: 'bigint', date: 'Date', types: { V: { content: { seq: [{ el: 'N', ns: 1, type: 'xs:long' }, { el: 'D', ns: 1, type: 'xs:dateTime' }] } } } });
  const codec: ElementCodec<{ N: bigint; D: Date }> = s.element(1, 'V', 'V');
  const v = decodeXml(codec, `<V xmlns="${NS}"><N>9223372036854775807</N><D>2024-02-29T12:00:00Z</D></V>`);
  expect(v.N).toBe(9223372036854775807n);
  expect(v.D.toISOString()).toBe('2024-02-29T12:00:00.000Z');
  expect(encodeXml(codec, v)).toBe(`<ns1:V xmlns:ns1="${NS}"><ns1:N>9223372036854775807</ns1:N><ns1:D>2024-02-29T12:00:00.000Z</ns1:D></ns1:V>`);
  const d = schema({ ns: ['', NS], types: { V: { content: { seq: [{ el: 'N', ns: 1, type: 'xs:long' }] } } } });
  expect(decodeXml(d.element<{ N: string }>(1, 'V', 'V'), `<V xmlns="${NS}"><N>9223372036854775807</N></V>`).N).toBe('9223372036854775807');
});

test('types compile on first use: a broken entry nobody uses costs nothing', () => {
  const s = schema({ ns: ['', NS], types: { Good: { content: { seq: [{ el: 'A', ns: 1, type: 'xs:int' }] } }, Broken: { atomic: 'xs:noSuchType' } } });
  const good = s.element<{ A: number }>(1, 'Good', 'Good');
  expect(decodeXml(good, `<Good xmlns="${NS}"><A>1</A></Good>`)).toEqual({ A: 1 });
  const broken = s.element<string>(1, 'Broken', 'Broken');
  expect(() => decodeXml(broken, `<Broken xmlns="${NS}">x</Broken>`)).toThrow(/unknown built-in xs:noSuchType/);
});

test('recursive types and nested repeating groups', () => {
  type Node = { Name: string; Child?: Node[]; items?: { K: string; V?: number }[] };
  const s = schema({
    ns: ['', NS],
    types: {
      Node: {
        content: {
          seq: [
            { el: 'Name', ns: 1, type: 'xs:string' },
            { el: 'Child', ns: 1, type: 'Node', min: 0, max: -1 },
            { seq: [{ el: 'K', ns: 1, type: 'xs:string' }, { el: 'V', ns: 1, type: 'xs:int', min: 0 }], min: 0, max: 3, prop: 'items' },
          ],
        },
      },
    },
  });
  const codec = s.element<Node>(1, 'Node', 'Node');
  const value: Node = { Name: 'a', Child: [{ Name: 'b', Child: [{ Name: 'c' }] }, { Name: 'd', items: [{ K: 'k' }] }], items: [{ K: 'x', V: 1 }, { K: 'y' }] };
  expect(decodeXml(codec, encodeXml(codec, value))).toEqual(value);
  const tooMany = `<Node xmlns="${NS}"><Name>a</Name>${'<K>k</K>'.repeat(4)}</Node>`;
  expect(fails(() => decodeXml(codec, tooMany), DecodeError).message).toMatch(/more than 3 occurrences of items/);
  expect(fails(() => decodeXml(codec, `<Node xmlns="${NS}"><Name>a</Name><K>k</K><Child><Name>late</Name></Child></Node>`), DecodeError).message).toMatch(/Child is out of order/);
});

test('names from the WSDL never reach a prototype: __proto__ as a type key, element, property and attribute', () => {
  const s = schema({
    ns: ['', NS],
    types: { ['__proto__']: { attrs: [{ attr: 'constructor', type: 'xs:string' }], content: { seq: [{ el: '__proto__', ns: 1, type: 'xs:string' }, { el: 'toString', ns: 1, type: 'xs:int', min: 0 }] } } },
  });
  const codec = s.element<Record<string, unknown>>(1, 'X', '__proto__');
  const v = decodeXml(codec, `<X xmlns="${NS}" constructor="c"><__proto__>p</__proto__><toString>2</toString></X>`);
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
  expect(Object.getOwnPropertyDescriptor(v, '__proto__')!.value).toBe('p');
  expect(v.constructor).toBe('c');
  expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  // Encoding reads own properties only: an inherited toString is not an element.
  expect(encodeXml(codec, v)).toBe(`<ns1:X xmlns:ns1="${NS}" constructor="c"><ns1:__proto__>p</ns1:__proto__><ns1:toString>2</ns1:toString></ns1:X>`);
  const bare = JSON.parse('{"__proto__":"p"}') as Record<string, unknown>;
  expect(encodeXml(codec, bare)).toBe(`<ns1:X xmlns:ns1="${NS}"><ns1:__proto__>p</ns1:__proto__></ns1:X>`);
});

test('choices: exactly one branch, checked both ways', () => {
  type C = { A?: string; B?: number };
  const s = schema({ ns: ['', NS], types: { C: { content: { choice: [{ el: 'A', ns: 1, type: 'xs:string' }, { el: 'B', ns: 1, type: 'xs:int' }] } } } });
  const codec = s.element<C>(1, 'C', 'C');
  expect(decodeXml(codec, `<C xmlns="${NS}"><B>2</B></C>`)).toEqual({ B: 2 });
  expect(fails(() => decodeXml(codec, `<C xmlns="${NS}"><A>a</A><B>2</B></C>`), DecodeError).message).toMatch(/B is out of order, repeated or not allowed/);
  expect(fails(() => decodeXml(codec, `<C xmlns="${NS}"/>`), DecodeError).message).toMatch(/one of the choices is required/);
  expect(fails(() => encodeXml(codec, { A: 'a', B: 1 }), EncodeError).message).toMatch(/more than one choice/);
});

test('fixed element values: the same value in another lexical form passes, another value does not', () => {
  const s = schema({
    ns: ['', NS],
    types: { F: { content: { seq: [{ el: 'D', ns: 1, type: 'xs:decimal', fixed: '1.50' }, { el: 'B', ns: 1, type: 'xs:boolean', fixed: 'true', min: 0 }] } } },
  });
  const codec = s.element<{ D: string; B?: boolean }>(1, 'F', 'F');
  expect(decodeXml(codec, `<F xmlns="${NS}"><D>1.5</D><B>1</B></F>`)).toEqual({ D: '1.5', B: true });
  expect(fails(() => decodeXml(codec, `<F xmlns="${NS}"><D>1.51</D></F>`), DecodeError).message).toMatch(/must be "1.50"/);
  expect((fails(() => decodeXml(codec, `<F xmlns="${NS}"><D>1.5</D><B>false</B></F>`), DecodeError) as DecodeError).path).toBe('/F/B');
  expect(encodeXml(codec, { D: '1.500' })).toBe(`<ns1:F xmlns:ns1="${NS}"><ns1:D>1.500</ns1:D></ns1:F>`);
  expect(fails(() => encodeXml(codec, { D: '2' }), EncodeError).message).toMatch(/must be "1.50"/);
});
