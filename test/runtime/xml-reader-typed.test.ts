/**
 * The reader scans ASCII input from a byte copy and everything else with charCodeAt (xml-reader.ts, setByteScan).
 * Both scanners must agree exactly: same events, values, errors, kinds, lines and columns. This file compares the two
 * scanners over many generated documents, checks readers that share the byte buffer of short inputs, and runs the
 * whole XmlReader suite with the charCodeAt scanner forced.
 */
import { XmlSyntaxError, DecodeError } from '../../packages/runtime/src/errors';
import { setByteScan, XmlReader } from '../../packages/runtime/src/xml-reader';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Everything the reader reports over a document: events, names, attributes, text, or the error it stops at. */
function trace(xml: string): string {
  const out: string[] = [];
  try {
    const r = new XmlReader(xml, { maxDepth: 16, maxAttributes: 8, maxStringLength: 200 });
    r.readRoot();
    const visit = (): void => {
      out.push(`<{${r.ns}}${r.local} ${r.line}:${r.column} ${r.depth}`);
      for (let i = 0; i < r.attrCount; i++) out.push(`@{${r.attrNs(i)}}${r.attrLocal(i)}=${JSON.stringify(r.attrValue(i))}`);
      // Leaves named t* are read as text, s* are skipped, the rest are walked.
      if (r.local.startsWith('t')) out.push(JSON.stringify(r.readText()));
      else if (r.local.startsWith('s')) r.skip();
      else while (r.nextChild()) visit();
      out.push('>');
    };
    visit();
    r.end();
    out.push('end');
  } catch (e) {
    if (e instanceof XmlSyntaxError) out.push(`XmlSyntaxError ${e.kind} ${e.line}:${e.column} ${e.message}`);
    else if (e instanceof DecodeError) out.push(`DecodeError ${e.path} ${e.message}`);
    else throw e;
  }
  return out.join('\n');
}

function both(xml: string): [string, string] {
  const prev = setByteScan(false);
  let chars: string;
  try {
    chars = trace(xml);
    setByteScan(true);
    return [trace(xml), chars];
  } finally {
    setByteScan(prev);
  }
}

/** A deterministic generator (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const SEED_DOC =
  `<?xml version="1.0" encoding="utf-8"?>\r\n<s:Envelope xmlns:s="${SOAP}" xmlns:a="urn:a"><s:Body>` +
  `<a:w xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a:t1>plain</a:t1><a:t2 xsi:nil="true"/>` +
  `<a:t3>a &amp; b &lt;c&gt; &#x41;&#66; 'q' "d"</a:t3><t4><![CDATA[x<y]]></t4><!-- note --><?pi data?>` +
  `<a:s1 k='v' a:k="w&#9;x"><a:x>1</a:x><y/></a:s1><a:t5>line1\r\nline2\rline3</a:t5><a:t6></a:t6></a:w>` +
  `</s:Body></s:Envelope>\n`;

/** Characters that reach every branch of the scanners: markup, references, white space, illegal and non-ASCII ones. */
const PIECES = ['<', '>', '/', '&', ';', '"', "'", '=', ':', ' ', '\t', '\n', '\r', ']]>', '<!--', '-->', '<![CDATA[', '<?', '?>', '\u0000', '\u0001', 'é', '\ud800', '\udc00', '😀', 'x', '1', '-', '.', '&amp;', '&#0;', 'xmlns:b="urn:b"', 'b:', '<!DOCTYPE'];

describe('byte scanner and charCodeAt scanner agree', () => {
  test('on the seed document, every truncation of it', () => {
    const [typed, chars] = both(SEED_DOC);
    expect(typed).toBe(chars);
    expect(typed).toMatch(/end$/);
    for (let n = 0; n <= SEED_DOC.length; n++) {
      const [a, b] = both(SEED_DOC.slice(0, n));
      if (a !== b) expect({ n, typed: a }).toEqual({ n, typed: b });
    }
  });

  test('on 3000 mutations (insertions, deletions, replacements)', () => {
    const rnd = lcg(10);
    let errors = 0;
    for (let k = 0; k < 3000; k++) {
      let doc = SEED_DOC;
      const edits = 1 + Math.floor(rnd() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * doc.length);
        const piece = PIECES[Math.floor(rnd() * PIECES.length)]!;
        const op = rnd();
        doc = op < 0.4 ? doc.slice(0, at) + piece + doc.slice(at) : op < 0.7 ? doc.slice(0, at) + doc.slice(at + 1 + Math.floor(rnd() * 4)) : doc.slice(0, at) + piece + doc.slice(at + piece.length);
      }
      const [a, b] = both(doc);
      if (a !== b) expect({ doc, typed: a }).toEqual({ doc, typed: b });
      if (a.includes('Error')) errors++;
    }
    // The mutations must reach the error paths as well as the happy one.
    expect(errors).toBeGreaterThan(1000);
    expect(errors).toBeLessThan(2990);
  });

  test('long ASCII input (a buffer of its own) and long non-ASCII input (charCodeAt), with the same results', () => {
    const body = Array.from({ length: 400 }, (_, i) => `<a:t${i % 9}>v${i} &amp; ${i}</a:t${i % 9}>`).join('');
    const ascii = `<a:w xmlns:a="urn:a">${body}</a:w>`;
    expect(ascii.length).toBeGreaterThan(4096);
    const [a, b] = both(ascii);
    expect(a).toBe(b);
    const [c, d] = both(ascii.replace('v7 ', 'vé '));
    expect(c).toBe(d);
    expect(c).toContain('"vé &'); // the non-ASCII document reads correctly too
    const [e, f] = both(ascii.slice(0, -3)); // an error at the very end of a long input
    expect(e).toBe(f);
    expect(e).toMatch(/XmlSyntaxError malformed 1:\d+ unexpected end of input/);
  });
});

