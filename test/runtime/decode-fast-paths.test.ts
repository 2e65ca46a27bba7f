/**
 * Decode fast paths of the schema compiler (schema.ts, setDecodeFastPaths): the content loop reads simple values
 * itself instead of through the child reader, string enumerations are matched by one map lookup, and values are built
 * by a per-type constructor. A schema compiled with them and one compiled without must agree exactly, values and
 * errors (message and path), over many generated messages: present, absent, nil and repeated elements, attributes,
 * out-of-order and unknown elements, invalid lexical values, references, comments and CDATA inside values.
 */
import { decodeXml, DecodeError, XmlSyntaxError, type ElementCodec } from '@wsdl2ts/runtime';
import { schema, setDecodeFastPaths } from '../../packages/runtime/src/schema';
import type { SchemaDesc } from '../../packages/runtime/src/schema-desc';

const NS = 'urn:fast';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const DESC: SchemaDesc = {
  ns: ['', NS],
  types: {
    Color: { atomic: 'xs:string', enum: ['Red', 'Green', 'Blue', 'Dark Red'] },
    Level: { atomic: 'xs:int', enum: [1, 2, 3] },
    Short: { atomic: 'xs:string', facets: { maxLength: 5 } },
    Colors: { list: 'Color' },
    Item: {
      content: {
        seq: [
          { el: 'Id', ns: 1, type: 'xs:long', min: 0, nillable: 1 },
          { el: 'Name', ns: 1, type: 'xs:string', min: 0, nillable: 1 },
          { el: 'Color', ns: 1, type: 'Color', min: 0, nillable: 1 },
          { el: 'Level', ns: 1, type: 'Level', min: 0 },
          { el: 'Price', ns: 1, type: 'xs:double', min: 0, nillable: 1 },
          { el: 'On', ns: 1, type: 'xs:boolean', min: 0 },
          { el: 'Code', ns: 1, type: 'Short', min: 0 },
          { el: 'Fixed', ns: 1, type: 'xs:int', min: 0, fixed: '7' },
          { el: 'When', ns: 1, type: 'xs:dateTime', min: 0, nillable: 1 },
          { el: 'Tags', ns: 1, type: 'xs:string', min: 0, max: 3 },
          { el: 'Colors', ns: 1, type: 'Colors', min: 0 },
          { el: 'Q', ns: 1, type: 'xs:QName', min: 0 },
          { el: 'Must', ns: 1, type: 'xs:int' },
        ],
      },
    },
    List: { content: { seq: [{ el: 'Item', ns: 1, type: 'Item', min: 0, max: -1, nillable: 1 }] } },
  },
};

