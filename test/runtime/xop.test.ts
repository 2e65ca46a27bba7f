/**
 * XOP resolution (packages/runtime/src/xop.ts with XmlReader.readBinary): an element whose only child is
 * `<xop:Include href="cid:…"/>` takes the referenced part's bytes as its base64Binary or hexBinary value, exactly the
 * value the same message with the content inline gives; every misuse is a DecodeError with the element's path.
 */
import { DecodeError, readSoapPackage, schema, withXop, writeXopPackage, XmlReader, XopWriter, type ElementCodec } from '@wsdl2ts/runtime';

const NS = 'urn:t';
const XOP = 'http://www.w3.org/2004/08/xop/include';
const enc = (s: string) => new TextEncoder().encode(s);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

const s = schema({
  ns: ['', NS],
  types: {
    Short: { atomic: 'xs:base64Binary', facets: { maxLength: 4 } },
    Tagged: { text: 'xs:base64Binary', attrs: [{ attr: 'mime', type: 'xs:string' }] },
    Doc: {
      content: {
        seq: [
          { el: 'Data', ns: 1, type: 'xs:base64Binary', min: 0, max: -1 },
          { el: 'Hex', ns: 1, type: 'xs:hexBinary', min: 0 },
          { el: 'Small', ns: 1, type: 'Short', min: 0 },
          { el: 'Tag', ns: 1, type: 'Tagged', min: 0 },
          { el: 'Name', ns: 1, type: 'xs:string', min: 0 },
          { el: 'Any', ns: 1, type: 'xs:anyType', min: 0 },
        ],
      },
    },
  },
});
type Doc = { Data?: Uint8Array[]; Hex?: Uint8Array; Small?: Uint8Array; Tag?: { $value: Uint8Array; mime?: string }; Name?: string; Any?: { xml: string } };
const codec: ElementCodec<Doc> = s.element(1, 'Doc', 'Doc');

/** A multipart/related XOP package: the root holds `rootXml`, then one binary part per entry of `parts`. */
function xopPackage(rootXml: string, parts: Record<string, Uint8Array>): { bytes: Uint8Array; contentType: string } {
  const chunks: Uint8Array[] = [enc(`--MIMEBoundary\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n${rootXml}`)];
  for (const [id, data] of Object.entries(parts)) {
    chunks.push(enc(`\r\n--MIMEBoundary\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${id}>\r\n\r\n`), data);
  }
  chunks.push(enc('\r\n--MIMEBoundary--\r\n'));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { bytes, contentType: 'multipart/related; type="application/xop+xml"; boundary="MIMEBoundary"; start="<root.message@cxf.apache.org>"; start-info="text/xml"' };
}

function decodeXop(rootXml: string, parts: Record<string, Uint8Array>): Doc {
  const pkg = readSoapPackage(xopPackage(rootXml, parts).bytes, xopPackage(rootXml, parts).contentType);
  const r = XmlReader.fromBytes(pkg.envelope);
  r.xop = pkg.xop;
  r.readRoot();
  return codec.decode(r, '/Doc');
}

function decodeInline(xml: string): Doc {
  const r = new XmlReader(xml);
  r.readRoot();
  return codec.decode(r, '/Doc');
}

function refused(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('not refused');
}

const all = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255);
const inc = (href: string) => `<xop:Include xmlns:xop="${XOP}" href="${href}"/>`;

