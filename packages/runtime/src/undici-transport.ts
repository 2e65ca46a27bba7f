import type { Pool } from 'undici';
import { Deadline } from './deadlines';
import type { HttpTransportOptions, Transport, TransportRequest, TransportResponse } from './http-transport';
import { isMultipart } from './mime-multipart';
import { AbortError, TimeoutError, TransportError } from './soap-errors';

/**
 * undici, loaded the first time this transport sends a request: a server that only uses the listener, or a client
 * with another transport, never loads it.
 */
let undici: typeof import('undici') | undefined;

function loadUndici(): typeof import('undici') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (undici ??= require('undici') as typeof import('undici'));
}

/**
 * The default transport: undici (the HTTP client behind Node's fetch, without fetch's stream and header objects)
 * with a keep-alive pool per origin. With 10 calls in flight against a bare server, the generated client makes
 * 1.4–2.2× the calls per second on it that it makes on the node:http transport (test/bench/client.js). Same options
 * as `httpTransport`: `maxSockets` connections per origin (default 16), `tls` (CA, client certificate and key,
 * passphrase, rejectUnauthorized, servername) and `maxResponseBytes` (default 16 MiB); per request a total timeout
 * and an AbortSignal.
 *
 * undici refuses some request headers node:http allows (`Keep-Alive`, `Transfer-Encoding`, `Upgrade`, `Expect`):
 * such a call fails with a TransportError naming the header; use `httpTransport()` if you need them.
 */
export function undiciTransport(options: HttpTransportOptions = {}): Transport {
  const maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const pools = new Map<string, Pool>();
  // A client calls one endpoint: parse its URL once, not on every call.
  let lastUrl = '';
  let lastTarget: { readonly pool: Pool; readonly path: string; readonly host: string } | undefined;

  function target(url: string): { readonly pool: Pool; readonly path: string; readonly host: string } {
    if (url === lastUrl && lastTarget) return lastTarget;
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TransportError(`unsupported URL scheme ${u.protocol}`);
    let pool = pools.get(u.origin);
    if (!pool) {
      const { Pool } = loadUndici();
      pool = new Pool(u.origin, {
        connections: options.maxSockets ?? 16,
        // The call's own timeout (timeoutMs, checked by one shared sweep) bounds the whole exchange; undici's
        // per-phase timeouts would only add a second, different limit.
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: u.protocol === 'https:' && options.tls ? { ...(options.tls as object) } : undefined,
      });
      pools.set(u.origin, pool);
    }
    lastUrl = url;
    lastTarget = { pool, path: `${u.pathname}${u.search}`, host: u.host };
    return lastTarget;
  }

  return (req) =>
    new Promise<TransportResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new AbortError(req.signal.reason));
      let t: ReturnType<typeof target>;
      try {
        t = target(req.url);
      } catch (e) {
        return reject(e instanceof TransportError ? e : new TransportError(`bad URL ${req.url}: ${(e as Error).message}`, e));
      }
      const exchange = new Exchange(req, maxBytes, t.host, resolve, reject);
      try {
        t.pool.dispatch({ path: t.path, method: 'POST', headers: req.headers as Record<string, string>, body: req.bodyBytes ?? req.body }, exchange);
      } catch (e) {
        exchange.fail(new TransportError(`request to ${t.host} failed: ${(e as Error).message}`, e));
      }
    });
}

/**
 * One call, as an undici dispatch handler: no response stream, no promise per chunk; the body is collected here,
 * with the size limit, and the call settles once. It is also the call's Deadline (no closure per call).
 *
 * It implements undici's first handler interface (onConnect/onHeaders/onData/onComplete/onError), which undici 7
 * still runs natively and its own `request()` uses: a handler with the newer onRequestStart/onResponse* methods is
 * wrapped per call in an adapter (two more objects) that also turns the raw headers and trailers into objects we
 * would only turn into another object.
 */
class Exchange extends Deadline {
  private settled = false;
  private abortRequest: ((err?: Error) => void) | undefined;
  private status = 0;
  private headers: Record<string, string> = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly req: TransportRequest,
    private readonly maxBytes: number,
    private readonly host: string,
    private readonly resolve: (r: TransportResponse) => void,
    private readonly reject: (e: Error) => void,
  ) {
    super(req.timeoutMs !== undefined && req.timeoutMs > 0 ? Date.now() + req.timeoutMs : 0);
    const signal = req.signal;
    if (signal) {
      this.onAbort = () => this.fail(new AbortError(signal.reason));
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
    if (this.at) this.watch();
  }

  expire(): void {
    this.fail(new TimeoutError(this.req.timeoutMs!));
  }

  /** Settles with an error and stops the exchange (now, or as soon as undici starts it). */
  fail(error: Error): void {
    if (this.settled) return;
    this.finish();
    this.abortRequest?.(error);
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    if (this.at) this.cancel();
    if (this.onAbort) this.req.signal!.removeEventListener('abort', this.onAbort);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortRequest = abort;
    // Aborted or timed out while waiting for a connection of the pool.
    if (this.settled) abort(new AbortError());
  }

  onHeaders(statusCode: number, raw: Buffer[] | string[]): boolean {
    if (this.settled) return true;
    this.status = statusCode;
    const out: Record<string, string> = {};
    const nameOf = loadUndici().util.headerNameToString;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = nameOf(raw[i]!);
      const v = raw[i + 1]!.toString('latin1');
      // `__proto__` as a header name must neither set the object's prototype nor vanish.
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
      else out[k] = Object.hasOwn(out, k) ? `${out[k]}, ${v}` : v;
    }
    this.headers = out;
    const declared = Number(out['content-length']);
    if (declared > this.maxBytes) this.fail(new TransportError(`the response is larger than ${this.maxBytes} bytes`));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.fail(new TransportError(`the response is larger than ${this.maxBytes} bytes`));
      return true;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.finish();
    const c = this.chunks;
    if (isMultipart(this.headers['content-type'])) {
      const bytes = c.length === 1 ? c[0]! : Buffer.concat(c);
      this.resolve({ status: this.status, headers: this.headers, body: bytes.toString('utf8'), bodyBytes: bytes });
      return;
    }
    const body = c.length === 1 ? c[0]!.toString('utf8') : Buffer.concat(c).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers, body });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.fail(new TransportError(`request to ${this.host} failed: ${error.message}`, error));
  }
}
