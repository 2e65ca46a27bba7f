import { flat } from './flat-string';
import { setOwn, type ElementCodec } from './document';
import { checkBodyChild, checkEnvelopeAttributes, checkHeaderBlock, encodingStyleOn, literalWithEncodingStyle, noBody, refuseProcessingInstructions } from './envelope-rules';
import { isEncoded } from './encoded';
import { DecodeError, EncodeError, XmlSyntaxError } from './errors';
import { escapeAttr, escapeText } from './escape';
import type { AbortSignalLike } from './http-transport';
import { ClientGone, contentCoding, Deadlines, drainRequest, HttpReject, readRequestBody, type BodyConsumer, type ContentCoding } from './server-body';
import { decodeBareBody, decodeEncodedEnvelope, unwrapBare, SOAP_ENVELOPE_NS, SoapVersion, WSA_NS, type OperationSpec, type BindingSpec } from './soap-client';
import { ReaderLimits, XmlReader } from './xml-reader';
import { isMultipart, parseMediaType } from './mime-multipart';
import { readSoapPackage, withXop, writeXopPackage, XOP_MEDIA_TYPE, XopWriter, type MtomOptions, type XopResolver } from './xop';

/**
 * The parts of node:http's IncomingMessage and ServerResponse the server uses, declared here so the runtime's typings
 * need no @types/node (node:http's objects, and Express's and Fastify's raw ones, fit them).
 */
export interface IncomingMessage {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  pause(): unknown;
  destroy(): unknown;
}

export interface ServerResponse {
  readonly headersSent: boolean;
  /** True once the whole response was handed to the connection (node:http). With `once('close')`, tells that the client left early. */
  readonly writableFinished?: boolean;
  /** node:http sets it when the connection closed before the response was written (the client left early). */
  readonly destroyed?: boolean;
  /** Headers as an object, or as node:http's flat `[name, value, name, value…]` list (which the listener uses). */
  writeHead(status: number, headers: Record<string, string | number> | (string | number)[]): unknown;
  end(body?: string | Uint8Array): unknown;
  destroy(): unknown;
  /** node:http's marks of a request with `Expect: 100-continue`, and its answer (sent by createSoapServer's listener). */
  readonly _expect_continue?: boolean;
  readonly _sent100?: boolean;
  writeContinue?(): unknown;
  /** node:http emits 'close' when the response is done or the connection is gone; used to abort `ctx.signal`. */
  once?(event: 'close', listener: () => void): unknown;
}

/** What a handler method receives besides its input. */
export interface ServerContext<User = unknown, Headers = Record<string, never>, ResponseHeaders = Record<string, never>> {
  /** The authenticated user (never absent: requests without one are rejected before any handler runs). */
  readonly user: User;
  readonly soapVersion: SoapVersion;
  /** The operation's soap:header parts, decoded to their types (required ones are always present). */
  readonly soapHeaders: Headers;
  /**
   * A header block of one of the codecs given in `ServerOptions.headers` (e.g. `ctx.header(ServiceContextElement)`),
   * decoded, or undefined when the request did not carry it.
   */
  header<T>(codec: ElementCodec<T>): T | undefined;
  /**
   * The operation's soap:header parts of the response (EWS's ServerVersionInfo): set them here before returning;
   * each is encoded with its codec into the response's Header (a required one left unset, or one that does not
   * encode, is a server fault, as an invalid result is).
   */
  readonly responseHeaders: Partial<ResponseHeaders>;
  /** WS-Addressing headers of the request, when it carried them. */
  readonly addressing?: { readonly action?: string; readonly messageId?: string; readonly to?: string };
  /** Aborted when the client goes away before the response is written. */
  readonly signal: AbortSignalLike;
  readonly request: IncomingMessage;
}

