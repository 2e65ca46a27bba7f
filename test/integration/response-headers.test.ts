/**
 * soap:header parts of the response (as Exchange EWS declares ServerVersionInfo on every output), end to end over
 * 127.0.0.1 with the golden case response-headers: the handler sets them in ctx.responseHeaders, the listener writes
 * them with their codecs, the generated client decodes and validates them and hands them to onResponseHeaders.
 * Before, output headers were dropped silently on both sides.
 */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as rt from '@wsdl2ts/runtime';
import { ClockSoapClient } from '../golden/response-headers/expected/client';
import { ClockSoapListener, type ClockSoapHandler } from '../golden/response-headers/expected/server';
import type * as T from '../golden/response-headers/expected/types';

const NS = 'urn:golden:response-headers';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('response soap:header parts: generated client ↔ generated server', () => {
  let srv: http.Server;
  let url: string;
  const errors: unknown[] = [];
  let setServerVersion = true;
  const handler: ClockSoapHandler<string> = {
    getTime: ({ Zone }, ctx) => {
      if (setServerVersion) ctx.responseHeaders.ServerVersion = { MajorVersion: 15, Version: ctx.soapHeaders.RequestVersion?.Version ?? 'none' };
      ctx.responseHeaders.Quota = { Remaining: 4294967295 };
      return { Now: `12:00 ${Zone}` };
    },
    ping: () => undefined,
  };
  beforeAll(async () => {
    srv = rt.createSoapServer(ClockSoapListener(handler, { authenticate: () => 'anyone', onError: (e) => void errors.push(e) })) as unknown as http.Server;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/clock`;
  });
  afterAll(() => new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve()))));
  beforeEach(() => {
    setServerVersion = true;
    errors.length = 0;
  });

  function recording(): { transport: rt.Transport; wire: string[] } {
    const wire: string[] = [];
    const inner = rt.httpTransport();
    return { wire, transport: async (req) => { const res = await inner(req); wire.push(res.body); return res; } };
  }

  test('the handler sets them, they are written in the response Header and the client gets them decoded', async () => {
    const { transport, wire } = recording();
    const got: { ServerVersion: T.ServerVersion; Quota?: T.Quota }[] = [];
    const out = await new ClockSoapClient({ endpoint: url, transport }).getTime({ Zone: 'CET' }, { soapHeaders: { RequestVersion: { Version: 'Exchange2013_SP1' } }, onResponseHeaders: (h) => void got.push(h) });
    expect(out).toEqual({ Now: '12:00 CET' });
    expect(got).toEqual([{ ServerVersion: { MajorVersion: 15, Version: 'Exchange2013_SP1' }, Quota: { Remaining: 4294967295 } }]);
    expect(wire[0]).toMatch(new RegExp(`^<s:Envelope xmlns:s="${S11}"><s:Header><(\\w+):ServerVersion xmlns:\\1="${NS}" MajorVersion="15" Version="Exchange2013_SP1"/><(\\w+):Quota xmlns:\\2="${NS}"><\\2:Remaining>4294967295</\\2:Remaining></\\2:Quota></s:Header><s:Body>`));
  });

  test('an optional response header the handler leaves unset is not written; the callback gets an empty object', async () => {
    const { transport, wire } = recording();
    const got: unknown[] = [];
    await new ClockSoapClient({ endpoint: url, transport }).ping({}, { onResponseHeaders: (h) => void got.push(h) });
    expect(got).toEqual([{}]);
    expect(wire[0]).not.toContain('<s:Header>');
  });

  test('a required response header the handler did not set is a server fault (an invalid response), reported to onError', async () => {
    setServerVersion = false;
    await expect(new ClockSoapClient({ endpoint: url }).getTime({ Zone: 'CET' })).rejects.toThrow(/The server produced an invalid response/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(rt.EncodeError);
    expect((errors[0] as rt.EncodeError).path).toBe('/Envelope/Header/ServerVersion');
  });

  describe('the client validates them like the body', () => {
    const answer = (head: string) =>
      new ClockSoapClient({
        endpoint: 'http://127.0.0.1:9/unused',
        transport: async () => ({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `<s:Envelope xmlns:s="${S11}" xmlns:c="${NS}"><s:Header>${head}</s:Header><s:Body><c:GetTimeResponse><c:Now>x</c:Now></c:GetTimeResponse></s:Body></s:Envelope>` }),
      }).getTime({ Zone: 'CET' }, { onResponseHeaders: () => undefined });
    const refusal = async (head: string) => {
      try {
        await answer(head);
      } catch (e) {
        return e as rt.ResponseValidationError;
      }
      throw new Error('accepted');
    };

    test('a missing required header is refused at /Envelope/Header', async () => {
      const e = await refusal('<c:Quota><c:Remaining>1</c:Remaining></c:Quota>');
      expect(e).toBeInstanceOf(rt.ResponseValidationError);
      expect(e.path).toBe('/Envelope/Header');
      expect(e.message).toMatch(/required header ServerVersion is missing/);
    });
    test('a repeated header is refused with its path', async () => {
      const e = await refusal('<c:ServerVersion/><c:ServerVersion/>');
      expect(e.path).toBe('/Envelope/Header/ServerVersion');
    });
    test('a header that breaks its schema is refused with its path', async () => {
      const e = await refusal('<c:ServerVersion MajorVersion="fifteen"/>');
      expect(e.path).toMatch(/^\/Envelope\/Header\/ServerVersion/);
      expect(e.message).toMatch(/fifteen/);
    });
    test('header blocks the WSDL does not declare are not the callback\'s business', async () => {
      const got: unknown[] = [];
      const client = new ClockSoapClient({
        endpoint: 'http://127.0.0.1:9/unused',
        transport: async () => ({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `<s:Envelope xmlns:s="${S11}" xmlns:c="${NS}"><s:Header><x:Other xmlns:x="urn:other"/><c:ServerVersion Version="v"/></s:Header><s:Body><c:GetTimeResponse><c:Now>x</c:Now></c:GetTimeResponse></s:Body></s:Envelope>` }),
      });
      await expect(client.getTime({ Zone: 'CET' }, { onResponseHeaders: (h) => void got.push(h) })).resolves.toEqual({ Now: 'x' });
      expect(got).toEqual([{ ServerVersion: { Version: 'v' } }]);
    });
  });
});
