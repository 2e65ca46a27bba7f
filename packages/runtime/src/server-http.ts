import * as http from 'node:http';
import type { RequestListener } from './soap-server';
import { sweepIdleConnections } from './idle-sweep';

/**
 * Connection-level limits a request listener cannot set itself. The defaults are modelled on WCF/HTTP.sys rather than
 * on Node's (whose request timeout is 5 minutes and whose header timeout is a minute, checked every 30 s).
 */
export interface SoapServerTimeouts {
  /** Time allowed to receive the request line and headers, in ms (slowloris): 408 and the connection is closed. Default 10 s. */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive the whole request, body included, in ms: 408 and the connection is closed. Default 30 s. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open, in ms. Default 5 s. */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic in either direction for this long is closed, in ms (a client that stops reading its response). Default 120 s, as HTTP.sys. */
  readonly idleTimeoutMs: number;
  /** Largest request line plus headers, in bytes: 431 beyond it. Default 16 KiB, as HTTP.sys. */
  readonly maxHeaderSize: number;
  /** How often the header and request timeouts are checked, in ms. Default: a quarter of the smaller of the two, at most 1 s. */
  readonly checkIntervalMs?: number;
}

export const DEFAULT_SERVER_TIMEOUTS: SoapServerTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  maxHeaderSize: 16 * 1024,
};

/**
 * The node:http Server createSoapServer returns, as far as the runtime's typings go (which do not depend on
 * @types/node). It is a real `http.Server`: cast it to use the rest of its API.
 */
export interface SoapHttpServer {
  listen(port?: number, hostname?: string, callback?: () => void): this;
  listen(port: number, callback?: () => void): this;
  close(callback?: (error?: Error) => void): this;
  closeAllConnections(): void;
  closeIdleConnections(): void;
  address(): { readonly address: string; readonly family: string; readonly port: number } | string | null;
  on(event: string, listener: (...args: never[]) => void): this;
  once(event: string, listener: (...args: never[]) => void): this;
  readonly listening: boolean;
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  timeout: number;
}

/**
 * A node:http Server running `listener` with the limits above applied (the listener's own limits still hold: body
 * size, body time, XML limits). Node answers a request whose headers or whole body are late with 408 and closes the
 * connection; headers over `maxHeaderSize` get 431.
 */
export function createSoapServer(listener: RequestListener, timeouts: Partial<SoapServerTimeouts> = {}): SoapHttpServer {
  const t: SoapServerTimeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...timeouts };
  for (const [k, v] of Object.entries(t)) {
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))) throw new RangeError(`createSoapServer: ${k} must be a non-negative number`);
  }
  // Node requires headersTimeout <= requestTimeout (when both are set).
  const headersTimeout = t.requestTimeoutMs > 0 ? Math.min(t.headersTimeoutMs, t.requestTimeoutMs) : t.headersTimeoutMs;
  const positive = [headersTimeout, t.requestTimeoutMs].filter((v) => v > 0);
  const checkInterval = t.checkIntervalMs ?? Math.max(10, Math.min(1000, Math.floor(Math.min(...positive, 4000) / 4)));
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout: t.requestTimeoutMs,
      maxHeaderSize: t.maxHeaderSize,
      connectionsCheckingInterval: checkInterval,
    },
    listener as unknown as http.RequestListener,
  );
  server.keepAliveTimeout = t.keepAliveTimeoutMs;
  // Not node's `server.timeout`, which refreshes a timer per socket on every read and write: one sweep per server.
  server.timeout = 0;
  sweepIdleConnections(server, t.idleTimeoutMs, Math.max(10, Math.min(1000, Math.floor(t.idleTimeoutMs / 4))));
  // Without this, node:http answers `Expect: 100-continue` before the listener sees the headers, and a client
  // uploads a body the listener is about to refuse (413, 415, 405). The listener sends the 100 itself once they pass.
  server.on('checkContinue', listener as unknown as http.RequestListener);
  return server as unknown as SoapHttpServer;
}
