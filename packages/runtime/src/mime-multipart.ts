import { DecodeError } from './errors';
import { parseBase64Binary } from './lexical';

/**
 * A bounded reader of `multipart/related` HTTP bodies (RFC 2046 section 5.1, RFC 2387), as MTOM/XOP (application/xop+xml
 * root part) and SOAP with Attachments send them. Dependency-free and browser-safe: bytes are Uint8Arrays, never Buffer.
 *
 * Everything a sender controls is bounded before it is kept: the number of parts, the size of each part's header
 * block, the whole body. Malformed input (no boundary, a boundary line with trailing garbage, no closing delimiter,
 * a root part that is not there) is a DecodeError whose path names the part (`/multipart/part[2]`), never a crash.
 */

export interface MultipartLimits {
  /** Most body parts, the root included (default 100). */
  readonly maxParts: number;
  /** Largest header block of one part, in bytes (default 8 KiB). */
  readonly maxHeaderBytes: number;
  /** Largest multipart body, in bytes (the server passes its maxBodyBytes; default 16 MiB, the transports' default). */
  readonly maxBytes: number;
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = {
  maxParts: 100,
  maxHeaderBytes: 8 * 1024,
  maxBytes: 16 * 1024 * 1024,
};

export interface MimePart {
  /** Index of the part in the body (0-based). */
  readonly index: number;
  /** Header fields, names in lower case, folded lines unfolded; the first of a repeated field. */
  readonly headers: ReadonlyMap<string, string>;
  /** The Content-ID without its angle brackets, when the part has one. */
  readonly contentId?: string;
  /** The Content-Type's media type in lower case (`text/plain` when the part has none, as RFC 2045 says). */
  readonly mediaType: string;
  readonly params: ReadonlyMap<string, string>;
  /** The content, transfer encoding undone (a view of the body for binary/8bit/7bit parts). */
  readonly body: Uint8Array;
}

export interface MultipartRelated {
  readonly parts: readonly MimePart[];
  /** The part named by the `start` parameter, or the first part. */
  readonly root: MimePart;
  /** The multipart's own parameters (`type`, `start`, `start-info`…), names in lower case. */
  readonly params: ReadonlyMap<string, string>;
}

/** Whether a Content-Type announces a multipart body (cheap: plain SOAP content types never start with "multipart"). */
export function isMultipart(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  let i = 0;
  while (contentType.charCodeAt(i) === 0x20 || contentType.charCodeAt(i) === 0x09) i++;
  // One comparison decides for every SOAP content type (text/…, application/…): no string is made per response.
  if ((contentType.charCodeAt(i) | 0x20) !== 0x6d) return false;
  return contentType.length - i >= 10 && contentType.slice(i, i + 10).toLowerCase() === 'multipart/';
}

/** A media type split into its lower-cased type and its parameters (names lower-cased, quoted values unquoted). */
export function parseMediaType(value: string): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (semi >= 0) {
    // Stops at the first parameter it cannot read (a trailing ';', say): the ones before it are kept.
    const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))\s*/gy;
    re.lastIndex = semi;
    for (let m = re.exec(value); m; m = re.exec(value)) {
      const name = m[1]!.toLowerCase();
      if (!params.has(name)) params.set(name, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
    }
  }
  return { type, params };
}

/** RFC 2046 bchars: digits, letters and '()+_,-./:=? (space only inside, never last); 1 to 70 of them. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

function fail(message: string, path = '/multipart'): never {
  throw new DecodeError(message, path);
}

/**
 * Reads a `multipart/related` body. `contentType` is the HTTP Content-Type (its boundary, `start` and `type`);
 * the root part is the one `start` names (RFC 2387), else the first. Line breaks are CRLF as RFC 2046 requires, or
 * bare LF throughout (as some toolkits and test fixtures write them): the first boundary line decides.
 */
