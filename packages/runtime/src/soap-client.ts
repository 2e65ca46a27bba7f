import { flat } from './flat-string';
import { setOwn, type ElementCodec } from './document';
import { DecodeError, XmlSyntaxError } from './errors';
import { checkBodyChild, checkEnvelopeAttributes, checkHeaderBlock, EnvelopeRuleError, noBody, refuseProcessingInstructions } from './envelope-rules';
import { isEncoded, type EncodedElementCodec } from './encoded';
import { escapeAttr, escapeText } from './escape';
import { Transport, TlsOptions, type AbortSignalLike, type TransportResponse } from './http-transport';
import { parseQName } from './lexical';
import { undiciTransport } from './undici-transport';
import { AbortError, HttpError, RelatesToError, ResponseValidationError, SoapFaultError, TransportError } from './soap-errors';
import type { RawXml } from './values';
import { ReaderLimits, XmlReader } from './xml-reader';
import { isMultipart, type MultipartLimits } from './mime-multipart';
import { envelopeText, readSoapPackage, withXop, writeXopPackage, XopWriter, type MtomOptions, type XopResolver } from './xop';

export type SoapVersion = '1.1' | '1.2';

export const SOAP_ENVELOPE_NS: Readonly<Record<SoapVersion, string>> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';

/** What generated clients know about one operation of a binding. */
export interface OperationSpec<I, O> {
  readonly name: string;
  /** The binding's soapAction (SOAP 1.1 header / SOAP 1.2 action parameter); absent when it gives none. */
  readonly soapAction?: string;
  /** wsa:Action of the request and of the response. */
  readonly inputAction: string;
  readonly outputAction?: string;
  readonly input: ElementCodec<I>;
  /**
   * Set when the request has no wrapper element on the wire (document style with several parts, `type=` parts or
   * none): `input` is a synthesized wrapper whose children are the Body's children. The server recognises such a
   * request by its first body element (`first`; absent for an empty Body) and, when several share it, by its action.
   */
  readonly inputBare?: { readonly first?: { readonly ns: string; readonly local: string } };
  /** Absent for one-way operations. */
  readonly output?: ElementCodec<O>;
  /** The response has no wrapper element on the wire: `output` decodes the Body's children (see `inputBare`). */
  readonly outputBare?: boolean;
  readonly faults: readonly { readonly name: string; readonly codec: ElementCodec<unknown> }[];
  /** The binding's soap:header parts of the request: `key` names them in `soapHeaders` (client options, server context). */
  readonly inputHeaders?: readonly { readonly key: string; readonly codec: ElementCodec<unknown>; readonly required: boolean }[];
  /** The binding's soap:header parts of the response (EWS's ServerVersionInfo): decoded for `onResponseHeaders`, written from the server's `ctx.responseHeaders`. */
  readonly outputHeaders?: readonly { readonly key: string; readonly codec: ElementCodec<unknown>; readonly required: boolean }[];
}

export interface BindingSpec {
  readonly name: string;
  readonly soapVersion: SoapVersion;
  /** The binding asks for WS-Addressing headers. */
  readonly addressing: boolean;
  /** The soap:address of a wsdl:port using this binding, when the WSDL has one. */
  readonly address?: string;
  /** The binding's WS-Policy requires MTOM: requests are sent, and answers written, as MTOM/XOP packages by default. */
  readonly mtom?: boolean;
}

/** A complete SOAP header element, e.g. from `header(codec, value)` or `serviceContextHeader(...)`. */
export interface SoapHeader {
  readonly xml: string;
}

