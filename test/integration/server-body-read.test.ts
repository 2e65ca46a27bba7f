import * as net from 'node:net';
import { AUTH, CACHE_REFRESH, env11, normalCall, sleep, startServer, type Running } from './server-harness';

/**
 * How the listener reads a body from node:http (taken whole when it is complete at the first look, in the event
 * loop's check phase after the headers; else pulled on 'readable' until the IncomingMessage is complete): bodies
 * split across packets, several requests on one connection, a client leaving mid-body or resetting the connection
 * at once, an empty body.
 */

const PATH = '/WorkManagementService.svc';
const head = (length: number, extra = '') =>
  `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: "http://tempuri.org/IWorkManagementServiceApplication/BeginCacheRefresh"\r\nAuthorization: ${AUTH}\r\nContent-Length: ${length}\r\n${extra}\r\n`;

/** A keep-alive connection that collects what the server sends; `responses(n)` waits for n complete responses. */
function connection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let data = Buffer.alloc(0);
  let closed = false;
  socket.on('data', (c) => (data = Buffer.concat([data, c])));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  /** Complete responses so far: status and body, split by their Content-Length. */
  const parse = () => {
    const out: { status: number; body: string }[] = [];
    let text = data.toString('latin1');
    for (;;) {
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/content-length: (\d+)/i.exec(text.slice(0, end))?.[1] ?? NaN);
      if (!(text.length >= end + 4 + length)) break;
      out.push({ status: Number(text.slice(9, 12)), body: text.slice(end + 4, end + 4 + length) });
      text = text.slice(end + 4 + length);
    }
    return out;
  };
  return {
    socket,
    connected,
    get closed() {
      return closed;
    },
    async responses(n: number, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (parse().length < n && Date.now() < until && !closed) await sleep(5);
      return parse();
    },
  };
}

/**
 * The MS-WMS listener (BeginCacheRefresh answers CurrentJobId 7; `ran` records the calls) in a plain node:http
 * server whose request handler is `around(req, res, listener)`: code around the listener. `run` gets a connection.
 */
async function aroundListener(
  around: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, listener: (req: never, res: never) => void) => void,
  run: (c: ReturnType<typeof connection>, ran: string[]) => Promise<void>,
): Promise<void> {
  const { DefaultBinding_IWorkManagementServiceApplicationListener: wms } = await import('../golden/ms-wms/expected/server');
  const ran: string[] = [];
  const listener = wms(
    { beginCacheRefresh: () => (ran.push('beginCacheRefresh'), { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 7, CurrentJobIdClient: 7 } }) } as never,
    { authenticate: () => 'alice' },
  );
  const http = await import('node:http');
  const srv = http.createServer((req, res) => around(req, res, listener as (req: never, res: never) => void));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const c = connection((srv.address() as import('node:net').AddressInfo).port);
  try {
    await c.connected;
    await run(c, ran);
  } finally {
    c.socket.destroy();
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}

