import { DecodeError, EncodeError, XmlSyntaxError } from '../../packages/runtime/src/errors';
import { DEFAULT_READER_LIMITS, ReaderLimits, XmlReader } from '../../packages/runtime/src/xml-reader';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const TEMPURI = 'http://tempuri.org/';
const WMS = 'http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement';

/** Reads a whole document, checking everything (well-formedness, namespaces, limits). */
function check(xml: string, limits?: Partial<ReaderLimits>): void {
  const r = new XmlReader(xml, limits);
  r.readRoot();
  r.skip();
  r.end();
}

/** The XmlSyntaxError thrown by fn (fails the test if none is thrown). */
function syntaxError(fn: () => void): XmlSyntaxError {
  try {
    fn();
  } catch (e) {
    if (e instanceof XmlSyntaxError) return e;
    throw e;
  }
  throw new Error('no XmlSyntaxError was thrown');
}

function expectError(xml: string, kind: XmlSyntaxError['kind'], line: number, column: number, message?: RegExp, limits?: Partial<ReaderLimits>): void {
  const e = syntaxError(() => check(xml, limits));
  expect({ kind: e.kind, line: e.line, column: e.column }).toEqual({ kind, line, column });
  if (message) expect(e.message).toMatch(message);
}

/** Text content of the root (a leaf). */
function rootText(xml: string): string {
  const r = new XmlReader(xml);
  r.readRoot();
  const t = r.readText();
  r.end();
  return t;
}

describe('errors', () => {
  test('are instances of their classes, with names and paths in messages', () => {
    const s = new XmlSyntaxError('bad', 2, 3, 'dtd');
    expect(s).toBeInstanceOf(XmlSyntaxError);
    expect(s).toBeInstanceOf(Error);
    expect(s.name).toBe('XmlSyntaxError');
    expect([s.line, s.column, s.kind]).toEqual([2, 3, 'dtd']);
    const d = new DecodeError('unexpected', '/a/b');
    expect(d).toBeInstanceOf(DecodeError);
    expect(d.name).toBe('DecodeError');
    expect(d.message).toContain('/a/b');
    const en = new EncodeError('bad char', '/x');
    expect(en).toBeInstanceOf(EncodeError);
    expect(en).not.toBeInstanceOf(DecodeError);
    expect(en.name).toBe('EncodeError');
    expect(en.path).toBe('/x');
  });
});