/** Throw from a handler to answer with a SOAP fault (a declared wsdl:fault when `detail` is given with its codec). */
export class SoapFault extends Error {
  override readonly name = 'SoapFault';
  constructor(
    readonly side: 'client' | 'server',
    readonly reason: string,
    readonly detail?: { readonly codec: ElementCodec<unknown>; readonly value: unknown },
  ) {
    super(reason);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export interface ServerLimits extends ReaderLimits {
  /**
   * Largest request body in bytes; larger requests get 413 before any parsing (default 64 KiB, as WCF). With
   * Content-Encoding gzip or deflate it bounds both the bytes received and the inflated bytes.
   */
  readonly maxBodyBytes: number;
  /** Time allowed to receive the whole request body, in ms (default 10 s): 408 and the connection is closed. */
  readonly bodyTimeoutMs: number;
  /** MTOM/XOP and SOAP-with-Attachments requests: most MIME parts (default 100); the whole body is bounded by maxBodyBytes. */
  readonly maxMimeParts?: number;
  /** Largest header block of one MIME part, in bytes (default 8 KiB). */
  readonly maxMimeHeaderBytes?: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxBodyBytes: 64 * 1024,
  bodyTimeoutMs: 10_000,
  maxBytes: 64 * 1024,
  maxDepth: 32,
  maxElements: 10_000,
  maxAttributes: 32,
  maxStringLength: 64 * 1024,
};

/** OASIS WS-Security 1.0 (also used by 1.1): the namespace of the `Security` header. */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/** What `verifySecurity` is given: the request's WS-Security header, after parsing and before any handler runs. */
export interface SecurityHeader<User> {
  /** The wsse:Security element as standalone XML: its text as received, plus the namespace declarations in scope. */
  readonly xml: string;
  /** The header carried mustUnderstand="1" (or "true"). */
  readonly mustUnderstand: boolean;
  /** The whole request envelope as text, for signatures over the Body or other headers (referenced by wsu:Id). */
  readonly envelope: string;
  /** What `authenticate` returned, or undefined when it returned null (the header may carry the only credentials). */
  readonly user: User | undefined;
  readonly soapVersion: SoapVersion;
  /** The WSDL operation the body asks for. */
  readonly operation: string;
}

/**
 * `verifySecurity`'s answer: `true` accepts the header (the user stays what `authenticate` returned), `{ user }`
 * accepts it and names the user (a UsernameToken or a signature identified them), `false` refuses the request.
 */
export type SecurityVerdict<User> = boolean | { readonly user: User };

export interface ServerOptions<User> {
  /**
   * Identifies the caller; `null` rejects the request with 401 (and a Basic challenge), unless `verifySecurity` is set
   * and the request carries a Security header whose verifier names a user. Required: no handler runs anonymously.
   */
  readonly authenticate: (request: IncomingMessage) => User | null | Promise<User | null>;
  /**
   * Verifies a WS-Security (OASIS 2004) `Security` header. Without it, any request carrying one is refused (a client
   * fault `wsse:InvalidSecurity`, or a MustUnderstand fault when the header is marked mustUnderstand), so a client
   * never believes its signature or token was checked when it was not. A verifier that returns false, or names no
   * user when `authenticate` found none, gets the same client fault; one that throws a SoapFault answers with it;
   * any other exception is reported to onError and answered with a generic server fault.
   */
  readonly verifySecurity?: (header: SecurityHeader<User>, request: IncomingMessage) => SecurityVerdict<User> | Promise<SecurityVerdict<User>>;
  /** Realm of the Basic challenge (default "wsdl2ts"). */
  readonly realm?: string;
  readonly limits?: Partial<ServerLimits>;
  /** The WSDL served at `GET ?wsdl`. */
  readonly wsdl?: string;
  /**
   * The documents the WSDL refers to, by name: `GET ?xsd=<name>` (and `?wsdl=<name>`) serves `metadata[name]`, as
   * WCF serves `?xsd=xsd0`. Point the WSDL's schemaLocation/location attributes at those URLs.
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Called with errors thrown by handlers (the client only gets a generic fault). */
  readonly onError?: (error: unknown) => void;
  /**
   * Header blocks this service understands besides the WSDL's soap:header parts and WS-Addressing, as element codecs
   * (the MS-WMS reference service passes SharePoint's `ServiceContextElement`). Each is decoded (with the reader's
   * limits) and handed to the handler as `ctx.header(codec)`; it counts as understood for mustUnderstand; a repeated
   * one is a client fault. Header blocks nobody declared are skipped, or refused when marked mustUnderstand.
   */
  readonly headers?: readonly ElementCodec<unknown>[];
  /**
   * Accept processing instructions in SOAP 1.1 requests (by default refused, as WS-I Basic Profile R1009 requires).
   * SOAP 1.2 requests carrying one are always refused (SOAP 1.2 Part 1 section 5).
   */
  readonly allowSoap11ProcessingInstructions?: boolean;
  /**
   * Answer MTOM requests with MTOM (as WCF's messageEncoding="Mtom" does; its clients refuse text/xml): base64Binary
   * values of at least `threshold` bytes (default 1024) travel as binary parts. Plain requests get plain answers, and
   * faults are always plain. Defaults to the binding's `mtom` (its WS-Policy requires MTOM); otherwise every answer
   * is plain (gSOAP, CXF and zeep read those).
   */
  readonly mtom?: MtomOptions | boolean;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

type AnyOperation = OperationSpec<unknown, unknown>;
type HandlerFn = (input: unknown, ctx: ServerContext<unknown, unknown, Record<string, unknown>>) => unknown;

const FAULTS_NS = 'http://wsdl2ts.dev/faults';

/** A fault subcode (SOAP 1.2 Subcode; SOAP 1.1 has none and answers Client/Server). */
interface Subcode {
  readonly ns: string;
  readonly prefix: string;
  readonly local: string;
}

const sub = (local: string): Subcode => ({ ns: FAULTS_NS, prefix: 'w', local });
const INVALID_SECURITY: Subcode = { ns: WSSE_NS, prefix: 'wsse', local: 'InvalidSecurity' };
const INVALID_ADDRESSING: Subcode = { ns: WSA_NS, prefix: 'a', local: 'InvalidAddressingHeader' };
/** The same text for every refused Security header (as WCF), so the answer tells nothing about why. */
const SECURITY_REASON = 'An error occurred when verifying security for the message.';

type FaultCode = 'client' | 'server' | 'mustUnderstand' | 'versionMismatch';

class FaultReply extends Error {
  constructor(
    readonly code: FaultCode,
    message: string,
    readonly subcode?: Subcode,
    /** Header blocks the fault carries (SOAP 1.2's NotUnderstood and Upgrade), by the version of the answer. */
    readonly headerXml?: (version: SoapVersion) => string,
  ) {
    super(message);
  }
}

/**
 * A node:http request listener that serves one binding: POST only, SOAP 1.1 or 1.2 (answered in the request's
 * version), the operation chosen by SOAPAction / action parameter / wsa:Action and checked against the body element,
 * schema-validated input, faults for everything that goes wrong, and no handler call without an authenticated user.
 */
export function createSoapListener<User>(binding: BindingSpec, operations: Readonly<Record<string, AnyOperation>>, handler: object, options: ServerOptions<User>): RequestListener {
  if (typeof options?.authenticate !== 'function') throw new TypeError('createSoapListener: options.authenticate is required');
  if (options.verifySecurity !== undefined && typeof options.verifySecurity !== 'function') throw new TypeError('createSoapListener: options.verifySecurity must be a function');
  if (options.headers !== undefined && (!Array.isArray(options.headers) || !options.headers.every(isElementCodec))) {
    throw new TypeError('createSoapListener: options.headers must be an array of element codecs (e.g. ServiceContextElement)');
  }
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const byBody = new Map<string, [string, AnyOperation]>();
  const byLocal = new Map<string, Map<string, [string, AnyOperation]>>();
  const headerCodecs = new Map<string, ElementCodec<unknown>>();
  // Operations whose requests start alike (bare bodies with the same first part, several empty bodies): by action.
  const sameBody = new Map<string, [string, AnyOperation][]>();
  for (const [method, op] of Object.entries(operations)) {
    const key = op.inputBare ? (op.inputBare.first ? `{${op.inputBare.first.ns}}${op.inputBare.first.local}` : '') : `{${op.input.ns}}${op.input.local}`;
    const first = byBody.get(key);
    if (first) sameBody.set(key, [...(sameBody.get(key) ?? [first]), [method, op]]);
    else {
      byBody.set(key, [method, op]);
      const el = op.inputBare ? op.inputBare.first : op.input;
      if (el) {
        let byNs = byLocal.get(el.local);
        if (!byNs) byLocal.set(el.local, (byNs = new Map()));
        byNs.set(el.ns, [method, op]);
      }
    }
    for (const h of op.inputHeaders ?? []) headerCodecs.set(`{${h.codec.ns}}${h.codec.local}`, h.codec);
  }
  // Headers the options add (SharePoint's ServiceContext, say); a soap:header part of the WSDL with the same name wins.
  const extraCodecs = new Map<string, ElementCodec<unknown>>();
  for (const c of options.headers ?? []) {
    const key = `{${c.ns}}${c.local}`;
    if (!headerCodecs.has(key)) extraCodecs.set(key, c);
  }
  const config: ListenerConfig<User> = {
    binding,
    handler: handler as Readonly<Record<string, HandlerFn | undefined>>,
    options,
    limits,
    byBody,
    byLocal,
    sameBody,
    headerCodecs,
    extraCodecs,
    challenge: `Basic realm="${(options.realm ?? 'wsdl2ts').replace(/"/g, '')}", charset="UTF-8"`,
    deadlines: new Deadlines(limits.bodyTimeoutMs),
  };
  return (req, res) => new Exchange(config, req, res).start();
}

interface ListenerConfig<User> {
  readonly binding: BindingSpec;
  readonly handler: Readonly<Record<string, HandlerFn | undefined>>;
  readonly options: ServerOptions<User>;
  readonly limits: ServerLimits;
  readonly byBody: ReadonlyMap<string, [string, AnyOperation]>;
  /** The same operations by local name, then namespace: found without building a `{ns}local` key per request. */
  readonly byLocal: BodyIndex;
  /** Operations whose requests start alike (bare bodies with the same first part, several empty bodies): by action. */
  readonly sameBody: ReadonlyMap<string, readonly [string, AnyOperation][]>;
  readonly headerCodecs: HeaderCodecs;
  readonly extraCodecs: HeaderCodecs;
  readonly challenge: string;
  readonly deadlines: Deadlines;
}

/**
 * One request on its way through the listener. The steps are methods called in turn, synchronously whenever
 * `authenticate`, the body, `verifySecurity` and the handler are ready at once (the usual case for a small request
 * with a synchronous handler); a promise from any of them continues the same way when it settles. Every step
 * catches its own errors: nothing escapes into node:http's event emitters or becomes an unhandled rejection.
 */
class Exchange<User> implements BodyConsumer {
  private version: SoapVersion;
  private bodyRead = false;
  private messageId: string | undefined;
  private httpAction: string | undefined;
  private coding: ContentCoding = 'identity';
  /** The Content-Type of a multipart (MTOM/XOP) request, whose envelope is its root part. */
  private multipart: string | undefined;
  /** The multipart's Content-Type did not say the SOAP version: the root part will (its envelope always does). */
  private versionPending = false;
  private authenticated: User | undefined;
  private body: Uint8Array | undefined;
  private parsed: ParsedRequest | undefined;
  private ctx: Context | undefined;
  private readonly life: Lifetime;

  constructor(
    private readonly c: ListenerConfig<User>,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.version = c.binding.soapVersion;
    this.life = new Lifetime(res);
  }

  start(): void {
    const { req, res, c } = this;
    try {
      if (req.method === 'GET') {
        const doc = metadataDocument(req.url ?? '', c.options);
        if (doc !== undefined) {
          res.writeHead(doc === null ? 404 : 200, ['Content-Type', doc === null ? TEXT_PLAIN : TEXT_XML]);
          res.end(doc ?? 'no such metadata document');
          return;
        }
      }
      if (req.method !== 'POST') throw new HttpReject(405, 'only POST is allowed', { Allow: 'POST' });
      const contentType = header(req, 'content-type') ?? '';
      let media = mediaInfo(contentType);
      if (media.version === undefined && isMultipart(contentType)) {
        media = this.multipartMedia(contentType);
        this.multipart = contentType;
      }
      if (media.version === undefined) throw new HttpReject(415, 'expected text/xml (SOAP 1.1), application/soap+xml (SOAP 1.2) or multipart/related (MTOM/XOP)');
      this.version = media.version;
      if (media.charsetError !== undefined) throw new HttpReject(415, media.charsetError);
      this.httpAction = media.version === '1.1' ? unquote(req.headers['soapaction']) : media.action;
      this.coding = contentCoding(header(req, 'content-encoding'));
      const declared = Number(header(req, 'content-length') ?? NaN);
      if (declared > c.limits.maxBodyBytes) throw new HttpReject(413, `the request is larger than ${c.limits.maxBodyBytes} bytes`);
      // HTTP credentials are checked before the body is read: an anonymous client never gets to upload one (unless a
      // WS-Security verifier may still identify the caller from the message).
      const user = c.options.authenticate(req);
      if (isThenable(user)) {
        user.then(
          (u) => this.authenticatedAs(u),
          (e: unknown) => this.fail(e),
        );
      } else this.authenticatedAs(user);
    } catch (e) {
      this.fail(e);
    }
  }

  private authenticatedAs(user: User | null): void {
    const { req, res, c } = this;
    try {
      this.authenticated = user ?? undefined;
      if (this.authenticated === undefined && !c.options.verifySecurity) throw new HttpReject(401, 'authentication required', { 'WWW-Authenticate': c.challenge });
      if (this.life.gone) return;
      // Expect: 100-continue under createSoapServer (which takes 'checkContinue'): the client is told to send its body
      // only now that the headers passed, so an oversized, misdirected or anonymous request never uploads it.
      if (res._expect_continue === true && res._sent100 !== true) res.writeContinue?.();
      this.bodyRead = true;
      readRequestBody(req, c.limits, this.coding, c.deadlines, this);
    } catch (e) {
      this.fail(e);
    }
  }

  /** From readRequestBody. */
  onBody(error: Error | undefined, body?: Uint8Array): void {
    if (error) this.fail(error);
    else this.received(body!);
  }

  private received(body: Uint8Array): void {
    const c = this.c;
    try {
      let xop: XopResolver | undefined;
      if (this.multipart !== undefined) ({ body, xop } = this.unpack(body, this.multipart));
      this.body = body;
      const parsed = parseRequest(body, this.version, c.limits, c.byBody, c.byLocal, c.options.verifySecurity !== undefined, c.headerCodecs, c.extraCodecs, c.options.allowSoap11ProcessingInstructions === true, c.sameBody.size ? { sameBody: c.sameBody, httpAction: this.httpAction } : undefined, xop);
      this.parsed = parsed;
      this.messageId = parsed.messageId;
      const op = parsed.operation[1];
      checkAction(this.httpAction, op);
      checkAction(parsed.wsaAction, op);
      if (typeof c.handler[parsed.operation[0]] !== 'function') throw new FaultReply('server', `operation ${op.name} is not implemented`, sub('ActionNotSupported'));
      if (!parsed.security) return this.run(this.authenticated);
      const verdict = this.verify(parsed.security, op.name);
      if (isThenable(verdict)) {
        verdict.then(
          (v) => this.verified(v),
          (e: unknown) => {
            try {
              this.fail(this.verifierError(e));
            } catch (e2) {
              this.crash(e2);
            }
          },
        );
      } else this.verified(verdict);
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * What a multipart/related Content-Type says before the body is read: the SOAP version from `start-info` (XOP) or
   * `type` (attachments), and SOAP 1.2's action. Without either, the binding's version stands until the root part
   * says (unpack).
   */
  private multipartMedia(contentType: string): MediaInfo {
    const media = parseMediaType(contentType);
    if (media.type !== 'multipart/related') return {};
    const type = media.params.get('type');
    const inner = type === undefined || type.trim().toLowerCase() === XOP_MEDIA_TYPE ? media.params.get('start-info') : type;
    if (inner === undefined) {
      this.versionPending = true;
      return { version: this.c.binding.soapVersion, action: media.params.get('action') };
    }
    const soap = parseMediaType(inner);
    const version = soap.type === 'text/xml' ? '1.1' : soap.type === 'application/soap+xml' ? '1.2' : undefined;
    return { version, action: soap.params.get('action') ?? media.params.get('action') };
  }

  /** A multipart request's envelope (its root part) and the parts its xop:Include elements name. */
  private unpack(body: Uint8Array, contentType: string): { body: Uint8Array; xop: XopResolver | undefined } {
    const { limits } = this.c;
    const pkg = readSoapPackage(body, contentType, { maxBytes: limits.maxBodyBytes, maxParts: limits.maxMimeParts, maxHeaderBytes: limits.maxMimeHeaderBytes });
    if (pkg.soapType !== 'text/xml' && pkg.soapType !== 'application/soap+xml') throw new FaultReply('client', `the root part is ${pkg.soapType.slice(0, 60)}, not a SOAP envelope (text/xml or application/soap+xml)`);
    // The envelope's namespace is the SOAP version (SOAP 1.2 part 1, 5.4.7); the MIME labels of a package are not
    // reliable (gSOAP labels its SOAP 1.1 MTOM messages application/soap+xml), so they do not overrule it.
    const peek = XmlReader.fromBytes(pkg.envelope, limits);
    peek.readRoot();
    const version = peek.ns === SOAP_ENVELOPE_NS['1.1'] ? '1.1' : peek.ns === SOAP_ENVELOPE_NS['1.2'] ? '1.2' : undefined;
    if (version !== undefined) this.version = version;
    else if (this.versionPending) this.version = pkg.soapType === 'text/xml' ? '1.1' : '1.2';
    if (this.version === '1.2' && this.httpAction === undefined) this.httpAction = pkg.action;
    return { body: pkg.envelope, xop: pkg.xop };
  }

  private verify(security: { xml: string; mustUnderstand: boolean }, operation: string): SecurityVerdict<User> | Promise<SecurityVerdict<User>> {
    const hook = this.c.options.verifySecurity;
    if (!hook) throw new FaultReply('client', SECURITY_REASON, INVALID_SECURITY);
    try {
      const header = { xml: security.xml, mustUnderstand: security.mustUnderstand, envelope: decodeText(this.body!), user: this.authenticated, soapVersion: this.version, operation };
      return hook(header, this.req);
    } catch (e) {
      throw this.verifierError(e);
    }
  }

  /** A SoapFault from the verifier is its answer; anything else is reported and answered with a generic fault. */
  private verifierError(e: unknown): unknown {
    if (e instanceof SoapFault) return e;
    this.c.options.onError?.(e);
    return new FaultReply('server', 'The server was unable to process the request.');
  }

  private verified(verdict: SecurityVerdict<User>): void {
    try {
      let user = this.authenticated;
      if (verdict !== true) {
        if (verdict !== null && typeof verdict === 'object' && 'user' in verdict) user = verdict.user;
        else throw new FaultReply('client', SECURITY_REASON, INVALID_SECURITY);
      }
      if (user === undefined || user === null) throw new FaultReply('client', SECURITY_REASON, INVALID_SECURITY);
      this.run(user);
    } catch (e) {
      this.fail(e);
    }
  }

  private run(user: User | undefined): void {
    const c = this.c;
    if (user === undefined) throw new HttpReject(401, 'authentication required', { 'WWW-Authenticate': c.challenge });
    if (this.life.gone) return;
    const parsed = this.parsed!;
    const addressing = parsed.wsaAction || parsed.messageId ? { action: parsed.wsaAction, messageId: parsed.messageId, to: parsed.to } : undefined;
    const ctx = new Context(user, this.version, parsed.soapHeaders, parsed.extraHeaders, addressing, this.life, this.req);
    this.ctx = ctx;
    let result: unknown;
    try {
      result = c.handler[parsed.operation[0]]!.call(c.handler, parsed.input, ctx);
    } catch (e) {
      return this.handlerFailed(e);
    }
    if (isThenable(result)) {
      result.then(
        (v) => this.respond(v),
        (e: unknown) => this.handlerFailed(e),
      );
    } else this.respond(result);
  }

  private handlerFailed(e: unknown): void {
    try {
      if (this.life.gone) return;
      if (e instanceof SoapFault) return sendFault(this.res, this.version, e.side, e.reason, this.messageId, undefined, e.detail ? e.detail.codec.toXml(e.detail.value, '/Fault/Detail') : undefined);
      this.c.options.onError?.(e);
      // No stack trace, no paths and no echo of the input.
      sendFault(this.res, this.version, 'server', 'The server was unable to process the request.', this.messageId);
    } catch (e2) {
      this.crash(e2);
    }
  }

  private respond(result: unknown): void {
    try {
      if (this.life.gone) return;
      const op = this.parsed!.operation[1];
      const mtomOption = this.c.options.mtom ?? this.c.binding.mtom;
      const mtom = mtomOption && this.multipart !== undefined ? new XopWriter(mtomOption === true ? {} : mtomOption) : undefined;
      let bodyXml = '';
      if (op.output) {
        try {
          const output = op.output;
          bodyXml = mtom ? withXop(mtom, () => output.toXml((result ?? {}) as never, `/${output.local}`)) : output.toXml((result ?? {}) as never, `/${output.local}`);
        } catch (e) {
          this.c.options.onError?.(e);
          return sendFault(this.res, this.version, 'server', 'The server produced an invalid response.', this.messageId);
        }
      }
      const messageId = this.messageId;
      let head = messageId !== undefined ? `<a:Action s:mustUnderstand="1">${escapeText(op.outputAction ?? '', '')}</a:Action><a:RelatesTo>${escapeText(messageId, '')}</a:RelatesTo>` : '';
      if (op.outputHeaders?.length) {
        try {
          head += responseHeaderXml(op.outputHeaders, this.ctx!.responseHeaders as Record<string, unknown>);
        } catch (e) {
          this.c.options.onError?.(e);
          return sendFault(this.res, this.version, 'server', 'The server produced an invalid response.', this.messageId);
        }
      }
      let bodyDecls = '';
      if (op.outputBare) ({ decls: bodyDecls, content: bodyXml } = unwrapBare(bodyXml));
      const xml = op.output ? envelope(this.version, head, bodyXml, bodyDecls) : envelope(this.version, head, '');
      if (mtom) sendXop(this.res, this.version, xml, op.outputAction, mtom);
      else send(this.res, 200, this.version, xml, op.outputAction);
    } catch (e) {
      this.crash(e);
    }
  }

  private fail(e: unknown): void {
    const { req, res } = this;
    try {
      if (e instanceof ClientGone || this.life.gone) return;
      if (e instanceof HttpReject) {
        // Refused before its body was read: read and discard the body (bounded) so the connection stays usable.
        if (!this.bodyRead) drainRequest(req, this.c.limits.bodyTimeoutMs);
        res.writeHead(e.status, { 'Content-Type': TEXT_PLAIN, ...e.headers });
        res.end(e.message);
        return;
      }
      if (e instanceof FaultReply) return sendFault(res, this.version, e.code, e.message, this.messageId, e.subcode, undefined, e.headerXml?.(this.version));
      if (e instanceof SoapFault) return sendFault(res, this.version, e.side, e.reason, this.messageId, undefined, e.detail ? e.detail.codec.toXml(e.detail.value, '/Fault/Detail') : undefined);
      if (e instanceof XmlSyntaxError || e instanceof DecodeError || e instanceof EncodeError) return sendFault(res, this.version, 'client', `invalid request: ${e.message}`, this.messageId);
      this.crash(e);
    } catch (e2) {
      this.crash(e2);
    }
  }

  /** The last resort: a bug or a throwing onError. Reported, answered 500 without detail (or the connection dropped). */
  private crash(e: unknown): void {
    const res = this.res;
    try {
      this.c.options.onError?.(e);
    } catch {
      // onError itself failed: nothing more to report to.
    }
    try {
      if (!res.headersSent) {
        res.writeHead(500, ['Content-Type', TEXT_PLAIN]);
        res.end('internal error');
      } else res.destroy();
    } catch {
      res.destroy();
    }
  }
}

/** A SOAPAction, action parameter or wsa:Action that names another operation than the body element is a client fault. */
function checkAction(given: string | undefined, op: AnyOperation): void {
  if (given === undefined || given === '' || given === (op.soapAction ?? op.inputAction) || given === op.inputAction) return;
  throw new FaultReply('client', `the action ${given} does not match the body element ${op.inputBare ? (op.inputBare.first ? `{${op.inputBare.first.ns}}${op.inputBare.first.local}` : '(an empty body)') : `{${op.input.ns}}${op.input.local}`}`, sub('ActionMismatch'));
}

function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

function isElementCodec(c: unknown): c is ElementCodec<unknown> {
  const x = c as ElementCodec<unknown> | null;
  return x !== null && typeof x === 'object' && typeof x.ns === 'string' && typeof x.local === 'string' && typeof x.decode === 'function';
}

/**
 * Whether the client is still there. node:http marks the response destroyed when the connection closes before it
 * was written, so no listener is needed for that; the AbortController behind ctx.signal (and the 'close' listener
 * that aborts it) is only made when a handler reads the signal: making one for every request costs more than
 * parsing a small request. (The request's own 'close' cannot be used: node:http emits it once the body has been
 * read, not when the connection closes.)
 */
class Lifetime {
  private closed = false;
  private controller: AbortController | undefined;

  constructor(private readonly res: ServerResponse) {
    // A response object that does not say whether it is destroyed: watch its 'close' from the start.
    if (typeof res.destroyed !== 'boolean') res.once?.('close', () => this.onClose());
  }

  get gone(): boolean {
    return this.closed || (this.res.destroyed === true && this.res.writableFinished !== true);
  }

  private onClose(): void {
    if (this.res.writableFinished === false) {
      this.closed = true;
      this.controller?.abort();
    }
  }

  get signal(): AbortSignalLike {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.gone) this.controller.abort();
      else if (typeof this.res.destroyed === 'boolean') this.res.once?.('close', () => this.onClose());
    }
    return this.controller.signal;
  }
}

/** The declared response header blocks the handler set (own properties only), in declaration order. */
function responseHeaderXml(specs: NonNullable<AnyOperation['outputHeaders']>, values: Record<string, unknown>): string {
  let xml = '';
  for (const h of specs) {
    const value = Object.prototype.hasOwnProperty.call(values, h.key) ? values[h.key] : undefined;
    const at = `/Envelope/Header/${h.codec.local}`;
    if (value === undefined) {
      if (h.required) throw new EncodeError(`the required response header ${h.key} was not set in ctx.responseHeaders`, at);
      continue;
    }
    xml += h.codec.toXml(value, at);
  }
  return xml;
}

class Context implements ServerContext<unknown, unknown, Record<string, unknown>> {
  readonly responseHeaders: Record<string, unknown> = {};

  constructor(
    readonly user: unknown,
    readonly soapVersion: SoapVersion,
    readonly soapHeaders: unknown,
    private readonly extraHeaders: ReadonlyMap<string, unknown> | undefined,
    readonly addressing: ServerContext['addressing'],
    private readonly life: Lifetime,
    readonly request: IncomingMessage,
  ) {}

  get signal(): AbortSignalLike {
    return this.life.signal;
  }

  header<T>(codec: ElementCodec<T>): T | undefined {
    return this.extraHeaders?.get(`{${codec.ns}}${codec.local}`) as T | undefined;
  }
}

interface ParsedRequest {
  readonly operation: [string, AnyOperation];
  readonly input: unknown;
  readonly wsaAction?: string;
  readonly messageId?: string;
  readonly to?: string;
  readonly security?: { readonly xml: string; readonly mustUnderstand: boolean };
  readonly soapHeaders: Record<string, unknown>;
  /** The headers of ServerOptions.headers the request carried, decoded, by `{ns}local`. */
  readonly extraHeaders?: ReadonlyMap<string, unknown>;
}

/** Operations by the local name, then the namespace, of their body's first element. */
type BodyIndex = ReadonlyMap<string, ReadonlyMap<string, [string, AnyOperation]>>;

/** Codecs of the soap:header elements any operation of the binding declares, by `{ns}local`. */
type HeaderCodecs = ReadonlyMap<string, ElementCodec<unknown>>;

const NO_HEADERS: Readonly<Record<string, never>> = Object.freeze({});

/** Header blocks the server processes itself (wsse:Security only when a verifier is configured). */
const UNDERSTOOD = new Set([`{${WSA_NS}}Action`, `{${WSA_NS}}To`, `{${WSA_NS}}MessageID`, `{${WSA_NS}}ReplyTo`]);

/** Roles (1.2) and actors (1.1) that address this node; absent means the ultimate receiver, which this node is. */
const OUR_ROLES: Readonly<Record<SoapVersion, readonly string[]>> = {
  '1.1': ['http://schemas.xmlsoap.org/soap/actor/next'],
  '1.2': ['http://www.w3.org/2003/05/soap-envelope/role/next', 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver'],
};

/** Operations sharing a first body element (or an empty body), told apart by the SOAPAction/action or wsa:Action. */
interface SameBody {
  readonly sameBody: ReadonlyMap<string, readonly [string, AnyOperation][]>;
  readonly httpAction: string | undefined;
}

function byAction(key: string, found: [string, AnyOperation] | undefined, same: SameBody | undefined, wsaAction: string | undefined): [string, AnyOperation] | undefined {
  const candidates = same?.sameBody.get(key);
  if (!candidates) return found;
  for (const action of [wsaAction, same!.httpAction]) {
    if (action === undefined || action === '') continue;
    const match = candidates.find(([, op]) => op.soapAction === action || op.inputAction === action);
    if (match) return match;
  }
  throw new FaultReply('client', `${candidates.length} operations take ${key === '' ? 'an empty body' : key}: the SOAPAction or wsa:Action must say which (${candidates.map(([, op]) => op.name).join(', ')})`, sub('ActionNotSupported'));
}

const encodedBindings = new WeakMap<ReadonlyMap<string, [string, AnyOperation]>, boolean>();

/** Whether any operation of the binding is rpc/encoded (its Body may then carry soap:encodingStyle). */
function hasEncoded(byBody: ReadonlyMap<string, [string, AnyOperation]>): boolean {
  let known = encodedBindings.get(byBody);
  if (known === undefined) {
    known = [...byBody.values()].some(([, op]) => isEncoded(op.input));
    encodedBindings.set(byBody, known);
  }
  return known;
}

function parseRequest(body: Uint8Array, version: SoapVersion, limits: ServerLimits, byBody: ReadonlyMap<string, [string, AnyOperation]>, byLocal: BodyIndex, verifiesSecurity: boolean, headerCodecs: HeaderCodecs, extraCodecs: HeaderCodecs, allowPis11: boolean, same?: SameBody, xop?: XopResolver): ParsedRequest {
  const envNs = SOAP_ENVELOPE_NS[version];
  const r = XmlReader.fromBytes(body, limits);
  if (xop !== undefined) r.xop = xop;
  refuseProcessingInstructions(r, version, allowPis11);
  r.readRoot();
  const rootNs: string = r.ns;
  const rootLocal: string = r.local;
  if (rootLocal !== 'Envelope') throw new FaultReply('client', `expected a SOAP ${version} Envelope, found {${rootNs}}${rootLocal}`);
  if (rootNs !== envNs) {
    // SOAP 1.2 part 1, 5.4.7 and appendix A: a VersionMismatch fault (in either version) says in a SOAP 1.2 Upgrade
    // header which envelope is supported (here: the one the content type announced).
    const upgrade = () => `<u:Upgrade xmlns:u="${SOAP_ENVELOPE_NS['1.2']}"><u:SupportedEnvelope qname="e:Envelope" xmlns:e="${envNs}"/></u:Upgrade>`;
    throw new FaultReply('versionMismatch', `expected a SOAP ${version} Envelope (the content type says ${version}), found {${rootNs}}${rootLocal}`, undefined, upgrade);
  }
  // SOAP 1.1 section 4.1.1: encodingStyle may be on the Envelope of an encoded message (refused below for literal ones).
  const anyEncoded = hasEncoded(byBody);
  checkEnvelopeAttributes(r, envNs, anyEncoded);
  let envelopeEncodingStyle = anyEncoded && encodingStyleOn(r, envNs) !== undefined;
  let wsaAction: string | undefined;
  let messageId: string | undefined;
  let to: string | undefined;
  let extraHeaders: Map<string, unknown> | undefined;
  let security: { xml: string; mustUnderstand: boolean } | undefined;
  let operation: [string, AnyOperation] | undefined;
  let input: unknown;
  let sawHeader = false;
  let sawBody = false;
  let bare = false;
  // Declared soap:header elements, decoded; which of them the operation takes is known once the body is read.
  let declared: Map<string, { value: unknown; mustUnderstand: boolean }> | undefined;
  const roleAttr = version === '1.1' ? 'actor' : 'role';
  while (r.nextChild()) {
    const ns: string = r.ns;
    const ln: string = r.local;
    if (ns === envNs && ln === 'Header' && !sawHeader && !sawBody) {
      sawHeader = true;
      checkEnvelopeAttributes(r, envNs, anyEncoded);
      // On the Header too (SOAP 1.1 section 4.1.1), for an encoded operation only: checked with the Envelope's below.
      if (anyEncoded && encodingStyleOn(r, envNs) !== undefined) envelopeEncodingStyle = true;
      const notUnderstood: [string, string][] = [];
      while (r.nextChild()) {
        checkHeaderBlock(r);
        const hns: string = r.ns;
        const hln: string = r.local;
        const role = r.attr(envNs, roleAttr);
        if (role !== undefined && role.trim() !== '' && !OUR_ROLES[version].includes(role.trim())) {
          // Targeted at another node: neither processed nor checked here.
          r.skip();
          continue;
        }
        const mu = mustUnderstand(r.attr(envNs, 'mustUnderstand'), version);
        const key = `{${hns}}${hln}`;
        const isSecurity = hns === WSSE_NS && hln === 'Security';
        const codec = headerCodecs.get(key);
        const extra = codec ? undefined : extraCodecs.get(key);
        if (mu && !(UNDERSTOOD.has(key) || codec || extra || (isSecurity && verifiesSecurity))) {
          notUnderstood.push([hns, hln]);
          r.skip();
          continue;
        }
        if (codec) {
          declared ??= new Map();
          if (declared.has(key)) throw new FaultReply('client', `the header ${key} is repeated`);
          declared.set(key, { value: codec.decode(r, `/Envelope/Header/${hln}`), mustUnderstand: mu });
        } else if (isSecurity) {
          if (security) throw new FaultReply('client', SECURITY_REASON, INVALID_SECURITY);
          security = { xml: r.readRaw(), mustUnderstand: mu };
        } else if (hns === WSA_NS && (hln === 'Action' || hln === 'MessageID' || hln === 'To')) {
          const value = r.readText().trim();
          if ((hln === 'Action' ? wsaAction : hln === 'MessageID' ? messageId : to) !== undefined) throw new FaultReply('client', `the header ${key} is repeated`, INVALID_ADDRESSING);
          if (hln === 'Action') wsaAction = value;
          else if (hln === 'MessageID') messageId = value;
          else to = value;
        } else if (extra) {
          extraHeaders ??= new Map();
          if (extraHeaders.has(key)) throw new FaultReply('client', `the header ${key} is repeated`);
          extraHeaders.set(key, extra.decode(r, `/Envelope/Header/${hln}`));
        } else r.skip();
      }
      if (notUnderstood.length) {
        // SOAP 1.2 part 1, 5.4.8: one NotUnderstood header block per header (SOAP 1.1 has no such block).
        const blocks = (v: SoapVersion) => (v === '1.2' ? notUnderstood.map(([n, l]) => `<s:NotUnderstood qname="q:${l}" xmlns:q="${escapeAttr(n, '')}"/>`).join('') : '');
        throw new FaultReply('mustUnderstand', `the header {${notUnderstood[0]![0]}}${notUnderstood[0]![1]} is not understood`, undefined, blocks);
      }
    } else if (ns === envNs && ln === 'Body' && !sawBody) {
      sawBody = true;
      const encodedBinding = hasEncoded(byBody);
      checkEnvelopeAttributes(r, envNs, encodedBinding);
      const bodyEncodingStyle = encodedBinding && encodingStyleOn(r, envNs) !== undefined;
      while (r.nextChild()) {
        if (bare) {
          r.skip();
          continue;
        }
        if (operation) throw new FaultReply('client', 'the body holds more than one element');
        const found = same ? byAction(`{${r.ns}}${r.local}`, byBody.get(`{${r.ns}}${r.local}`), same, wsaAction) : byLocal.get(r.local)?.get(r.ns);
        if (found && isEncoded(found[1].input)) {
          // rpc/encoded: the wrapper and the multi-reference values after it are decoded from a second reader below.
          operation = found;
          bare = true;
          r.skip();
          continue;
        }
        if (bodyEncodingStyle) throw literalWithEncodingStyle('/Envelope/Body');
        checkBodyChild(r, envNs);
        if (!found) throw new FaultReply('client', `no operation takes {${r.ns}}${r.local}`, sub('ActionNotSupported'));
        operation = found;
        if (found[1].inputBare) {
          // No wrapper on the wire: the Body itself is decoded as the operation's parts, from a second reader below.
          bare = true;
          r.skip();
        } else input = found[1].input.decode(r, `/Envelope/Body/${r.local}`);
      }
      if (!operation) {
        const empty = byAction('', byBody.get(''), same, wsaAction);
        if (empty) {
          operation = empty;
          bare = true;
        }
      }
    } else throw new FaultReply('client', `unexpected element {${ns}}${ln} in the Envelope`);
  }
  r.end();
  if (!sawBody) throw noBody();
  if (!operation) throw new FaultReply('client', 'the body is empty');
  if (envelopeEncodingStyle && !isEncoded(operation[1].input)) throw literalWithEncodingStyle('/Envelope');
  if (bare) {
    const codec = operation[1].input;
    const second = XmlReader.fromBytes(body, limits);
    if (xop !== undefined) second.xop = xop;
    input = isEncoded(codec) ? decodeEncodedEnvelope(second, envNs, codec, limits) : decodeBareBody(second, envNs, codec);
  }
  return { operation, input, wsaAction, messageId, to, security, soapHeaders: operationHeaders(operation[1], declared), extraHeaders };
}

/**
 * The operation's soap:header parts by key. A required one that is missing is a client fault; a declared header of
 * another operation marked mustUnderstand is not understood by this one.
 */
function operationHeaders(op: AnyOperation, declared: Map<string, { value: unknown; mustUnderstand: boolean }> | undefined): Record<string, unknown> {
  const specs = op.inputHeaders;
  if (!specs?.length && !declared) return NO_HEADERS;
  const out: Record<string, unknown> = {};
  const taken = new Set<string>();
  for (const h of specs ?? []) {
    const key = `{${h.codec.ns}}${h.codec.local}`;
    const found = declared?.get(key);
    if (found) {
      setOwn(out, h.key, found.value);
      taken.add(key);
    } else if (h.required) throw new FaultReply('client', `the header ${key} is required by ${op.name}`);
  }
  for (const [key, h] of declared ?? []) {
    if (h.mustUnderstand && !taken.has(key)) throw new FaultReply('mustUnderstand', `the header ${key} is not understood by ${op.name}`);
  }
  return out;
}

/**
 * What a GET asks for: the WSDL (`?wsdl`), a named metadata document (`?xsd=name`, `?wsdl=name`; null when there is
 * no such document), or undefined when the query asks for no metadata (then the GET is refused with 405).
 */
function metadataDocument(url: string, options: { readonly wsdl?: string; readonly metadata?: Readonly<Record<string, string>> }): string | null | undefined {
  const q = url.indexOf('?');
  if (q < 0 || options.wsdl === undefined) return undefined;
  for (const param of url.slice(q + 1).split('&')) {
    const eq = param.indexOf('=');
    const key = (eq < 0 ? param : param.slice(0, eq)).toLowerCase();
    if (key !== 'wsdl' && key !== 'xsd' && key !== 'singlewsdl') continue;
    if (eq < 0 || param.length === eq + 1) return key === 'xsd' ? null : options.wsdl;
    let name: string;
    try {
      name = decodeURIComponent(param.slice(eq + 1));
    } catch {
      return null;
    }
    const docs = options.metadata;
    return docs !== undefined && Object.prototype.hasOwnProperty.call(docs, name) ? docs[name]! : null;
  }
  return undefined;
}

/** The mustUnderstand attribute: "1"/"0" (SOAP 1.1), also "true"/"false" (1.2); anything else is a client fault. */
function mustUnderstand(value: string | undefined, version: SoapVersion): boolean {
  if (value === undefined) return false;
  const v = value.trim();
  if (v === '1' || (version === '1.2' && v === 'true')) return true;
  if (v === '0' || (version === '1.2' && v === 'false')) return false;
  throw new FaultReply('client', `mustUnderstand must be ${version === '1.1' ? '0 or 1' : 'true, false, 1 or 0'}`);
}

/** The request body as text, for the Security verifier (it was already validated as UTF-8 or UTF-16 by the reader). */
function decodeText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0x3c && b[1] === 0)) return b.toString('utf16le').replace(/^\uFEFF/, '');
  if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0 && b[1] === 0x3c)) return Buffer.from(b).swap16().toString('utf16le').replace(/^\uFEFF/, '');
  return b.toString('utf8').replace(/^\uFEFF/, '');
}

