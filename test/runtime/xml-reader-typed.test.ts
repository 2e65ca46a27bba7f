/**
 * The reader scans long ASCII input from a byte copy and everything else with charCodeAt (xml-reader.ts, TYPED_MIN).
 * Both scanners must agree exactly: same events, values, errors, kinds, lines and columns. This file runs the whole
 * XmlReader suite with the byte scanner forced, then compares the two scanners over many generated documents.
 */
import { XmlSyntaxError, DecodeError } from '../../packages/runtime/src/errors';
import { setTypedScanMin, XmlReader } from '../../packages/runtime/src/xml-reader';

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
  const prev = setTypedScanMin(Infinity);
  let chars: string;
  try {
    chars = trace(xml);
    setTypedScanMin(0);
    return [trace(xml), chars];
  } finally {
    setTypedScanMin(prev);
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

  test('long ASCII input takes the byte scanner by default, and non-ASCII input the other one, with the same results', () => {
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

describe('the XmlReader suite with the byte scanner forced', () => {
  let prev = 0;
  beforeAll(() => {
    prev = setTypedScanMin(0);
  });
  afterAll(() => {
    setTypedScanMin(prev);
  });
  // Registers every test of the suite inside this describe, so that they run with the byte scanner.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./xml-reader.test');
});
