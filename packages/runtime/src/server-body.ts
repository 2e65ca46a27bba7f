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
 * `ms` and `ms` plus one period (a quarter of the timeout, 10 ms to 250 ms) after it was set. The pending deadlines
 * form a doubly linked list through the deadline objects themselves (the body readers), so adding and removing one
 * allocates nothing and hashes nothing.
 */
export class Deadlines {
  /** A sentinel: `head.next` is the oldest pending deadline, `head.prev` the newest. */
  private readonly head: DeadlineLinks = { prev: undefined, next: undefined };
  private size = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly periodMs: number;

  constructor(timeoutMs: number) {
    this.periodMs = Math.max(10, Math.min(250, Math.floor(timeoutMs / 4)));
    this.head.prev = this.head.next = this.head;
  }

  /** Arms `d` to expire in `ms` (re-arming one already pending moves it). */
  add(d: Deadline, ms: number): void {
    if (d.next !== undefined) this.delete(d);
    d.at = Date.now() + ms;
    const last = this.head.prev!;
    d.prev = last;
    d.next = this.head;
    last.next = d;
    this.head.prev = d;
    this.size++;
    if (this.timer === undefined) this.timer = unref(setInterval(() => this.sweep(), this.periodMs));
  }

  /** Disarms `d`; nothing happens when it is not pending (expired, or never armed). */
  delete(d: Deadline): void {
    if (d.next === undefined) return;
    d.prev!.next = d.next;
    d.next.prev = d.prev;
    d.prev = d.next = undefined;
    this.size--;
  }

  /** How many deadlines are pending (for tests). */
  get pending(): number {
    return this.size;
  }

