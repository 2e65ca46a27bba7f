import * as http from 'node:http';
import * as https from 'node:https';
import { CallbackDeadline, type Deadline } from './deadlines';
import { isMultipart } from './mime-multipart';
import { AbortError, TimeoutError, TransportError } from './soap-errors';

/**
 * The part of AbortSignal the runtime uses. Declared here so the runtime's typings need neither the DOM library nor
 * @types/node; a real AbortSignal fits it.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface TransportRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The envelope; for an MTOM request (ClientOptions.mtom) its root part only: `bodyBytes` is then what is sent. */
  readonly body: string;
  /** Set for an MTOM request: the multipart/related package to send instead of `body` (every transport must). */
  readonly bodyBytes?: Uint8Array;
  readonly signal?: AbortSignalLike;
  readonly timeoutMs?: number;
}

export interface TransportResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /**
   * The body's bytes, for a `multipart/related` response (MTOM/XOP, attachments): its binary parts do not survive a
   * conversion to text. The built-in transports set it for multipart responses only; a custom transport must set it
   * for them too (the client refuses a multipart response without it).
   */
  readonly bodyBytes?: Uint8Array;
}

/** Anything that can POST a request: the default keep-alive client, `fetchTransport`, or your own. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export interface TlsOptions {
  readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  readonly cert?: string | Uint8Array;
  readonly key?: string | Uint8Array;
  readonly passphrase?: string;
  readonly rejectUnauthorized?: boolean;
  readonly servername?: string;
}

export interface HttpTransportOptions {
  /** Sockets kept per host (default 16). */
  readonly maxSockets?: number;
  readonly tls?: TlsOptions;
  /** Largest response body accepted, in bytes (default 16 MiB). */
  readonly maxResponseBytes?: number;
}

/**
 * A transport over node:http/https with a keep-alive agent (the default before undici; choose it with
 * `transport: httpTransport()`). It does about 3× Node 20's fetch, and about 0.6× undiciTransport with 10 calls in
 * flight (per-request objects and listeners of node:http's client).
 */
export function httpTransport(options: HttpTransportOptions = {}): Transport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16, scheduling: 'lifo' as const };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent({ ...agentOptions, ...(options.tls as https.AgentOptions | undefined) });
  const maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  // A client calls one endpoint: parse its URL once, not on every call.
  let lastUrl = '';
  let lastParsed: URL | undefined;
  return (req) =>
    new Promise<TransportResponse>((resolve, reject) => {
      if (req.signal?.aborted) return reject(new AbortError(req.signal.reason));
      if (req.url !== lastUrl || !lastParsed) {
        lastParsed = new URL(req.url);
        lastUrl = req.url;
      }
      const url = lastParsed;
      const isHttps = url.protocol === 'https:';
      if (!isHttps && url.protocol !== 'http:') return reject(new TransportError(`unsupported URL scheme ${url.protocol}`));
      const body = req.bodyBytes ? Buffer.from(req.bodyBytes.buffer, req.bodyBytes.byteOffset, req.bodyBytes.byteLength) : Buffer.from(req.body, 'utf8');
      let settled = false;
      let deadline: Deadline | undefined;
      const finish = (err: Error | undefined, res?: TransportResponse) => {
        if (settled) return;
        settled = true;
        deadline?.cancel();
        req.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };
      let request: http.ClientRequest;
      try {
        request = (isHttps ? https : http).request(
          url,
          { method: 'POST', agent: isHttps ? httpsAgent : httpAgent, headers: { ...req.headers, 'Content-Length': String(body.length) } },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (size > maxBytes) {
                request.destroy();
                finish(new TransportError(`the response is larger than ${maxBytes} bytes`));
                return;
              }
              chunks.push(c);
            });
            res.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
              const bytes = Buffer.concat(chunks);
              finish(undefined, { status: res.statusCode ?? 0, headers, body: bytes.toString('utf8'), bodyBytes: isMultipart(headers['content-type']) ? bytes : undefined });
            });
            res.on('error', (e) => finish(new TransportError(`response failed: ${e.message}`, e)));
          },
        );
      } catch (e) {
        // node:http validates header names and values synchronously: a bad one is a TransportError like any other.
        return reject(new TransportError(`request to ${url.host} failed: ${(e as Error).message}`, e));
      }
      const onAbort = () => {
        request.destroy();
        finish(new AbortError(req.signal?.reason));
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      if (req.timeoutMs !== undefined && req.timeoutMs > 0) {
        deadline = new CallbackDeadline(Date.now() + req.timeoutMs, () => {
          request.destroy();
          finish(new TimeoutError(req.timeoutMs!));
        });
        deadline.watch();
      }
      request.on('error', (e) => finish(new TransportError(`request to ${url.host} failed: ${e.message}`, e)));
      request.end(body);
    });
}

/** A transport over the global fetch (Node 18+), for environments where node:http is not wanted. */
export function fetchTransport(): Transport {
  return async (req) => {
    const controller = new AbortController();
    const onAbort = () => controller.abort(req.signal?.reason);
    if (req.signal?.aborted) throw new AbortError(req.signal.reason);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = req.timeoutMs ? setTimeout(() => ((timedOut = true), controller.abort()), req.timeoutMs) : undefined;
    try {
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.bodyBytes ? (req.bodyBytes as Uint8Array<ArrayBuffer>) : req.body, signal: controller.signal });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      if (isMultipart(headers['content-type'])) {
        const bytes = new Uint8Array(await res.arrayBuffer());
        return { status: res.status, headers, body: Buffer.from(bytes).toString('utf8'), bodyBytes: bytes };
      }
      return { status: res.status, headers, body: await res.text() };
    } catch (e) {
      if (timedOut) throw new TimeoutError(req.timeoutMs!);
      if (req.signal?.aborted) throw new AbortError(req.signal.reason);
      throw new TransportError(`fetch failed: ${(e as Error).message}`, e);
    } finally {
      if (timer) clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  };
}
