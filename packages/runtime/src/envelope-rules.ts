import { DecodeError } from './errors';
import type { XmlReader } from './xml-reader';

/**
 * The SOAP envelope rules that well-formed XML can still break, checked where the server reads a request and where
 * the client reads a response (the reader itself knows nothing about SOAP):
 *
 * - no processing instructions anywhere in the message: SOAP 1.2 Part 1 section 5 (a receiver SHOULD answer
 *   env:Sender), and WS-I Basic Profile 1.1 R1009 for SOAP 1.1 (which an option may relax). The XML declaration is
 *   not a processing instruction and stays allowed;
 * - every header block is namespace-qualified (SOAP 1.1 section 4.2, SOAP 1.2 Part 1 section 5.2.1);
 * - Envelope, Header and Body carry only namespace-qualified attributes (SOAP 1.1 section 4, SOAP 1.2 Part 1 section
 *   5), none in the envelope namespace (WS-I BP R1032; SOAP 1.2 Part 1 5.1.1 for encodingStyle), and in SOAP 1.1 no
 *   soap:encodingStyle on a child of the Body (WS-I BP R1006: these services are literal);
 * - one Body, nothing but a Header before it and no element after it (WS-I BP R1011), and nothing but white space
 *   and comments after the Envelope: these the envelope readers enforce as they walk the Envelope's children
 *   (`noBody` below names the missing Body); DTDs are refused by the reader for every document.
 *
 * Breaking a rule throws an EnvelopeRuleError, a DecodeError: the server answers it with a Client/Sender fault and
 * the client turns it into a ResponseValidationError.
 */
export class EnvelopeRuleError extends DecodeError {
  constructor(message: string, path: string) {
    super(message, path);
    this.name = 'EnvelopeRuleError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Makes the reader refuse processing instructions (to be called before `readRoot`): always for SOAP 1.2, and for
 * SOAP 1.1 unless `allowIn11` (WS-I BP R1009 forbids them, SOAP 1.1 itself only says a message SHOULD NOT carry them).
 */
export function refuseProcessingInstructions(r: XmlReader, version: '1.1' | '1.2', allowIn11 = false): void {
  if (version === '1.1' && allowIn11) return;
  r.onProcessingInstruction = REFUSE_PI[version];
}

/** The handlers, one per version and shared by all readers (the reader comes as an argument, not in a closure). */
const REFUSE_PI: Readonly<Record<'1.1' | '1.2', (target: string, line: number, column: number, r: XmlReader) => never>> = {
  '1.1': (target, line, column, r) => refusePi('1.1', target, line, column, r),
  '1.2': (target, line, column, r) => refusePi('1.2', target, line, column, r),
};

function refusePi(version: '1.1' | '1.2', target: string, line: number, column: number, r: XmlReader): never {
  const rule = version === '1.2' ? 'SOAP 1.2 Part 1 section 5' : 'WS-I Basic Profile R1009';
  throw new EnvelopeRuleError(`a SOAP ${version} message must not contain processing instructions (${rule}): <?${target.slice(0, 40)}…?> at line ${line}, column ${column}`, r.path() || '/');
}

/** At a child of soap:Header: header blocks must be namespace-qualified. */
export function checkHeaderBlock(r: XmlReader): void {
  if (r.ns === '') throw new EnvelopeRuleError(`the header block {}${r.local} is not namespace-qualified (every child of the SOAP Header must be)`, `/Envelope/Header/${r.local}`);
}

/**
 * At the Envelope, the Header or the Body: only namespace-qualified attributes, none in the envelope namespace. With
 * `allowEncodingStyle` (a SOAP 1.1 Envelope, Header or Body where an rpc/encoded operation may be read) soap:encodingStyle is
 * accepted: SOAP 1.1 section 4.1.1 lets it appear on any element, its scope being that element's content; gSOAP
 * writes it on the Body, PHP and Apache SOAP on the Envelope. The reader then checks that the operation is an
 * encoded one (see encodingStyleOn): for literal operations WS-I BP R1005/R1006/R1032 still forbid it.
 */
export function checkEnvelopeAttributes(r: XmlReader, envNs: string, allowEncodingStyle = false): void {
  const n = r.attrCount;
  for (let i = 0; i < n; i++) {
    const ns = r.attrNs(i);
    if (ns === '') throw new EnvelopeRuleError(`the attribute ${r.attrLocal(i)} on the SOAP ${r.local} is not namespace-qualified (SOAP allows only namespace-qualified attributes there)`, r.path());
    if (allowEncodingStyle && ns === SOAP11_NS && envNs === SOAP11_NS && r.attrLocal(i) === 'encodingStyle') continue;
    if (ns === envNs) throw new EnvelopeRuleError(`the attribute {${ns}}${r.attrLocal(i)} is not allowed on the SOAP ${r.local} (WS-I Basic Profile R1032, SOAP 1.2 Part 1 section 5)`, r.path());
  }
}

/** At a child of the Body: SOAP 1.1's soap:encodingStyle is refused (WS-I BP R1006; the services are literal). */
export function checkBodyChild(r: XmlReader, envNs: string): void {
  if (r.attrCount !== 0 && envNs === SOAP11_NS && r.attr(envNs, 'encodingStyle') !== undefined)
    throw new EnvelopeRuleError(`soap:encodingStyle is not allowed on a child of the Body (WS-I Basic Profile R1006: SOAP encoding is not supported)`, r.path());
}

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** soap:encodingStyle on the current element (a SOAP 1.1 Body or Body child), if any. */
export function encodingStyleOn(r: XmlReader, envNs: string): string | undefined {
  return r.attrCount !== 0 && envNs === SOAP11_NS ? r.attr(envNs, 'encodingStyle') : undefined;
}

/** A literal operation's Envelope, Header or Body carried soap:encodingStyle (accepted there only in case it was an encoded one). */
export function literalWithEncodingStyle(path: string): EnvelopeRuleError {
  const on = path === '/Envelope' ? 'Envelope or Header' : 'Body';
  return new EnvelopeRuleError(`soap:encodingStyle is not allowed on the ${on} of a literal operation (WS-I Basic Profile R1005, R1006, R1032)`, path);
}

/** The Envelope ended without a Body. */
export function noBody(): EnvelopeRuleError {
  return new EnvelopeRuleError('the Envelope has no Body', '/Envelope');
}