/** The envelope around a body without header blocks, by version: its two constant halves. */
const PLAIN_ENVELOPE: Readonly<Record<SoapVersion, readonly [string, string]>> = {
  '1.1': [flat(`<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS['1.1']}"><s:Body>`), '</s:Body></s:Envelope>'],
  '1.2': [flat(`<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS['1.2']}"><s:Body>`), '</s:Body></s:Envelope>'],
};

function envelope(version: SoapVersion, head: string, body: string, bodyDecls = ''): string {
  if (head === '' && bodyDecls === '') {
    const [open, close] = PLAIN_ENVELOPE[version];
    return open + body + close;
  }
  const wsa = head.includes('<a:') ? ` xmlns:a="${WSA_NS}"` : '';
  return `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS[version]}"${wsa}>${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body${bodyDecls}>${body}</s:Body></s:Envelope>`;
}

const TEXT_PLAIN = 'text/plain; charset=utf-8';
const TEXT_XML = 'text/xml; charset=utf-8';
const SOAP_XML = 'application/soap+xml; charset=utf-8';

/** One writeHead with node:http's flat header list (no object to walk) and the length known, then one end(). */
function send(res: ServerResponse, status: number, version: SoapVersion, xml: string, action?: string): void {
  const type = version === '1.1' ? TEXT_XML : action ? `${SOAP_XML}; action="${action}"` : SOAP_XML;
  res.writeHead(status, ['Content-Type', type, 'Content-Length', Buffer.byteLength(xml)]);
  res.end(xml);
}