describe('XmlReader well-formedness', () => {
  test.each<[string, string, number, number, RegExp]>([
    ['mismatched end tag', '<a>\n  <b></c>\n</a>', 2, 6, /does not match/],
    ['end of input inside an element', '<a><b/>', 1, 8, /unexpected end of input/],
    ['end of input inside a start tag', '<a x="1"', 1, 9, /unexpected end of input/],
    ['unquoted attribute value', '<a x=1/>', 1, 6, /quoted attribute value/],
    ['attribute without a value', '<a x/>', 1, 5, /'='/],
    ['no white space between attributes', '<a x="1"y="2"/>', 1, 9, /white space/],
    ['duplicate attribute (same qualified name)', '<a x="1" x="2"/>', 1, 10, /duplicate attribute/],
    ['duplicate attribute (same expanded name)', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:x="1" q:x="2"/>', 1, 44, /duplicate attribute \{urn:x\}x/],
    ['duplicate namespace declaration', '<a xmlns:p="urn:x" xmlns:p="urn:y"/>', 1, 20, /duplicate namespace declaration/],
    ["'<' in an attribute value", '<a x="a<b"/>', 1, 8, /'<' is not allowed/],
    ['undefined entity', '<a>x&foo;</a>', 1, 5, /undefined entity '&foo;'/],
    ['bare ampersand', '<a>AT&T</a>', 1, 6, /'&' must start/],
    ['undefined entity in an attribute', '<a x="&nbsp;"/>', 1, 7, /undefined entity/],
    ['character reference to U+0000', '<a>&#0;</a>', 1, 4, /illegal character/],
    ['character reference to a surrogate', '<a>&#xD800;</a>', 1, 4, /illegal character/],
    ['character reference to U+FFFE', '<a>&#xFFFE;</a>', 1, 4, /illegal character/],
    ['character reference beyond U+10FFFF', '<a>&#x110000;</a>', 1, 4, /illegal character/],
    ['character reference with uppercase X', '<a>&#X41;</a>', 1, 4, /malformed character reference/],
    ['character reference without digits', '<a>&#;</a>', 1, 4, /malformed character reference/],
    ['illegal control character', '<a>x\u0001</a>', 1, 5, /illegal character U\+0001/],
    ['illegal character in an attribute value', '<a x="\u0008"/>', 1, 7, /illegal character/],
    ['lone surrogate', '<a>\ud800x</a>', 1, 4, /illegal character U\+D800/],
    ['U+FFFF', '<a>\uffff</a>', 1, 4, /illegal character/],
    ["']]>' in text", '<a>x]]>y</a>', 1, 5, /']]>'/],
    ["'--' in a comment", '<a><!-- a -- b --></a>', 1, 11, /'--'/],
    ["comment ending in '--->'", '<a><!-- a ---></a>', 1, 11, /'--'/],
    ['unterminated comment', '<a><!-- a </a>', 1, 15, /unterminated comment/],
    ['unterminated CDATA section', '<a><![CDATA[x</a>', 1, 18, /unterminated CDATA/],
    ['CDATA section outside the root', '<![CDATA[x]]><a/>', 1, 1, /outside the root/],
    ['XML declaration not at the start', '<a><?xml version="1.0"?></a>', 1, 4, /XML declaration/],
    ['XML declaration after white space', ' <?xml version="1.0"?><a/>', 1, 2, /XML declaration/],
    ['malformed XML declaration', '<?xml version="2.0"?><a/>', 1, 1, /malformed XML declaration/],
    ['XML declaration without a version', '<?xml encoding="UTF-8"?><a/>', 1, 1, /malformed XML declaration/],
    ["PI target with ':'", '<a><?a:b x?></a>', 1, 6, /processing instruction target/],
    ['PI target xml in another case', '<a><?XmL x?></a>', 1, 4, /XML declaration/],
    ['name starting with a digit', '<1a/>', 1, 2, /expected a name/],
    ['qualified name with two colons', '<a:b:c xmlns:a="urn:a"/>', 1, 5, /invalid qualified name/],
    ['qualified name with an empty local part', '<a: xmlns:a="urn:a"/>', 1, 4, /invalid qualified name/],
    ['undeclared element prefix', '<a>\n<p:b/></a>', 2, 2, /undeclared namespace prefix 'p'/],
    ['undeclared attribute prefix', '<a p:x="1"/>', 1, 4, /undeclared namespace prefix 'p'/],
    ['xmlns:p="" (XML 1.0 namespaces)', '<a xmlns:p=""/>', 1, 4, /not allowed in XML 1.0 namespaces/],
    ['declaring the xmlns prefix', '<a xmlns:xmlns="urn:x"/>', 1, 4, /'xmlns' must not be declared/],
    ['the xmlns prefix on an element', '<xmlns:a/>', 1, 2, /undeclared namespace prefix 'xmlns'/],
    ['binding xml to another namespace', '<a xmlns:xml="urn:x"/>', 1, 4, /'xml' can only be bound/],
    ['binding the XML namespace to another prefix', `<a xmlns:x="${XML_NS}"/>`, 1, 4, /only be bound to the prefix 'xml'/],
    ['binding the xmlns namespace', '<a xmlns:x="http://www.w3.org/2000/xmlns/"/>', 1, 4, /must not be declared/],
    ['two root elements', '<a/>\n<b/>', 2, 1, /only one root element/],
    ['text after the root', '<a/>x', 1, 5, /text after the root/],
    ['text before the root', 'x<a/>', 1, 1, /text before the root/],
    ['end tag before the root', '</a>', 1, 1, /end tag outside/],
    ['empty document', '  ', 1, 3, /no root element/],
    ["'<!' that is not a comment", '<a><!x></a>', 1, 4, /'<!'/],
    ['lines end at CR LF and at a lone CR', '<a>\r\n<b>\r\r</c></a>', 4, 1, /does not match/],
  ])('%s', (_name, xml, line, column, message) => {
    expectError(xml, 'malformed', line, column, message);
  });

  test('accepts what XML allows', () => {
    expect(() => check('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c --><?pi x?>\n<a  x = "1" >\n</a >\n<!-- after --> <?pi?>\n')).not.toThrow();
    expect(() => check("<?xml version='1.1'?><a x='\"'/>")).not.toThrow();
    expect(() => check('<?xml-stylesheet href="a"?><a/>')).not.toThrow();
    expect(() => check('<a><!----><!-- - --></a>')).not.toThrow();
    expect(() => check('<é:ü xmlns:é="urn:x" é:ñ="1"><𐀀/><a.b-c_d/></é:ü>')).not.toThrow();
    expect(() => check('<a x="]]>" y=\'>\'>]]&gt;</a>')).not.toThrow();
    expect(() => check('<a>\u0085\u2028\ud83d\ude00\ue000\ufffd</a>')).not.toThrow();
  });

  test('DOCTYPE anywhere is refused with kind dtd', () => {
    expectError('<!DOCTYPE a><a/>', 'dtd', 1, 1, /DOCTYPE/);
    expectError('<?xml version="1.0"?>\n<!DOCTYPE a [<!ELEMENT a ANY>]>\n<a/>', 'dtd', 2, 1);
    expectError('<a><!DOCTYPE a></a>', 'dtd', 1, 4);
    expectError('<a/><!DOCTYPE a>', 'dtd', 1, 5);
    expectError('<a><!ENTITY x "y"></a>', 'dtd', 1, 4);
  });
});

describe('XmlReader namespaces', () => {
  test('default namespace, undeclared with xmlns="", and unprefixed attributes', () => {
    const r = new XmlReader('<a xmlns="urn:d" x="1" xmlns:p="urn:p" p:x="2"><b xmlns=""><c/></b><d/></a>');
    r.readRoot();
    expect([r.ns, r.local]).toEqual(['urn:d', 'a']);
    expect(r.attrCount).toBe(2);
    expect(r.attr('', 'x')).toBe('1');
    expect(r.attr('urn:p', 'x')).toBe('2');
    expect(r.attr('urn:d', 'x')).toBeUndefined();
    expect([r.attrNs(0), r.attrLocal(0), r.attrValue(0)]).toEqual(['', 'x', '1']);
    expect([r.attrNs(1), r.attrLocal(1), r.attrValue(1)]).toEqual(['urn:p', 'x', '2']);
    expect(() => r.attrValue(2)).toThrow(RangeError);
    expect(r.nextChild()).toBe(true);
    expect([r.ns, r.local]).toEqual(['', 'b']);
    expect(r.lookupNamespace('')).toBe('');
    expect(r.lookupNamespace('p')).toBe('urn:p');
    expect(r.nextChild()).toBe(true);
    expect([r.ns, r.local]).toEqual(['', 'c']);
    expect(r.nextChild()).toBe(false); // c ends
    expect(r.nextChild()).toBe(false); // b ends
    expect(r.nextChild()).toBe(true);
    expect([r.ns, r.local]).toEqual(['urn:d', 'd']);
    r.skip();
    expect(r.nextChild()).toBe(false);
    r.end();
  });

  test('prefixes redeclared in children are scoped to them', () => {
    const r = new XmlReader('<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:x/></p:b><p:c/></p:a>');
    r.readRoot();
    expect(r.ns).toBe('urn:1');
    r.nextChild();
    expect([r.ns, r.local]).toEqual(['urn:2', 'b']);
    r.nextChild();
    expect(r.ns).toBe('urn:2');
    r.skip();
    expect(r.nextChild()).toBe(false);
    expect(r.lookupNamespace('p')).toBe('urn:1');
    r.nextChild();
    expect([r.ns, r.local]).toEqual(['urn:1', 'c']);
    expect(r.lookupNamespace('q')).toBeUndefined();
  });

  test('the xml prefix is pre-bound', () => {
    const r = new XmlReader(`<a xml:lang="en" xmlns:xml="${XML_NS}"/>`);
    r.readRoot();
    expect(r.attr(XML_NS, 'lang')).toBe('en');
    expect(r.attrCount).toBe(1);
    expect(r.lookupNamespace('xml')).toBe(XML_NS);
  });

  test('many bindings in scope (the Map-backed lookup) resolve and unwind correctly', () => {
    let xml = '';
    const depth = 40;
    for (let d = 0; d < depth; d++) {
      const decls = Array.from({ length: 5 }, (_, k) => ` xmlns:p${k}="urn:${d}:${k}"`).join('');
      xml += `<p${d % 5}:e${d}${decls} xmlns:q${d}="urn:q${d}">`;
    }
    for (let d = depth - 1; d >= 0; d--) xml += `<q${d}:leaf/></p${d % 5}:e${d}>`;
    const r = new XmlReader(xml);
    r.readRoot();
    expect(r.ns).toBe('urn:0:0');
    for (let d = 1; d < depth; d++) {
      expect(r.nextChild()).toBe(true);
      expect([r.ns, r.local]).toEqual([`urn:${d}:${d % 5}`, `e${d}`]);
      expect(r.lookupNamespace('q0')).toBe('urn:q0');
    }
    for (let d = depth - 1; d >= 0; d--) {
      expect(r.nextChild()).toBe(true);
      expect([r.ns, r.local]).toEqual([`urn:q${d}`, 'leaf']);
      r.skip();
      expect(r.nextChild()).toBe(false);
      if (d > 0) {
        expect(r.local).toBe(`e${d - 1}`);
        expect(r.lookupNamespace('p3')).toBe(`urn:${d - 1}:3`);
        expect(r.lookupNamespace(`q${d}`)).toBeUndefined();
      }
    }
    r.end();
  });
});

describe('XmlReader text', () => {
  test('character references and the predefined entities', () => {
    expect(rootText('<a>&#65;&#x42;&#x1F600;&#x10FFFF;&lt;&gt;&amp;&apos;&quot;</a>')).toBe('AB\u{1F600}\u{10FFFF}<>&\'"');
  });

  test('CDATA sections, comments and PIs inside text', () => {
    expect(rootText('<a><![CDATA[<x>&amp;]]]></a>')).toBe('<x>&amp;]');
    expect(rootText('<a>x<!-- c -->y<?pi data?>z<![CDATA[]]></a>')).toBe('xyz');
    expect(rootText('<a><![CDATA[1\r\n2\r3]]></a>')).toBe('1\n2\n3');
    expect(rootText('<a/>')).toBe('');
    expect(rootText('<a></a>')).toBe('');
  });

  test('line ends are normalized; &#13; is kept', () => {
    expect(rootText('<a>1\r\n2\r3\n4\r\n</a>')).toBe('1\n2\n3\n4\n');
    expect(rootText('<a>&#13;&#10;&#xD;</a>')).toBe('\r\n\r');
    expect(rootText('<a>\r&amp;\r\n</a>')).toBe('\n&\n');
  });

  test('attribute values are normalized as CDATA attributes', () => {
    const r = new XmlReader('<a x="1\t2\n3\r\n4\r5" y="&#9;&#10;&#13;" z="&lt;&amp;&quot;&apos;&#x20AC;"/>');
    r.readRoot();
    expect(r.attr('', 'x')).toBe('1 2 3 4 5');
    expect(r.attr('', 'y')).toBe('\t\n\r');
    expect(r.attr('', 'z')).toBe('<&"\'\u20ac');
  });

  test('white space in element-only content, including references to white space, is skipped', () => {
    const r = new XmlReader('<a> \r\n\t<!-- c --><?p?>&#32;<![CDATA[ ]]><b/> </a>');
    r.readRoot();
    expect(r.nextChild()).toBe(true);
    expect(r.local).toBe('b');
    expect(r.nextChild()).toBe(false);
    expect(r.nextChild()).toBe(false);
    r.end();
  });
});

describe('XmlReader encodings', () => {
  const utf16be = (s: string): Uint8Array => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le;
  };
  const text = (r: XmlReader): string => {
    r.readRoot();
    return r.readText();
  };

  test('UTF-8 with and without BOM', () => {
    expect(text(XmlReader.fromBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é\u{1F600}</a>')])))).toBe('é\u{1F600}');
    expect(text(XmlReader.fromBytes(Buffer.from('<?xml version="1.0" encoding="utf-8"?><a>é</a>')))).toBe('é');
    expect(text(new XmlReader('\ufeff<a>x</a>'))).toBe('x');
  });

  test('UTF-16LE and UTF-16BE with BOM', () => {
    const doc = '\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<a>é\u{1F600}€</a>';
    expect(text(XmlReader.fromBytes(Buffer.from(doc, 'utf16le')))).toBe('é\u{1F600}€');
    expect(text(XmlReader.fromBytes(utf16be(doc)))).toBe('é\u{1F600}€');
    expect(text(XmlReader.fromBytes(Buffer.from('<?xml version="1.0"?><a>x</a>', 'utf16le')))).toBe('x'); // detected from '<?'
  });

  test('positions after a BOM count from the first character', () => {
    const e = syntaxError(() => check('\ufeff<a></b>'));
    expect([e.line, e.column]).toEqual([1, 4]);
  });

  test('a declared ISO-8859-1 (or any other) encoding is refused', () => {
    const e = syntaxError(() => XmlReader.fromBytes(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')));
    expect(e.kind).toBe('encoding');
    expect(e.message).toMatch(/ISO-8859-1/);
    expect(syntaxError(() => XmlReader.fromBytes(Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-8"?><a/>', 'utf16le'))).kind).toBe('encoding');
    expect(syntaxError(() => XmlReader.fromBytes(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a/>'))).kind).toBe('encoding');
    expect(syntaxError(() => XmlReader.fromBytes(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]))).kind).toBe('encoding');
    expect(syntaxError(() => XmlReader.fromBytes(Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]))).kind).toBe('encoding');
    expect(syntaxError(() => XmlReader.fromBytes(Buffer.from([0xff, 0xfe, 0x3c]))).kind).toBe('encoding');
  });

  test('a string is already decoded: its declared encoding is not checked', () => {
    expect(() => check('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')).not.toThrow();
  });
});

describe('XmlReader hostile input', () => {
  test('billion laughs is refused before any entity is looked at', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
      ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
      ']>',
      '<lolz>&lol3;</lolz>',
    ].join('\n');
    expectError(lol, 'dtd', 2, 1);
  });

  test('external entity DOCTYPE is refused', () => {
    expectError('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>', 'dtd', 1, 1);
    expectError('<!DOCTYPE foo SYSTEM "http://evil.example/x.dtd"><foo/>', 'dtd', 1, 1);
  });

  test('100,000-deep nesting hits the depth limit', () => {
    const xml = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expectError(xml, 'limit', 1, 64 * 3 + 1, /deeper than 64/);
  });

  test('100,000-deep nesting with the depth limit lifted does not overflow the stack', () => {
    const n = 100_000;
    const xml = '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(() => check(xml, { maxDepth: n })).not.toThrow();
    const r = new XmlReader(xml, { maxDepth: n });
    r.readRoot();
    while (r.nextChild());
    expect(r.depth).toBe(n - 1);
    expect(r.path().length).toBe(2 * (n - 1));
  });

  test('attribute count, text length and element count are bounded', () => {
    const attrs = Array.from({ length: 65 }, (_, i) => ` a${i}="${i}"`).join('');
    expectError(`<a${attrs}/>`, 'limit', 1, 4 + Array.from({ length: 64 }, (_, i) => ` a${i}="${i}"`).join('').length, /more than 64 attributes/);
    const decls = Array.from({ length: 65 }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join('');
    expect(syntaxError(() => check(`<a${decls}/>`)).kind).toBe('limit');
    expectError(`<a>${'x'.repeat(1001)}</a>`, 'limit', 1, 4, /longer than 1000/, { maxStringLength: 1000 });
    expectError(`<a><b>${'&amp;'.repeat(1001)}</b></a>`, 'limit', 1, 7, /longer than 1000/, { maxStringLength: 1000 });
    expectError(`<a x="${'x'.repeat(1001)}"/>`, 'limit', 1, 7, /attribute value longer/, { maxStringLength: 1000 });
    const r = new XmlReader(`<a>${'x'.repeat(600)}<!---->${'y'.repeat(600)}</a>`, { maxStringLength: 1000 });
    r.readRoot();
    expect(syntaxError(() => r.readText()).kind).toBe('limit');
    expectError(`<a>${'<b/>'.repeat(100_000)}</a>`, 'limit', 1, 4 + 4 * 99_999, /more than 100000 elements/);
  });

  test('input size is checked up front (UTF-8 bytes for strings)', () => {
    expect(syntaxError(() => new XmlReader('<a>' + 'x'.repeat(100) + '</a>', { maxBytes: 100 })).kind).toBe('limit');
    expect(syntaxError(() => new XmlReader('<a>' + 'é'.repeat(40) + '</a>', { maxBytes: 80 })).kind).toBe('limit');
    expect(() => new XmlReader('<a>' + 'é'.repeat(30) + '</a>', { maxBytes: 80 })).not.toThrow();
    expect(syntaxError(() => XmlReader.fromBytes(new Uint8Array(DEFAULT_READER_LIMITS.maxBytes + 1))).kind).toBe('limit');
  });

  test('thousands of attributes (limit raised) are checked without quadratic cost', () => {
    const n = 20_000;
    const attrs = Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
    const t0 = Date.now();
    const r = new XmlReader(`<a${attrs} xmlns:p="urn:p" xmlns:q="urn:p" p:z="1"/>`, { maxAttributes: n + 3 });
    r.readRoot();
    expect(r.attrCount).toBe(n + 1);
    expect(r.attr('', 'a19999')).toBe('19999');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(syntaxError(() => check(`<a${attrs} a7="x"/>`, { maxAttributes: n })).kind).toBe('limit');
    expect(syntaxError(() => check(`<a${attrs} a7="x"/>`, { maxAttributes: n + 1 })).message).toMatch(/duplicate attribute 'a7'/);
    const pre = Array.from({ length: n }, (_, i) => ` p:a${i}="${i}"`).join('');
    expect(syntaxError(() => check(`<a xmlns:p="urn:p" xmlns:q="urn:p"${pre} q:a9="x"/>`, { maxAttributes: n + 3 })).message).toMatch(/duplicate attribute \{urn:p\}a9/);
  });

  test('__proto__ and constructor as names do not touch Object.prototype', () => {
    const xml = '<__proto__ __proto__="x" constructor="y" xmlns:toString="urn:t" toString:valueOf="z"><constructor>c</constructor><hasOwnProperty/></__proto__>';
    const r = new XmlReader(xml);
    r.readRoot();
    expect(r.local).toBe('__proto__');
    expect(r.attr('', '__proto__')).toBe('x');
    expect(r.attr('', 'constructor')).toBe('y');
    expect(r.attr('urn:t', 'valueOf')).toBe('z');
    expect(r.attr('', 'toString')).toBeUndefined();
    expect(r.lookupNamespace('toString')).toBe('urn:t');
    expect(r.lookupNamespace('__proto__')).toBeUndefined();
    expect(r.nextChild()).toBe(true);
    expect(r.local).toBe('constructor');
    expect(r.readText()).toBe('c');
    r.nextChild();
    expect(r.local).toBe('hasOwnProperty');
    r.skip();
    expect(r.nextChild()).toBe(false);
    r.end();
    const probe = {} as Record<string, unknown>;
    expect(probe.x).toBeUndefined();
    expect(probe.y).toBeUndefined();
    expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(typeof probe.constructor).toBe('function');
  });
});

describe('XmlReader API on a SOAP message', () => {
  const msg = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<s:Envelope xmlns:s="${SOAP}" xmlns:i="${XSI}" xmlns:x="urn:extra">`,
    '  <s:Header><h:Trace xmlns:h="urn:h" s:mustUnderstand="0"><h:Id>7</h:Id></h:Trace></s:Header>',
    '  <s:Body>',
    `    <BeginCacheRefreshResponse xmlns="${TEMPURI}">`,
    `      <BeginCacheRefreshResult xmlns:b="${WMS}" i:type="b:CreateRefreshJobResult">`,
    '        <b:CreatedJob>true</b:CreatedJob>',
    '        <b:CurrentJobId i:nil="true"/>',
    '        <b:CurrentJobIdClient>2</b:CurrentJobIdClient>',
    '        <b:Extra i:type="x:Thing"><x:v a="1">&lt;v&gt;</x:v></b:Extra>',
    '      </BeginCacheRefreshResult>',
    '    </BeginCacheRefreshResponse>',
    '  </s:Body>',
    '</s:Envelope>',
  ].join('\n');

  test('nextChild / readText / skip / readRaw sequencing, paths, positions, nil and xsi:type', () => {
    const r = new XmlReader(msg);
    expect(r.depth).toBe(0);
    expect(r.path()).toBe('');
    r.readRoot();
    expect([r.ns, r.local, r.depth, r.line, r.column]).toEqual([SOAP, 'Envelope', 1, 2, 1]);
    expect(r.nextChild()).toBe(true);
    expect(r.local).toBe('Header');
    r.skip();
    expect(r.nextChild()).toBe(true);
    expect([r.ns, r.local, r.path()]).toEqual([SOAP, 'Body', '/Envelope/Body']);
    expect(r.nextChild()).toBe(true);
    expect([r.ns, r.local, r.line, r.column]).toEqual([TEMPURI, 'BeginCacheRefreshResponse', 5, 5]);
    expect(r.nextChild()).toBe(true);
    expect(r.path()).toBe('/Envelope/Body/BeginCacheRefreshResponse/BeginCacheRefreshResult');
    expect(r.isNil()).toBe(false);
    expect(r.xsiType()).toEqual([WMS, 'CreateRefreshJobResult']);
    const values: Record<string, unknown> = Object.create(null);
    while (r.nextChild()) {
      expect(r.ns).toBe(WMS);
      if (r.local === 'Extra') {
        expect(r.xsiType()).toEqual(['urn:extra', 'Thing']);
        const raw = r.readRaw();
        values.Extra = raw;
      } else if (r.isNil()) {
        values[r.local] = null;
        r.skip();
      } else values[r.local] = r.readText();
    }
    expect(r.local).toBe('BeginCacheRefreshResponse');
    expect({ ...values, Extra: undefined }).toEqual({ CreatedJob: 'true', CurrentJobId: null, CurrentJobIdClient: '2', Extra: undefined });
    expect(r.nextChild()).toBe(false);
    expect(r.nextChild()).toBe(false);
    expect(r.local).toBe('Envelope');
    expect(r.nextChild()).toBe(false);
    expect(r.depth).toBe(0);
    r.end();

    // The raw fragment is standalone: it re-parses, and its names and QName values keep their namespaces.
    const raw = values.Extra as string;
    expect(raw.startsWith('<b:Extra ')).toBe(true);
    expect(raw).toContain(`xmlns:b="${WMS}"`);
    expect(raw).toContain(`xmlns:i="${XSI}"`);
    expect(raw).toContain('xmlns:x="urn:extra"');
    expect(raw).toContain(`xmlns="${TEMPURI}"`);
    expect(raw.endsWith('</b:Extra>')).toBe(true);
    const f = new XmlReader(raw);
    f.readRoot();
    expect([f.ns, f.local]).toEqual([WMS, 'Extra']);
    expect(f.xsiType()).toEqual(['urn:extra', 'Thing']);
    f.nextChild();
    expect([f.ns, f.local, f.attr('', 'a')]).toEqual(['urn:extra', 'v', '1']);
    expect(f.readText()).toBe('<v>');
    expect(f.nextChild()).toBe(false);
    f.end();
  });

  test('readRaw of a self-closing element and of an element that redeclares a prefix', () => {
    const r = new XmlReader('<p:a xmlns:p="urn:1" xmlns:q="urn:q"><p:b xmlns:p="urn:2" q:x="1"/><c xmlns="urn:d"/></p:a>');
    r.readRoot();
    r.nextChild();
    expect(r.readRaw()).toBe('<p:b xmlns:q="urn:q" xmlns:p="urn:2" q:x="1"/>');
    r.nextChild();
    expect(r.readRaw()).toBe('<c xmlns:p="urn:1" xmlns:q="urn:q" xmlns="urn:d"/>');
    expect(r.nextChild()).toBe(false);
    r.end();
  });

  test('readRaw escapes namespace names it copies', () => {
    const r = new XmlReader('<a xmlns:p="urn:&quot;&amp;&lt;&#9;"><p:b/></a>');
    r.readRoot();
    r.nextChild();
    const raw = r.readRaw();
    expect(raw).toBe('<p:b xmlns:p="urn:&quot;&amp;&lt;&#9;"/>');
    const f = new XmlReader(raw);
    f.readRoot();
    expect(f.ns).toBe('urn:"&<\t');
  });

  test('isNil accepts true and 1 (trimmed); xsiType resolves unprefixed names in the default namespace', () => {
    const r = new XmlReader(`<a xmlns:i="${XSI}" xmlns="urn:d"><b i:nil=" 1 "/><c i:nil="false" i:type="T"/><d i:type="z:T"/><e i:type="1x"/></a>`);
    r.readRoot();
    r.nextChild();
    expect(r.isNil()).toBe(true);
    r.skip();
    r.nextChild();
    expect(r.isNil()).toBe(false);
    expect(r.xsiType()).toEqual(['urn:d', 'T']);
    r.skip();
    r.nextChild();
    const e = (() => {
      try {
        r.xsiType();
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).path).toBe('/a/d');
    expect((e as DecodeError).message).toMatch(/undeclared prefix 'z'/);
    r.skip();
    r.nextChild();
    expect(() => r.xsiType()).toThrow(DecodeError);
  });

  test('scopeSnapshot keeps the element scope for QName content read with readText', () => {
    const r = new XmlReader('<a xmlns:p="urn:outer" xmlns="urn:d"><b xmlns:p="urn:inner">p:x</b></a>');
    r.readRoot();
    r.nextChild();
    const scope = r.scopeSnapshot();
    expect(r.readText()).toBe('p:x');
    expect(r.lookupNamespace('p')).toBe('urn:outer');
    expect(scope('p')).toBe('urn:inner');
    expect(scope('')).toBe('urn:d');
    expect(scope('xml')).toBe('http://www.w3.org/XML/1998/namespace');
    expect(scope('q')).toBeUndefined();
  });

  test('unexpected text and unexpected child elements are DecodeErrors naming the path', () => {
    const r = new XmlReader('<a><b>text<c/></b></a>');
    r.readRoot();
    r.nextChild();
    try {
      r.readText();
      throw new Error('not thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).path).toBe('/a/b');
      expect((e as DecodeError).message).toMatch(/^\/a\/b: unexpected child element <c> in simple content \(line 1, column 11\)$/);
    }
    const r2 = new XmlReader('<a>\n  <b>text</b> tail</a>');
    r2.readRoot();
    r2.nextChild();
    try {
      r2.nextChild();
      throw new Error('not thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).path).toBe('/a/b');
      expect((e as DecodeError).message).toMatch(/^\/a\/b: unexpected text 'text' in element-only content \(line 2, column 6\)$/);
    }
    const r3 = new XmlReader('<a><![CDATA[x]]></a>');
    r3.readRoot();
    expect(() => r3.nextChild()).toThrow(DecodeError);
  });

  test('misuse of the API is reported', () => {
    const r = new XmlReader('<a><b/></a>');
    expect(() => r.nextChild()).toThrow(/no element is open/);
    r.readRoot();
    expect(() => r.readRoot()).toThrow();
    expect(() => r.end()).toThrow(/not been fully read/);
    r.nextChild();
    r.skip();
    expect(() => r.attr('', 'x')).toThrow(/only available right after a start tag/);
    expect(() => r.readText()).toThrow(/start tag/);
    expect(() => r.skip()).toThrow(/start tag/);
    expect(() => r.readRaw()).toThrow(/start tag/);
    expect(r.nextChild()).toBe(false);
    expect(() => r.nextChild()).toThrow(/no element is open/);
    r.end();
  });

  test('well-formedness is still checked inside skipped and raw subtrees', () => {
    for (const bad of ['<x>&bogus;</x>', '<x></y>', '<x a="1" a="2"/>', '<p:x/>', '<x>\u0001</x>', '<x><!-- -- --></x>']) {
      const doc = `<a>${bad}</a>`;
      const r1 = new XmlReader(doc);
      r1.readRoot();
      expect(() => r1.skip()).toThrow(XmlSyntaxError);
      const r2 = new XmlReader(`<a><w>${bad}</w></a>`);
      r2.readRoot();
      r2.nextChild();
      expect(() => r2.readRaw()).toThrow(XmlSyntaxError);
    }
  });
});

describe('XmlReader arrays reused after end()', () => {
  test('a reader that ended keeps answering as ended while later readers reuse its arrays', () => {
    const first = new XmlReader(`<a:Root xmlns:a="${TEMPURI}" xmlns:b="${WMS}" b:x="1" y="2"><b:Child b:z="3"/></a:Root>`);
    first.readRoot();
    const scope = first.scopeSnapshot();
    first.skip();
    first.end();
    // Many readers after it, deeper and with other bindings and attributes, each taking and returning arrays.
    for (let i = 0; i < 40; i++) {
      const r = new XmlReader(`<p${i}:E xmlns:p${i}="urn:${i}" q="${i}"><F xmlns="urn:f${i}"><G w="${i}"/></F></p${i}:E>`);
      r.readRoot();
      expect([r.ns, r.local, r.attr('', 'q')]).toEqual([`urn:${i}`, 'E', String(i)]);
      expect(r.nextChild()).toBe(true);
      expect([r.ns, r.local, r.depth]).toEqual([`urn:f${i}`, 'F', 2]);
      expect(r.nextChild()).toBe(true);
      expect([r.ns, r.local, r.attr('', 'w'), r.lookupNamespace(`p${i}`)]).toEqual([`urn:f${i}`, 'G', String(i), `urn:${i}`]);
      r.skip();
      expect(r.nextChild()).toBe(false);
      expect(r.nextChild()).toBe(false);
      r.end();
    }
    // The ended reader: no element, only the built-in bindings, attributes refused; its snapshot is its own copy.
    expect([first.depth, first.ns, first.local, first.path()]).toEqual([0, '', '', '']);
    expect([first.lookupNamespace(''), first.lookupNamespace('xml'), first.lookupNamespace('a')]).toEqual(['', XML_NS, undefined]);
    expect(() => first.attr('', 'y')).toThrow();
    expect(() => first.nextChild()).toThrow();
    expect(scope('b')).toBe(WMS);
  });

  test('readers open at the same time never share arrays', () => {
    const outer = new XmlReader(`<o:Outer xmlns:o="urn:outer" k="outer"><o:In/></o:Outer>`);
    outer.readRoot();
    const inner = new XmlReader(`<i:Inner xmlns:i="urn:inner" k="inner"/>`);
    inner.readRoot();
    expect([outer.ns, outer.attr('', 'k'), inner.ns, inner.attr('', 'k')]).toEqual(['urn:outer', 'outer', 'urn:inner', 'inner']);
    expect(inner.nextChild()).toBe(false);
    inner.end();
    const third = new XmlReader(`<t:Third xmlns:t="urn:third" k="third"/>`);
    third.readRoot();
    expect([outer.ns, outer.local, outer.attr('', 'k'), third.attr('', 'k')]).toEqual(['urn:outer', 'Outer', 'outer', 'third']);
    expect(outer.nextChild()).toBe(true);
    expect([outer.ns, outer.local]).toEqual(['urn:outer', 'In']);
  });
});
