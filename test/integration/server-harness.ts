/**
 * Shared by the server tests: the generated MS-WMS listener with a handler whose every method records that it ran,
 * served by createSoapServer on 127.0.0.1, and raw HTTP helpers (node:http and net) that show exactly what came back.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationListener as wmsListener, type DefaultBinding_IWorkManagementServiceApplicationHandler as WmsHandler } from '../golden/ms-wms/expected/server';

export const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const S12 = 'http://www.w3.org/2003/05/soap-envelope';
export const WSA = 'http://www.w3.org/2005/08/addressing';
export const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const TEMPURI = 'http://tempuri.org/';
export const ACTION = 'http://tempuri.org/IWorkManagementServiceApplication/';
export const AUTH = `Basic ${Buffer.from('alice:secret').toString('base64')}`;

/** Names of the handler methods that ran, in order, and the contexts they got. */
export interface Recorder {
  readonly ran: string[];
  readonly contexts: rt.ServerContext<string>[];
}

export function recordingHandler(rec: Recorder, hooks: { beforeCacheRefresh?: (ctx: rt.ServerContext<string>) => Promise<void> } = {}): WmsHandler<string> {
  const note = (name: string, ctx: rt.ServerContext<string>) => {
    rec.ran.push(name);
    rec.contexts.push(ctx);
  };
  return {
    beginCacheRefresh: async (_i, ctx) => {
      note('beginCacheRefresh', ctx);
      await hooks.beforeCacheRefresh?.(ctx);
      return { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: null, CurrentJobIdClient: -1 } };
    },
    beginExchangeSync: (_i, ctx) => (note('beginExchangeSync', ctx), { BeginExchangeSyncResult: true }),
    optIntoExchangeSync: (_i, ctx) => (note('optIntoExchangeSync', ctx), { OptIntoExchangeSyncResult: 'MissingEmailAddress' }),
    optOutOfExchangeSync: (_i, ctx) => (note('optOutOfExchangeSync', ctx), { OptOutOfExchangeSyncResult: false }),
    getExchangeSyncInfo: (_i, ctx) => (note('getExchangeSyncInfo', ctx), { GetExchangeSyncInfoResult: { IsOptedIn: false, LastSyncResult: 'Success' } }),
    beginCreateTaskPropagation: (_i, ctx) => void note('beginCreateTaskPropagation', ctx),
    beginUpdateTaskPropagation: (_i, ctx) => void note('beginUpdateTaskPropagation', ctx),
    beginDeleteTaskPropagation: (_i, ctx) => void note('beginDeleteTaskPropagation', ctx),
    beginRelocateTaskPropagation: (_i, ctx) => void note('beginRelocateTaskPropagation', ctx),
  };
}

