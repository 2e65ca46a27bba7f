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
  r.onProcessingInstruction = (target, line, column) => {
    const rule = version === '1.2' ? 'SOAP 1.2 Part 1 section 5' : 'WS-I Basic Profile R1009';
    throw new EnvelopeRuleError(`a SOAP ${version} message must not contain processing instructions (${rule}): <?${target.slice(0, 40)}…?> at line ${line}, column ${column}`, r.path() || '/');
  };
}

/** At a child of soap:Header: header blocks must be namespace-qualified. */
export function checkHeaderBlock(r: XmlReader): void {
  if (r.ns === '') throw new EnvelopeRuleError(`the header block {}${r.local} is not namespace-qualified (every child of the SOAP Header must be)`, `/Envelope/Header/${r.local}`);
}

/** The Envelope ended without a Body. */
export function noBody(): EnvelopeRuleError {
  return new EnvelopeRuleError('the Envelope has no Body', '/Envelope');
}