describe('reading request bodies from node:http', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ options: { limits: { bodyTimeoutMs: 2000 } } });
  });
  afterAll(() => s.close());

  test('a body split across many packets, with pauses, is read whole; the connection stays usable', async () => {
    const before = s.rec.ran.length;
    const body = env11(CACHE_REFRESH);
    const c = connection(s.port);
    await c.connected;
    c.socket.write(head(body.length));
    for (let i = 0; i < body.length; i += 17) {
      c.socket.write(body.slice(i, i + 17));
      await sleep(3);
    }
    let got = await c.responses(1);
    expect(got.map((r) => r.status)).toStrictEqual([200]);
    expect(got[0]!.body).toContain('BeginCacheRefreshResponse');
    // The same connection: the next request's body arrives with its headers.
    c.socket.write(head(body.length) + body);
    got = await c.responses(2);
    expect(got.map((r) => r.status)).toStrictEqual([200, 200]);
    expect(c.closed).toBe(false);
    expect(s.rec.ran.slice(before)).toStrictEqual(['beginCacheRefresh', 'beginCacheRefresh']);
    c.socket.destroy();
  });

  test('several requests in one packet (pipelined) are all answered, in order', async () => {
    const before = s.rec.ran.length;
    const ok = env11(CACHE_REFRESH);
    const bad = env11('<NoSuchOperation xmlns="urn:x"/>');
    const c = connection(s.port);
    await c.connected;
    c.socket.write(head(ok.length) + ok + head(bad.length) + bad + head(ok.length) + ok);
    const got = await c.responses(3);
    expect(got.map((r) => r.status)).toStrictEqual([200, 500, 200]);
    expect(got[1]!.body).toContain('no operation takes {urn:x}NoSuchOperation');
    expect(s.rec.ran.slice(before)).toStrictEqual(['beginCacheRefresh', 'beginCacheRefresh']);
    c.socket.destroy();
  });

  test('an empty body gets a client fault, at once', async () => {
    const c = connection(s.port);
    await c.connected;
    const started = Date.now();
    c.socket.write(head(0));
    const got = await c.responses(1);
    expect(got.map((r) => r.status)).toStrictEqual([500]);
    expect(got[0]!.body).toContain('<faultcode>s:Client</faultcode>');
    expect(Date.now() - started).toBeLessThan(1000);
    c.socket.destroy();
  });

  test('a client that leaves mid-body: no handler runs, nothing is reported, the server carries on', async () => {
    const before = s.rec.ran.length;
    const errors = s.errors.length;
    const body = env11(CACHE_REFRESH);
    const c = connection(s.port);
    await c.connected;
    c.socket.write(head(body.length) + body.slice(0, 40));
    await sleep(50);
    c.socket.destroy();
    // Past the body timeout: the deadline of the abandoned body must neither answer nor report anything.
    await sleep(2600);
    expect(s.rec.ran.length).toBe(before);
    expect(s.errors.length).toBe(errors);
    await normalCall(s);
  });

  test('a client that resets the connection right after part of a body: no handler runs, nothing is reported', async () => {
    const before = s.rec.ran.length;
    const errors = s.errors.length;
    const body = env11(CACHE_REFRESH);
    const c = connection(s.port);
    await c.connected;
    // The reset follows the bytes at once: the first look may find the request destroyed, or still waiting for its body.
    c.socket.write(head(body.length) + body.slice(0, 40), () => c.socket.resetAndDestroy());
    await sleep(2600);
    expect(s.rec.ran.length).toBe(before);
    expect(s.errors.length).toBe(errors);
    await normalCall(s);
  });

  test('a body that stops arriving after the first look gets 408 once the body timeout has passed', async () => {
    const body = env11(CACHE_REFRESH);
    const c = connection(s.port);
    await c.connected;
    let raw = '';
    c.socket.on('data', (d: Buffer) => (raw += d.toString('latin1')));
    const started = Date.now();
    c.socket.write(head(body.length) + body.slice(0, 40));
    while (!c.closed && Date.now() - started < 5000) await sleep(10);
    // The 408 closes the connection (it carries no Content-Length: its end is the connection's).
    expect(raw).toMatch(/^HTTP\/1\.1 408 /);
    expect(raw).toContain('the request body took too long');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  test('code around the listener that taps the body with a data listener first: both get the whole body', async () => {
    const tapped: string[] = [];
    const body = env11(CACHE_REFRESH);
    await aroundListener(
      (req, res, listener) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => tapped.push(Buffer.concat(chunks).toString('utf8')));
        listener(req as never, res as never);
      },
      async (c, ran) => {
        c.socket.write(head(body.length) + body);
        const got = await c.responses(1);
        expect(got.map((r) => r.status)).toEqual([200]);
        expect(got[0]!.body).toContain('CurrentJobId>7<');
        expect(ran).toEqual(['beginCacheRefresh']);
        expect(tapped).toEqual([body]);
      },
    );
  });

  test('on a real socket, a body that arrives with its headers is taken whole without listeners; a body still arriving gets them', async () => {
    // node:http parses a packet's body after the 'request' event's tick queue has run, so a look at the next tick
    // would find every body incomplete and always pay for the listeners and the deadline.
    const readable: number[] = [];
    const body = env11(CACHE_REFRESH);
    await aroundListener(
      (req, res, listener) => {
        res.once('finish', () => readable.push(req.listenerCount('readable')));
        listener(req as never, res as never);
      },
      async (c, ran) => {
        c.socket.write(head(body.length) + body);
        expect((await c.responses(1)).map((r) => r.status)).toEqual([200]);
        c.socket.write(head(body.length));
        await sleep(20);
        c.socket.write(body);
        const got = await c.responses(2);
        expect(got.map((r) => r.status)).toEqual([200, 200]);
        expect(got[1]!.body).toContain('CurrentJobId>7<');
        expect(ran).toEqual(['beginCacheRefresh', 'beginCacheRefresh']);
        expect(readable).toEqual([0, 1]);
      },
    );
  });

  describe('after an asynchronous authenticate (the whole request has arrived before the body is read)', () => {
    let slow: Running;
    beforeAll(async () => {
      slow = await startServer({ options: { authenticate: async (req) => (await sleep(30), req.headers.authorization === AUTH ? 'alice' : null), limits: { bodyTimeoutMs: 3000 } } });
    });
    afterAll(() => slow.close());

    test('a body is read whole', async () => {
      const body = env11(CACHE_REFRESH);
      const c = connection(slow.port);
      await c.connected;
      c.socket.write(head(body.length) + body);
      const got = await c.responses(1);
      expect(got.map((r) => r.status)).toStrictEqual([200]);
      expect(got[0]!.body).toContain('BeginCacheRefreshResponse');
      c.socket.destroy();
    });

    test('an empty body is answered at once, not at the body timeout', async () => {
      const c = connection(slow.port);
      await c.connected;
      const started = Date.now();
      c.socket.write(head(0));
      const got = await c.responses(1);
      expect(got.map((r) => r.status)).toStrictEqual([500]);
      expect(got[0]!.body).toContain('<faultcode>s:Client</faultcode>');
      expect(Date.now() - started).toBeLessThan(1500);
      c.socket.destroy();
    });
  });
});