describe('readers sharing the byte buffer of short inputs', () => {
  const doc = (v: string): string => `<a:r xmlns:a="urn:a"><a:t1>${v}</a:t1><a:t2>${v}2</a:t2><a:s3><x/></a:s3></a:r>`;

  test('interleaved readers each read their own input', () => {
    const r1 = new XmlReader(doc('first'));
    r1.readRoot();
    expect(r1.nextChild()).toBe(true);
    // A second (and third) reader copy their input into the buffer r1 was scanning.
    const r2 = new XmlReader(doc('second, which is longer than the first'));
    r2.readRoot();
    expect(r2.nextChild()).toBe(true);
    expect(r1.readText()).toBe('first');
    const r3 = new XmlReader('<b/>');
    r3.readRoot();
    expect(r2.readText()).toBe('second, which is longer than the first');
    expect(r1.nextChild()).toBe(true);
    expect(r1.readText()).toBe('first2');
    expect(r2.nextChild()).toBe(true);
    expect(r2.readText()).toBe('second, which is longer than the first2');
    for (const r of [r1, r2]) {
      expect(r.nextChild()).toBe(true);
      r.skip();
      expect(r.nextChild()).toBe(false);
      r.end();
    }
  });

  test('a processing-instruction callback that reads another document', () => {
    const inner: string[] = [];
    const r = new XmlReader(`<a:r xmlns:a="urn:a"><?p?><a:t1>outer</a:t1><s><?q?><y>z</y></s><?p?></a:r><?p?>`);
    r.onProcessingInstruction = (target) => {
      // Another reader, and a shorter then a longer input: stale bytes past the end would show as garbage.
      for (const d of ['<c/>', doc(`inner-${target}-with-a-long-value-${'x'.repeat(40)}`)]) {
        const o = new XmlReader(d);
        o.readRoot();
        o.skip();
        o.end();
      }
      inner.push(target);
    };
    r.readRoot();
    expect(r.nextChild()).toBe(true);
    expect(r.readText()).toBe('outer');
    expect(r.nextChild()).toBe(true);
    r.skip();
    expect(r.nextChild()).toBe(false);
    r.end();
    expect(inner).toEqual(['p', 'q', 'p', 'p']);
  });

  test('a short input after a longer one sees the end of its own input', () => {
    new XmlReader(`<r>${'y'.repeat(3000)}</r>`).readRoot();
    const e = (() => {
      try {
        const r = new XmlReader('<r>ab</r');
        r.readRoot();
        r.readText();
      } catch (x) {
        return x as XmlSyntaxError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(XmlSyntaxError);
    expect(e!.message).toMatch(/unexpected end of input/);
  });

  test('from bytes: ASCII input copied as it is, after longer inputs, beside open readers, and UTF-8 that is not ASCII', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    XmlReader.fromBytes(bytes(`<r>${'y'.repeat(3000)}</r>`)).readRoot();
    const truncated = (() => {
      try {
        const r = XmlReader.fromBytes(bytes('<r>ab</r'));
        r.readRoot();
        r.readText();
      } catch (x) {
        return x as XmlSyntaxError;
      }
      return undefined;
    })();
    expect(truncated?.message).toMatch(/unexpected end of input/);
    const open = XmlReader.fromBytes(bytes(doc('kept while others read')));
    open.readRoot();
    expect(open.nextChild()).toBe(true);
    for (const d of [doc('é and ü'), '\uFEFF' + doc('after a byte order mark'), doc('plain'), `<r>${'z'.repeat(5000)}</r>`]) {
      const r = XmlReader.fromBytes(bytes(d));
      r.readRoot();
      if (d.startsWith('<r>')) expect(r.readText()).toBe('z'.repeat(5000));
      else {
        expect(r.nextChild()).toBe(true);
        expect(r.readText()).toBe(d.includes('é') ? 'é and ü' : d.includes('order') ? 'after a byte order mark' : 'plain');
      }
    }
    expect(open.readText()).toBe('kept while others read');
  });
});

describe('the XmlReader suite with the charCodeAt scanner forced', () => {
  let prev = true;
  beforeAll(() => {
    prev = setByteScan(false);
  });
  afterAll(() => {
    setByteScan(prev);
  });
  // Registers every test of the suite inside this describe: the suite alone runs with the default (byte) scanner.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./xml-reader.test');
});
