import fc from 'fast-check';
import { EncodeError } from '../../packages/runtime/src/errors';
import { XmlReader } from '../../packages/runtime/src/xml-reader';
import { XmlWriter } from '../../packages/runtime/src/xml-writer';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

function encodeError(fn: () => void): EncodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EncodeError) return e;
    throw e;
  }
  throw new Error('no EncodeError was thrown');
}

describe('XmlWriter', () => {
  test('preferred prefixes, generated prefixes, and no default namespace', () => {
    const w = new XmlWriter({ xmlDeclaration: true, prefixes: [['s', SOAP]] });
    w.startElement(SOAP, 'Envelope');
    w.startElement(SOAP, 'Body');
    w.startElement('urn:a', 'A');
    w.startElement('urn:b', 'B');
    w.startElement('', 'plain');
    w.endElement();
    w.endElement();
    w.startElement('urn:a', 'A2');
    w.endElement();
    w.endElement();
    w.endElement();
    w.endElement();
    expect(w.toString()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        `<s:Envelope xmlns:s="${SOAP}"><s:Body>` +
        '<p1:A xmlns:p1="urn:a"><p2:B xmlns:p2="urn:b"><plain/></p2:B><p1:A2/></p1:A>' +
        '</s:Body></s:Envelope>',
    );
  });

  test('declarations are scoped: a sibling re-declares the prefix it needs, with the same prefix', () => {
    const w = new XmlWriter();
    w.startElement('', 'root');
    w.startElement('urn:x', 'a');
    w.attribute('urn:y', 'at', '1');
    w.endElement();
    w.startElement('urn:x', 'b');
    w.startElement('urn:y', 'c');
    w.endElement();
    w.endElement();
    w.endElement();
    const xml = w.toString();
    expect(xml).toBe('<root><p1:a xmlns:p1="urn:x" xmlns:p2="urn:y" p2:at="1"/><p1:b xmlns:p1="urn:x"><p2:c xmlns:p2="urn:y"/></p1:b></root>');
    const r = new XmlReader(xml);
    r.readRoot();
    r.nextChild();
    expect([r.ns, r.local, r.attr('urn:y', 'at')]).toEqual(['urn:x', 'a', '1']);
    r.skip();
    r.nextChild();
    r.nextChild();
    expect([r.ns, r.local]).toEqual(['urn:y', 'c']);
  });

  test('generated prefixes skip preferred ones; the first preference for a namespace or prefix wins', () => {
    const w = new XmlWriter({
      prefixes: [
        ['p1', 'urn:one'],
        ['p1', 'urn:other'],
        ['one', 'urn:one'],
      ],
    });
    w.startElement('urn:z', 'a');
    w.startElement('urn:one', 'b');
    w.startElement('urn:other', 'c');
    w.endElement();
    w.endElement();
    w.endElement();
    expect(w.toString()).toBe('<p2:a xmlns:p2="urn:z"><p1:b xmlns:p1="urn:one"><p3:c xmlns:p3="urn:other"/></p1:b></p2:a>');
    expect(() => new XmlWriter({ prefixes: [['xmlfoo', 'urn:x']] })).toThrow(EncodeError);
    expect(() => new XmlWriter({ prefixes: [['a:b', 'urn:x']] })).toThrow(EncodeError);
    expect(() => new XmlWriter({ prefixes: [['x', '']] })).toThrow(EncodeError);
  });

  test('nil and xsiType declare xsi and the type prefix once', () => {
    const w = new XmlWriter();
    w.startElement('urn:a', 'r');
    w.startElement('urn:a', 'v');
    w.nil();
    w.endElement();
    w.startElement('urn:a', 'w');
    w.xsiType(XSD, 'int');
    w.text('5');
    w.endElement();
    w.startElement('urn:a', 'x');
    w.xsiType('urn:a', 'T');
    w.attribute('', 'k', 'v');
    w.endElement();
    w.endElement();
    const xml = w.toString();
    expect(xml).toBe(
      '<p1:r xmlns:p1="urn:a">' +
        `<p1:v xmlns:xsi="${XSI}" xsi:nil="true"/>` +
        `<p1:w xmlns:xs="${XSD}" xmlns:xsi="${XSI}" xsi:type="xs:int">5</p1:w>` +
        `<p1:x xmlns:xsi="${XSI}" xsi:type="p1:T" k="v"/>` +
        '</p1:r>',
    );
    const r = new XmlReader(xml);
    r.readRoot();
    r.nextChild();
    expect(r.isNil()).toBe(true);
    r.skip();
    r.nextChild();
    expect(r.xsiType()).toEqual([XSD, 'int']);
    expect(r.readText()).toBe('5');
    r.nextChild();
    expect(r.xsiType()).toEqual(['urn:a', 'T']);
  });

  test('qname() declares on the open start tag, reuses what is in scope, and refuses after text', () => {
    const w = new XmlWriter({ prefixes: [['tns', 'urn:t']] });
    w.startElement('', 'fault');
    const q = w.qname('urn:t', 'Client');
    w.text(q);
    expect(w.qname('', 'bare')).toBe('bare');
    expect(() => w.qname('urn:other', 'X')).toThrow(/before text/);
    expect(w.qname('urn:t', 'Server')).toBe('tns:Server');
    expect(w.qname(XML_NS, 'lang')).toBe('xml:lang');
    w.endElement();
    expect(w.toString()).toBe('<fault xmlns:tns="urn:t">tns:Client</fault>');
  });

  test('escaping: text and attribute values round-trip every special character', () => {
    const nasty = 'a&b<c>d"e\'f]]>g\th\ni\rj\r\nk \u0085\u2028\u2029\u{1F600}\u{10FFFF}\ue000\ufffd&amp;&#0;';
    const w = new XmlWriter();
    w.startElement('urn:x', 'e');
    w.attribute('', 'v', nasty);
    w.attribute(XML_NS, 'lang', 'en');
    w.text(nasty);
    w.endElement();
    const xml = w.toString();
    expect(xml).toContain('a&amp;b&lt;c&gt;d"e\'f]]&gt;g\th\ni&#13;j&#13;\nk');
    expect(xml).toContain('v="a&amp;b&lt;c>d&quot;e\'f]]>g&#9;h&#10;i&#13;j&#13;&#10;k');
    const r = new XmlReader(xml);
    r.readRoot();
    expect(r.attr('', 'v')).toBe(nasty);
    expect(r.attr(XML_NS, 'lang')).toBe('en');
    expect(r.readText()).toBe(nasty);
  });

  test('characters XML 1.0 cannot carry are EncodeErrors with the path', () => {
    for (const bad of ['\u0000', '\u0001', '\u001f', '\ud800', 'x\udc00', '\ud800x', '\ufffe', '\uffff']) {
      const w = new XmlWriter();
      w.startElement('', 'a');
      w.startElement('', 'b');
      const e = encodeError(() => w.text(bad));
      expect(e.path).toBe('/a/b');
      expect(e.message).toMatch(/^\/a\/b: U\+[0-9A-F]{4} cannot be written/);
      expect(() => w.attribute('', 'x', bad)).toThrow(EncodeError);
    }
    const w = new XmlWriter();
    w.startElement('', 'a');
    expect(() => w.attribute('', 'x', 'ok\u0007')).toThrow(EncodeError);
  });

  test('self-closing, misuse and unbalanced documents', () => {
    const w = new XmlWriter();
    expect(() => w.toString()).toThrow(/no root element/);
    expect(() => w.endElement()).toThrow(EncodeError);
    expect(() => w.text('x')).toThrow(EncodeError);
    w.startElement('', 'a');
    w.startElement('', 'b');
    w.text('');
    w.endElement();
    expect(encodeError(() => w.toString()).path).toBe('/a');
    w.startElement('', 'c');
    w.text('x');
    expect(() => w.attribute('', 'late', '1')).toThrow(/must follow startElement/);
    w.endElement();
    w.endElement();
    expect(w.toString()).toBe('<a><b/><c>x</c></a>');
    expect(() => w.startElement('', 'second')).toThrow(/single root/);
    const v = new XmlWriter();
    expect(() => v.startElement('', '1bad')).toThrow(EncodeError);
    expect(() => v.startElement('', 'a:b')).toThrow(EncodeError);
    v.startElement('', 'ok');
    expect(() => v.attribute('', 'xmlns', 'urn:x')).toThrow(EncodeError);
    v.attribute('', 'x', '1');
    expect(() => v.attribute('', 'x', '2')).toThrow(/duplicate attribute/);
    v.attribute('urn:n', 'x', '2');
    expect(() => v.attribute('urn:n', 'x', '3')).toThrow(/duplicate attribute/);
  });

  test('raw() inserts a fragment from XmlReader.readRaw that keeps its namespaces', () => {
    const src = new XmlReader(`<s:Envelope xmlns:s="${SOAP}" xmlns:i="${XSI}" xmlns:t="urn:t"><s:Body><t:Any i:type="t:X"><t:v>1</t:v></t:Any></s:Body></s:Envelope>`);
    src.readRoot();
    src.nextChild();
    src.nextChild();
    const fragment = src.readRaw();
    const w = new XmlWriter({ prefixes: [['t', 'urn:other']] });
    w.startElement('urn:t', 'Wrapper');
    w.raw(fragment);
    w.endElement();
    const r = new XmlReader(w.toString());
    r.readRoot();
    expect([r.ns, r.local]).toEqual(['urn:t', 'Wrapper']);
    r.nextChild();
    expect([r.ns, r.local, r.xsiType()]).toEqual(['urn:t', 'Any', ['urn:t', 'X']]);
    r.nextChild();
    expect([r.ns, r.local, r.readText()]).toEqual(['urn:t', 'v', '1']);
  });

  test('output is deterministic', () => {
    const write = () => {
      const w = new XmlWriter();
      w.startElement('urn:a', 'a');
      for (const ns of ['urn:b', 'urn:c', 'urn:b']) {
        w.startElement(ns, 'x');
        w.attribute('urn:d', 'y', ns);
        w.endElement();
      }
      w.endElement();
      return w.toString();
    };
    expect(write()).toBe(write());
  });
});

