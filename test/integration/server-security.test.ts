/**
 * WS-Security: the Security header goes to `verifySecurity`, and is refused when no verifier is configured.
 */
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';
import { CACHE_REFRESH, env11, env12, faultOf, H11, H12, request, Running, S11, startServer, WSSE } from './server-harness';

const TOKEN = `<wsse:UsernameToken><wsse:Username>bob</wsse:Username><wsse:Password>pw</wsse:Password></wsse:UsernameToken>`;
const security = (attrs = '', inner = TOKEN) => `<wsse:Security xmlns:wsse="${WSSE}"${attrs}>${inner}</wsse:Security>`;
const NO_AUTH11 = { 'Content-Type': H11['Content-Type'], SOAPAction: H11.SOAPAction };

type Verifier = NonNullable<rt.ServerOptions<string>['verifySecurity']>;

/** A server whose verifier records what it was given and answers with `verdict`. */
async function withVerifier(verdict: (h: rt.SecurityHeader<string>) => ReturnType<Verifier>, body: (s: Running, seen: rt.SecurityHeader<string>[]) => Promise<void>): Promise<void> {
  const seen: rt.SecurityHeader<string>[] = [];
  const s = await startServer({
    options: {
      verifySecurity: (h) => {
        seen.push(h);
        return verdict(h);
      },
    },
  });
  try {
    await body(s, seen);
  } finally {
    await s.close();
  }
}

/** The username in a UsernameToken, read with the runtime's reader from the header's standalone XML. */
function usernameOf(xml: string): string | undefined {
  const r = new rt.XmlReader(xml);
  r.readRoot();
  let name: string | undefined;
  while (r.nextChild()) {
    const outer: string = r.local;
    if (outer !== 'UsernameToken') {
      r.skip();
      continue;
    }
    while (r.nextChild()) {
      const inner: string = r.local;
      if (inner === 'Username') name = r.readText();
      else r.skip();
    }
  }
  r.end();
  return name;
}

