import type { IncomingMessage, RequestListener, ServerResponse } from './soap-server';

/**
 * Thin adapters that mount a generated listener in Express or Fastify. Both hand the listener the raw node:http
 * request and response, so every limit, fault and status of the listener applies unchanged; the frameworks'
 * own body parsing is bypassed (SOAP bodies are read, bounded and inflated by the listener).
 */

/** The parts of an Express request the adapter looks at (structural, so no dependency on express's typings). */
export interface ExpressRequestLike extends IncomingMessage {
  /** Set by a body parser that already consumed the stream: a Buffer (express.raw) or string (express.text) is replayed. */
  readonly body?: unknown;
  readonly readableEnded?: boolean;
  readonly _body?: boolean;
}

/**
 * Express 4/5 middleware: `app.all('/WorkManagementService.svc', expressHandler(listener))`. Mount it before any
 * body parser; if one ran anyway and left the raw bytes (`express.raw({ type: ['text/xml', 'application/soap+xml'] })`)
 * or text, they are replayed to the listener; a SOAP body parsed into anything else is an error passed to `next`
 * (other media types reach the listener, which refuses them with 415).
 */
export function expressHandler(listener: RequestListener): (req: ExpressRequestLike, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    if (req._body !== true && req.readableEnded !== true) return listener(req, res);
    const body = req.body;
    if (body instanceof Uint8Array) return listener(replayRequest(req, body), res);
    if (typeof body === 'string') return listener(replayRequest(req, new TextEncoder().encode(body)), res);
    // Not a SOAP media type (JSON, a form…): the listener refuses it by its headers (415, 405) without the body.
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!/^\s*(?:text\/xml|application\/soap\+xml)\s*(?:;|$)/.test(type)) return listener(replayRequest(req, new Uint8Array(0)), res);
    next(new Error('expressHandler: the request body was already parsed by another middleware; mount the SOAP route before body parsers, or use express.raw() for it'));
  };
}

/** The parts of Fastify's request and reply the adapter uses. */
export interface FastifyRequestLike {
  readonly raw: IncomingMessage;
}
export interface FastifyReplyLike {
  readonly raw: ServerResponse;
  hijack(): unknown;
}

/**
 * Fastify 4/5 route options: `fastify.route(fastifyRoute('/WorkManagementService.svc', listener))`. The request is
 * taken over in the onRequest hook, before Fastify's content-type check and body parsing, so its bodyLimit and
 * parsers never see SOAP bodies and the listener's limits and status codes apply.
 */
export function fastifyRoute(url: string, listener: RequestListener) {
  return {
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as string[],
    url,
    onRequest: (request: FastifyRequestLike, reply: FastifyReplyLike, _done: (error?: Error) => void): void => {
      // Not calling done: the lifecycle stops here and the listener owns the response.
      reply.hijack();
      listener(request.raw, reply.raw);
    },
    handler: (): void => undefined,
  };
}

/** A request whose body has already been read, replaying it to the listener as one 'data' chunk and 'end'. */
function replayRequest(req: IncomingMessage, body: Uint8Array): IncomingMessage {
  const data: Array<(chunk: Uint8Array) => void> = [];
  const end: Array<() => void> = [];
  // The real request's 'close' came (or comes) when the body parser finished with it; the replay closes after its 'end'.
  const close: Array<() => void> = [];
  let started = false;
  let destroyed = false;
  const start = () => {
    if (started) return;
    started = true;
    setTimeout(() => {
      if (destroyed) return;
      if (body.length) for (const f of data) f(body);
      for (const f of end) f();
      for (const f of close) f();
    }, 0);
  };
  // Body parsers inflate what they read: the bytes replayed are no longer gzip or deflate, nor of the sent length.
  const headers: Record<string, string | string[] | undefined> = Object.create(null);
  for (const [k, v] of Object.entries(req.headers)) if (k !== 'content-encoding' && k !== 'content-length') headers[k] = v;
  const replay: IncomingMessage = {
    method: req.method,
    url: req.url,
    headers,
    on(event: 'data' | 'end' | 'error', listener: never) {
      if (event === 'data') data.push(listener);
      else if (event === 'end') {
        end.push(listener);
        start();
      } else req.on('error', listener);
      return replay;
    },
    once(_event: 'close', listener: () => void) {
      close.push(listener);
      return replay;
    },
    pause: () => replay,
    destroy: () => {
      destroyed = true;
      return req.destroy();
    },
  };
  return replay;
}