/** Give them at construction: the client builds its HTTP headers, auth and SOAP headers from them once, so changing this object afterwards is not supported. */
export interface ClientOptions {
  /** The service URL; defaults to the WSDL's soap:address when it has one. */
  readonly endpoint?: string;
  /** Override the binding's SOAP version (SharePoint service applications are reached with 1.2 + WS-Addressing). */
  readonly soapVersion?: SoapVersion;
  /** Override whether WS-Addressing headers are sent (and RelatesTo checked). */
  readonly addressing?: boolean;
  /** Extra SOAP headers on every call. */
  readonly headers?: readonly SoapHeader[];
  /** Extra HTTP headers on every call. */
  readonly httpHeaders?: Readonly<Record<string, string>>;
  readonly auth?: { readonly basic: { readonly user: string; readonly password: string } } | { readonly bearer: string };
  /** Per-call timeout in ms (default 30 000); 0 disables it. */
  readonly timeoutMs?: number;
  /**
   * Defaults to undici with a keep-alive pool (see undiciTransport; undici is loaded on the first call).
   * `httpTransport()` (node:http/https with a keep-alive agent) and `fetchTransport()` are the alternatives.
   */
  readonly transport?: Transport;
  readonly tls?: TlsOptions;
  /** Limits for reading responses (size, depth, element count…). */
  readonly limits?: Partial<ReaderLimits>;
  /**
   * Accept processing instructions in SOAP 1.1 responses (by default refused, as WS-I Basic Profile R1009 requires).
   * SOAP 1.2 responses carrying one are always refused (SOAP 1.2 Part 1 section 5).
   */
  readonly allowSoap11ProcessingInstructions?: boolean;
  /**
   * Limits for reading MTOM/XOP and SOAP-with-Attachments responses (a `multipart/related` Content-Type): parts,
   * header bytes per part, whole body (defaults 100, 8 KiB, 16 MiB). The envelope part is read with `limits`.
   */
  readonly mime?: Partial<MultipartLimits>;
  /**
   * Send requests as MTOM/XOP packages (as WCF's messageEncoding="Mtom" requires): base64Binary values of at least
   * `threshold` bytes (default 1024) travel as binary parts, the rest inline. `true` takes the defaults. Every request
   * is then a multipart/related package, parts or not (an MTOM endpoint refuses text/xml). Defaults to the binding's
   * `mtom` (its WS-Policy requires MTOM); `false` turns it off.
   */
  readonly mtom?: MtomOptions | boolean;
}

export interface CallOptions {
  readonly signal?: AbortSignalLike;
  readonly timeoutMs?: number;
  /** Extra SOAP headers for this call. */
  readonly headers?: readonly SoapHeader[];
  readonly httpHeaders?: Readonly<Record<string, string>>;
  /**
   * Called with the response's declared soap:header parts (the operation's `outputHeaders`), decoded and validated,
   * keyed like the generated method's type says, before the call resolves. Undeclared header blocks are not included.
   */
  onResponseHeaders?(headers: Record<string, unknown>): void;
}

/** A header element from a codec, optionally marked mustUnderstand for the envelope's SOAP version. */
export function header<T>(codec: ElementCodec<T>, value: T, options: { mustUnderstand?: boolean } = {}): SoapHeader {
  const xml = codec.toXml(value, `/Header/${codec.local}`);
  return options.mustUnderstand ? { xml: withMustUnderstand(xml) } : { xml };
}

 /** A header from a codec when a value is given (typed soap:header parts of generated clients). */
export function optionalHeader<T>(codec: ElementCodec<T>, value: T | undefined): SoapHeader | undefined {
  return value === undefined ? undefined : header(codec, value);
}

/** Call options with extra headers appended. */
export function withHeaders(options: CallOptions | undefined, headers: readonly (SoapHeader | undefined)[]): CallOptions {
  const extra = headers.filter((h): h is SoapHeader => h !== undefined);
  return extra.length ? { ...options, headers: [...(options?.headers ?? []), ...extra] } : (options ?? {});
}

const MUST_UNDERSTAND = '\u0000mu\u0000';

/** "1" in both versions, as WCF writes it (SOAP 1.2 also allows "true"). */
const MU = ' s:mustUnderstand="1"';

/** SOAP header elements for the Header, mustUnderstand marks resolved. */
function soapHeaders(headers: readonly SoapHeader[] | undefined): string {
  let head = '';
  if (headers) for (const h of headers) head += h.xml.includes(MUST_UNDERSTAND) ? h.xml.split(MUST_UNDERSTAND).join(MU) : h.xml;
  return head;
}

function withMustUnderstand(xml: string): string {
  const m = /^<[^\s/>]+/.exec(xml);
  if (!m) return xml;
  return xml.slice(0, m[0].length) + MUST_UNDERSTAND + xml.slice(m[0].length);
}

/** What a client computes once per operation instead of on every call. */
interface OperationPlan {
  /** The HTTP headers of a call that adds none of its own: shared by every such call, never mutated. */
  readonly httpHeaders: Readonly<Record<string, string>>;
  /** WS-Addressing headers around the MessageID (empty without addressing). */
  readonly wsaBefore: string;
  readonly wsaAfter: string;
}

