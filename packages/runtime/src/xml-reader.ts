import { DecodeError, XmlSyntaxError } from './errors';
import { isNameCp, isNameStartCp, isNCName, NAMEC } from './xml-names';
import { internName, knownName, knownOrUndefined } from './xml-intern';
import { XOP_NS, type XopResolver } from './xop';

/**
 * A small, dependency-free, non-recursive pull reader for SOAP messages, used by generated decoders.
 *
 * It checks well-formedness and namespace well-formedness (XML 1.0 5th edition, Namespaces 1.0) as it goes, refuses any
 * DTD, and bounds input size, depth, element count, attributes per element and text length. Element and attribute names
 * are never used as keys of plain objects.
 */

export interface ReaderLimits {
  /** Largest input accepted (UTF-8 bytes for a string, raw bytes for `fromBytes`). */
  maxBytes: number;
  /** Deepest element nesting (the root is at depth 1). */
  maxDepth: number;
  /** Most elements in the document. */
  maxElements: number;
  /** Most attributes on one element, namespace declarations included. */
  maxAttributes: number;
  /** Longest text content or attribute value, after decoding. */
  maxStringLength: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 100_000,
  maxAttributes: 64,
  maxStringLength: 1024 * 1024,
};

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

// Reader states.
const PROLOG = 0;
const START = 1; // at the current element's start tag (attributes valid)
const CONTENT = 2; // inside the current element's content
const DONE = 3; // the root's end tag was read
const ENDED = 4; // end() succeeded


