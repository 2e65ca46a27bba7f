import type { ElementCodec } from './document';
import { DecodeError, EncodeError, XmlSyntaxError } from './errors';
import { escapeText } from './escape';
import type { AbortSignalLike } from './http-transport';
import { ServiceContext, ServiceContextElement, SERVICE_CONTEXT_NS } from './sharepoint';
import { SOAP_ENVELOPE_NS, SoapVersion, WSA_NS, type OperationSpec, type BindingSpec } from './soap-client';
import { ReaderLimits, XmlReader } from './xml-reader';

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
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body?: string): unknown;
  destroy(): unknown;
}

/** What a handler method receives besides its input. */
export interface ServerContext<User = unknown> {
  /** The authenticated user (never absent: requests without one are rejected before any handler runs). */
  readonly user: User;
  readonly soapVersion: SoapVersion;
  readonly serviceContext?: ServiceContext;
  /** WS-Addressing headers of the request, when it carried them. */
  readonly addressing?: { readonly action?: string; readonly messageId?: string; readonly to?: string };
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
  /** Largest request body in bytes; larger requests get 413 before any parsing (default 64 KiB, as WCF). */
  readonly maxBodyBytes: number;
  /** Time allowed to receive the whole request body, in ms (default 10 s). */
  readonly bodyTimeoutMs: number;
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

export interface ServerOptions<User> {
  /** Identifies the caller; `null` rejects the request with 401 (and a Basic challenge). Required: no handler runs anonymously. */
  readonly authenticate: (request: IncomingMessage) => User | null | Promise<User | null>;
  /** Realm of the Basic challenge (default "wsdl2ts"). */
  readonly realm?: string;
  readonly limits?: Partial<ServerLimits>;
  /** The WSDL served at `GET ?wsdl`. */
  readonly wsdl?: string;
  /** Called with errors thrown by handlers (the client only gets a generic fault). */
  readonly onError?: (error: unknown) => void;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

type AnyOperation = OperationSpec<unknown, unknown>;
type HandlerFn = (input: unknown, ctx: ServerContext<unknown>) => unknown;

class HttpReject extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

class FaultReply extends Error {
  constructor(
    readonly side: 'client' | 'server',
    message: string,
    readonly subcode?: string,
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
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const byBody = new Map<string, [string, AnyOperation]>();
  for (const [method, op] of Object.entries(operations)) byBody.set(`{${op.input.ns}}${op.input.local}`, [method, op]);
  return (req, res) => {
    handle(req, res).catch((e) => {
      options.onError?.(e);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal error');
      } else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let version: SoapVersion = binding.soapVersion;
    try {
      if (req.method === 'GET' && options.wsdl !== undefined && /[?&]wsdl\b/i.test(req.url ?? '')) {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
        res.end(options.wsdl);
        return;
      }
      if (req.method !== 'POST') throw new HttpReject(405, 'only POST is allowed', { Allow: 'POST' });
      const contentType = header(req, 'content-type') ?? '';
      const type = contentType.toLowerCase();
      if (type.startsWith('text/xml')) version = '1.1';
      else if (type.startsWith('application/soap+xml')) version = '1.2';
      else throw new HttpReject(415, 'expected text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)');
      const httpAction = version === '1.1' ? unquote(req.headers['soapaction']) : actionParameter(contentType);
      const declared = Number(header(req, 'content-length') ?? NaN);
      if (declared > limits.maxBodyBytes) throw new HttpReject(413, `the request is larger than ${limits.maxBodyBytes} bytes`);
      const body = await readBody(req, limits);
      const user = await options.authenticate(req);
      if (user === null || user === undefined) throw new HttpReject(401, 'authentication required', { 'WWW-Authenticate': `Basic realm="${(options.realm ?? 'wsdl2ts').replace(/"/g, '')}", charset="UTF-8"` });
      const parsed = parseRequest(body, version, limits, byBody);
      const [method, op] = parsed.operation;
      const expected = op.soapAction ?? op.inputAction;
      for (const given of [httpAction, parsed.wsaAction]) {
        if (given !== undefined && given !== '' && given !== expected && given !== op.inputAction) {
          throw new FaultReply('client', `the action ${given} does not match the body element {${op.input.ns}}${op.input.local}`, 'ActionMismatch');
        }
      }
      const fn = (handler as Record<string, HandlerFn | undefined>)[method];
      if (typeof fn !== 'function') throw new FaultReply('server', `operation ${op.name} is not implemented`, 'ActionNotSupported');
      const controller = new AbortController();
      req.once('close', () => controller.abort());
      const ctx: ServerContext<unknown> = {
        user,
        soapVersion: version,
        serviceContext: parsed.serviceContext,
        addressing: parsed.wsaAction || parsed.messageId ? { action: parsed.wsaAction, messageId: parsed.messageId, to: parsed.to } : undefined,
        signal: controller.signal,
        request: req,
      };
      let result: unknown;
      try {
        result = await fn.call(handler, parsed.input, ctx);
      } catch (e) {
        if (e instanceof SoapFault) return sendFault(res, version, e.side, e.reason, parsed.messageId, undefined, e.detail ? e.detail.codec.toXml(e.detail.value, '/Fault/Detail') : undefined);
        options.onError?.(e);
        // No stack trace, no paths and no echo of the input.
        return sendFault(res, version, 'server', 'The server was unable to process the request.', parsed.messageId);
      }
      let bodyXml = '';
      if (op.output) {
        try {
          bodyXml = op.output.toXml((result ?? {}) as never, `/${op.output.local}`);
        } catch (e) {
          options.onError?.(e);
          return sendFault(res, version, 'server', 'The server produced an invalid response.', parsed.messageId);
        }
      }
      const head = parsed.messageId !== undefined ? `<a:Action s:mustUnderstand="1">${escapeText(op.outputAction ?? '', '')}</a:Action><a:RelatesTo>${escapeText(parsed.messageId, '')}</a:RelatesTo>` : '';
      send(res, 200, version, op.output ? envelope(version, head, bodyXml) : envelope(version, head, ''), op.outputAction);
    } catch (e) {
      if (e instanceof HttpReject) {
        res.writeHead(e.status, { 'Content-Type': 'text/plain; charset=utf-8', ...e.headers });
        res.end(e.message);
        return;
      }
      if (e instanceof FaultReply) return sendFault(res, version, e.side, e.message, undefined, e.subcode);
      if (e instanceof XmlSyntaxError || e instanceof DecodeError || e instanceof EncodeError) return sendFault(res, version, 'client', `invalid request: ${e.message}`);
      throw e;
    }
  }
}

interface ParsedRequest {
  readonly operation: [string, AnyOperation];
  readonly input: unknown;
  readonly wsaAction?: string;
  readonly messageId?: string;
  readonly to?: string;
  readonly serviceContext?: ServiceContext;
}

const UNDERSTOOD = new Set([`{${WSA_NS}}Action`, `{${WSA_NS}}To`, `{${WSA_NS}}MessageID`, `{${WSA_NS}}ReplyTo`, `{${SERVICE_CONTEXT_NS}}ServiceContext`]);

function parseRequest(body: string, version: SoapVersion, limits: ServerLimits, byBody: Map<string, [string, AnyOperation]>): ParsedRequest {
  const envNs = SOAP_ENVELOPE_NS[version];
  const r = new XmlReader(body, limits);
  r.readRoot();
  const rootNs: string = r.ns;
  const rootLocal: string = r.local;
  if (rootLocal !== 'Envelope' || rootNs !== envNs) throw new FaultReply('client', `expected a SOAP ${version} Envelope, found {${rootNs}}${rootLocal}`, 'VersionMismatch');
  let wsaAction: string | undefined;
  let messageId: string | undefined;
  let to: string | undefined;
  let serviceContext: ServiceContext | undefined;
  let operation: [string, AnyOperation] | undefined;
  let input: unknown;
  let sawBody = false;
  while (r.nextChild()) {
    const ns: string = r.ns;
    const ln: string = r.local;
    if (ns === envNs && ln === 'Header' && !sawBody) {
      while (r.nextChild()) {
        const key = `{${r.ns}}${r.local}`;
        const mu = r.attr(envNs, 'mustUnderstand');
        if (mu !== undefined && (mu.trim() === '1' || mu.trim() === 'true') && !UNDERSTOOD.has(key)) {
          throw new FaultReply('client', `the header ${key} is not understood`, 'MustUnderstand');
        }
        if (r.ns === WSA_NS && r.local === 'Action') wsaAction = r.readText().trim();
        else if (r.ns === WSA_NS && r.local === 'MessageID') messageId = r.readText().trim();
        else if (r.ns === WSA_NS && r.local === 'To') to = r.readText().trim();
        else if (r.ns === SERVICE_CONTEXT_NS && r.local === 'ServiceContext') serviceContext = ServiceContextElement.decode(r, '/Envelope/Header/ServiceContext');
        else r.skip();
      }
    } else if (ns === envNs && ln === 'Body' && !sawBody) {
      sawBody = true;
      while (r.nextChild()) {
        if (operation) throw new FaultReply('client', 'the body holds more than one element');
        const found = byBody.get(`{${r.ns}}${r.local}`);
        if (!found) throw new FaultReply('client', `no operation takes {${r.ns}}${r.local}`, 'ActionNotSupported');
        operation = found;
        input = found[1].input.decode(r, `/Envelope/Body/${r.local}`);
      }
    } else throw new FaultReply('client', `unexpected element {${ns}}${ln} in the Envelope`);
  }
  r.end();
  if (!operation) throw new FaultReply('client', 'the body is empty');
  return { operation, input, wsaAction, messageId, to, serviceContext };
}

function readBody(req: IncomingMessage, limits: ServerLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new HttpReject(408, 'the request body took too long'));
    }, limits.bodyTimeoutMs);
    req.on('data', (c: Uint8Array) => {
      size += c.length;
      if (size > limits.maxBodyBytes) {
        clearTimeout(timer);
        req.pause();
        reject(new HttpReject(413, `the request is larger than ${limits.maxBodyBytes} bytes`));
        return;
      }
      chunks.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function envelope(version: SoapVersion, head: string, body: string): string {
  const wsa = head ? ` xmlns:a="${WSA_NS}"` : '';
  return `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS[version]}"${wsa}>${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;
}

function send(res: ServerResponse, status: number, version: SoapVersion, xml: string, action?: string): void {
  const type = version === '1.1' ? 'text/xml; charset=utf-8' : `application/soap+xml; charset=utf-8${action ? `; action="${action}"` : ''}`;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}

function sendFault(res: ServerResponse, version: SoapVersion, side: 'client' | 'server', reason: string, relatesTo?: string, subcode?: string, detailXml?: string): void {
  const text = escapeText(reason.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '?'), '');
  let fault: string;
  if (version === '1.1') {
    const code = side === 'client' ? 's:Client' : 's:Server';
    fault = `<s:Fault><faultcode>${code}</faultcode><faultstring xml:lang="en">${text}</faultstring>${detailXml ? `<detail>${detailXml}</detail>` : ''}</s:Fault>`;
  } else {
    const code = side === 'client' ? 's:Sender' : 's:Receiver';
    const sub = subcode ? `<s:Subcode><s:Value xmlns:w="http://wsdl2ts.dev/faults">w:${subcode}</s:Value></s:Subcode>` : '';
    fault = `<s:Fault><s:Code><s:Value>${code}</s:Value>${sub}</s:Code><s:Reason><s:Text xml:lang="en">${text}</s:Text></s:Reason>${detailXml ? `<s:Detail>${detailXml}</s:Detail>` : ''}</s:Fault>`;
  }
  const head = relatesTo !== undefined ? `<a:RelatesTo>${escapeText(relatesTo, '')}</a:RelatesTo>` : '';
  send(res, version === '1.2' && side === 'client' ? 400 : 500, version, envelope(version, head, fault));
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

function actionParameter(contentType: string): string | undefined {
  const m = /;\s*action\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}