/** An MTOM answer (ServerOptions.mtom): the envelope as the root part of an XOP package, with the parts `writer` took. */
function sendXop(res: ServerResponse, version: SoapVersion, xml: string, action: string | undefined, writer: XopWriter): void {
  const type = version === '1.1' ? 'text/xml' : action ? `application/soap+xml; action="${action}"` : 'application/soap+xml';
  const pkg = writeXopPackage(xml, type, writer);
  res.writeHead(200, ['Content-Type', pkg.contentType, 'Content-Length', pkg.body.length]);
  res.end(pkg.body);
}

const FAULT_CODES: Readonly<Record<SoapVersion, Readonly<Record<FaultCode, string>>>> = {
  '1.1': { client: 's:Client', server: 's:Server', mustUnderstand: 's:MustUnderstand', versionMismatch: 's:VersionMismatch' },
  '1.2': { client: 's:Sender', server: 's:Receiver', mustUnderstand: 's:MustUnderstand', versionMismatch: 's:VersionMismatch' },
};

/**
 * Writes a fault. HTTP status: 500, except 400 for a SOAP 1.2 Sender fault (SOAP 1.2 part 2, 7.5.1.2; SOAP 1.1 and
 * WS-I Basic Profile use 500 for all faults). Subcodes are written in SOAP 1.2 only.
 */