function isXmlCharCp(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

const XML_DECL =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"([A-Za-z][A-Za-z0-9._-]*)"|'([A-Za-z][A-Za-z0-9._-]*)'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/y;

/** Namespace bindings below this index are found by a linear scan; deeper ones also through a Map (bounds hostile scopes). */
const NS_LINEAR = 32;

// The envelope and XSI namespaces, so that the names every message uses compare by pointer (see xml-intern).
for (const n of ['http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope', XSI_NS]) internName(n);
// The envelope's element names too, so that they take the name slots (see nameSlot).
for (const n of ['Envelope', 'Header', 'Body', 'Fault']) internName(n);

/**
 * Pure ASCII input is scanned from a byte copy of it: a typed-array load is about twice as fast as
 * String.prototype.charCodeAt, which dispatches on the string's representation at every call. Other input is scanned
 * with charCodeAt. Tests turn the copy off to compare both scanners (setByteScan).
 */
let byteScan = true;

/** For tests: whether ASCII input is scanned from bytes (default true); returns the previous setting. */
export function setByteScan(on: boolean): boolean {
  const prev = byteScan;
  byteScan = on;
  return prev;
}

/**
 * Element names seen before, by a hash of their qualified name's bytes (ASCII input only): startTag then takes the
 * local name from here instead of slicing the input (no allocation; a registered instance, which decoders compare by
 * pointer) and, while the reader's namespace bindings are unchanged since (nsEpoch), the namespace too. Only names a
 * schema registered (schema strings, never message content) enter, and a colliding name overwrites its slot, so the
 * table stays this small whatever the input. Slot bytes are compared in full before any use.
 */
const NAME_SLOTS = 1024;
/** Longer qualified names are sliced and resolved as before. */
const NAME_MAX = 64;
const slotLen = new Int32Array(NAME_SLOTS);
const slotBytes = new Uint8Array(NAME_SLOTS * NAME_MAX);
const slotLocal: string[] = new Array<string>(NAME_SLOTS).fill('');
/** Namespace memo: the nsEpoch it holds for (0: none) and the binding index found then. */
const slotEpoch = new Float64Array(NAME_SLOTS);
const slotNs = new Int32Array(NAME_SLOTS);
/** Source of nsEpoch values: each names one state of one reader's bindings, never reused. */
let epochs = 0;

/** Messages at least this long get their own byte copy (shorter ones share the pool below). */
const LONG_INPUT = 4096;

interface Utf8Encoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare const TextEncoder: new () => Utf8Encoder;
let utf8Encoder: Utf8Encoder | undefined;

/**
 * Short inputs are copied into one shared buffer instead of a fresh one each (an off-heap allocation costs more than
 * scanning a short message). A reader using it records `poolGen`; whoever copies into the pool bumps it, and a reader
 * that finds it changed at its next public call (or after a callback) takes a copy of its own (XmlReader.ownBytes).
 * Bytes past an input's end are zeros up to `poolHigh` (the longest input copied so far), never an older message.
 */
const POOL_BYTES = LONG_INPUT + 8;
let pool: Uint8Array | undefined;
let poolGen = 0;
let poolHigh = 0;

/**
 * The code units of `s` as bytes if every one is ASCII (then its UTF-8 bytes are its code units), else undefined.
 * Zero padding follows the end: a read at or past the end sees 0 or undefined, which the scanners treat as they treat
 * the NaN charCodeAt gives there (not a name character, space, '<' or quote; they then check for the end of input).
 */
function asciiCodeUnits(s: string, shared: boolean): Uint8Array | undefined {
  const n = s.length;
  utf8Encoder ??= new TextEncoder();
  let u: Uint8Array;
  if (shared) {
    u = pool ??= new Uint8Array(POOL_BYTES);
    poolGen++;
    const r = utf8Encoder.encodeInto(s, u);
    const written = r.written;
    if (written > poolHigh) poolHigh = written;
    u.fill(0, n < written ? n : written, poolHigh);
    poolHigh = n;
    if (r.read !== n || written !== n) return undefined;
    return u;
  }
  u = new Uint8Array(n + 8);
  const r = utf8Encoder.encodeInto(s, u);
  if (r.read !== n || r.written !== n) return undefined;
  return u;
}

/** Code unit i of s, read from u when there is one (undefined past the padding, like NaN: no comparison holds). */
function cu(s: string, u: Uint8Array | undefined, i: number): number {
  return u !== undefined ? u[i]! : s.charCodeAt(i);
}

/** A reader's element, namespace and attribute arrays (XmlReader's fields of the same names). */
interface Stacks {
  readonly lo: string[];
  readonly en: string[];
  readonly nl: number[];
  readonly mk: number[];
  readonly st: number[];
  readonly nsP: string[];
  readonly nsU: string[];
  readonly nsPrev: number[];
  readonly aP: string[];
  readonly aL: string[];
  readonly aV: string[];
  readonly aN: string[];
  readonly aO: number[];
}

/**
 * Arrays of readers that ended, for the next readers: a server reads a small message per request, and making these
 * thirteen arrays anew for each cost more than walking the elements of a small envelope. Stale entries they keep are
 * overwritten before they are read (depth, binding count and attribute count say how far each array is valid).
 */
const stackPool: Stacks[] = [];
const STACK_POOL = 16;

function takeStacks(): Stacks {
  return (
    stackPool.pop() ?? {
      lo: ['', '', '', '', '', '', '', '', '', ''],
      en: ['', '', '', '', '', '', '', '', '', ''],
      nl: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      mk: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      st: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      nsP: ['xml', '', '', '', '', '', '', '', '', ''],
      nsU: [XML_NS, '', '', '', '', '', '', '', '', ''],
      nsPrev: [],
      aP: ['', '', '', ''],
      aL: ['', '', '', ''],
      aV: ['', '', '', ''],
      aN: ['', '', '', ''],
      aO: [0, 0, 0, 0],
    }
  );
}

/** Set by fromBytes: the byte limit was already applied to the raw bytes. */
let bytesChecked = false;
/** Set by fromBytes when the input's UTF-8 bytes are all ASCII: they are its code units, copied instead of re-encoded. */
let asciiBytes: Uint8Array | undefined;

/** `bytes` (pure ASCII) as asciiCodeUnits would give them: copied into the pool when short, with the zero padding. */
function asciiCopy(bytes: Uint8Array, shared: boolean): Uint8Array {
  const n = bytes.length;
  if (!shared) {
    const u = new Uint8Array(n + 8);
    u.set(bytes);
    return u;
  }
  const u = (pool ??= new Uint8Array(POOL_BYTES));
  poolGen++;
  u.set(bytes);
  if (poolHigh > n) u.fill(0, n, poolHigh);
  poolHigh = n;
  return u;
}

function resolveLimits(limits: Partial<ReaderLimits> | undefined): ReaderLimits {
  if (!limits) return DEFAULT_READER_LIMITS;
  return {
    maxBytes: limits.maxBytes ?? DEFAULT_READER_LIMITS.maxBytes,
    maxDepth: limits.maxDepth ?? DEFAULT_READER_LIMITS.maxDepth,
    maxElements: limits.maxElements ?? DEFAULT_READER_LIMITS.maxElements,
    maxAttributes: limits.maxAttributes ?? DEFAULT_READER_LIMITS.maxAttributes,
    maxStringLength: limits.maxStringLength ?? DEFAULT_READER_LIMITS.maxStringLength,
  };
}

function utf8Length(s: string, stopAbove: number): number {
  let n = 0;
  for (let i = 0; i < s.length && n <= stopAbove; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * TextDecoder is a global in Node and browsers, but not in the ES library typings a consumer's tsconfig may use
 * (lib: ["ES2022"] without DOM or @types/node), so the runtime declares the part it uses.
 */
interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
declare const TextDecoder: new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Utf8Decoder;
let utf8Decoder: Utf8Decoder | undefined;

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  if (bytes.length % 2 !== 0) throw new XmlSyntaxError('UTF-16 input has an odd number of bytes', 1, 1, 'encoding');
  const n = bytes.length >> 1;
  const units = new Uint16Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 2) units[i] = littleEndian ? bytes[j]! | (bytes[j + 1]! << 8) : (bytes[j]! << 8) | bytes[j + 1]!;
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode.apply(null, units.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

function escapeAttr(v: string): string {
  return v.replace(/[&<"\t\n\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : `&#${c.charCodeAt(0)};`));
}

export class XmlReader {
  private readonly s: string;
  /** The input's code units when it is pure ASCII (see asciiCodeUnits), else undefined: the hot loops read it. */
  private u: Uint8Array | undefined = undefined;
  /** poolGen when u is the shared pool, -1 when u is the reader's own. */
  private uGen = -1;
  private readonly len: number;
  private readonly maxDepth: number;
  private readonly maxElements: number;
  private readonly maxAttributes: number;
  private readonly maxString: number;
  /** 1 when the input starts with a byte order mark. */
  private readonly bom: number;
  private pos: number;
  private state = PROLOG;
  private d = 0;
  private selfClosing = false;
  private elements = 0;
  /** End of the XML declaration once parsed (-1: not yet looked at). */
  private declEnd = -1;
  private declEncoding: string | undefined;

  // The arrays below come from a Stacks taken from the pool (see takeStacks) and go back to it when end() succeeds.
  private stacks: Stacks | undefined;

  // Open elements, indexed by depth (index 0 unused): local name, namespace, qualified-name length, namespace mark,
  // start offset. Preallocated so that a typical message never grows them.
  private readonly lo: string[];
  private readonly en: string[];
  private readonly nl: number[];
  private readonly mk: number[];
  private readonly st: number[];

  // In-scope namespace bindings, innermost last. 0: xml, 1: the initial empty default namespace.
  private readonly nsP: string[];
  private readonly nsU: string[];
  private nsN = 2;
  private nsMap: Map<string, number> | undefined;
  private readonly nsPrev: number[];

  // Attributes of the last start tag (namespace declarations excluded): prefix, local name, value, namespace, offset.
  private readonly aP: string[];
  private readonly aL: string[];
  private readonly aV: string[];
  private readonly aN: string[];
  private readonly aO: number[];
  private aCount = 0;

  /** Colon position found by the last scanQName (-1 if none). */
  private colon = -1;
  /** Hash of the name the last scanQName read, on ASCII input (see nameSlot). */
  private hash = 0;
  /** Names the current state of the namespace bindings (see slotEpoch); changes with every binding pushed or popped. */
  private nsEpoch = ++epochs;
  /** Flags found by the last scanText: 1 = '&', 2 = CR. */
  private flags = 0;

  // Line/column cache: offset, line and line-start offset of the last computed position.
  private lcOff = 0;
  private lcLine = 1;
  private lcStart = 0;

  /**
   * Called at each processing instruction (not the XML declaration), anywhere in the document, with its target and
   * position, and the reader itself (so one handler can serve every reader); may throw to refuse it (SOAP messages
   * must carry none). Unset, PIs are checked and skipped.
   */
  onProcessingInstruction: ((target: string, line: number, column: number, reader: XmlReader) => void) | undefined = undefined;

  /**
   * Set when the document is the root part of an MTOM/XOP package (xop.ts): `readBinary` then resolves an element
   * whose only child is an xop:Include to the referenced part's bytes. Unset, an xop:Include is a child element
   * like any other (refused in simple content).
   */
  xop: XopResolver | undefined = undefined;
  /** readBinary is reading: an xop:Include may stand for the content. */
  private xopBinary = false;
  /** The bytes of the xop:Include readText just consumed (for readBinary). */
  private xopBytes: Uint8Array | undefined = undefined;

  constructor(input: string, limits?: Partial<ReaderLimits>) {
    const k = takeStacks();
    this.stacks = k;
    this.lo = k.lo;
    this.en = k.en;
    this.nl = k.nl;
    this.mk = k.mk;
    this.st = k.st;
    this.nsP = k.nsP;
    this.nsU = k.nsU;
    this.nsPrev = k.nsPrev;
    this.aP = k.aP;
    this.aL = k.aL;
    this.aV = k.aV;
    this.aN = k.aN;
    this.aO = k.aO;
    const lim = resolveLimits(limits);
    this.maxDepth = lim.maxDepth;
    this.maxElements = lim.maxElements;
    this.maxAttributes = lim.maxAttributes;
    this.maxString = lim.maxStringLength;
    if (!bytesChecked && (input.length > lim.maxBytes || (input.length * 3 > lim.maxBytes && utf8Length(input, lim.maxBytes) > lim.maxBytes)))
      throw new XmlSyntaxError(`document is larger than ${lim.maxBytes} bytes`, 1, 1, 'limit');
    input.indexOf('<'); // flattens a concatenated (cons) string once: character access is then much faster
    this.s = input;
    if (byteScan) {
      const shared = input.length + 8 <= POOL_BYTES;
      this.u = asciiBytes !== undefined ? asciiCopy(asciiBytes, shared) : asciiCodeUnits(input, shared);
      if (shared && this.u !== undefined) this.uGen = poolGen;
    }
    this.len = input.length;
    this.bom = input.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.pos = this.bom;
    this.lcOff = this.lcStart = this.bom;
  }

  /**
   * Reads XML from bytes: UTF-8 (with or without BOM, the default) or UTF-16 LE/BE (BOM, or detected from '<?').
   * A declared encoding other than these is refused with kind 'encoding'.
   * (A string given to the constructor is already decoded: its declared encoding is not checked.)
   */
  static fromBytes(bytes: Uint8Array, limits?: Partial<ReaderLimits>): XmlReader {
    const lim = resolveLimits(limits);
    if (bytes.length > lim.maxBytes) throw new XmlSyntaxError(`document is larger than ${lim.maxBytes} bytes`, 1, 1, 'limit');
    const b0 = bytes[0],
      b1 = bytes[1],
      b2 = bytes[2],
      b3 = bytes[3];
    let text: string;
    let utf16 = true;
    if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff))
      throw new XmlSyntaxError('UTF-32 input is not supported', 1, 1, 'encoding');
    if (b0 === 0xfe && b1 === 0xff) text = decodeUtf16(bytes, false);
    else if (b0 === 0xff && b1 === 0xfe) text = decodeUtf16(bytes, true);
    else if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) text = decodeUtf16(bytes, false);
    else if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) text = decodeUtf16(bytes, true);
    else {
      utf16 = false;
      utf8Decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      try {
        text = utf8Decoder.decode(bytes);
      } catch {
        throw new XmlSyntaxError('input is not valid UTF-8', 1, 1, 'encoding');
      }
    }
    let reader: XmlReader;
    bytesChecked = true;
    // Valid UTF-8 decodes to as many code units as it has bytes only when every byte is ASCII (a BOM, kept in the
    // text, is three bytes for one unit).
    if (!utf16 && text.length === bytes.length) asciiBytes = bytes;
    try {
      reader = new XmlReader(text, lim);
    } finally {
      bytesChecked = false;
      asciiBytes = undefined;
    }
    reader.parseDeclaration();
    const enc = reader.declEncoding?.toLowerCase();
    if (enc !== undefined) {
      const ok = utf16 ? enc === 'utf-16' || enc === 'utf-16le' || enc === 'utf-16be' : enc === 'utf-8';
      if (!ok) {
        const { line, column } = reader.lineCol(reader.bom);
        throw new XmlSyntaxError(`declared encoding '${reader.declEncoding}' is not supported here (input is ${utf16 ? 'UTF-16' : 'UTF-8'})`, line, column, 'encoding');
      }
    }
    return reader;
  }

  // ---- current element ----------------------------------------------------------------------------------------

  /** Namespace URI ('' = none) of the current element. */
  get ns(): string {
    return this.en[this.d]!;
  }

  /** Local name of the current element. */
  get local(): string {
    return this.lo[this.d]!;
  }

  /** 1-based line of the current element's start tag (0 before the root). */
  get line(): number {
    return this.d > 0 ? this.lineCol(this.st[this.d]!).line : 0;
  }

  /** 1-based column of the current element's start tag (0 before the root). */
  get column(): number {
    return this.d > 0 ? this.lineCol(this.st[this.d]!).column : 0;
  }

  /** Depth of the current element: the root is 1; 0 before and after it. */
  get depth(): number {
    return this.d;
  }

  /** The slash path of open elements by local name, e.g. '/Envelope/Body/BeginCacheRefreshResponse'. */
  path(): string {
    let p = '';
    for (let k = 1; k <= this.d; k++) p += '/' + this.lo[k]!;
    return p;
  }

  // ---- navigation ------------------------------------------------------------------------------------------------

  /** Reads the prolog (XML declaration, comments, PIs, white space) and the root's start tag. A DOCTYPE -> kind 'dtd'. */
  readRoot(): void {
    if (this.uGen >= 0 && this.uGen !== poolGen) this.ownBytes();
    if (this.state !== PROLOG) throw new Error('XmlReader.readRoot(): the root was already read');
    this.parseDeclaration();
    this.startTag(this.misc(this.declEnd, true));
  }

  /**
   * From a start tag: enters the element's content. Inside content: moves to the next child element's start tag and
   * returns true, or reads the element's end tag and returns false (the parent becomes current). Comments, PIs and
   * white space are skipped; other text is a DecodeError.
   */
  nextChild(): boolean {
    if (this.uGen >= 0 && this.uGen !== poolGen) this.ownBytes();
    if (this.state === START) {
      if (this.selfClosing) {
        this.pop();
        return false;
      }
      this.state = CONTENT;
    } else if (this.state !== CONTENT) throw new Error('XmlReader.nextChild(): no element is open');
    const s = this.s;
    let u = this.u;
    let i = this.pos;
    for (;;) {
      let c = cu(s, u, i);
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = cu(s, u, ++i);
      if (c === 0x3c) {
        c = cu(s, u, i + 1);
        if (c === 0x2f) {
          this.endTag(i);
          return false;
        }
        if (c === 0x21) {
          if (s.startsWith('<!--', i)) i = this.comment(i);
          else if (s.startsWith('<![CDATA[', i)) {
            const e = this.cdata(i);
            if (!isWhiteSpace(s, i + 9, e)) throw this.decodeError(i, 'unexpected text (CDATA) in element-only content');
            i = e + 3;
          } else this.bang(i);
          continue;
        }
        if (c === 0x3f) {
          i = this.pi(i);
          u = this.u; // a callback may have made another reader take the shared buffer
          continue;
        }
        this.startTag(i);
        return true;
      }
      const start = i;
      i = this.scanText(i);
      const text = this.flags & 1 ? this.decode(start, i, false) : '';
      if (!(this.flags & 1) || !isWhiteSpace(text, 0, text.length)) {
        const preview = s.slice(start, Math.min(i, start + 40)).trim();
        throw this.decodeError(start, `unexpected text '${preview}${i - start > 40 ? '…' : ''}' in element-only content`);
      }
    }
  }

  /**
   * From a start tag: returns the element's text content (text and CDATA, references decoded, comments and PIs ignored)
   * and reads its end tag. A child element is a DecodeError.
   */
  readText(): string {
    if (this.uGen >= 0 && this.uGen !== poolGen) this.ownBytes();
    if (this.state !== START) throw new Error('XmlReader.readText(): must be called at a start tag');
    if (this.selfClosing) {
      this.pop();
      return '';
    }
    this.state = CONTENT;
    const s = this.s;
    let u = this.u;
    let i = this.pos;
    {
      // The common case, one run of text and the end tag: its slice (or decoded form) is the value as it stands.
      const start = i;
      i = this.scanText(i);
      if (cu(s, u, i + 1) === 0x2f) {
        const text = i === start ? '' : this.flags === 0 ? s.slice(start, i) : this.decode(start, i, false);
        if (text.length > this.maxString) this.fail(start, `text longer than ${this.maxString} characters`, 'limit');
        this.endTag(i);
        return text;
      }
      i = start;
    }
    let out = '';
    for (;;) {
      const start = i;
      i = this.scanText(i);
      if (i > start) {
        out += this.flags === 0 ? s.slice(start, i) : this.decode(start, i, false);
        if (out.length > this.maxString) this.fail(start, `text longer than ${this.maxString} characters`, 'limit');
      }
      const c = cu(s, u, i + 1);
      if (c === 0x2f) {
        this.endTag(i);
        return out;
      }
      if (c === 0x21) {
        if (s.startsWith('<!--', i)) i = this.comment(i);
        else if (s.startsWith('<![CDATA[', i)) {
          const e = this.cdata(i);
          out += this.flags === 0 ? s.slice(i + 9, e) : s.slice(i + 9, e).replace(/\r\n?/g, '\n');
          if (out.length > this.maxString) this.fail(i, `text longer than ${this.maxString} characters`, 'limit');
          i = e + 3;
        } else this.bang(i);
        continue;
      }
      if (c === 0x3f) {
        i = this.pi(i);
        u = this.u; // a callback may have made another reader take the shared buffer
        continue;
      }
      if (this.xop !== undefined) return this.xopInclude(i, out);
      throw this.decodeError(i, `unexpected child element <${s.slice(i + 1, this.scanQName(i + 1))}> in simple content`);
    }
  }

  /**
   * From a start tag of base64Binary or hexBinary content: like readText, but in an XOP package an element whose only
   * child is `<xop:Include href="cid:…"/>` gives the bytes of the part it names (white space and comments around the
   * Include are allowed; text, a second child, a nested Include or an unknown cid are DecodeErrors).
   */
  readBinary(): string | Uint8Array {
    if (this.xop === undefined) return this.readText();
    this.xopBinary = true;
    try {
      const text = this.readText();
      const bytes = this.xopBytes;
      if (bytes === undefined) return text;
      this.xopBytes = undefined;
      return bytes;
    } finally {
      this.xopBinary = false;
    }
  }

  /** readText met a child element at `lt` in an XOP document: an xop:Include standing for binary content, or an error. */
  private xopInclude(lt: number, before: string): string {
    const parent = this.path();
    const name = this.s.slice(lt + 1, this.scanQName(lt + 1));
    this.startTag(lt);
    if (this.en[this.d] !== XOP_NS || this.lo[this.d] !== 'Include') throw this.decodeError(lt, `unexpected child element <${name}> in simple content`);
    if (!this.xopBinary) throw new DecodeError(`xop:Include in content that is not base64Binary or hexBinary (line ${this.line}, column ${this.column})`, parent);
    if (!isWhiteSpace(before, 0, before.length)) throw new DecodeError('text beside an xop:Include (it must be the element\'s only content)', parent);
    let href: string | undefined;
    for (let k = 0; k < this.aCount; k++) {
      const ns = this.aN[k]!;
      if (ns === '' && this.aL[k] === 'href') href = this.aV[k];
      else if (ns === '' || ns === XOP_NS) throw new DecodeError(`xop:Include has an unexpected attribute ${this.aL[k]}`, this.path());
    }
    if (href === undefined) throw new DecodeError('xop:Include has no href attribute', this.path());
    const includePath = this.path();
    // Its children may only be extension elements of other namespaces (XOP 1.0 schema: xs:any ##other); ignored.
    while (this.nextChild()) {
      if (this.en[this.d] === XOP_NS) throw new DecodeError('an XOP element inside xop:Include', this.path());
      this.skip();
    }
    if (this.nextChild()) throw new DecodeError('an element beside xop:Include (it must be the element\'s only content)', this.path());
    this.xopBytes = this.xop!.resolve(href, includePath);
    return '';
  }

  /** From a start tag: skips the element and its subtree, still checking well-formedness and limits. */
  skip(): void {
    if (this.uGen >= 0 && this.uGen !== poolGen) this.ownBytes();
    if (this.state !== START) throw new Error('XmlReader.skip(): must be called at a start tag');
    if (this.selfClosing) {
      this.pop();
      return;
    }
    this.state = CONTENT;
    const target = this.d - 1;
    const s = this.s;
    let u = this.u;
    let i = this.pos;
    for (;;) {
      const start = i;
      i = this.scanText(i);
      if (this.flags & 1) {
        if (this.decode(start, i, false).length > this.maxString) this.fail(start, `text longer than ${this.maxString} characters`, 'limit');
      } else if (i - start > this.maxString) this.fail(start, `text longer than ${this.maxString} characters`, 'limit');
      const c = cu(s, u, i + 1);
      if (c === 0x2f) {
        this.endTag(i);
        if (this.d === target) return;
        i = this.pos;
      } else if (c === 0x21) {
        if (s.startsWith('<!--', i)) i = this.comment(i);
        else if (s.startsWith('<![CDATA[', i)) {
          const e = this.cdata(i);
          if (e - i - 9 > this.maxString) this.fail(i, `text longer than ${this.maxString} characters`, 'limit');
          i = e + 3;
        } else this.bang(i);
      } else if (c === 0x3f) {
        i = this.pi(i);
        u = this.u; // a callback may have made another reader take the shared buffer
      } else {
        // Elements inside a skipped one are never current for a caller: their local names are not needed.
        this.startTag(i, false);
        if (this.selfClosing) this.pop();
        i = this.pos;
      }
    }
  }

  /**
   * From a start tag: returns the element and its subtree as a standalone well-formed XML string and consumes it.
   * Every namespace binding in scope that was declared outside the element (and not redeclared on it) is added to its
   * start tag, so prefixes used in names and in QName-valued content (xsi:type, fault codes) still resolve.
   */
  readRaw(): string {
    if (this.state !== START) throw new Error('XmlReader.readRaw(): must be called at a start tag');
    const d = this.d;
    const tagStart = this.st[d]!;
    const nameEnd = tagStart + 1 + this.nl[d]!;
    const mark = this.mk[d]!;
    const own = new Set<string>();
    for (let k = mark; k < this.nsN; k++) own.add(this.nsP[k]!);
    const seen = new Set<string>();
    const decls: string[] = [];
    for (let k = mark - 1; k >= 2; k--) {
      const p = this.nsP[k]!;
      if (seen.has(p)) continue;
      seen.add(p);
      if (own.has(p) || p === 'xml' || (p === '' && this.nsU[k] === '')) continue;
      decls.push(p === '' ? ` xmlns="${escapeAttr(this.nsU[k]!)}"` : ` xmlns:${p}="${escapeAttr(this.nsU[k]!)}"`);
    }
    const path = this.xop !== undefined ? this.path() : '';
    this.skip();
    const s = this.s;
    const raw = s.slice(tagStart, nameEnd) + decls.reverse().join('') + s.slice(nameEnd, this.pos);
    if (this.xop !== undefined && raw.includes(XOP_NS) && holdsXopElement(raw)) {
      // Untyped content cannot say which text is base64Binary: handing out the Include would silently lose the part.
      throw new DecodeError('xop:Include inside content read as raw XML (anyType or a wildcard): the schema gives it no base64Binary type, so it cannot be resolved', path);
    }
    return raw;
  }

  /** After the root was fully read: only comments, PIs and white space may follow. */
  end(): void {
    if (this.uGen >= 0 && this.uGen !== poolGen) this.ownBytes();
    if (this.state !== DONE) throw new Error('XmlReader.end(): the root element has not been fully read');
    this.pos = this.misc(this.pos, false);
    this.state = ENDED;
    // Ended, the reader no longer reads its arrays past index 1 (element depth is 0, the bindings are xml and the
    // empty default namespace, and the attribute accessors require a start tag), so the next reader may take them.
    if (this.stacks !== undefined && stackPool.length < STACK_POOL) stackPool.push(this.stacks);
    this.stacks = undefined;
  }

  // ---- attributes ------------------------------------------------------------------------------------------------

  /** Value of the attribute {ns}local of the current element, or undefined. Namespace declarations are not attributes. */
  attr(ns: string, local: string): string | undefined {
    this.checkAttrs();
    for (let k = 0; k < this.aCount; k++) if (this.aL[k] === local && this.aN[k] === ns) return this.aV[k];
    return undefined;
  }

  /** Whether the current element has attributes (namespace declarations aside): attrCount !== 0. */
  hasAttributes(): boolean {
    if (this.state !== START) this.checkAttrs();
    return this.aCount !== 0;
  }

  get attrCount(): number {
    this.checkAttrs();
    return this.aCount;
  }

  attrNs(i: number): string {
    this.checkAttrs();
    return this.aN[this.attrIndex(i)]!;
  }

  attrLocal(i: number): string {
    this.checkAttrs();
    return this.aL[this.attrIndex(i)]!;
  }

  attrValue(i: number): string {
    this.checkAttrs();
    return this.aV[this.attrIndex(i)]!;
  }

  /** xsi:nil is "true" or "1" on the current element. */
  isNil(): boolean {
    const v = this.attr(XSI_NS, 'nil');
    if (v === undefined) return false;
    const t = v.trim();
    return t === 'true' || t === '1';
  }

  /** xsi:type of the current element resolved to [namespace, local], or undefined. An undeclared prefix is a DecodeError. */
  xsiType(): [string, string] | undefined {
    const v = this.attr(XSI_NS, 'type');
    if (v === undefined) return undefined;
    const t = v.trim();
    const c = t.indexOf(':');
    const prefix = c < 0 ? '' : t.slice(0, c);
    const local = c < 0 ? t : t.slice(c + 1);
    if (!isNCName(local) || (c >= 0 && !isNCName(prefix))) throw this.decodeError(this.st[this.d]!, `xsi:type '${t}' is not a QName`);
    const ns = this.lookupNamespace(prefix);
    if (ns === undefined) throw this.decodeError(this.st[this.d]!, `xsi:type '${t}' uses the undeclared prefix '${prefix}'`);
    return [ns, local];
  }

  /** Namespace bound to `prefix` ('' = the default namespace, '' when none) in the current element's scope. */
  lookupNamespace(prefix: string): string | undefined {
    const k = this.lookup(prefix);
    return k < 0 ? undefined : this.nsU[k];
  }

  /**
   * The current element's namespace scope as a resolver that stays valid after the element is consumed, for
   * QName-valued content read with readText() (whose prefixes may be declared on the element itself).
   */
  scopeSnapshot(): (prefix: string) => string | undefined {
    const n = this.nsN;
    const p = this.nsP.slice(0, n);
    const u = this.nsU.slice(0, n);
    return (prefix) => {
      for (let k = n - 1; k >= 0; k--) if (p[k] === prefix) return u[k];
      return undefined;
    };
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  /** Another reader copied its input into the shared buffer this one was scanning: scan a copy of our own. */
  private ownBytes(): void {
    this.u = asciiCodeUnits(this.s, false);
    this.uGen = -1;
  }

  private checkAttrs(): void {
    if (this.state !== START) throw new Error('XmlReader: attributes are only available right after a start tag');
  }

  private attrIndex(i: number): number {
    if (!(i >= 0 && i < this.aCount)) throw new RangeError(`attribute index ${i} out of range`);
    return i;
  }

  /** Qualified name of the current element. */
  private qname(): string {
    const a = this.st[this.d]! + 1;
    return this.s.slice(a, a + this.nl[this.d]!);
  }

  /** Like lookup, for the prefix s[a, b) (without slicing it). The prefix 'xmlns' is never bound. */
  private lookupRange(a: number, b: number): number {
    let k = this.nsN - 1;
    const n = b - a;
    if (k >= NS_LINEAR) return this.lookup(this.s.slice(a, b));
    const p = this.nsP;
    const s = this.s;
    const u = this.u;
    outer: for (; k >= 0; k--) {
      const q = p[k]!;
      // Generated prefixes (ns1, ns2…) differ in their last character: compare it first.
      if (q.length !== n || (n > 0 && q.charCodeAt(n - 1) !== cu(s, u, b - 1))) continue;
      for (let j = 0; j < n - 1; j++) if (q.charCodeAt(j) !== cu(s, u, a + j)) continue outer;
      return k;
    }
    return -1;
  }

  private lookup(prefix: string): number {
    let k = this.nsN - 1;
    if (k >= NS_LINEAR) {
      const j = this.nsMap!.get(prefix);
      if (j !== undefined) return j;
      k = NS_LINEAR - 1;
    }
    const p = this.nsP;
    for (; k >= 0; k--) if (p[k] === prefix) return k;
    return -1;
  }

  private bind(prefix: string, uri: string): void {
    const k = this.nsN++;
    this.nsEpoch = ++epochs;
    this.nsP[k] = prefix;
    // The canonical instance, so that decoders and envelope readers compare it by pointer and Map lookups find its
    // hash computed: one lookup here instead of a character comparison at every use (a small server request compares
    // its namespaces several times: the Envelope's, the operation index's, the decoder's).
    this.nsU[k] = knownName(uri);
    if (k >= NS_LINEAR) {
      const map = (this.nsMap ??= new Map());
      this.nsPrev[k] = map.get(prefix) ?? -1;
      map.set(prefix, k);
    }
  }

  private pop(): void {
    const d = this.d;
    const m = this.mk[d]!;
    if (this.nsN > NS_LINEAR) {
      const map = this.nsMap!;
      for (let k = this.nsN - 1; k >= m && k >= NS_LINEAR; k--) {
        const prev = this.nsPrev[k]!;
        if (prev < 0) map.delete(this.nsP[k]!);
        else map.set(this.nsP[k]!, prev);
      }
    }
    if (this.nsN !== m) {
      this.nsN = m;
      this.nsEpoch = ++epochs;
    }
    this.d = d - 1;
    this.state = d === 1 ? DONE : CONTENT;
  }

  /** Parses the XML declaration if the input starts with one (once). */
  private parseDeclaration(): void {
    if (this.declEnd >= 0) return;
    const s = this.s;
    const i = this.bom;
    this.declEnd = i;
    if (!(s.charCodeAt(i) === 0x3c && s.charCodeAt(i + 1) === 0x3f && s.charCodeAt(i + 2) === 0x78 && s.charCodeAt(i + 3) === 0x6d && s.charCodeAt(i + 4) === 0x6c)) return;
    const c = s.charCodeAt(i + 5);
    if (!(c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3f)) return; // a PI such as <?xml-stylesheet?>
    if (startsWithAt(s, i + 5, ' version="1.0" encoding="')) {
      // The common form, without the regular expression.
      const e = s.indexOf('"?>', i + 30);
      if (e > 0 && e < i + 64 && isEncName(s, i + 30, e)) {
        this.declEncoding = s.slice(i + 30, e);
        this.declEnd = e + 3;
        return;
      }
    }
    XML_DECL.lastIndex = i;
    const m = XML_DECL.exec(s);
    if (!m) this.fail(i, 'malformed XML declaration');
    this.declEncoding = m[1] ?? m[2];
    this.declEnd = XML_DECL.lastIndex;
  }

  /** Skips Misc (white space, comments, PIs) from i. Before the root, returns the root's '<'; after it, the input end. */
  private misc(i: number, beforeRoot: boolean): number {
    const s = this.s;
    for (;;) {
      let c = s.charCodeAt(i);
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = s.charCodeAt(++i);
      if (i >= this.len) {
        if (beforeRoot) this.fail(i, 'no root element');
        return i;
      }
      if (c !== 0x3c) this.fail(i, beforeRoot ? 'text before the root element' : 'text after the root element');
      c = s.charCodeAt(i + 1);
      if (c === 0x3f) i = this.pi(i);
      else if (c === 0x21) {
        if (s.startsWith('<!--', i)) i = this.comment(i);
        else this.bang(i);
      } else if (beforeRoot && c !== 0x2f) return i;
      else this.fail(i, c === 0x2f ? 'end tag outside the root element' : 'only one root element is allowed');
    }
  }

  /** Reports `<!` that is neither a comment nor (in content) a CDATA section. */
  private bang(i: number): never {
    const s = this.s;
    if (s.startsWith('<!DOCTYPE', i)) this.fail(i, 'DOCTYPE declarations are refused: no DTD or entity is processed', 'dtd');
    if (s.startsWith('<!ENTITY', i) || s.startsWith('<!ELEMENT', i) || s.startsWith('<!ATTLIST', i) || s.startsWith('<!NOTATION', i))
      this.fail(i, 'markup declarations are refused: no DTD is processed', 'dtd');
    if (s.startsWith('<![CDATA[', i)) this.fail(i, 'CDATA section outside the root element');
    this.fail(i, "'<!' must start a comment or a CDATA section");
  }

  /** At '<!--': validates the comment and returns the offset after it. */
  private comment(i: number): number {
    const s = this.s;
    const e = s.indexOf('--', i + 4);
    if (e < 0) this.fail(this.len, 'unterminated comment');
    if (s.charCodeAt(e + 2) !== 0x3e) this.fail(e, "'--' is not allowed in a comment");
    this.checkChars(i + 4, e);
    return e + 3;
  }

  /** At '<![CDATA[': validates the section and returns the offset of its ']]>' (flags: 2 = contains CR). */
  private cdata(i: number): number {
    const e = this.s.indexOf(']]>', i + 9);
    if (e < 0) this.fail(this.len, 'unterminated CDATA section');
    this.flags = this.checkChars(i + 9, e) ? 2 : 0;
    return e;
  }

  /** At '<?': validates the processing instruction and returns the offset after it. */
  private pi(i: number): number {
    const s = this.s;
    const t = i + 2;
    const te = this.scanQName(t);
    if (this.colon >= 0) this.fail(t, "a processing instruction target must not contain ':'");
    if (te - t === 3 && s.slice(t, te).toLowerCase() === 'xml')
      this.fail(i, this.declEnd === i ? 'malformed XML declaration' : 'the XML declaration is only allowed at the very start of the document');
    if (this.onProcessingInstruction) {
      const { line, column } = this.lineCol(i);
      this.onProcessingInstruction(s.slice(t, te), line, column, this);
      if (this.uGen >= 0 && this.uGen !== poolGen) this.ownBytes();
    }
    const c = s.charCodeAt(te);
    if (c === 0x3f && s.charCodeAt(te + 1) === 0x3e) return te + 2;
    if (!(c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) this.expected(te, "white space or '?>' after the processing instruction target");
    const e = s.indexOf('?>', te);
    if (e < 0) this.fail(this.len, 'unterminated processing instruction');
    this.checkChars(te, e);
    return e + 2;
  }

  /** Checks that [a, b) holds only XML characters; returns true if it holds a CR. */
  private checkChars(a: number, b: number): boolean {
    const s = this.s;
    let cr = false;
    for (let i = a; i < b; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0xd800) continue;
      if (c === 0x0a || c === 0x09) continue;
      if (c === 0x0d) cr = true;
      else if (c >= 0xd800) i = this.surrogate(i, c);
      else this.fail(i, `illegal character U+${hex(c)}`);
    }
    return cr;
  }

  /** Validates a character at or above U+D800 at i; returns the index of its last code unit. */
  private surrogate(i: number, c: number): number {
    if (c <= 0xdbff) {
      const n = this.s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) return i + 1;
    } else if (c >= 0xe000 && c <= 0xfffd) return i;
    return this.fail(i, `illegal character U+${hex(c)}`);
  }

  /**
   * Scans character data from i to the next '<', validating characters and ']]>'. Sets flags (1: '&', 2: CR).
   * Returns the offset of the '<'; the end of input is an error (text is always inside the root here).
   */
  private scanText(i: number): number {
    const s = this.s;
    const u = this.u;
    let flags = 0;
    if (u !== undefined) {
      // ASCII bytes: skip the run of characters that need no check (as the first test below) with direct loads.
      let c = u[i]!;
      while (c > 0x3e || (c >= 0x27 && c < 0x3c)) c = u[++i]!;
    }
    for (;;) {
      const c = cu(s, u, i);
      if ((c > 0x3e && c < 0xd800) || (c >= 0x27 && c < 0x3c)) {
        i++;
        continue;
      }
      if (c === 0x3c) break;
      if (c >= 0x20) {
        if (c === 0x26) flags |= 1;
        else if (c === 0x3e) {
          if (cu(s, u, i - 1) === 0x5d && cu(s, u, i - 2) === 0x5d) this.fail(i - 2, "']]>' is not allowed in text");
        } else if (c >= 0xd800) i = this.surrogate(i, c);
        i++;
        continue;
      }
      if (c === 0x0a || c === 0x09) {
        i++;
        continue;
      }
      if (c === 0x0d) {
        flags |= 2;
        i++;
        continue;
      }
      if (i >= this.len) this.fail(i, `unexpected end of input: unclosed element <${this.qname()}>`);
      this.fail(i, `illegal character U+${hex(c)}`);
    }
    this.flags = flags;
    return i;
  }

  /**
   * Decodes [a, b): entity and character references, line ends (CR LF and CR become LF) and, for attribute values,
   * white-space normalization (TAB, LF, CR become a space; references are kept as they denote).
   */
  private decode(a: number, b: number, attr: boolean): string {
    const s = this.s;
    const u = this.u;
    let out = '';
    let last = a;
    for (let i = a; i < b; i++) {
      const c = cu(s, u, i);
      if (c === 0x26) {
        out += s.slice(last, i);
        let j = i + 1;
        let ch: string;
        if (s.charCodeAt(j) === 0x23) {
          j++;
          let v = 0;
          const hexa = s.charCodeAt(j) === 0x78;
          if (hexa) j++;
          const d0 = j;
          for (;; j++) {
            const k = s.charCodeAt(j);
            let digit: number;
            if (k >= 0x30 && k <= 0x39) digit = k - 0x30;
            else if (hexa && k >= 0x61 && k <= 0x66) digit = k - 0x57;
            else if (hexa && k >= 0x41 && k <= 0x46) digit = k - 0x37;
            else break;
            v = Math.min(v * (hexa ? 16 : 10) + digit, 0x110000);
          }
          if (j === d0 || s.charCodeAt(j) !== 0x3b || j >= b) this.fail(i, 'malformed character reference');
          if (!isXmlCharCp(v)) this.fail(i, `character reference to an illegal character (${s.slice(i, j + 1)})`);
          ch = String.fromCodePoint(v);
        } else {
          const k = s.charCodeAt(j);
          const e = j < b && (k < 0x80 ? NAMEC[k] === 3 : k === k) ? this.scanQName(j) : j;
          if (e === j || s.charCodeAt(e) !== 0x3b || e >= b) this.fail(i, "'&' must start an entity or character reference (write &amp;)");
          const name = s.slice(j, e);
          j = e;
          if (name === 'lt') ch = '<';
          else if (name === 'gt') ch = '>';
          else if (name === 'amp') ch = '&';
          else if (name === 'quot') ch = '"';
          else if (name === 'apos') ch = "'";
          else return this.fail(i, `undefined entity '&${name};' (only the five predefined entities are allowed)`);
        }
        out += ch;
        i = j;
        last = j + 1;
      } else if (c === 0x0d) {
        out += s.slice(last, i) + (attr ? ' ' : '\n');
        if (s.charCodeAt(i + 1) === 0x0a && i + 1 < b) i++;
        last = i + 1;
      } else if (attr && (c === 0x0a || c === 0x09)) {
        out += s.slice(last, i) + ' ';
        last = i + 1;
      }
    }
    return out + s.slice(last, b);
  }

  /**
   * Scans a QName (XML Name with at most one inner colon, each part an NCName) from i; returns its end and sets
   * this.colon. An empty name is an error.
   */
  private scanQName(i: number): number {
    const s = this.s;
    const u = this.u;
    let seg = i;
    let colon = -1;
    if (u !== undefined) {
      // ASCII bytes (0 or undefined past the end, which are no name characters): the loop below without its
      // non-ASCII branch.
      let h = 0;
      for (;;) {
        const c = u[i]!;
        const t = NAMEC[c];
        if (t === 3 || (t === 2 && i !== seg)) {
          h = (Math.imul(h, 31) + c) | 0;
          i++;
          continue;
        }
        if (c === 0x3a) {
          if (colon >= 0 || i === seg) this.fail(i, 'invalid qualified name');
          h = (Math.imul(h, 31) + c) | 0;
          colon = i;
          seg = ++i;
          continue;
        }
        break;
      }
      this.hash = h;
    } else {
      for (;;) {
        const c = cu(s, u, i);
        if (c < 0x80) {
          const t = NAMEC[c]!;
          if (t === 3 || (t === 2 && i !== seg)) {
            i++;
            continue;
          }
          if (c === 0x3a) {
            if (colon >= 0 || i === seg) this.fail(i, 'invalid qualified name');
            colon = i;
            seg = ++i;
            continue;
          }
          break;
        }
        if (c !== c) break; // end of input
        let cp = c;
        let w = 1;
        if (c >= 0xd800 && c <= 0xdbff) {
          const n = cu(s, u, i + 1);
          if (n >= 0xdc00 && n <= 0xdfff) {
            cp = ((c - 0xd800) << 10) + (n - 0xdc00) + 0x10000;
            w = 2;
          }
        }
        if (i === seg ? isNameStartCp(cp) : isNameCp(cp)) {
          i += w;
          continue;
        }
        break;
      }
    }
    if (i === seg) {
      if (colon >= 0) this.fail(i, 'invalid qualified name');
      this.expected(i, 'a name');
    }
    this.colon = colon;
    return i;
  }

  /**
   * At '<' of a start tag: reads it, checks namespaces and limits, and makes the element current. Without `names`
   * (inside skip) the local name is left empty: the element's namespace is still resolved, as well-formedness needs.
   */
  private startTag(lt: number, names = true): void {
    const s = this.s;
    const u = this.u;
    const nameStart = lt + 1;
    const nameEnd = this.scanQName(nameStart);
    const colon = this.colon;
    const slot = names ? this.nameSlot(nameStart, nameEnd, colon < 0 ? nameStart : colon + 1) : -1;
    const local = slot >= 0 ? slotLocal[slot]! : names ? s.slice(colon < 0 ? nameStart : colon + 1, nameEnd) : '';
    const d = this.d + 1;
    if (d > this.maxDepth) this.fail(lt, `elements nest deeper than ${this.maxDepth} levels`, 'limit');
    if (++this.elements > this.maxElements) this.fail(lt, `more than ${this.maxElements} elements`, 'limit');
    const mark = this.nsN;
    const aP = this.aP,
      aL = this.aL,
      aV = this.aV,
      aO = this.aO;
    let n = 0;
    let total = 0;
    let prefixed = 0;
    let dup: Set<string> | undefined;
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      let c = cu(s, u, i);
      const ws = i;
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = cu(s, u, ++i);
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f) {
        if (cu(s, u, i + 1) !== 0x3e) this.expected(i + 1, "'>' after '/'");
        i += 2;
        selfClosing = true;
        break;
      }
      if (i === ws) this.expected(i, "white space, '>' or '/>' in the start tag");
      // An attribute.
      const aStart = i;
      const aEnd = this.scanQName(i);
      const ac = this.colon;
      if (++total > this.maxAttributes) this.fail(aStart, `more than ${this.maxAttributes} attributes on one element`, 'limit');
      i = aEnd;
      c = cu(s, u, i);
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = cu(s, u, ++i);
      if (c !== 0x3d) this.expected(i, "'=' after the attribute name");
      c = cu(s, u, ++i);
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = cu(s, u, ++i);
      if (c !== 0x22 && c !== 0x27) this.expected(i, 'a quoted attribute value');
      const q = c;
      const vStart = ++i;
      let flags = 0;
      for (;;) {
        c = cu(s, u, i);
        // Most characters: letters and the like, then digits and URI punctuation ( ) * + , - . / : ;
        if ((c > 0x3c && c < 0xd800) || (c >= 0x28 && c < 0x3c)) {
          i++;
          continue;
        }
        if (c === q) break;
        if (c >= 0x20) {
          if (c === 0x3c) this.fail(i, "'<' is not allowed in an attribute value");
          if (c === 0x26) flags = 1;
          else if (c >= 0xd800) i = this.surrogate(i, c);
          i++;
          continue;
        }
        if (c === 0x09 || c === 0x0a || c === 0x0d) {
          flags = 1;
          i++;
          continue;
        }
        if (i >= this.len) this.fail(i, 'unexpected end of input in an attribute value');
        this.fail(i, `illegal character U+${hex(c)}`);
      }
      const value = flags === 0 ? s.slice(vStart, i) : this.decode(vStart, i, true);
      i++;
      if (value.length > this.maxString) this.fail(vStart, `attribute value longer than ${this.maxString} characters`, 'limit');
      let prefix: string;
      let name: string;
      if (ac < 0) {
        prefix = '';
        name = s.slice(aStart, aEnd);
        if (name === 'xmlns') {
          this.declare(mark, '', value, aStart);
          continue;
        }
      } else {
        prefix = s.slice(aStart, ac);
        name = s.slice(ac + 1, aEnd);
        if (prefix === 'xmlns') {
          this.declare(mark, name, value, aStart);
          continue;
        }
        prefixed++;
      }
      if (n < 16) {
        for (let k = 0; k < n; k++) if (aL[k] === name && aP[k] === prefix) this.fail(aStart, `duplicate attribute '${s.slice(aStart, aEnd)}'`);
      } else {
        if (!dup) {
          dup = new Set();
          for (let k = 0; k < n; k++) dup.add(aP[k] + ':' + aL[k]);
        }
        const key = prefix + ':' + name;
        if (dup.has(key)) this.fail(aStart, `duplicate attribute '${s.slice(aStart, aEnd)}'`);
        dup.add(key);
      }
      aP[n] = prefix;
      aL[n] = name;
      aV[n] = value;
      aO[n] = aStart;
      n++;
    }
    // Namespaces: the element's, then the attributes'.
    let ns: string;
    if (slot >= 0 && slotEpoch[slot] === this.nsEpoch) ns = this.nsU[slotNs[slot]!]!;
    else {
      const k = colon < 0 ? this.lookup('') : this.lookupRange(nameStart, colon);
      if (k < 0) this.fail(nameStart, `undeclared namespace prefix '${s.slice(nameStart, colon)}'`);
      ns = this.nsU[k]!;
      if (slot >= 0) {
        slotEpoch[slot] = this.nsEpoch;
        slotNs[slot] = k;
      }
    }
    const aN = this.aN;
    for (let k = 0; k < n; k++) {
      const p = aP[k]!;
      if (p === '') aN[k] = '';
      else {
        const b = this.lookup(p);
        if (b < 0) this.fail(aO[k]!, `undeclared namespace prefix '${p}'`);
        aN[k] = this.nsU[b]!;
      }
    }
    if (prefixed > 1) {
      // Unique expanded names: two prefixes may be bound to the same namespace.
      if (n <= 16) {
        for (let k = 1; k < n; k++) {
          if (aP[k] === '') continue;
          for (let j = 0; j < k; j++) if (aL[j] === aL[k] && aN[j] === aN[k]) this.fail(aO[k]!, `duplicate attribute {${aN[k]}}${aL[k]}`);
        }
      } else {
        const seen = new Set<string>();
        for (let k = 0; k < n; k++) {
          const key = aN[k] + '\u0000' + aL[k];
          if (seen.has(key)) this.fail(aO[k]!, `duplicate attribute {${aN[k]}}${aL[k]}`);
          seen.add(key);
        }
      }
    }
    this.nl[d] = nameEnd - nameStart;
    this.lo[d] = local;
    this.en[d] = ns;
    this.mk[d] = mark;
    this.st[d] = lt;
    this.d = d;
    this.aCount = n;
    this.selfClosing = selfClosing;
    this.pos = i;
    this.state = START;
  }

  /**
   * The name slot of the qualified name s[a, b) whose hash scanQName left in `hash` (ASCII input), filled on a miss
   * when its local part (from `lp`) is a registered name; -1 when there is none.
   */
  private nameSlot(a: number, b: number, lp: number): number {
    const u = this.u;
    const n = b - a;
    if (u === undefined || n > NAME_MAX) return -1;
    const h = this.hash;
    const slot = (h ^ (h >>> 10)) & (NAME_SLOTS - 1);
    const base = slot * NAME_MAX;
    if (slotLen[slot] === n) {
      let k = 0;
      while (k < n && slotBytes[base + k] === u[a + k]) k++;
      if (k === n) return slot;
    }
    const known = knownOrUndefined(this.s.slice(lp, b));
    if (known === undefined) return -1;
    slotLen[slot] = n;
    for (let k = 0; k < n; k++) slotBytes[base + k] = u[a + k]!;
    slotLocal[slot] = known;
    slotEpoch[slot] = 0;
    return slot;
  }

  /** Records a namespace declaration of the start tag being read (after checking the Namespaces rules). */
  private declare(mark: number, prefix: string, uri: string, at: number): void {
    for (let k = mark; k < this.nsN; k++) if (this.nsP[k] === prefix) this.fail(at, `duplicate namespace declaration for '${prefix || 'xmlns'}'`);
    if (prefix === 'xmlns') this.fail(at, "the prefix 'xmlns' must not be declared");
    if (prefix === 'xml') {
      if (uri !== XML_NS) this.fail(at, `the prefix 'xml' can only be bound to ${XML_NS}`);
    } else if (uri === XML_NS) this.fail(at, `${XML_NS} can only be bound to the prefix 'xml'`);
    if (uri === XMLNS_NS) this.fail(at, `${XMLNS_NS} must not be declared`);
    if (uri === '' && prefix !== '') this.fail(at, `xmlns:${prefix}="" is not allowed in XML 1.0 namespaces`);
    this.bind(prefix, uri);
  }

  /** At '</': reads the current element's end tag and pops it. */
  private endTag(lt: number): void {
    const s = this.s;
    const u = this.u;
    const d = this.d;
    const n = this.nl[d]!;
    const q = this.st[d]! + 1;
    let i = lt + 2;
    let k = 0;
    if (u !== undefined) while (k < n && u[i + k] === u[q + k]) k++;
    else while (k < n && s.charCodeAt(i + k) === s.charCodeAt(q + k)) k++;
    i += n;
    let c = k === n ? cu(s, u, i) : 0;
    while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) c = cu(s, u, ++i);
    if (c !== 0x3e) {
      if (i >= this.len) this.fail(this.len, 'unexpected end of input in an end tag');
      this.fail(lt, `end tag does not match the start tag <${this.qname()}>`);
    }
    this.pos = i + 1;
    this.pop();
  }

  private expected(at: number, what: string): never {
    return this.fail(at, at >= this.len ? 'unexpected end of input' : `expected ${what}`);
  }

  private fail(at: number, message: string, kind: 'malformed' | 'dtd' | 'limit' = 'malformed'): never {
    const { line, column } = this.lineCol(Math.min(at, this.len));
    throw new XmlSyntaxError(message, line, column, kind);
  }

  private decodeError(at: number, message: string): DecodeError {
    const { line, column } = this.lineCol(at);
    return new DecodeError(`${message} (line ${line}, column ${column})`, this.path());
  }

  /** 1-based line and column (UTF-16 code units) of an offset; CR LF and lone CR count as one line end. */
  private lineCol(off: number): { line: number; column: number } {
    const s = this.s;
    let i = this.bom;
    let line = 1;
    let ls = this.bom;
    if (off >= this.lcOff) {
      i = this.lcOff;
      line = this.lcLine;
      ls = this.lcStart;
    }
    for (; i < off; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && s.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        ls = i + 1;
      }
    }
    this.lcOff = off;
    this.lcLine = line;
    this.lcStart = ls;
    return { line, column: off - ls + 1 };
  }
}

function startsWithAt(s: string, i: number, lit: string): boolean {
  for (let k = 0; k < lit.length; k++) if (s.charCodeAt(i + k) !== lit.charCodeAt(k)) return false;
  return true;
}

function isEncName(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    if (!(letter || (i > a && ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x5f)))) return false;
  }
  return b > a;
}

/**
 * Whether raw XML that declares the XOP namespace has an element named Include (by its local name: any such element
 * in a document binding the XOP namespace is one, whatever prefix it uses).
 */
function holdsXopElement(xml: string): boolean {
  return /<(?:[^\s<>:/!?]+:)?Include[\s/>]/.test(xml);
}

function isWhiteSpace(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (!(c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d)) return false;
  }
  return true;
}

function hex(c: number): string {
  return c !== c ? 'end' : c.toString(16).toUpperCase().padStart(4, '0');
}