test('an Include gives exactly the inline value: base64Binary, repeated, hexBinary, facets, simple content', () => {
  const parts = { 'a@x': all, 'b@x': Uint8Array.of(1, 2, 3), 'h@x': Uint8Array.of(0xde, 0xad), 's@x': Uint8Array.of(9, 9), 't@x': Uint8Array.of(7) };
  const xop = decodeXop(
    `<Doc xmlns="${NS}"><Data>${inc('cid:a@x')}</Data><Data>\n  ${inc('cid:b@x')}\n</Data><Data>AQID</Data><Hex>${inc('cid:h@x')}</Hex><Small>${inc('cid:s@x')}</Small><Tag mime="image/png">${inc('cid:t@x')}</Tag></Doc>`,
    parts,
  );
  const inline = decodeInline(`<Doc xmlns="${NS}"><Data>${b64(all)}</Data><Data>AQID</Data><Data>AQID</Data><Hex>${hex(parts['h@x'])}</Hex><Small>CQk=</Small><Tag mime="image/png">Bw==</Tag></Doc>`);
  expect(xop).toEqual(inline);
  // Same type as an inline value: a plain Uint8Array, not a Buffer or a view of the body.
  expect(Object.getPrototypeOf(xop.Data![0])).toBe(Uint8Array.prototype);
  expect(Object.getPrototypeOf(inline.Data![0])).toBe(Uint8Array.prototype);
  expect(xop.Data![0]!.byteOffset).toBe(0);
  expect(xop.Data![0]!.buffer.byteLength).toBe(1000);
});