function sendFault(res: ServerResponse, version: SoapVersion, code: FaultCode, reason: string, relatesTo?: string, subcode?: Subcode, detailXml?: string, headerXml = ''): void {
  const text = escapeText(reason.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '?'), '');
  let fault: string;
  if (version === '1.1') {
    // WS-Security 1.0 section 12: in SOAP 1.1 its fault codes (wsse:InvalidSecurity…) are the faultcode itself.
    const faultcode = subcode?.ns === WSSE_NS ? `<faultcode xmlns:${subcode.prefix}="${escapeAttr(subcode.ns, '')}">${subcode.prefix}:${subcode.local}</faultcode>` : `<faultcode>${FAULT_CODES['1.1'][code]}</faultcode>`;
    fault = `<s:Fault>${faultcode}<faultstring xml:lang="en">${text}</faultstring>${detailXml ? `<detail>${detailXml}</detail>` : ''}</s:Fault>`;
  } else {
    const sc = subcode ? `<s:Subcode><s:Value xmlns:${subcode.prefix}="${escapeAttr(subcode.ns, '')}">${subcode.prefix}:${subcode.local}</s:Value></s:Subcode>` : '';
    fault = `<s:Fault><s:Code><s:Value>${FAULT_CODES['1.2'][code]}</s:Value>${sc}</s:Code><s:Reason><s:Text xml:lang="en">${text}</s:Text></s:Reason>${detailXml ? `<s:Detail>${detailXml}</s:Detail>` : ''}</s:Fault>`;
  }
  const head = headerXml + (relatesTo !== undefined ? `<a:RelatesTo>${escapeText(relatesTo, '')}</a:RelatesTo>` : '');
  send(res, version === '1.2' && code === 'client' ? 400 : 500, version, envelope(version, head, fault));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function unquote(v: string | string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = (Array.isArray(v) ? v[0]! : v).trim();
  return s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** What the listener needs from a Content-Type: the SOAP version it announces, a charset refusal, the action parameter. */
interface MediaInfo {
  readonly version?: SoapVersion;
  readonly charsetError?: string;
  readonly action?: string;
}

/**
 * Clients send the same Content-Type on every request: its analysis is kept, for short values and at most 64 of
 * them (a client sending many different ones only empties the cache).
 */
const mediaCache = new Map<string, MediaInfo>();

function mediaInfo(value: string): MediaInfo {
  const cached = mediaCache.get(value);
  if (cached !== undefined) return cached;
  const media = parseMediaType(value);
  const charset = media.params.get('charset');
  const info: MediaInfo = {
    version: media.type === 'text/xml' ? '1.1' : media.type === 'application/soap+xml' ? '1.2' : undefined,
    charsetError: charset !== undefined && !/^utf-(?:8|16|16le|16be)$/i.test(charset) ? `charset ${JSON.stringify(charset.slice(0, 40))} is not supported (use utf-8)` : undefined,
    action: media.params.get('action'),
  };
  if (value.length <= 256) {
    if (mediaCache.size >= 64) mediaCache.clear();
    mediaCache.set(value, info);
  }
  return info;
}