export function readMultipartRelated(body: Uint8Array, contentType: string, limits: Partial<MultipartLimits> = {}): MultipartRelated {
  // An option given as undefined keeps its default (a spread would make it undefined, and the limit no limit).
  const lim: MultipartLimits = {
    maxParts: limits.maxParts ?? DEFAULT_MULTIPART_LIMITS.maxParts,
    maxHeaderBytes: limits.maxHeaderBytes ?? DEFAULT_MULTIPART_LIMITS.maxHeaderBytes,
    maxBytes: limits.maxBytes ?? DEFAULT_MULTIPART_LIMITS.maxBytes,
  };
  const media = parseMediaType(contentType);
  if (media.type !== 'multipart/related') fail(`expected a multipart/related body, the Content-Type is ${JSON.stringify(media.type.slice(0, 60))}`);
  if (body.length > lim.maxBytes) fail(`the multipart body is larger than ${lim.maxBytes} bytes`);
  const boundary = media.params.get('boundary');
  if (boundary === undefined) fail('the multipart Content-Type has no boundary parameter');
  if (!BOUNDARY.test(boundary)) fail(`the multipart boundary ${JSON.stringify(boundary.slice(0, 80))} is not 1 to 70 boundary characters (RFC 2046)`);
  // "--" + boundary, as bytes (the boundary is ASCII: checked above).
  const delim = new Uint8Array(boundary.length + 2);
  delim[0] = delim[1] = DASH;
  for (let k = 0; k < boundary.length; k++) delim[k + 2] = boundary.charCodeAt(k);

  // The first delimiter: at the start of the body or of a line (anything before it is the preamble, ignored).
  const at = matchesAt(body, delim, 0) ? 0 : findDelimiter(body, delim, 0);
  if (at < 0) fail(`the multipart body has no boundary line --${boundary}`);
  let pos = at + delim.length;
  if (body[pos] === DASH && body[pos + 1] === DASH) fail('the multipart body has no parts (it starts with its closing boundary)');
  const first = lineEnd(body, pos, 'the first boundary line');
  const crlf = first.crlf;
  pos = first.next;

  const parts: MimePart[] = [];
  const ids = new Map<string, number>();
  for (;;) {
    const index = parts.length;
    const where = `/multipart/part[${index}]`;
    if (index >= lim.maxParts) fail(`the multipart body has more than ${lim.maxParts} parts`, where);
    const next = findDelimiter(body, delim, pos);
    if (next < 0) fail(`the multipart body ends inside part ${index}: no closing boundary --${boundary}--`, where);
    // The line break before the delimiter belongs to it (RFC 2046), not to the part.
    let end = next - 1;
    if (crlf && end > pos && body[end - 1] === CR) end--;
    const { headers, bodyStart } = readHeaders(body, pos, Math.max(end, pos), lim.maxHeaderBytes, where);
    const part = makePart(index, headers, body.subarray(Math.min(bodyStart, Math.max(end, pos)), Math.max(end, pos)), where);
    if (part.contentId !== undefined) {
      if (ids.has(part.contentId)) fail(`parts ${ids.get(part.contentId)} and ${index} have the same Content-ID <${part.contentId}>`, where);
      ids.set(part.contentId, index);
    }
    parts.push(part);
    pos = next + delim.length;
    if (body[pos] === DASH && body[pos + 1] === DASH) break; // the close delimiter; the epilogue is ignored
    pos = lineEnd(body, pos, `the boundary line after part ${index}`).next;
  }

  const start = media.params.get('start');
  let root = parts[0]!;
  if (start !== undefined) {
    const id = stripAngles(start);
    const found = ids.get(id);
    if (found === undefined) fail(`no part has the Content-ID <${id.slice(0, 80)}> that the start parameter names (the root part is missing)`);
    root = parts[found]!;
  }
  const type = media.params.get('type');
  if (type !== undefined && type.trim().toLowerCase() !== root.mediaType) {
    fail(`the multipart type parameter says ${JSON.stringify(type.slice(0, 60))}, the root part is ${root.mediaType}`, `/multipart/part[${root.index}]`);
  }
  return { parts, root, params: media.params };
}

function matchesAt(body: Uint8Array, delim: Uint8Array, at: number): boolean {
  if (at + delim.length > body.length) return false;
  for (let k = 0; k < delim.length; k++) if (body[at + k] !== delim[k]) return false;
  return true;
}

/**
 * The offset of the next "--boundary" at the start of a line, at or after `from` (the line break just before `from`
 * counts: a part may be empty), or -1.
 */
function findDelimiter(body: Uint8Array, delim: Uint8Array, from: number): number {
  for (let lf = body.indexOf(LF, Math.max(from - 1, 0)); lf >= 0; lf = body.indexOf(LF, lf + 1)) {
    if (matchesAt(body, delim, lf + 1)) return lf + 1;
  }
  return -1;
}

/**
 * After a delimiter: optional transport padding (spaces and tabs), then the line break. Anything else means the
 * boundary occurs inside the content or the line is garbled: refused rather than guessed at.
 */
