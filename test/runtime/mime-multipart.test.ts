/**
 * The multipart/related reader behind MTOM/XOP and SOAP with Attachments (packages/runtime/src/mime-multipart.ts):
 * RFC 2046 framing with CRLF or bare-LF line breaks, the RFC 2387 root part, transfer encodings, and hostile input:
 * every malformed or oversized body is a DecodeError naming the part, never a crash or an unbounded allocation.
 */
import { DecodeError, readMultipartRelated, isMultipart } from '@wsdl2ts/runtime';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const CT = 'multipart/related; type="application/xop+xml"; boundary="b1"; start="<root@x>"; start-info="text/xml"';

function body(parts: string[], eol = '\r\n', close = true): Uint8Array {
  return enc(`${parts.map((p) => `--b1${eol}${p}${eol}`).join('')}${close ? `--b1--${eol}` : ''}`);
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

const ROOT = 'Content-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root@x>\r\n\r\n<e/>';

test('isMultipart looks only at the media type', () => {
  expect(isMultipart(' Multipart/Related; boundary=x')).toBe(true);
  expect(isMultipart('text/xml; charset=utf-8')).toBe(false);
  expect(isMultipart(undefined)).toBe(false);
  expect(isMultipart('multipart')).toBe(false);
});

test('parts, headers, Content-IDs and the root named by start (CRLF)', () => {
  // A part holding CR LF pairs and "--b1" other than at a line start: content, not a delimiter.
  const m = readMultipartRelated(body([ROOT, 'Content-ID: <p2>\r\nContent-Type: image/png\r\n\r\n\u0000\r\n\r\nx--b1 y']), CT);
  expect(m.parts.map((p) => p.contentId)).toEqual(['root@x', 'p2']);
  expect(m.root.index).toBe(0);
  expect(text(m.root.body)).toBe('<e/>');
  expect(m.root.mediaType).toBe('application/xop+xml');
  expect(m.root.params.get('type')).toBe('text/xml');
  expect(Array.from(m.parts[1]!.body)).toEqual([0, 13, 10, 13, 10, ...enc('x--b1 y')]);
  expect(m.params.get('start-info')).toBe('text/xml');
});

test('bare LF line breaks, a preamble, an epilogue, transport padding and no trailing line break', () => {
  const raw = enc(`preamble\n--b1  \nContent-ID: <root@x>\nContent-Type: application/xop+xml; type="text/xml"\n\n<e>\n</e>\n--b1\nContent-ID: <p>\n\nabc\n--b1--`);
  const m = readMultipartRelated(raw, CT);
  expect(text(m.root.body)).toBe('<e>\n</e>');
  expect(text(m.parts[1]!.body)).toBe('abc');
  const withEpilogue = enc(`--b1\r\nContent-ID: <root@x>\r\nContent-Type: application/xop+xml\r\n\r\n<e/>\r\n--b1--\r\nepilogue --b1 whatever\r\n`);
  expect(text(readMultipartRelated(withEpilogue, CT).root.body)).toBe('<e/>');
});

test('without start the root is the first part; the type parameter must match it', () => {
  const m = readMultipartRelated(body(['Content-Type: text/xml\r\n\r\n<a/>', 'Content-Type: image/tiff\r\n\r\nxx']), 'Multipart/Related; boundary=b1; type=text/xml;');
  expect(text(m.root.body)).toBe('<a/>');
  const e = refused(() => readMultipartRelated(body(['Content-Type: text/xml\r\n\r\n<a/>']), 'multipart/related; boundary=b1; type="application/xop+xml"'));
  expect(e.message).toMatch(/type parameter says "application\/xop\+xml", the root part is text\/xml/);
  expect(e.path).toBe('/multipart/part[0]');
});

test('transfer encodings: base64, quoted-printable, 7bit; others refused', () => {
  const m = readMultipartRelated(
    body([ROOT, 'Content-ID: <b>\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n/w==', 'Content-ID: <q>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Db=\r\nc  \r\nd']),
    CT,
  );
  expect(Array.from(m.parts[1]!.body)).toEqual([0, 1, 2, 255]);
  expect(text(m.parts[2]!.body)).toBe('a=bc\r\nd');
  expect(refused(() => readMultipartRelated(body([ROOT, 'Content-ID: <b>\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!']), CT)).path).toBe('/multipart/part[1]');
  expect(refused(() => readMultipartRelated(body([ROOT, 'Content-ID: <b>\r\nContent-Transfer-Encoding: x-gzip\r\n\r\nab']), CT)).message).toMatch(/Content-Transfer-Encoding "x-gzip" is not supported/);
});

test('folded header lines are unfolded; a continuation line first is refused', () => {
  const m = readMultipartRelated(body(['Content-ID:\r\n <root@x>\r\nContent-Type: application/xop+xml;\r\n\ttype="text/xml"\r\n\r\n<e/>']), CT);
  expect(m.root.contentId).toBe('root@x');
  expect(m.root.params.get('type')).toBe('text/xml');
  expect(refused(() => readMultipartRelated(body([' folded: x\r\n\r\n<e/>']), 'multipart/related; boundary=b1')).message).toMatch(/continuation line/);
  expect(refused(() => readMultipartRelated(body(['no colon here\r\n\r\n<e/>']), 'multipart/related; boundary=b1')).message).toMatch(/malformed part header/);
});

test('structural errors: no boundary, bad boundary, no delimiter, no close delimiter, garbage after a boundary, missing root', () => {
  expect(refused(() => readMultipartRelated(body([ROOT]), 'multipart/related; type="application/xop+xml"')).message).toMatch(/no boundary parameter/);
  expect(refused(() => readMultipartRelated(body([ROOT]), `multipart/related; boundary="${'x'.repeat(71)}"`)).message).toMatch(/1 to 70/);
  expect(refused(() => readMultipartRelated(body([ROOT]), 'multipart/related; boundary="a b "')).message).toMatch(/1 to 70/);
  expect(refused(() => readMultipartRelated(body([ROOT]), 'multipart/mixed; boundary=b1')).message).toMatch(/expected a multipart\/related body/);
  expect(refused(() => readMultipartRelated(enc('<e/>'), CT)).message).toMatch(/no boundary line --b1/);
  const unterminated = refused(() => readMultipartRelated(body([ROOT, 'Content-ID: <p>\r\n\r\nabc'], '\r\n', false), CT));
  expect(unterminated.message).toMatch(/ends inside part 1: no closing boundary --b1--/);
  expect(unterminated.path).toBe('/multipart/part[1]');
  expect(refused(() => readMultipartRelated(enc(`--b1\r\n${ROOT}\r\n--b1x\r\nContent-ID: <p>\r\n\r\nabc\r\n--b1--`), CT)).message).toMatch(/unexpected characters after the boundary/);
  expect(refused(() => readMultipartRelated(enc('--b1--\r\n'), CT)).message).toMatch(/no parts/);
  expect(refused(() => readMultipartRelated(body(['Content-ID: <other>\r\n\r\n<e/>']), CT)).message).toMatch(/no part has the Content-ID <root@x> that the start parameter names/);
  expect(refused(() => readMultipartRelated(body([ROOT, 'Content-ID: <root@x>\r\n\r\nx']), CT)).message).toMatch(/parts 0 and 1 have the same Content-ID/);
});

test('hostile sizes: part count, header block, whole body are bounded', () => {
  // 100 000 empty parts: refused at the limit, without reading them all into memory first.
  const many = enc(`--b1\r\n${ROOT}\r\n` + '--b1\r\n\r\n\r\n'.repeat(100_000) + '--b1--\r\n');
  const e = refused(() => readMultipartRelated(many, CT));
  expect(e.message).toMatch(/more than 100 parts/);
  // A limit passed as undefined (an unset option) keeps its default rather than lifting the limit.
  expect(refused(() => readMultipartRelated(many, CT, { maxParts: undefined, maxHeaderBytes: undefined, maxBytes: undefined })).message).toMatch(/more than 100 parts/);
  expect(readMultipartRelated(enc(`--b1\r\n${ROOT}\r\n` + '--b1\r\n\r\nx\r\n'.repeat(9) + '--b1--'), CT, { maxParts: 10 }).parts.length).toBe(10);
  // A header block without its empty line, as long as the body.
  const longHeader = enc(`--b1\r\nX-Junk: ${'a'.repeat(100_000)}\r\n--b1--`);
  expect(refused(() => readMultipartRelated(longHeader, 'multipart/related; boundary=b1')).message).toMatch(/header block is longer than 8192 bytes/);
  expect(refused(() => readMultipartRelated(body([ROOT]), CT, { maxBytes: 10 })).message).toMatch(/larger than 10 bytes/);
});

test('binary parts keep every byte (all 256 values, CR and LF included)', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const head = enc(`--b1\r\n${ROOT}\r\n--b1\r\nContent-ID: <bin>\r\nContent-Transfer-Encoding: binary\r\n\r\n`);
  const tail = enc('\r\n--b1--\r\n');
  const raw = new Uint8Array(head.length + all.length + tail.length);
  raw.set(head);
  raw.set(all, head.length);
  raw.set(tail, head.length + all.length);
  expect(Array.from(readMultipartRelated(raw, CT).parts[1]!.body)).toEqual(Array.from(all));
});