test('the cid URL is %-decoded (RFC 2392) and matched against the Content-ID without angle brackets', () => {
  const v = decodeXop(`<Doc xmlns="${NS}"><Data>${inc('cid:part%201%40example.org')}</Data></Doc>`, { 'part 1@example.org': Uint8Array.of(42) });
  expect(Array.from(v.Data![0]!)).toEqual([42]);
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${inc('cid:bad%zz')}</Data></Doc>`, {})).message).toMatch(/malformed %-escape/);
});

test('facets still apply to included bytes', () => {
  const e = refused(() => decodeXop(`<Doc xmlns="${NS}"><Small>${inc('cid:s@x')}</Small></Doc>`, { 's@x': all }));
  expect(e.path).toBe('/Doc/Small');
});

test('misuse is refused with the path: unknown cid, not cid:, second use, non-binary element, text beside it, nested Include, two children, root part', () => {
  const e1 = refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${inc('cid:nope@x')}</Data></Doc>`, { 'a@x': all }));
  expect(e1.message).toMatch(/no part has the Content-ID <nope@x>/);
  expect(e1.path).toBe('/Doc/Data/Include');
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${inc('http://x/a')}</Data></Doc>`, {})).message).toMatch(/is not a cid: URL/);
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${inc('cid:a@x')}</Data><Data>${inc('cid:a@x')}</Data></Doc>`, { 'a@x': all })).message).toMatch(/included twice/);
  const e2 = refused(() => decodeXop(`<Doc xmlns="${NS}"><Name>${inc('cid:a@x')}</Name></Doc>`, { 'a@x': all }));
  expect(e2.message).toMatch(/xop:Include in content that is not base64Binary or hexBinary/);
  expect(e2.path).toBe('/Doc/Name');
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>AQID${inc('cid:a@x')}</Data></Doc>`, { 'a@x': all })).message).toMatch(/text beside an xop:Include/);
  const nested = `<xop:Include xmlns:xop="${XOP}" href="cid:a@x">${inc('cid:b@x')}</xop:Include>`;
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${nested}</Data></Doc>`, { 'a@x': all, 'b@x': all })).message).toMatch(/an XOP element inside xop:Include/);
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${inc('cid:a@x')}${inc('cid:b@x')}</Data></Doc>`, { 'a@x': all, 'b@x': all })).message).toMatch(/an element beside xop:Include/);
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data>${inc('cid:root.message@cxf.apache.org')}</Data></Doc>`, {})).message).toMatch(/refers to the root part/);
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Data><xop:Include xmlns:xop="${XOP}"/></Data></Doc>`, {})).message).toMatch(/no href attribute/);
  // Untyped content cannot be resolved: refused rather than handing out the Include and losing the part.
  expect(refused(() => decodeXop(`<Doc xmlns="${NS}"><Any>${inc('cid:a@x')}</Any></Doc>`, { 'a@x': all })).message).toMatch(/inside content read as raw XML/);
});

test('extension children of Include (other namespaces) are ignored; without XOP parts an Include is just a child element', () => {
  const v = decodeXop(`<Doc xmlns="${NS}"><Data><xop:Include xmlns:xop="${XOP}" href="cid:a@x"><ext:Hint xmlns:ext="urn:ext">x</ext:Hint></xop:Include></Data></Doc>`, { 'a@x': Uint8Array.of(5) });
  expect(Array.from(v.Data![0]!)).toEqual([5]);
  // Not an XOP package (plain XML, or an attachments package with a text/xml root): the reader knows no parts.
  expect(refused(() => decodeInline(`<Doc xmlns="${NS}"><Data>${inc('cid:a@x')}</Data></Doc>`)).message).toMatch(/unexpected child element <xop:Include> in simple content/);
});

test('the package: SOAP type from the root part, start-info, charset refused, action', () => {
  const p = xopPackage('<e/>', {});
  const pkg = readSoapPackage(p.bytes, p.contentType);
  expect(pkg.soapType).toBe('text/xml');
  expect(pkg.xop).toBeDefined();
  const soap12 = enc('--b\r\nContent-Type: application/xop+xml; type="application/soap+xml; action=\\"urn:a\\""\r\n\r\n<e/>\r\n--b--');
  const pkg12 = readSoapPackage(soap12, 'multipart/related; boundary=b; type="application/xop+xml"');
  expect(pkg12.soapType).toBe('application/soap+xml');
  expect(pkg12.action).toBe('urn:a');
  const swa = readSoapPackage(enc('--b\r\nContent-Type: text/xml\r\n\r\n<e/>\r\n--b--'), 'multipart/related; boundary=b; type=text/xml');
  expect(swa.xop).toBeUndefined();
  expect(refused(() => readSoapPackage(enc('--b\r\nContent-Type: application/xop+xml; charset=iso-8859-1; type="text/xml"\r\n\r\n<e/>\r\n--b--'), 'multipart/related; boundary=b')).message).toMatch(/charset "iso-8859-1" is not supported/);
  expect(refused(() => readSoapPackage(enc('--b\r\nContent-Type: application/xop+xml\r\n\r\n<e/>\r\n--b--'), 'multipart/related; boundary=b')).message).toMatch(/no type parameter/);
});

test('property: what the XOP writer packages, the reader gives back byte for byte (any bytes, any threshold)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 2000 }), fc.uint8Array({ maxLength: 200 }), (data, threshold, hexBytes) => {
      const value: Doc = { Data: data, Hex: hexBytes };
      const writer = new XopWriter({ threshold });
      const xml = withXop(writer, () => codec.toXml(value, '/Doc'));
      expect(writer.parts.length).toBe(data.filter((d) => d.length >= threshold).length);
      const pkg = writeXopPackage(xml, 'text/xml', writer);
      const read = readSoapPackage(pkg.body, pkg.contentType);
      const r = XmlReader.fromBytes(read.envelope);
      r.xop = read.xop;
      r.readRoot();
      const back = codec.decode(r, '/Doc');
      expect(back.Data!.map((d) => Buffer.from(d).toString('hex'))).toEqual(data.map((d) => Buffer.from(d).toString('hex')));
      expect(Buffer.from(back.Hex!).toString('hex')).toBe(Buffer.from(hexBytes).toString('hex'));
    }),
    { numRuns: 200 },
  );
});

test('the writer picks another boundary when a part holds the first one', () => {
  const writer = new XopWriter({ threshold: 1 });
  const hostile = new TextEncoder().encode(`\r\n--uuid:${writer.token}+id=1\r\n`);
  const xml = withXop(writer, () => codec.toXml({ Data: [hostile] }, '/Doc'));
  const pkg = writeXopPackage(xml, 'text/xml', writer);
  expect(pkg.contentType).not.toContain(`boundary="uuid:${writer.token}+id=1"`);
  const read = readSoapPackage(pkg.body, pkg.contentType);
  const r = XmlReader.fromBytes(read.envelope);
  r.xop = read.xop;
  r.readRoot();
  expect(Buffer.from(codec.decode(r, '/Doc').Data![0]!).equals(Buffer.from(hostile))).toBe(true);
});
