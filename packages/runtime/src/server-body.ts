import * as zlib from 'node:zlib';
import type { IncomingMessage } from './soap-server';

/** An answer without a SOAP envelope: an HTTP status and a short plain-text reason. */
export class HttpReject extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The client went away (connection reset or closed) before its request was read: nobody is left to answer. */
export class ClientGone extends Error {
  constructor(override readonly cause?: unknown) {
    super('the client closed the connection');
  }
}

export type ContentCoding = 'identity' | 'gzip' | 'deflate';

/** Codings the server inflates (any other is refused with 415 and this list in Accept-Encoding). */
export const ACCEPTED_CODINGS = 'gzip, deflate';

/**
 * The request's Content-Encoding: none or identity, gzip (x-gzip), or deflate (zlib-wrapped, or raw as some clients
 * send it). Anything else, a list of codings included, is a 415.
 */
export function contentCoding(value: string | undefined): ContentCoding {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'identity') return 'identity';
  if (v === 'gzip' || v === 'x-gzip') return 'gzip';
  if (v === 'deflate') return 'deflate';
  throw new HttpReject(415, `Content-Encoding ${JSON.stringify(v.slice(0, 40))} is not supported (use ${ACCEPTED_CODINGS} or none)`, { 'Accept-Encoding': ACCEPTED_CODINGS });
}

export interface BodyLimits {
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
}

/**
 * After a request is refused before its body was read, the rest of the body is read and discarded (so a keep-alive
 * connection stays usable), but at most this much: beyond it, or beyond the body timeout, the connection is closed.
 */
export const DRAIN_BYTES = 1024 * 1024;

/**
 * Body deadlines of one listener, checked by one coarse interval timer instead of a timer per request: arming and
 * clearing a timer for every request was a measurable part of a small request's cost. A deadline fires between
 * `ms` and `ms` plus one period (a quarter of the timeout, 10 ms to 250 ms) after it was set.
 */
export class Deadlines {
  private readonly pending = new Set<Deadline>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly periodMs: number;

  constructor(timeoutMs: number) {
    this.periodMs = Math.max(10, Math.min(250, Math.floor(timeoutMs / 4)));
  }

  add(ms: number, expire: () => void): Deadline {
    const d: Deadline = { at: Date.now() + ms, expire };
    this.pending.add(d);
    if (this.timer === undefined) this.timer = unref(setInterval(() => this.sweep(), this.periodMs));
    return d;
  }

  delete(d: Deadline): void {
    this.pending.delete(d);
  }