// ---- round-trip property ----------------------------------------------------------------------------------------

interface Tree {
  ns: string;
  local: string;
  attrs: Array<[string, string, string]>;
  content: string | Tree[];
}

const NAMES = ['a', 'b', 'Z', '__proto__', 'constructor', 'toString', 'é', 'x-y.z', '_1', 'hasOwnProperty'];
const NAMESPACES = ['', '', 'urn:a', 'urn:b', 'http://x.example/?a=1&b="2"<', '__proto__', 'urn:\u{1F600}'];

const xmlChar = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  fc.constantFrom(0x09, 0x0a, 0x0d, 0x26, 0x3c, 0x3e, 0x22, 0x27, 0x5d, 0x85, 0x2028, 0xfffd, 0xe000),
  fc.integer({ min: 0x20, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0xfffd }),
  fc.integer({ min: 0x10000, max: 0x10ffff }),
);
const xmlString = fc.array(xmlChar, { maxLength: 20 }).map((cps) => String.fromCodePoint(...cps));

const attrsArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...NAMES), xmlString), {
    maxLength: 4,
    selector: ([ns, local]) => `${ns}\u0000${local}`,
  })
  .map((xs) => xs.map(([ns, local, v]) => [ns, local, v] as [string, string, string]));

const treeArb = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record({
    ns: fc.constantFrom(...NAMESPACES),
    local: fc.constantFrom(...NAMES),
    attrs: attrsArb,
    content: fc.oneof({ depthSize: 'small', withCrossShrink: true }, xmlString, fc.array(tie('tree'), { maxLength: 4 })),
  }),
})).tree;

