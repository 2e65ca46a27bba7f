import { DecodeError } from './errors';
import { formatBase64Binary, formatHexBinary, parseBase64Binary, parseHexBinary } from './lexical';
import { readMultipartRelated, parseMediaType, type MimePart, type MultipartLimits, type MultipartRelated } from './mime-multipart';
import type { XmlReader } from './xml-reader';

/**
 * MTOM/XOP (W3C XOP 1.0, SOAP MTOM): a SOAP message sent as a `multipart/related` package whose root part is the
 * envelope (`application/xop+xml`) and whose base64Binary content may be replaced by `<xop:Include href="cid:…"/>`
 * pointing at another part's raw bytes. Also plain SOAP with Attachments packages (a `text/xml` or
 * `application/soap+xml` root part): the envelope is read from the root, the other parts are not referenced by XOP.
 *
 * The reader resolves an Include only where the schema says base64Binary or hexBinary (XmlReader.readBinary): the
 * decoded value is then exactly what the same message with the content inline would give.
 */

export const XOP_NS = 'http://www.w3.org/2004/08/xop/include';
export const XOP_MEDIA_TYPE = 'application/xop+xml';

/** What XmlReader asks when it meets an xop:Include in binary content. */
export interface XopResolver {
  /**
   * The bytes of the part `href` names (a fresh copy). A part may be taken once: two Includes of one part would let
   * a small message multiply a large part (every decoding pass of the runtime reads each Include once).
   */
  resolve(href: string, path: string): Uint8Array;
}

/** The parts of one XOP package by Content-ID. */
export class XopParts implements XopResolver {
  private readonly byId = new Map<string, MimePart>();
  private readonly used = new Set<MimePart>();

  constructor(
    parts: readonly MimePart[],
    private readonly root: MimePart,
  ) {
    for (const p of parts) if (p.contentId !== undefined) this.byId.set(p.contentId, p);
  }

  resolve(href: string, path: string): Uint8Array {
    const h = href.trim();
    if (!/^cid:/i.test(h)) throw new DecodeError(`xop:Include href ${JSON.stringify(h.slice(0, 80))} is not a cid: URL`, path);
    let id: string;
    try {
      // RFC 2392: the cid URL is the Content-ID's addr-spec, %hh-escaped where URLs need it.
      id = decodeURIComponent(h.slice(4));
    } catch {
      throw new DecodeError(`xop:Include href ${JSON.stringify(h.slice(0, 80))} has a malformed %-escape`, path);
    }
    const part = this.byId.get(id);
    if (part === undefined) throw new DecodeError(`xop:Include refers to ${JSON.stringify(h.slice(0, 80))}, and no part has the Content-ID <${id.slice(0, 80)}>`, path);
    if (part === this.root) throw new DecodeError(`xop:Include refers to the root part (the envelope itself)`, path);
    if (this.used.has(part)) throw new DecodeError(`the part <${id.slice(0, 80)}> is included twice (an XOP part is referenced once)`, path);
    this.used.add(part);
    // A copy: the value is a plain Uint8Array, as an inline base64Binary gives, and keeps no view of the whole body.
    return new Uint8Array(part.body);
  }
}

/** A SOAP message read from a multipart/related body: its envelope's bytes and what the package says about it. */
export interface SoapPackage {
  /** The root part's bytes: the envelope, with xop:Include elements where content was optimized. */
  readonly envelope: Uint8Array;
  /** Set for an XOP package (application/xop+xml root): what the reader resolves Includes with. */
  readonly xop: XopParts | undefined;
  /** The envelope's SOAP media type: `text/xml` (SOAP 1.1) or `application/soap+xml` (SOAP 1.2), or what else it says. */
  readonly soapType: string;
  /** The SOAP 1.2 action parameter, from the root part's type, the start-info or the multipart's own parameters. */
  readonly action?: string;
  readonly multipart: MultipartRelated;
}