  private sweep(): void {
    const now = Date.now();
    for (const d of this.pending) {
      if (d.at <= now) {
        this.pending.delete(d);
        d.expire();
      }
    }
    if (this.pending.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
}

/**
 * Reads the request body, inflating gzip/deflate as it arrives, and calls `done` once, with the body or an error.
 * `maxBodyBytes` bounds the bytes on the wire and, separately, the inflated bytes: crossing either fails with 413 at
 * once (the inflater is destroyed, so a compression bomb costs at most one inflate chunk beyond the limit) and the
 * rest of the body is drained. Not done within `bodyTimeoutMs`: 408 (and the connection is closed). The client going
 * away: ClientGone. A callback rather than a promise: a small request's body usually arrives with its headers, and
 * the listener then answers without waiting for a microtask.
 */
export function readRequestBody(req: IncomingMessage, limits: BodyLimits, coding: ContentCoding, deadlines: Deadlines, done: (error: Error | undefined, body?: Uint8Array) => void): void {
  const max = limits.maxBodyBytes;
  let chunk: Uint8Array | undefined;
  let chunks: Uint8Array[] | undefined;
  let wire = 0;
  let size = 0;
  let settled = false;
  let draining = false;
  let ended = false;
  let drained = 0;
  let inflater: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | undefined;
  let firstByte: Uint8Array | undefined;
  let deadline: Deadline | undefined = deadlines.add(limits.bodyTimeoutMs, () => {
    deadline = undefined;
    if (draining) req.destroy();
    else settle(new HttpReject(408, 'the request body took too long', { Connection: 'close' }));
  });

  function clearDeadline(): void {
    if (deadline !== undefined) {
      deadlines.delete(deadline);
      deadline = undefined;
    }
  }

  function settle(error: Error | undefined): void {
    if (settled) return;
    settled = true;
    if (inflater) {
      inflater.removeAllListeners('data');
      inflater.destroy();
      inflater = undefined;
    }
    if (error === undefined) {
      clearDeadline();
      done(undefined, chunks ? Buffer.concat(chunks) : (chunk ?? Buffer.alloc(0)));
      return;
    }
    chunk = chunks = undefined;
    if (error instanceof HttpReject && error.status === 413) draining = true;
    else clearDeadline();
    done(error);
  }

  function output(c: Uint8Array): void {
    if (settled) return;
    size += c.length;
    if (size > max) return settle(new HttpReject(413, `the request is larger than ${max} bytes${inflater ? ' once inflated' : ''}`));
    if (chunks) chunks.push(c);
    else if (chunk) chunks = [chunk, c];
    else chunk = c;
  }

  function startInflater(c: Uint8Array): void {
    // HTTP's deflate is zlib-wrapped (RFC 9110), but some clients send raw deflate: a zlib header says which.
    const zlibWrapped = c.length >= 2 && (c[0]! & 0x0f) === 8 && ((c[0]! << 8) | c[1]!) % 31 === 0;
    const z = coding === 'gzip' ? zlib.createGunzip() : zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    z.on('data', output);
    z.on('end', () => settle(undefined));
    z.on('error', (e: Error) => settle(new HttpReject(400, `the request body is not valid ${coding} data: ${e.message}`)));
    inflater = z;
  }

  req.on('data', (c: Uint8Array) => {
    if (settled) {
      if (draining) {
        drained += c.length;
        if (drained > DRAIN_BYTES) {
          clearDeadline();
          req.destroy();
        }
      }
      return;
    }
    wire += c.length;
    if (wire > max) return settle(new HttpReject(413, `the request is larger than ${max} bytes`));
    if (coding === 'identity') return output(c);
    if (!inflater) {
      // Deciding between zlib and raw deflate needs two bytes.
      if (coding === 'deflate' && !firstByte && c.length < 2) {
        firstByte = c;
        return;
      }
      if (firstByte) {
        c = Buffer.concat([firstByte, c]);
        firstByte = undefined;
      }
      startInflater(c);
    }
    inflater!.write(c);
  });
  req.on('end', () => {
    ended = true;
    if (settled) {
      clearDeadline();
      return;
    }
    if (coding === 'identity') return settle(undefined);
    if (!inflater) startInflater(firstByte ?? new Uint8Array(0));
    if (firstByte) inflater!.write(firstByte);
    inflater!.end();
  });
  req.on('error', (e: Error) => {
    if (settled) {
      clearDeadline();
      return;
    }
    settle(new ClientGone(e));
  });
  // node:http emits 'close' after 'end' too (the inflater may still be working then); before 'end' it means the
  // request was destroyed without an error (the server shutting down, say) and nothing more will arrive.
  req.once('close', () => {
    if (settled) clearDeadline();
    else if (!ended) settle(new ClientGone());
  });
}

/**
 * Reads and discards an unread request body (after a refusal that did not need it), keeping the connection usable,
 * up to DRAIN_BYTES or `timeoutMs`; beyond either, the connection is closed.
 */
export function drainRequest(req: IncomingMessage, timeoutMs: number): void {
  let drained = 0;
  const timer = unref(setTimeout(() => req.destroy(), timeoutMs));
  req.on('data', (c: Uint8Array) => {
    drained += c.length;
    if (drained > DRAIN_BYTES) {
      clearTimeout(timer);
      req.destroy();
    }
  });
  req.on('end', () => clearTimeout(timer));
  req.on('error', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
}

/** Timers here must not keep a process alive that is otherwise done (a server closing, a test run ending). */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