function write(tree: Tree, prefixes: Array<[string, string]>): string {
  const w = new XmlWriter({ prefixes });
  // Iterative, like the runtime: a stack of [node, next child index].
  const stack: Array<[Tree, number]> = [];
  const open = (t: Tree) => {
    w.startElement(t.ns, t.local);
    for (const [ns, local, v] of t.attrs) w.attribute(ns, local, v);
    if (typeof t.content === 'string') {
      w.text(t.content);
      w.endElement();
    } else stack.push([t, 0]);
  };
  open(tree);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const children = top[0].content as Tree[];
    if (top[1] < children.length) open(children[top[1]++]!);
    else {
      stack.pop();
      w.endElement();
    }
  }
  return w.toString();
}

/** Reads the document back, guided by the expected shape (as generated decoders are guided by the schema). */
function read(xml: string, shape: Tree): Tree {
  const r = new XmlReader(xml);
  r.readRoot();
  const node = (expected: Tree): Tree => {
    const attrs: Array<[string, string, string]> = [];
    for (let i = 0; i < r.attrCount; i++) attrs.push([r.attrNs(i), r.attrLocal(i), r.attrValue(i)]);
    return { ns: r.ns, local: r.local, attrs, content: typeof expected.content === 'string' ? r.readText() : [] };
  };
  const root = node(shape);
  const stack: Array<[Tree, Tree, number]> = [];
  if (typeof shape.content !== 'string') stack.push([shape, root, 0]);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const expectedChildren = top[0].content as Tree[];
    if (r.nextChild()) {
      const exp = expectedChildren[top[2]++];
      if (!exp) throw new Error('more children than written');
      const got = node(exp);
      (top[1].content as Tree[]).push(got);
      if (typeof exp.content !== 'string') stack.push([exp, got, 0]);
    } else stack.pop();
  }
  r.end();
  return root;
}

test('round trip: random trees written by XmlWriter read back identically by XmlReader', () => {
  fc.assert(
    fc.property(treeArb, fc.subarray<[string, string]>([
      ['a', 'urn:a'],
      ['tns', 'urn:b'],
      ['x', '__proto__'],
    ]), (tree, prefixes) => {
      const xml = write(tree, prefixes);
      expect(read(xml, tree)).toEqual(tree);
    }),
    { numRuns: 500 },
  );
});