/**
 * Reads an MTOM/XOP or SOAP-with-Attachments body: the multipart structure (bounded by `limits`), the root part, the
 * SOAP media type the package announces (the root's `type` parameter, else `start-info`, for XOP; the root's own
 * media type otherwise) and its charset (UTF-8 or UTF-16 only, as for plain messages). Errors are DecodeErrors.
 */
export function readSoapPackage(body: Uint8Array, contentType: string, limits?: Partial<MultipartLimits>): SoapPackage {
  const multipart = readMultipartRelated(body, contentType, limits);
  const { root } = multipart;
  const where = `/multipart/part[${root.index}]`;
  const charset = root.params.get('charset');
  if (charset !== undefined && !/^utf-(?:8|16|16le|16be)$/i.test(charset.trim())) throw new DecodeError(`the root part's charset ${JSON.stringify(charset.slice(0, 40))} is not supported (use utf-8)`, where);
  let soap: { type: string; params: ReadonlyMap<string, string> };
  let xop: XopParts | undefined;
  if (root.mediaType === XOP_MEDIA_TYPE) {
    const inner = root.params.get('type') ?? multipart.params.get('start-info');
    if (inner === undefined) throw new DecodeError('the application/xop+xml root part has no type parameter (nor the multipart a start-info): the SOAP version is unknown', where);
    soap = parseMediaType(inner);
    xop = new XopParts(multipart.parts, root);
  } else soap = { type: root.mediaType, params: root.params };
  const startInfo = multipart.params.get('start-info');
  const action = soap.params.get('action') ?? multipart.params.get('action') ?? (startInfo !== undefined ? parseMediaType(startInfo).params.get('action') : undefined);
  return { envelope: root.body, xop, soapType: soap.type, action, multipart };
}

/** Whether a simple type's values are binary (the only content an xop:Include may stand for). */
export function isBinaryKind(kind: string): kind is 'base64Binary' | 'hexBinary' {
  return kind === 'base64Binary' || kind === 'hexBinary';
}

/**
 * The value of base64Binary or hexBinary content: its text parsed, or, for an xop:Include, the part's bytes. Those go
 * through the same `parse` (facets, enumerations) in their lexical form, unless `parse` is the built-in one: the
 * value is then the bytes themselves, which is what parsing their lexical form would give.
 */
export function readBinaryValue(r: XmlReader, parse: (text: string, path: string) => unknown, kind: 'base64Binary' | 'hexBinary', path: string): unknown {
  const v = r.readBinary();
  if (typeof v === 'string') return parse(v, path);
  if (parse === parseBase64Binary || parse === parseHexBinary) return v;
  return parse(kind === 'hexBinary' ? formatHexBinary(v, path) : formatBase64Binary(v, path), path);
}

/** TextDecoder as the runtime uses it (declared: a consumer's ES-only typings may lack it; see xml-reader.ts). */
interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
declare const TextDecoder: new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
let utf8: TextDecoderLike | undefined;

/**
 * The envelope part as text, for the readers that take a string: UTF-16 (big or little endian) by its byte order
 * mark or its first characters, else UTF-8 (strictly: invalid UTF-8 is an error, not replacement characters). A byte
 * order mark is kept as U+FEFF, which XmlReader skips.
 */
export function envelopeText(bytes: Uint8Array, path: string): string {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  let encoding = 'utf-8';
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f)) encoding = 'utf-16be';
  else if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0)) encoding = 'utf-16le';
  try {
    if (encoding === 'utf-8') return (utf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(bytes);
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DecodeError(`the envelope part is not valid ${encoding.toUpperCase()}`, path);
  }
}

// ---- writing MTOM ------------------------------------------------------------------------------------------------

/** Options of the client's and the server's `mtom`: base64Binary values of at least `threshold` bytes become XOP parts. */
export interface MtomOptions {
  /** Smallest base64Binary value sent as a binary part (default 1024 bytes); smaller ones stay inline. */
  readonly threshold?: number;
}