export interface Running {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly rec: Recorder;
  readonly errors: unknown[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly server?: Partial<rt.SoapServerTimeouts>;
  readonly options?: Partial<rt.ServerOptions<string>>;
  readonly hooks?: Parameters<typeof recordingHandler>[1];
}

export async function startServer(o: StartOptions = {}): Promise<Running> {
  const rec: Recorder = { ran: [], contexts: [] };
  const errors: unknown[] = [];
  const listener = wmsListener(recordingHandler(rec, o.hooks), {
    authenticate: (req) => (req.headers.authorization === AUTH ? 'alice' : null),
    wsdl: '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>',
    onError: (e) => errors.push(e),
    // As the MS-WMS reference service: SharePoint's ServiceContext header is one the service understands.
    headers: [rt.ServiceContextElement],
    ...o.options,
  });
  const srv = rt.createSoapServer(listener, o.server) as unknown as http.Server;
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/WorkManagementService.svc`,
    host: '127.0.0.1',
    port,
    rec,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type Body = string | Uint8Array | AsyncIterable<Uint8Array>;

/**
 * One HTTP request with node:http. A streamed body is sent chunked and stops as soon as the response arrives (the
 * request is then ended, so a keep-alive connection can be reused).
 */
export function request(url: string, init: { method?: string; headers?: Record<string, string | number>; body?: Body; agent?: http.Agent } = {}): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method: init.method ?? 'POST', headers: init.headers, agent: init.agent ?? false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const body = init.body;
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      req.end(body);
      return;
    }
    void (async () => {
      try {
        for await (const c of body) {
          if (answered || req.destroyed) break;
          if (!req.write(c)) {
            await new Promise<void>((r) => {
              const done = () => {
                req.off('drain', done);
                req.off('close', done);
                req.off('response', done);
                r();
              };
              req.on('drain', done);
              req.on('close', done);
              req.on('response', done);
            });
          }
        }
      } catch (e) {
        // The body's source failing after the server answered (and the stream was torn down) is expected.
        if (!answered) req.destroy(e as Error);
        return;
      }
      if (!req.destroyed) req.end();
    })();
  });
}

/** Writes raw bytes on a fresh TCP connection and resolves with everything read until the server closes it. */
export function rawExchange(port: number, write: (socket: net.Socket) => void | Promise<void>): Promise<{ data: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the server gave up is expected
    socket.on('close', () => resolve({ data: Buffer.concat(chunks).toString('latin1'), closedAfterMs: Date.now() - started }));
    socket.on('connect', () => {
      Promise.resolve(write(socket)).catch(reject);
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function env11(body: string, head = '', attrs = ''): string {
  return `<s:Envelope xmlns:s="${S11}"${attrs}>${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;
}

export function env12(body: string, head = ''): string {
  return `<s:Envelope xmlns:s="${S12}" xmlns:a="${WSA}">${head ? `<s:Header>${head}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;
}

export const CACHE_REFRESH = `<BeginCacheRefresh xmlns="${TEMPURI}"/>`;

export const H11 = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${ACTION}BeginCacheRefresh"`, Authorization: AUTH };
export const H12 = { 'Content-Type': `application/soap+xml; charset=utf-8; action="${ACTION}BeginCacheRefresh"`, Authorization: AUTH };

/** A normal BeginCacheRefresh call (SOAP 1.1) that must succeed and run the handler. */
export async function normalCall(s: Running, agent?: http.Agent): Promise<void> {
  const before = s.rec.ran.length;
  const res = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH), agent });
  if (res.status !== 200 || !res.body.includes('BeginCacheRefreshResponse')) throw new Error(`a normal request failed: ${res.status} ${res.body.slice(0, 300)}`);
  if (s.rec.ran.length !== before + 1 || s.rec.ran[before] !== 'beginCacheRefresh') throw new Error(`the handler did not run once: ${s.rec.ran.join(',')}`);
}

/** The fault in a response body: its code (1.1 faultcode or 1.2 Code/Value) and 1.2 subcode, as written. */
export function faultOf(body: string): { code?: string; subcode?: string; reason?: string } {
  const code = /<faultcode(?: [^>]*)?>([^<]*)<\/faultcode>/.exec(body)?.[1] ?? /<s:Code><s:Value>([^<]*)<\/s:Value>/.exec(body)?.[1];
  const subcode = /<s:Subcode><s:Value[^>]*>([^<]*)<\/s:Value>/.exec(body)?.[1];
  const reason = /<faultstring[^>]*>([^<]*)<\/faultstring>/.exec(body)?.[1] ?? /<s:Text[^>]*>([^<]*)<\/s:Text>/.exec(body)?.[1];
  return { code, subcode, reason };
}

/** Object.prototype's own property names and their descriptors' identity, to check nothing was added or replaced. */
export function prototypeSnapshot(): string {
  return Object.getOwnPropertyNames(Object.prototype)
    .sort()
    .map((k) => {
      const d = Object.getOwnPropertyDescriptor(Object.prototype, k)!;
      return `${k}:${typeof d.value}:${typeof d.get}:${String(d.writable)}`;
    })
    .join(',');
}
