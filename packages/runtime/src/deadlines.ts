/**
 * Call timeouts of the client transports. They share one coarse (25 ms) sweep instead of a timer per call: arming and
 * clearing a timer on every request costs a quarter of the throughput with 10 calls in flight.
 *
 * The pending deadlines are an intrusive doubly linked list, not a Set: with a long-lived Set (an add and a delete on
 * every call), every young-generation collection promoted the calls it had held, already finished (request, response,
 * promise chain), and only full collections freed them; with 10 calls in flight that garbage-collection work was a
 * quarter to a half of the client's CPU time (test/bench/client.js, README). Removing the Set removed the promotion; its
 * backing tables in the old generation evidently kept pointing at entries the collector had to treat as live.
 * Unlinking a deadline clears its links, so nothing old refers to a finished call.
 */
export abstract class Deadline {
  /** Links of the pending list: set only while armed. */
  private prevDeadline: Deadline | undefined = undefined;
  private nextDeadline: Deadline | undefined = undefined;
  private armed = false;

  /** `at`: ms since the epoch after which `expire` runs, unless the deadline was cancelled before. */
  constructor(readonly at: number) {}

  abstract expire(): void;

  /** Arms the deadline. */
  watch(): void {
    if (this.armed) return;
    this.armed = true;
    this.nextDeadline = head;
    if (head) head.prevDeadline = this;
    head = this;
    if (!sweeper) {
      sweeper = setInterval(sweep, 25);
      (sweeper as { unref?: () => void }).unref?.();
    }
  }

  /** Forgets the deadline (the call settled before it). */
  cancel(): void {
    if (!this.armed) return;
    this.armed = false;
    const prev = this.prevDeadline;
    const next = this.nextDeadline;
    if (prev) prev.nextDeadline = next;
    else head = next;
    if (next) next.prevDeadline = prev;
    this.prevDeadline = this.nextDeadline = undefined;
  }

  /** Expired deadlines, unlinked (their `expire` runs after the walk, which it may not disturb). */
  static expired(now: number): Deadline[] {
    const out: Deadline[] = [];
    for (let d = head; d; d = d.nextDeadline) if (d.at <= now) out.push(d);
    for (const d of out) d.cancel();
    return out;
  }

  static get idle(): boolean {
    return head === undefined;
  }
}

/** A deadline that calls a function. */
export class CallbackDeadline extends Deadline {
  constructor(
    at: number,
    private readonly onExpire: () => void,
  ) {
    super(at);
  }

  expire(): void {
    this.onExpire();
  }
}

let head: Deadline | undefined;
let sweeper: ReturnType<typeof setInterval> | undefined;

function sweep(): void {
  for (const d of Deadline.expired(Date.now())) d.expire();
  if (Deadline.idle && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}