/** A deterministic generator (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const VALUES: Record<string, readonly string[]> = {
  Id: ['1', '-9223372036854775808', '9223372036854775808', ' 42 ', 'x', ''],
  Name: ['plain', 'a &amp; b &lt;c&gt;', '', 'x<!-- c -->y', '<![CDATA[<raw>]]>', 'tab\there', '&#x1F600;'],
  Color: ['Red', 'Green', 'Dark Red', ' Red', 'red', '', 'Re<!-- -->d', 'Dark&#32;Red', 'Purple'],
  Level: ['1', '3', '4', ' 2 ', 'one'],
  Price: ['1.5', '-0', 'INF', 'NaN', '1e3', '1,5', ''],
  On: ['true', '0', 'yes', ' 1 '],
  Code: ['abc', 'abcdef', ''],
  Fixed: ['7', '07', '8'],
  When: ['2024-02-29T12:00:00Z', '2023-02-29T00:00:00Z', 'now'],
  Tags: ['a', 'b c', ''],
  Colors: ['Red Blue', '', 'Red Purple', ' Green  Blue '],
  Q: ['p:x', 'x', 'undeclared:y'],
  Must: ['1', 'x'],
};
const ORDER = Object.keys(VALUES);

function item(rnd: () => number): string {
  if (rnd() < 0.05) return `<Item xsi:nil="true"/>`;
  let out = '';
  const names = rnd() < 0.1 ? [...ORDER].sort(() => rnd() - 0.5) : ORDER;
  for (const name of names) {
    const r = rnd();
    if (r < 0.35 && name !== 'Must') continue;
    const repeat = name === 'Tags' ? 1 + Math.floor(rnd() * 4) : rnd() < 0.03 ? 2 : 1;
    for (let k = 0; k < repeat; k++) {
      const vs = VALUES[name]!;
      const v = vs[Math.floor(rnd() * vs.length)]!;
      const a = rnd();
      const attrs = a < 0.08 ? ' xsi:nil="true"' : a < 0.1 ? ' xsi:nil="false"' : a < 0.12 ? ' other="1"' : a < 0.13 ? ' xsi:nil="true" other="1"' : '';
      out += attrs.includes('nil="true"') && rnd() < 0.7 ? `<${name}${attrs}/>` : `<${name}${attrs}>${v}</${name}>`;
    }
  }
  if (rnd() < 0.03) out += '<Unknown>1</Unknown>';
  return `<Item>${out}</Item>`;
}

function message(rnd: () => number): string {
  let items = '';
  const n = Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) items += item(rnd);
  return `<List xmlns="${NS}" xmlns:xsi="${XSI}" xmlns:p="urn:p">${items}</List>`;
}

function outcome(codec: ElementCodec<unknown>, xml: string): string {
  try {
    return 'value ' + JSON.stringify(decodeXml(codec, xml), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch (e) {
    if (e instanceof DecodeError) return `DecodeError ${e.path} ${e.message}`;
    if (e instanceof XmlSyntaxError) return `XmlSyntaxError ${e.message}`;
    throw e;
  }
}

function compiled(fast: boolean): (xml: string) => string {
  const codec = schema(DESC).element<unknown>(1, 'List', 'List');
  // Types compile on first use: the setting must hold whenever a decode may compile one.
  return (xml) => {
    const prev = setDecodeFastPaths(fast);
    try {
      return outcome(codec, xml);
    } finally {
      setDecodeFastPaths(prev);
    }
  };
}

describe('decode fast paths agree with the plain compiled decoders', () => {
  test('on 4000 generated messages', () => {
    const fast = compiled(true);
    const slow = compiled(false);
    const rnd = lcg(2026);
    let values = 0;
    let errors = 0;
    for (let i = 0; i < 4000; i++) {
      const xml = message(rnd);
      const a = fast(xml);
      const b = slow(xml);
      if (a !== b) expect({ xml, fast: a }).toEqual({ xml, fast: b });
      if (a.startsWith('value')) values++;
      else errors++;
    }
    // Both outcomes are well represented, so the comparison covers the happy path and the error paths.
    expect(values).toBeGreaterThan(300);
    expect(errors).toBeGreaterThan(300);
  });

  test('values as the schema says, errors naming the element path', () => {
    const fast = compiled(true);
    const ok = `<List xmlns="${NS}" xmlns:xsi="${XSI}"><Item><Id>5</Id><Name xsi:nil="true"/><Color>Dark Red</Color><Level>2</Level><Tags>a</Tags><Tags>b</Tags><Colors>Red Blue</Colors><Must>1</Must></Item></List>`;
    expect(JSON.parse(fast(ok).slice(6))).toEqual({ Item: [{ Id: '5', Name: null, Color: 'Dark Red', Level: 2, Tags: ['a', 'b'], Colors: ['Red', 'Blue'], Must: 1 }] });
    const bad = `<List xmlns="${NS}"><Item><Color>Purple</Color><Must>1</Must></Item></List>`;
        expect(fast(bad)).toBe('DecodeError /List/Item/Color /List/Item/Color: "Purple" is not one of the values of Color at /List/Item/Color');
    const badInt = `<List xmlns="${NS}"><Item><Must>x</Must></Item></List>`;
    expect(fast(badInt)).toBe('DecodeError /List/Item/Must /List/Item/Must: invalid xs:int value "x": not an integer');
  });
});