  private sweep(): void {
    const now = Date.now();
    // Expired ones are unlinked before any of them runs: expire() may add or delete deadlines.
    const due: Deadline[] = [];
    for (let d = this.head.next!; d !== this.head; d = d.next!) if ((d as Deadline).at <= now) due.push(d as Deadline);
    for (const d of due) this.delete(d);
    for (const d of due) d.expire();
    if (this.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

interface DeadlineLinks {
  prev: DeadlineLinks | undefined;
  next: DeadlineLinks | undefined;
}

/** Something with a deadline: the links are Deadlines' own (undefined while not pending). */
export interface Deadline extends DeadlineLinks {
  at: number;
  expire(): void;
}

/** Where a body reader reports: once, with the body or an error. */
export interface BodyConsumer {
  onBody(error: Error | undefined, body?: Uint8Array): void;
}

/** A node:http IncomingMessage (or another node Readable): pulled with read() on 'readable'. */
interface NodeReadable {
  read(): Uint8Array | null;
  /** node:http's IncomingMessage: true once the whole message was received (set before its end is pushed). */
  readonly complete?: boolean;
  readonly destroyed?: boolean;
  /** Node streams: true once 'data' listeners or resume() made the stream flow (null before, false once paused). */
  readonly readableFlowing?: boolean | null;
  on(event: string, listener: (...args: never[]) => void): unknown;
  [READER]?: BodyReader;
}

const READER = Symbol('wsdl2ts.bodyReader');
const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * Reads the request body, inflating gzip/deflate as it arrives, and tells `consumer` once, with the body or an error.
 * `maxBodyBytes` bounds the bytes on the wire and, separately, the inflated bytes: crossing either fails with 413 at
 * once (the inflater is destroyed, so a compression bomb costs at most one inflate chunk beyond the limit) and the
 * rest of the body is drained. Not done within `bodyTimeoutMs`: 408 (and the connection is closed). The client going
 * away: ClientGone. A callback rather than a promise: a small request's body usually arrives with its headers, and
 * the listener then answers in the tick that takes the body, without waiting for promise jobs.
 *
 * A node stream is pulled with read() on 'readable' through listeners shared by all requests (the reader hangs on the
 * request under a symbol), not pushed through 'data': node:http removes a request's 'data' listeners once its
 * response is written, which costs more than the rest of this plumbing. Other request objects (the replays of
 * server-adapters) get 'data' and 'end' listeners.
 *
 * node:http emits a request as soon as its headers are parsed, and parses the rest of the bytes it read (usually
 * the whole body of a small request) after the listener returns. On a real socket that happens in C++ after the
 * tick queue has run (node drains it when each parser callback returns), so the next tick is too early; the check
 * phase of the event loop (setImmediate), after every socket read in this turn, is not. So a node:http request is
 * first looked at there, all the requests of one turn in one batch: complete by then, its body is taken as it is,
 * with no listener and no deadline (which together cost more than parsing a small envelope); otherwise the
 * listeners and the deadline are set then, the deadline counting from the first look. A request that already flows
 * to someone's 'data' listeners is read through the listeners at once, as before.
 */
export function readRequestBody(req: IncomingMessage, limits: BodyLimits, coding: ContentCoding, deadlines: Deadlines, consumer: BodyConsumer): void {
  const reader = new BodyReader(req, limits.maxBodyBytes, coding, deadlines, consumer);
  const r = req as unknown as NodeReadable;
  // Not when the request already flows to 'data' listeners (code around the listener that records or forwards the
  // body): it would be drained before the first look. 'readable' stops the flow and read() feeds those listeners too.
  if (typeof r.read === 'function' && typeof r.complete === 'boolean' && r.readableFlowing !== true) {
    reader.lookTimeoutMs = limits.bodyTimeoutMs;
    toLook.push(reader);
    if (toLook.length === 1) setImmediate(lookAll);
    return;
  }
  deadlines.add(reader, limits.bodyTimeoutMs);
  if (typeof r.read === 'function') listen(r, reader);
  else {
    req.on('data', (c) => reader.data(c));
    req.on('end', () => reader.end());
    req.on('error', (e) => reader.error(e));
    req.once('close', () => reader.close());
  }
}

/** The requests waiting for their first look, in arrival order (one setImmediate for the lot). */
let toLook: BodyReader[] = [];

function lookAll(): void {
  const batch = toLook;
  toLook = [];
  for (let i = 0; i < batch.length; i++) {
    try {
      firstLook(batch[i]!);
    } catch (e) {
      // A consumer threw (it should not): the others still get their look, in the next turn.
      const scheduled = toLook.length > 0;
      for (let j = i + 1; j < batch.length; j++) toLook.push(batch[j]!);
      if (!scheduled && toLook.length > 0) setImmediate(lookAll);
      throw e;
    }
  }
}

function firstLook(reader: BodyReader): void {
  const r = reader.req as unknown as NodeReadable;
  const timeoutMs = reader.lookTimeoutMs;
  if (r.complete === true && r.readableFlowing !== true) {
    for (let c = r.read(); c !== null; c = r.read()) reader.data(c);
    reader.end();
    return;
  }
  // Destroyed before its body was complete (the client reset the connection in the same read): nobody is left.
  if (r.destroyed === true) return reader.close();
  reader.deadlines.add(reader, timeoutMs);
  listen(r, reader);
}

function listen(r: NodeReadable, reader: BodyReader): void {
  r[READER] = reader;
  r.on('readable', onReadable);
  // An IncomingMessage says itself when its body is complete: read to the end, it is done without waiting a tick
  // for 'end'.
  if (typeof r.complete !== 'boolean') r.on('end', onEnd);
  r.on('error', onError);
  r.on('close', onClose);
  // Already complete (an asynchronous authenticate let the whole body arrive first): an empty body that has ended
  // gets no 'readable' event, so what there is is read now.
  if (r.complete === true) onReadable.call(r);
}

function onReadable(this: NodeReadable): void {
  const reader = this[READER]!;
  for (let c = this.read(); c !== null; c = this.read()) reader.data(c);
  if (this.complete === true) reader.end();
}

function onEnd(this: NodeReadable): void {
  this[READER]!.end();
}

function onError(this: NodeReadable, e: Error): void {
  this[READER]!.error(e);
}

function onClose(this: NodeReadable): void {
  this[READER]!.close();
}

class BodyReader implements Deadline {
  at = 0;
  prev: DeadlineLinks | undefined = undefined;
  next: DeadlineLinks | undefined = undefined;
  private chunk: Uint8Array | undefined = undefined;
  private chunks: Uint8Array[] | undefined = undefined;
  private wire = 0;
  private size = 0;
  private settled = false;
  private draining = false;
  private ended = false;
  private drained = 0;
  private inflater: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | undefined = undefined;
  private firstByte: Uint8Array | undefined = undefined;
  /** The body timeout, armed at the first look if the body is still arriving then. */
  lookTimeoutMs = 0;

  constructor(
    readonly req: IncomingMessage,
    private readonly max: number,
    private readonly coding: ContentCoding,
    readonly deadlines: Deadlines,
    private readonly consumer: BodyConsumer,
  ) {}

  expire(): void {
    if (this.draining) this.req.destroy();
    else this.settle(new HttpReject(408, 'the request body took too long', { Connection: 'close' }));
  }

  private settle(error: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    if (this.inflater) {
      this.inflater.removeAllListeners('data');
      this.inflater.destroy();
      this.inflater = undefined;
    }
    if (error === undefined) {
      this.deadlines.delete(this);
      const body = this.chunks ? Buffer.concat(this.chunks) : (this.chunk ?? EMPTY);
      this.chunk = this.chunks = undefined;
      this.consumer.onBody(undefined, body);
      return;
    }
    this.chunk = this.chunks = undefined;
    if (error instanceof HttpReject && error.status === 413) this.draining = true;
    else this.deadlines.delete(this);
    this.consumer.onBody(error);
  }

  private output(c: Uint8Array): void {
    if (this.settled) return;
    this.size += c.length;
    if (this.size > this.max) return this.settle(new HttpReject(413, `the request is larger than ${this.max} bytes${this.inflater ? ' once inflated' : ''}`));
    if (this.chunks) this.chunks.push(c);
    else if (this.chunk) this.chunks = [this.chunk, c];
    else this.chunk = c;
  }

  private startInflater(c: Uint8Array): void {
    // HTTP's deflate is zlib-wrapped (RFC 9110), but some clients send raw deflate: a zlib header says which.
    const zlibWrapped = c.length >= 2 && (c[0]! & 0x0f) === 8 && ((c[0]! << 8) | c[1]!) % 31 === 0;
    const z = this.coding === 'gzip' ? zlib.createGunzip() : zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    z.on('data', (out: Uint8Array) => this.output(out));
    z.on('end', () => this.settle(undefined));
    z.on('error', (e: Error) => this.settle(new HttpReject(400, `the request body is not valid ${this.coding} data: ${e.message}`)));
    this.inflater = z;
  }

  data(c: Uint8Array): void {
    if (this.settled) {
      if (this.draining) {
        this.drained += c.length;
        if (this.drained > DRAIN_BYTES) {
          this.deadlines.delete(this);
          this.req.destroy();
        }
      }
      return;
    }
    this.wire += c.length;
    if (this.wire > this.max) return this.settle(new HttpReject(413, `the request is larger than ${this.max} bytes`));
    if (this.coding === 'identity') return this.output(c);
    if (!this.inflater) {
      // Deciding between zlib and raw deflate needs two bytes.
      if (this.coding === 'deflate' && !this.firstByte && c.length < 2) {
        this.firstByte = c;
        return;
      }
      if (this.firstByte) {
        c = Buffer.concat([this.firstByte, c]);
        this.firstByte = undefined;
      }
      this.startInflater(c);
    }
    this.inflater!.write(c);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.settled) {
      this.deadlines.delete(this);
      return;
    }
    if (this.coding === 'identity') return this.settle(undefined);
    if (!this.inflater) this.startInflater(this.firstByte ?? EMPTY);
    if (this.firstByte) this.inflater!.write(this.firstByte);
    this.inflater!.end();
  }

  error(e: Error): void {
    if (this.settled) {
      this.deadlines.delete(this);
      return;
    }
    this.settle(new ClientGone(e));
  }

  /**
   * node:http emits 'close' after 'end' too (the inflater may still be working then); before 'end' it means the
   * request was destroyed without an error (the server shutting down, say) and nothing more will arrive.
   */
  close(): void {
    if (this.settled) this.deadlines.delete(this);
    else if (!this.ended) this.settle(new ClientGone());
  }
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