function lineEnd(body: Uint8Array, pos: number, what: string): { next: number; crlf: boolean } {
  let i = pos;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  if (body[i] === CR && body[i + 1] === LF) return { next: i + 2, crlf: true };
  if (body[i] === LF) return { next: i + 1, crlf: false };
  if (i >= body.length) fail(`the multipart body ends after ${what} without a closing boundary`);
  return fail(`${what} has unexpected characters after the boundary`);
}

/** Header fields up to the empty line, unfolded; bounded by maxHeaderBytes. A part may have none (it starts with the empty line). */
function readHeaders(body: Uint8Array, pos: number, end: number, max: number, where: string): { headers: Map<string, string>; bodyStart: number } {
  const headers = new Map<string, string>();
  let i = pos;
  let name = '';
  let value = '';
  const flush = () => {
    if (name !== '' && !headers.has(name)) headers.set(name, value.trim());
    name = value = '';
  };
  for (;;) {
    if (i - pos > max) fail(`the part's header block is longer than ${max} bytes`, where);
    if (i >= end) {
      // No empty line: a part with headers only (an empty body) when what there is are header lines.
      flush();
      return { headers, bodyStart: end };
    }
    let e = body.indexOf(LF, i);
    if (e < 0 || e > end) e = end;
    if (e - pos > max) fail(`the part's header block is longer than ${max} bytes`, where);
    const lineStop = e > i && body[e - 1] === CR ? e - 1 : e;
    if (lineStop === i) {
      flush();
      return { headers, bodyStart: Math.min(e + 1, end) };
    }
    const line = latin1(body, i, lineStop);
    if (line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09) {
      if (name === '') fail('the part starts with a continuation line', where);
      value += ' ' + line.trim();
    } else {
      flush();
      const colon = line.indexOf(':');
      if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon))) fail(`malformed part header line ${JSON.stringify(line.slice(0, 60))}`, where);
      name = line.slice(0, colon).toLowerCase();
      value = line.slice(colon + 1);
    }
    i = e + 1;
  }
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k += 0x1000) s += String.fromCharCode.apply(null, b.subarray(k, Math.min(to, k + 0x1000)) as unknown as number[]);
  return s;
}

function stripAngles(id: string): string {
  const t = id.trim();
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1) : t;
}

function makePart(index: number, headers: Map<string, string>, raw: Uint8Array, where: string): MimePart {
  const ct = headers.get('content-type');
  const media = ct === undefined ? { type: 'text/plain', params: new Map<string, string>() } : parseMediaType(ct);
  const id = headers.get('content-id');
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  let body: Uint8Array;
  if (cte === 'binary' || cte === '8bit' || cte === '7bit') body = raw;
  else if (cte === 'base64') body = parseBase64Binary(latin1(raw, 0, raw.length), where);
  else if (cte === 'quoted-printable') body = quotedPrintable(raw, where);
  else return fail(`Content-Transfer-Encoding ${JSON.stringify(cte.slice(0, 40))} is not supported (binary, 8bit, 7bit, base64, quoted-printable)`, where);
  return { index, headers, contentId: id === undefined ? undefined : stripAngles(id), mediaType: media.type, params: media.params, body };
}

/** RFC 2045 section 6.7: `=XX` octets, soft line breaks `=` at a line's end; trailing white space of lines dropped. */
function quotedPrintable(raw: Uint8Array, where: string): Uint8Array {
  const out = new Uint8Array(raw.length);
  let o = 0;
  const hex = (c: number | undefined) => (c === undefined ? -1 : c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === 0x3d) {
      // Soft line break: '=' then optional white space then the line break.
      let j = i + 1;
      while (raw[j] === 0x20 || raw[j] === 0x09) j++;
      if (raw[j] === CR && raw[j + 1] === LF) {
        i = j + 1;
        continue;
      }
      if (raw[j] === LF || j >= raw.length) {
        i = j;
        continue;
      }
      const h = hex(raw[i + 1]);
      const l = hex(raw[i + 2]);
      if (h < 0 || l < 0) fail('malformed quoted-printable escape', where);
      out[o++] = (h << 4) | l;
      i += 2;
    } else if (c === 0x20 || c === 0x09) {
      // White space at the end of a line was added in transport.
      let j = i;
      while (raw[j] === 0x20 || raw[j] === 0x09) j++;
      if (j >= raw.length || raw[j] === LF || (raw[j] === CR && raw[j + 1] === LF)) i = j - 1;
      else out[o++] = c;
    } else out[o++] = c;
  }
  return out.subarray(0, o);
}