describe('WS-Security header', () => {
  test('a verifier returning true accepts the header; it gets the raw element, standalone, and the envelope', async () => {
    await withVerifier(
      () => true,
      async (s, seen) => {
        const res = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, security(' s:mustUnderstand="1"')) });
        expect(res.status).toBe(200);
        expect(s.rec.ran).toEqual(['beginCacheRefresh']);
        expect(s.rec.contexts[0]!.user).toBe('alice');
        expect(seen).toHaveLength(1);
        const h = seen[0]!;
        expect(h.mustUnderstand).toBe(true);
        expect(h.user).toBe('alice');
        expect(h.operation).toBe('BeginCacheRefresh');
        expect(h.soapVersion).toBe('1.1');
        // The element as received, with the envelope's namespace declaration it uses (s:mustUnderstand) added.
        expect(h.xml).toBe(`<wsse:Security xmlns:s="${S11}" xmlns:wsse="${WSSE}" s:mustUnderstand="1">${TOKEN}</wsse:Security>`);
        expect(usernameOf(h.xml)).toBe('bob');
        expect(h.envelope).toBe(env11(CACHE_REFRESH, security(' s:mustUnderstand="1"')));
      },
    );
  });

  test('a verifier naming the user lets a request without HTTP credentials in (UsernameToken); async verifiers work', async () => {
    await withVerifier(
      async (h) => {
        await new Promise((r) => setTimeout(r, 5));
        return usernameOf(h.xml) === 'bob' && h.user === undefined ? { user: 'bob' } : false;
      },
      async (s) => {
        const res = await request(s.url, { headers: NO_AUTH11, body: env11(CACHE_REFRESH, security()) });
        expect(res.status).toBe(200);
        expect(s.rec.contexts.map((c) => c.user)).toEqual(['bob']);
        // Without a Security header the request is anonymous: 401 as before.
        const anonymous = await request(s.url, { headers: NO_AUTH11, body: env11(CACHE_REFRESH) });
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers['www-authenticate']).toMatch(/^Basic /);
        expect(s.rec.ran).toEqual(['beginCacheRefresh']);
      },
    );
  });

  test('the generated client with a Security header and a verifier', async () => {
    await withVerifier(
      (h) => ({ user: usernameOf(h.xml)! }),
      async (s) => {
        for (const soapVersion of ['1.1', '1.2'] as const) {
          const c = new WmsClient({ endpoint: s.url, soapVersion, addressing: soapVersion === '1.2', headers: [{ xml: security() }] });
          await expect(c.beginCacheRefresh()).resolves.toEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: null, CurrentJobIdClient: -1 } });
        }
        expect(s.rec.contexts.map((c) => [c.user, c.soapVersion])).toEqual([
          ['bob', '1.1'],
          ['bob', '1.2'],
        ]);
      },
    );
  });

  test.each([
    ['returns false', () => false],
    ['returns true without a user when authenticate found none', () => true],
    ['returns null', () => null as unknown as boolean],
    ['returns a string', () => 'bob' as unknown as boolean],
  ])('a verifier that %s: client fault wsse:InvalidSecurity, no handler', async (_name, verdict) => {
    await withVerifier(verdict, async (s, seen) => {
      const headers = _name.includes('authenticate') ? NO_AUTH11 : H11;
      const r11 = await request(s.url, { headers, body: env11(CACHE_REFRESH, security()) });
      expect([r11.status, faultOf(r11.body).code]).toEqual([500, 'wsse:InvalidSecurity']);
      expect(r11.body).toContain(`<faultcode xmlns:wsse="${WSSE}">wsse:InvalidSecurity</faultcode>`);
      const r12 = await request(s.url, { headers: _name.includes('authenticate') ? { 'Content-Type': H12['Content-Type'] } : H12, body: env12(CACHE_REFRESH, security()) });
      expect([r12.status, faultOf(r12.body).code, faultOf(r12.body).subcode]).toEqual([400, 's:Sender', 'wsse:InvalidSecurity']);
      expect(r12.body).toContain(`xmlns:wsse="${WSSE}"`);
      expect(seen).toHaveLength(2);
      expect(s.rec.ran).toEqual([]);
    });
  });

  test('a verifier throwing a SoapFault answers with it; any other exception is a generic server fault and goes to onError', async () => {
    await withVerifier(
      (h) => {
        if (usernameOf(h.xml) === 'bob') throw new rt.SoapFault('client', 'the token has expired');
        throw new Error('verifier bug at /srv/secret/path.js:12');
      },
      async (s) => {
        const expired = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, security()) });
        expect([expired.status, faultOf(expired.body).code, faultOf(expired.body).reason]).toEqual([500, 's:Client', 'the token has expired']);
        const bug = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, security('', '<wsse:UsernameToken><wsse:Username>eve</wsse:Username></wsse:UsernameToken>')) });
        expect([bug.status, faultOf(bug.body).code, faultOf(bug.body).reason]).toEqual([500, 's:Server', 'The server was unable to process the request.']);
        expect(bug.body).not.toContain('secret');
        expect(s.errors).toHaveLength(1);
        expect(s.rec.ran).toEqual([]);
      },
    );
  });

  test('two Security headers are refused without calling the verifier', async () => {
    await withVerifier(
      () => true,
      async (s, seen) => {
        const res = await request(s.url, { headers: H12, body: env12(CACHE_REFRESH, security() + security()) });
        expect([res.status, faultOf(res.body).subcode]).toEqual([400, 'wsse:InvalidSecurity']);
        expect(seen).toEqual([]);
        expect(s.rec.ran).toEqual([]);
      },
    );
  });

  test('with a verifier, mustUnderstand Security counts as understood, but other unknown mustUnderstand headers still fault first', async () => {
    await withVerifier(
      () => true,
      async (s, seen) => {
        const res = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, security(' s:mustUnderstand="1"') + '<x:Tx xmlns:x="urn:tx" s:mustUnderstand="1"/>') });
        expect([res.status, faultOf(res.body).code]).toEqual([500, 's:MustUnderstand']);
        expect(seen).toEqual([]);
        expect(s.rec.ran).toEqual([]);
      },
    );
  });

  test('a Security header targeted at another actor or role is neither verified nor refused', async () => {
    await withVerifier(
      () => false,
      async (s, seen) => {
        const r11 = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, security(' s:actor="urn:some-intermediary" s:mustUnderstand="1"')) });
        expect(r11.status).toBe(200);
        const r12 = await request(s.url, { headers: H12, body: env12(CACHE_REFRESH, security(' s:role="http://www.w3.org/2003/05/soap-envelope/role/none" s:mustUnderstand="true"')) });
        expect(r12.status).toBe(200);
        // "next" and ultimateReceiver address this node.
        const next = await request(s.url, { headers: H12, body: env12(CACHE_REFRESH, security(' s:role="http://www.w3.org/2003/05/soap-envelope/role/next"')) });
        expect(next.status).toBe(400);
        expect(seen).toHaveLength(1);
        expect(s.rec.ran).toEqual(['beginCacheRefresh', 'beginCacheRefresh']);
      },
    );
  });

  test('the verifier gets the envelope text of a UTF-16 request', async () => {
    await withVerifier(
      () => true,
      async (s, seen) => {
        const text = `<?xml version="1.0" encoding="utf-16"?>${env11(CACHE_REFRESH, security())}`;
        const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        const res = await request(s.url, { headers: { ...H11, 'Content-Type': 'text/xml; charset=utf-16' }, body });
        expect(res.status).toBe(200);
        expect(seen[0]!.envelope).toBe(text);
      },
    );
  });

  test('without a verifier: refused with a fault when authenticated, 401 when not (authentication comes first)', async () => {
    const s = await startServer();
    try {
      const authed = await request(s.url, { headers: H11, body: env11(CACHE_REFRESH, security()) });
      expect([authed.status, faultOf(authed.body).code, faultOf(authed.body).reason]).toEqual([500, 'wsse:InvalidSecurity', 'An error occurred when verifying security for the message.']);
      const anonymous = await request(s.url, { headers: NO_AUTH11, body: env11(CACHE_REFRESH, security()) });
      expect(anonymous.status).toBe(401);
      expect(s.rec.ran).toEqual([]);
    } finally {
      await s.close();
    }
  });

  test('verifySecurity must be a function', () => {
    expect(() => rt.createSoapListener({ soapVersion: '1.1' } as rt.BindingSpec, {}, {}, { authenticate: () => 'x', verifySecurity: true as never })).toThrow(TypeError);
  });
});