/** Collects the base64Binary values written as XOP parts while one message is encoded. */
export class XopWriter {
  readonly parts: { readonly id: string; readonly bytes: Uint8Array }[] = [];
  readonly threshold: number;
  readonly token: string;

  constructor(options: MtomOptions) {
    this.threshold = options.threshold ?? 1024;
    this.token = randomToken();
  }

  /** Takes `bytes` as a part and returns the Include element standing for it. */
  include(bytes: Uint8Array): string {
    const id = `${this.parts.length + 1}.${this.token}@wsdl2ts`;
    this.parts.push({ id, bytes });
    return `<xop:Include xmlns:xop="${XOP_NS}" href="cid:${id}"/>`;
  }
}

/** The writer of the message being encoded (encoding is synchronous: set around one toXml call by `withXop`). */
let current: XopWriter | undefined;

/** Runs `encode` with base64Binary values of at least the threshold written as XOP parts into `writer`. */
export function withXop<T>(writer: XopWriter, encode: () => T): T {
  const prev = current;
  current = writer;
  try {
    return encode();
  } finally {
    current = prev;
  }
}

/**
 * For the base64Binary encoders: the Include element for `value` when a message is being written as MTOM and the
 * value is a Uint8Array of at least the threshold, else undefined (the value is written inline, and checked there).
 */
export function xopIncludeFor(value: unknown): string | undefined {
  const w = current;
  if (w === undefined || !(value instanceof Uint8Array) || value.length < w.threshold) return undefined;
  return w.include(value);
}

interface TextEncoderLike {
  encode(input: string): Uint8Array;
}
declare const TextEncoder: new () => TextEncoderLike;
let utf8Encoder: TextEncoderLike | undefined;

/**
 * An MTOM/XOP package (what WCF with messageEncoding="Mtom" sends): the envelope as the `application/xop+xml` root
 * part, then one binary part per value `writer` took. `soapType` is the envelope's media type with its parameters
 * (`text/xml`, or `application/soap+xml; action="…"`). The boundary is random and checked against every part.
 */
export function writeXopPackage(envelope: string, soapType: string, writer: XopWriter): { contentType: string; body: Uint8Array } {
  const enc = (utf8Encoder ??= new TextEncoder());
  const root = enc.encode(envelope);
  let boundary = `uuid:${writer.token}+id=1`;
  for (let k = 2; [root, ...writer.parts.map((p) => p.bytes)].some((b) => containsAscii(b, `--${boundary}`)); k++) boundary = `uuid:${randomToken()}+id=${k}`;
  const rootId = `root.${writer.token}@wsdl2ts`;
  const chunks: Uint8Array[] = [enc.encode(`--${boundary}\r\nContent-ID: <${rootId}>\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: application/xop+xml; charset=utf-8; type="${soapType.replace(/["\\]/g, '\\$&')}"\r\n\r\n`), root];
  for (const p of writer.parts) {
    chunks.push(enc.encode(`\r\n--${boundary}\r\nContent-ID: <${p.id}>\r\nContent-Transfer-Encoding: binary\r\nContent-Type: application/octet-stream\r\n\r\n`), p.bytes);
  }
  chunks.push(enc.encode(`\r\n--${boundary}--\r\n`));
  let size = 0;
  for (const c of chunks) size += c.length;
  const body = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    body.set(c, o);
    o += c.length;
  }
  const contentType = `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<${rootId}>"; start-info="${soapType.replace(/["\\]/g, '\\$&')}"`;
  return { contentType, body };
}

function containsAscii(b: Uint8Array, s: string): boolean {
  const first = s.charCodeAt(0);
  for (let i = b.indexOf(first); i >= 0 && i + s.length <= b.length; i = b.indexOf(first, i + 1)) {
    let k = 1;
    while (k < s.length && b[i + k] === s.charCodeAt(k)) k++;
    if (k === s.length) return true;
  }
  return false;
}

function randomToken(): string {
  const c = (globalThis as unknown as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(Math.random() * 16).toString(16);
  return hex;
}