const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/**
 * Calls the operations of one binding: builds the envelope, posts it, checks and decodes the response.
 * What does not change between calls (HTTP headers, the envelope's start tag, the client's SOAP headers, the
 * WS-Addressing headers but the MessageID) is built once per client or operation; the options are read at construction.
 */
export class SoapClient {
  private readonly transport: Transport;
  private readonly version: SoapVersion;
  private readonly addressing: boolean;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly authorization: string | undefined;
  /** `<s:Envelope …>` with the wsa prefix declared when the client sends WS-Addressing headers. */
  private readonly envelopeStart: string;
  /** The client's own SOAP headers (options.headers), mustUnderstand marks resolved. */
  private readonly clientHead: string;
  /** Weak: a caller that builds its OperationSpecs on the fly must not make the client grow. */
  private readonly plans = new WeakMap<OperationSpec<unknown, unknown>, OperationPlan>();

  constructor(
    readonly binding: BindingSpec,
    private readonly options: ClientOptions,
  ) {
    const endpoint = options.endpoint ?? binding.address;
    if (!endpoint) throw new TypeError(`${binding.name}: the WSDL gives no endpoint for this binding; pass { endpoint }`);
    this.endpoint = endpoint;
    this.version = options.soapVersion ?? binding.soapVersion;
    this.addressing = options.addressing ?? binding.addressing;
    this.transport = options.transport ?? undiciTransport({ tls: options.tls });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const auth = options.auth;
    if (auth && 'basic' in auth) this.authorization = `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`, 'utf8').toString('base64')}`;
    else if (auth && 'bearer' in auth) this.authorization = `Bearer ${auth.bearer}`;
    const wsaDecl = this.addressing ? ` xmlns:a="${WSA_NS}"` : '';
    this.envelopeStart = flat(`<s:Envelope xmlns:s="${escapeAttr(SOAP_ENVELOPE_NS[this.version], '')}"${wsaDecl}>`);
    this.clientHead = soapHeaders(options.headers);
  }

  call<I, O>(op: OperationSpec<I, O>, input: I, callOptions: CallOptions = NO_CALL_OPTIONS): Promise<O | undefined> {
    let messageId: string | undefined;
    let request: Promise<TransportResponse>;
    try {
      const plan = this.plan(op);
      messageId = this.addressing ? `urn:uuid:${randomUuid()}` : undefined;
      const mtomOption = this.options.mtom ?? this.binding.mtom;
      const mtom = mtomOption ? new XopWriter(mtomOption === true ? {} : mtomOption) : undefined;
      let body = mtom ? withXop(mtom, () => op.input.toXml(input, `/Envelope/Body/${op.input.local}`)) : op.input.toXml(input, `/Envelope/Body/${op.input.local}`);
      let bodyDecls = '';
      if (op.inputBare) ({ decls: bodyDecls, content: body } = unwrapBare(body));
      let head = messageId ? plan.wsaBefore + messageId + plan.wsaAfter + this.clientHead : this.clientHead;
      if (callOptions.headers) head += soapHeaders(callOptions.headers);
      const envelope = `${this.envelopeStart}${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body${bodyDecls}>${body}</s:Body></s:Envelope>`;
      if (callOptions.signal?.aborted) throw new AbortError(callOptions.signal.reason);
      let headers = callOptions.httpHeaders ? this.httpHeaders(op, callOptions.httpHeaders) : plan.httpHeaders;
      let bodyBytes: Uint8Array | undefined;
      if (mtom) {
        const pkg = writeXopPackage(envelope, headers['Content-Type']!.replace(/;\s*charset=[^;]*/i, ''), mtom);
        headers = { ...headers, 'Content-Type': pkg.contentType };
        bodyBytes = pkg.body;
      }
      request = this.transport({
        url: this.endpoint,
        headers,
        body: envelope,
        bodyBytes,
        signal: callOptions.signal,
        timeoutMs: callOptions.timeoutMs ?? this.timeoutMs,
      });
    } catch (e) {
      return Promise.reject(e);
    }
    return request.then((response) => this.readResponse(op, response.status, response.headers['content-type'] ?? '', response.body, messageId, callOptions.onResponseHeaders?.bind(callOptions), response.bodyBytes));
  }

  private plan<I, O>(op: OperationSpec<I, O>): OperationPlan {
    let plan = this.plans.get(op as OperationSpec<unknown, unknown>);
    if (plan) return plan;
    let wsaBefore = '';
    let wsaAfter = '';
    if (this.addressing) {
      // Escaping can refuse a character XML cannot carry: the first call fails, and nothing is remembered.
      wsaBefore = `<a:Action${MU}>${escapeText(op.inputAction, '/Envelope/Header/Action')}</a:Action><a:MessageID>`;
      wsaAfter = `</a:MessageID><a:ReplyTo><a:Address>${WSA_ANONYMOUS}</a:Address></a:ReplyTo><a:To${MU}>${escapeText(this.endpoint, '/Envelope/Header/To')}</a:To>`;
    }
    plan = { httpHeaders: Object.freeze(this.httpHeaders(op, undefined)), wsaBefore, wsaAfter };
    this.plans.set(op as OperationSpec<unknown, unknown>, plan);
    return plan;
  }

  /** The client's HTTP headers, then the call's, then the SOAP ones (Content-Type, SOAPAction) and Authorization. */
  private httpHeaders<I, O>(op: OperationSpec<I, O>, perCall: Readonly<Record<string, string>> | undefined): Record<string, string> {
    const action = op.soapAction ?? '';
    const headers: Record<string, string> = { ...this.options.httpHeaders, ...perCall };
    if (this.version === '1.1') {
      headers['Content-Type'] = 'text/xml; charset=utf-8';
      headers['SOAPAction'] = `"${action}"`;
    } else {
      headers['Content-Type'] = `application/soap+xml; charset=utf-8${action ? `; action="${action.replace(/["\\]/g, '\\$&')}"` : ''}`;
    }
    if (this.authorization) headers['Authorization'] = this.authorization;
    return headers;
  }

  private readResponse<I, O>(op: OperationSpec<I, O>, status: number, contentType: string, body: string, messageId: string | undefined, onHeaders?: (headers: Record<string, unknown>) => void, bytes?: Uint8Array): O | undefined {
    let xop: XopResolver | undefined;
    if (isMultipart(contentType)) ({ body, xop } = this.unpack(status, contentType, body, bytes));
    const trimmed = body.trimStart();
    if (!trimmed.startsWith('<')) {
      if (status >= 200 && status < 300 && trimmed === '' && !op.output) return undefined;
      throw new HttpError(status, contentType, body.slice(0, 512));
    }
    let parsed: { fault?: SoapFaultError; value?: O; relatesTo?: string };
    try {
      parsed = parseEnvelope({ version: this.version, limits: this.options.limits, allowSoap11ProcessingInstructions: this.options.allowSoap11ProcessingInstructions === true, xop }, op, body, status);
    } catch (e) {
      if (status >= 300 && (e instanceof XmlSyntaxError || e instanceof NotAnEnvelope)) throw new HttpError(status, contentType, body.slice(0, 512));
      if (e instanceof EnvelopeRuleError) throw new ResponseValidationError(`the response breaks the SOAP envelope rules: ${e.message}`, e.path, e);
      if (e instanceof DecodeError) throw new ResponseValidationError(`the response does not match the schema: ${e.message}`, e.path, e);
      if (e instanceof XmlSyntaxError || e instanceof NotAnEnvelope) throw new ResponseValidationError(`the response is not a SOAP envelope: ${e.message}`, '', e);
      throw e;
    }
    if (parsed.fault) throw parsed.fault;
    if (status < 200 || status >= 300) throw new HttpError(status, contentType, body.slice(0, 512));
    if (messageId && parsed.relatesTo !== messageId) throw new RelatesToError(messageId, parsed.relatesTo);
    if (op.outputHeaders?.length) {
      let headers: Record<string, unknown>;
      try {
        headers = readOutputHeaders(op.outputHeaders, body, this.options.limits, xop);
      } catch (e) {
        if (e instanceof DecodeError) throw new ResponseValidationError(`the response does not match the schema: ${e.message}`, e.path, e);
        throw e;
      }
      onHeaders?.(headers);
    }
    return parsed.value;
  }

  /**
   * An MTOM/XOP or SOAP-with-Attachments response: the envelope (the root part) as text, and the parts its
   * xop:Include elements name. Only reached when the Content-Type is multipart: plain responses never come here.
   */
  private unpack(status: number, contentType: string, body: string, bytes: Uint8Array | undefined): { body: string; xop: XopResolver | undefined } {
    if (bytes === undefined) {
      throw new TransportError(`the response is ${contentType.split(';')[0]!.trim()} (MTOM or attachments), and the transport gave it as text only: binary parts cannot be recovered from text; a custom transport must return the raw body as bodyBytes`);
    }
    try {
      const pkg = readSoapPackage(bytes, contentType, this.options.mime);
      return { body: envelopeText(pkg.envelope, `/multipart/part[${pkg.multipart.root.index}]`), xop: pkg.xop };
    } catch (e) {
      if (status >= 300) throw new HttpError(status, contentType, body.slice(0, 512));
      if (e instanceof DecodeError) throw new ResponseValidationError(`the response is not a valid MIME multipart package: ${e.message}`, e.path, e);
      throw e;
    }
  }
}

/** How a response envelope is read: the client's SOAP version and reader options. */
interface EnvelopeContext {
  readonly version: SoapVersion;
  readonly limits?: Partial<ReaderLimits>;
  readonly allowSoap11ProcessingInstructions: boolean;
  /** The parts of an MTOM/XOP response (its xop:Include elements are resolved against them). */
  readonly xop?: XopResolver;
}

/**
 * Reads a response envelope exactly as `SoapClient` does after a call (same envelope rules, same fault reading, same
 * body decoding), without a transport: for tools that show what a client would make of a response (the playground's
 * message tester). Throws what the client's parser throws: XmlSyntaxError, EnvelopeRuleError, DecodeError, or an
 * Error whose name is 'NotAnEnvelope' when the root is not a SOAP Envelope. A fault is returned, not thrown.
 */
export function readResponseEnvelope<O>(
  op: OperationSpec<unknown, O>,
  xml: string,
  options: { readonly soapVersion: SoapVersion; readonly limits?: Partial<ReaderLimits>; readonly allowSoap11ProcessingInstructions?: boolean; readonly httpStatus?: number },
): { fault?: SoapFaultError; value?: O; relatesTo?: string } {
  const ctx = { version: options.soapVersion, limits: options.limits, allowSoap11ProcessingInstructions: options.allowSoap11ProcessingInstructions === true };
  return parseEnvelope(ctx, op, xml, options.httpStatus ?? 200);
}

function parseEnvelope<I, O>(ctx: EnvelopeContext, op: OperationSpec<I, O>, xml: string, status: number): { fault?: SoapFaultError; value?: O; relatesTo?: string } {
  const r = new XmlReader(xml, ctx.limits);
  r.xop = ctx.xop;
  refuseProcessingInstructions(r, ctx.version, ctx.allowSoap11ProcessingInstructions === true);
  r.readRoot();
  const envNs = SOAP_ENVELOPE_NS[ctx.version];
  const rootNs: string = r.ns;
  const rootLocal: string = r.local;
  if (rootLocal !== 'Envelope' || (rootNs !== SOAP_ENVELOPE_NS['1.1'] && rootNs !== SOAP_ENVELOPE_NS['1.2'])) throw new NotAnEnvelope(`the root element is {${rootNs}}${rootLocal}`);
  if (rootNs !== envNs) throw new DecodeError(`/Envelope: a SOAP ${ctx.version} request got a SOAP ${rootNs === SOAP_ENVELOPE_NS['1.1'] ? '1.1' : '1.2'} response`, '/Envelope');
  checkEnvelopeAttributes(r, envNs, isEncoded(op.output));
  let relatesTo: string | undefined;
  let value: O | undefined;
  let fault: SoapFaultError | undefined;
  let sawHeader = false;
  let sawBody = false;
  let bare = false;
  while (r.nextChild()) {
    const ns: string = r.ns;
    const ln: string = r.local;
    if (ns === envNs && ln === 'Header' && !sawBody && !sawHeader) {
      sawHeader = true;
      checkEnvelopeAttributes(r, envNs, isEncoded(op.output));
      while (r.nextChild()) {
        checkHeaderBlock(r);
        if (r.ns === WSA_NS && r.local === 'RelatesTo') relatesTo = r.readText().trim();
        else r.skip();
      }
    } else if (ns === envNs && ln === 'Body' && !sawBody) {
      sawBody = true;
      // rpc/encoded: soap:encodingStyle may be on the Body or the wrapper, and multi-reference values follow the
      // wrapper; the Body is decoded as a whole below, from a second reader.
      const encoded = isEncoded(op.output);
      checkEnvelopeAttributes(r, envNs, encoded);
      let seen = false;
      while (r.nextChild()) {
        if (bare) {
          r.skip();
          continue;
        }
        if (seen && encoded && !fault) {
          r.skip();
          continue;
        }
        if (seen) throw new DecodeError(`/Envelope/Body: more than one element in the body`, '/Envelope/Body');
        seen = true;
        if (!encoded) checkBodyChild(r, envNs);
        if (r.ns === envNs && r.local === 'Fault') fault = readFault(ctx, op, r, status);
        else if (encoded) {
          // SOAP 1.1 section 7.1: the name of the response struct is not significant (see EncodedElementCodec).
          if (ctx.version !== '1.1' && (r.ns !== op.output!.ns || r.local !== op.output!.local)) throw new DecodeError(`/Envelope/Body: expected {${op.output!.ns}}${op.output!.local}, found {${r.ns}}${r.local}`, `/Envelope/Body/${r.local}`);
          bare = true;
          r.skip();
        }
        else if (op.outputBare) {
          // The Body is the (synthesized) wrapper: decoded as a whole below, from a second reader.
          bare = true;
          r.skip();
        }
        else if (op.output && r.ns === op.output.ns && r.local === op.output.local) value = op.output.decode(r, `/Envelope/Body/${r.local}`);
        else throw new DecodeError(`/Envelope/Body: expected {${op.output?.ns ?? ''}}${op.output?.local ?? '(nothing)'}, found {${r.ns}}${r.local}`, `/Envelope/Body/${r.local}`);
      }
      if (!seen && op.output) {
        if (op.outputBare) bare = true;
        else throw new DecodeError(`/Envelope/Body: the response body is empty`, '/Envelope/Body');
      }
    } else throw new DecodeError(`/Envelope: unexpected element {${ns}}${ln}`, `/Envelope/${ln}`);
  }
  if (!sawBody) throw noBody();
  r.end();
  if (bare && op.output) {
    const second = new XmlReader(xml, ctx.limits);
    second.xop = ctx.xop;
    value = isEncoded(op.output) ? decodeEncodedEnvelope(second, envNs, op.output, ctx.limits, ctx.version === '1.1') : decodeBareBody(second, envNs, op.output);
  }
  return { fault, value, relatesTo };
}

function readFault<I, O>(ctx: EnvelopeContext, op: OperationSpec<I, O>, r: XmlReader, status: number): SoapFaultError {
  const envNs = SOAP_ENVELOPE_NS[ctx.version];
  let code = { ns: envNs, local: ctx.version === '1.1' ? 'Server' : 'Receiver' };
  const subcodes: { ns: string; local: string }[] = [];
  let reason = '';
  let actor: string | undefined;
  let detail: unknown;
  let faultName: string | undefined;
  const raw: RawXml[] = [];
  const readDetail = () => {
    while (r.nextChild()) {
      const match = op.faults.find((f) => f.codec.ns === r.ns && f.codec.local === r.local);
      if (match && detail === undefined) {
        faultName = match.name;
        detail = match.codec.decode(r, `/Envelope/Body/Fault/detail/${r.local}`);
      } else raw.push({ xml: r.readRaw() });
    }
  };
  const qnameText = (path: string) => {
    const scope = r.scopeSnapshot();
    return parseQName(r.readText(), path, scope);
  };
  while (r.nextChild()) {
    const ln = r.local;
    if (ctx.version === '1.1') {
      if (r.ns !== '') r.skip();
      else if (ln === 'faultcode') code = qnameText('/Envelope/Body/Fault/faultcode');
      else if (ln === 'faultstring') reason = r.readText();
      else if (ln === 'faultactor') actor = r.readText();
      else if (ln === 'detail') readDetail();
      else r.skip();
    } else if (r.ns !== envNs) r.skip();
    else if (ln === 'Code') {
      let depth = 0;
      const readCode = () => {
        while (r.nextChild()) {
          if (r.ns === envNs && r.local === 'Value') {
            const q = qnameText('/Envelope/Body/Fault/Code/Value');
            if (depth === 0) code = q;
            else subcodes.push(q);
          } else if (r.ns === envNs && r.local === 'Subcode') {
            depth++;
            readCode();
          } else r.skip();
        }
      };
      readCode();
    } else if (ln === 'Reason') {
      while (r.nextChild()) {
        const text = r.readText();
        if (!reason) reason = text;
      }
    } else if (ln === 'Role') actor = r.readText();
    else if (ln === 'Detail') readDetail();
    else r.skip();
  }
  return new SoapFaultError(code, reason, { subcodes, actor, detail: detail ?? (raw.length ? raw : undefined), rawDetail: raw, faultName, httpStatus: status, soapVersion: ctx.version });
}

class NotAnEnvelope extends Error {
  override name = 'NotAnEnvelope';
}

/**
 * A bare body's synthesized wrapper as its codec writes it, split into the namespace declarations of its start tag
 * (they move to the Body element) and its content (the Body's children). The wrapper's own tag never goes on the wire.
 */
export function unwrapBare(xml: string): { decls: string; content: string } {
  const name = /^<[^\s/>]+/.exec(xml);
  if (!name) return { decls: '', content: xml };
  const attrRe = /\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/y;
  let i = name[0].length;
  let decls = '';
  for (let m: RegExpExecArray | null; (attrRe.lastIndex = i), (m = attrRe.exec(xml)); i = attrRe.lastIndex) {
    if (m[1] === 'xmlns' || m[1]!.startsWith('xmlns:')) decls += ` ${m[1]}=${m[2]}`;
  }
  const end = /\s*(\/?)>/y;
  end.lastIndex = i;
  const close = end.exec(xml);
  if (!close) return { decls: '', content: xml };
  if (close[1] === '/') return { decls, content: '' };
  return { decls, content: xml.slice(end.lastIndex, xml.lastIndexOf('</')) };
}

/** Decodes the Body of an envelope whose content is an rpc/encoded wrapper and its multi-reference values
 * (`anyWrapperName`: a SOAP 1.1 response, whose wrapper name is not significant). */
export function decodeEncodedEnvelope<T>(r: XmlReader, envNs: string, codec: EncodedElementCodec<T>, limits?: Partial<ReaderLimits>, anyWrapperName = false): T {
  r.readRoot();
  const envelopeStyle = r.attr(envNs, 'encodingStyle');
  while (r.nextChild()) {
    if (r.ns === envNs && r.local === 'Body') return codec.encodedBody(r, '/Envelope/Body', limits, { anyWrapperName, envelopeStyle });
    r.skip();
  }
  throw new DecodeError('/Envelope: no Body', '/Envelope');
}

/** Decodes the Body of an envelope as a bare body's wrapper (its children are the parts). */
export function decodeBareBody<T>(r: XmlReader, envNs: string, codec: ElementCodec<T>): T {
  r.readRoot();
  while (r.nextChild()) {
    if (r.ns === envNs && r.local === 'Body') return codec.decode(r, '/Envelope/Body');
    r.skip();
  }
  throw new DecodeError('/Envelope: no Body', '/Envelope');
}

function randomUuid(): string {
  const c = (globalThis as unknown as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  // Fallback for runtimes without crypto.randomUUID (not cryptographically strong; only an identifier).
  const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The declared soap:header blocks of a response the envelope reader has already checked, decoded with their codecs
 * (a second pass over the Header only, so the envelope reader stays as it is): a repeated or invalid one, or a
 * required one missing, is a DecodeError with its path. Keys come from the generated spec, never from the message.
 */
function readOutputHeaders(specs: NonNullable<OperationSpec<unknown, unknown>['outputHeaders']>, xml: string, limits: Partial<ReaderLimits> | undefined, xop?: XopResolver): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  const r = new XmlReader(xml, limits);
  r.xop = xop;
  r.readRoot();
  const envNs = r.ns;
  while (r.nextChild()) {
    if (r.ns !== envNs || r.local !== 'Header') break;
    while (r.nextChild()) {
      const declared = specs.find((h) => h.codec.ns === r.ns && h.codec.local === r.local);
      if (!declared) {
        r.skip();
        continue;
      }
      const at = `/Envelope/Header/${r.local}`;
      if (Object.prototype.hasOwnProperty.call(headers, declared.key)) throw new DecodeError(`the header ${r.local} is repeated`, at);
      setOwn(headers, declared.key, declared.codec.decode(r, at));
    }
    break;
  }
  for (const h of specs) {
    if (h.required && !Object.prototype.hasOwnProperty.call(headers, h.key)) throw new DecodeError(`the required header ${h.codec.local} is missing`, '/Envelope/Header');
  }
  return headers;
}
