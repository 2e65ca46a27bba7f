/**
 * decodeResponse of the message tester: the MS-WMS section-4 responses (extracted from the protocol document), faults,
 * malformed XML, envelope rule violations and a wrong member, each with what the generated client would report.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractSpec } from '../../src/extract/extract-spec';
import { specDir } from '../helpers/spec-dir';
import { loadTester, type Loaded } from './tester-load';

const REPO = path.resolve(__dirname, '../..');
const B = 'DefaultBinding_IWorkManagementServiceApplication';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
let wms: Loaded;

beforeAll(async () => {
  wms = await loadTester(path.join(REPO, 'samples/ms-wms.wsdl'));
});

const envelope = (inner: string) => `<s:Envelope xmlns:s="${S11}">\n  <s:Body>\n${inner}\n  </s:Body>\n</s:Envelope>`;

describe('message tester: decodeResponse', () => {
  test('decodes the MS-WMS section 4 responses (SOAP 1.2, WS-Addressing) with the soapVersion override, and says how when refused', () => {
    const spec = extractSpec('MS-WMS.txt', readFileSync(path.join(specDir(), 'MS-WMS.txt'), 'utf8'));
    const responses = spec.examples.filter((e) => e.section === '4' && e.body?.local.endsWith('Response'));
    expect(responses.map((e) => e.body!.local)).toEqual(['BeginCacheRefreshResponse', 'BeginExchangeSyncResponse']);
    const refresh = wms.tester.decodeResponse(B, 'BeginCacheRefresh', responses[0]!.text, { soapVersion: '1.2' });
    expect(refresh).toEqual({ ok: true, value: { BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } }, json: expect.any(String) });
    expect(JSON.parse((refresh as { json: string }).json)).toEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } });
    expect(wms.tester.decodeResponse(B, 'BeginExchangeSync', responses[1]!.text, { soapVersion: '1.2' })).toMatchObject({ ok: true, value: { BeginExchangeSyncResult: true } });
    // The WSDL binding says SOAP 1.1: a default client refuses a 1.2 answer, and so does the tester.
    const refused = wms.tester.decodeResponse(B, 'BeginCacheRefresh', responses[0]!.text);
    expect(refused).toMatchObject({ ok: false, kind: 'envelope', path: '/Envelope', line: 1, column: 1 });
    expect((refused as { message: string }).message).toMatch(/SOAP 1.1 request got a SOAP 1.2 response.*soapVersion: '1.2'/);
  });

  test('a SOAP fault is kind fault with its code and string', () => {
    const r = wms.tester.decodeResponse(B, 'BeginExchangeSync', envelope('<s:Fault><faultcode>s:Server</faultcode><faultstring>The service is busy</faultstring></s:Fault>'));
    expect(r).toEqual({ ok: false, kind: 'fault', message: 'SOAP fault Server: The service is busy' });
  });

  test('a declared SOAP 1.2 fault names the wsdl:fault and shows its decoded detail', async () => {
    const h = await loadTester(path.join(REPO, 'test/golden/soap-headers/input.wsdl'));
    const S12 = 'http://www.w3.org/2003/05/soap-envelope';
    const xml = `<e:Envelope xmlns:e="${S12}"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text xml:lang="en">no such key</e:Text></e:Reason><e:Detail><NotFound xmlns="urn:golden:headers"><Key>k1</Key></NotFound></e:Detail></e:Fault></e:Body></e:Envelope>`;
    const r = h.tester.decodeResponse('DirectorySoap12', 'Lookup', xml);
    expect(r).toMatchObject({ ok: false, kind: 'fault' });
    expect((r as { message: string }).message).toBe('SOAP fault Sender: no such key (declared fault NotFound)\ndetail: {\n  "Key": "k1"\n}');
  });

  test('malformed XML is kind xml with line and column', () => {
    const r = wms.tester.decodeResponse(B, 'BeginExchangeSync', envelope('<BeginExchangeSyncResponse xmlns="http://tempuri.org/">\n<BeginExchangeSyncResult>true</Oops>'));
    expect(r).toMatchObject({ ok: false, kind: 'xml', line: 4 });
    expect((r as { column: number }).column).toBeGreaterThan(1);
  });

  test('a wrong member is kind decode with the DecodeError path and where that element is', () => {
    const xml = envelope(
      [
        '<BeginCacheRefreshResponse xmlns="http://tempuri.org/">',
        '  <BeginCacheRefreshResult xmlns:b="http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement">',
        '    <b:CreatedJob>true</b:CreatedJob>',
        '      <b:CurrentJobId>two</b:CurrentJobId>',
        '  </BeginCacheRefreshResult>',
        '</BeginCacheRefreshResponse>',
      ].join('\n'),
    );
    const r = wms.tester.decodeResponse(B, 'BeginCacheRefresh', xml);
    expect(r).toMatchObject({ ok: false, kind: 'decode', path: '/Envelope/Body/BeginCacheRefreshResponse/BeginCacheRefreshResult/CurrentJobId', line: 6, column: 7 });
    expect((r as { message: string }).message).toMatch(/two/);
    const misplaced = wms.tester.decodeResponse(B, 'BeginCacheRefresh', envelope('<BeginCacheRefreshResponse xmlns="http://tempuri.org/"><Unexpected/></BeginCacheRefreshResponse>'));
    // An element the type does not have is reported at its parent, naming it.
    expect(misplaced).toMatchObject({ ok: false, kind: 'decode', path: '/Envelope/Body/BeginCacheRefreshResponse', line: 3, column: 1, message: expect.stringMatching(/Unexpected/) });
  });

  test('the wrong response element and envelope rule violations are kind envelope or decode, as the client reports them', () => {
    expect(wms.tester.decodeResponse(B, 'BeginCacheRefresh', envelope('<BeginExchangeSyncResponse xmlns="http://tempuri.org/"/>'))).toMatchObject({ ok: false, kind: 'decode', path: '/Envelope/Body/BeginExchangeSyncResponse' });
    expect(wms.tester.decodeResponse(B, 'BeginCacheRefresh', `<s:Envelope xmlns:s="${S11}"/>`)).toMatchObject({ ok: false, kind: 'envelope', message: expect.stringMatching(/no Body/) });
    expect(wms.tester.decodeResponse(B, 'BeginCacheRefresh', `<s:Envelope xmlns:s="${S11}"><s:Body/></s:Envelope>`)).toMatchObject({ ok: false, kind: 'envelope', path: '/Envelope/Body' });
    expect(wms.tester.decodeResponse(B, 'BeginCacheRefresh', `<?xml-stylesheet href="x"?>${envelope('')}`)).toMatchObject({ ok: false, kind: 'envelope', message: expect.stringMatching(/processing instructions/) });
    expect(wms.tester.decodeResponse(B, 'BeginCacheRefresh', '<html><body>Service unavailable</body></html>')).toMatchObject({ ok: false, kind: 'envelope', message: expect.stringMatching(/not a SOAP envelope.*html/) });
    expect(wms.tester.decodeResponse(B, 'BeginCacheRefresh', '<!DOCTYPE x [<!ENTITY e "x">]><x/>')).toMatchObject({ ok: false, kind: 'xml' });
  });

  test('unknown bindings and operations are named in the error', () => {
    expect(() => wms.tester.decodeResponse('Nope', 'BeginCacheRefresh', '')).toThrow(/no SOAP binding named Nope/);
    expect(() => wms.tester.exampleRequest(B, 'Nope')).toThrow(/has no operation Nope/);
  });
});

describe('message tester: operations and examples', () => {
  test('operations() lists every operation with a client method, in model order', async () => {
    const ops = wms.tester.operations();
    expect(ops.map((o) => o.tsMethod)).toEqual(wms.model.wsdl.bindings[0]!.operations.map((o) => o.tsName));
    expect(ops[0]).toEqual({ binding: B, operation: 'BeginCacheRefresh', tsMethod: 'beginCacheRefresh', soapVersion: '1.1', soapAction: 'http://tempuri.org/IWorkManagementServiceApplication/BeginCacheRefresh', hasInput: true, hasOutput: true });
    const multi = await loadTester(path.join(REPO, 'test/golden/doc-multipart/input.wsdl'));
    expect(multi.tester.operations().find((o) => o.operation === 'Reset')).toMatchObject({ hasInput: true, hasOutput: false });
  });

  test('a WS-Addressing SOAP 1.2 request carries Action, MessageID, ReplyTo, To and the soap:header parts', async () => {
    const h = await loadTester(path.join(REPO, 'test/golden/soap-headers/input.wsdl'));
    const xml = h.tester.exampleRequest('DirectorySoap12', 'Lookup');
    expect(xml).toMatch(/^<s:Envelope xmlns:s="http:\/\/www.w3.org\/2003\/05\/soap-envelope" xmlns:a="http:\/\/www.w3.org\/2005\/08\/addressing">\n  <s:Header>\n    <a:Action s:mustUnderstand="1">urn:golden:headers\/Lookup<\/a:Action>/);
    expect(xml).toContain('<a:To s:mustUnderstand="1">http://127.0.0.1:1/directory</a:To>');
    expect(xml).toMatch(/<Auth xmlns="urn:golden:headers">/);
    expect(xml).toMatch(/<Trace xmlns="urn:golden:headers"/);
    expect(h.tester.exampleResponse('DirectorySoap12', 'Lookup')).toContain('<a:RelatesTo>urn:uuid:00000000-0000-0000-0000-000000000000</a:RelatesTo>');
  });

  test('MS-WMS request example shows every member, enumerations take their first value', () => {
    const xml = wms.tester.exampleRequest(B, 'BeginUpdateTaskPropagation');
    expect(xml).toMatch(/<taskId>0<\/taskId>/);
    expect(xml).toMatch(/<lastModified>2024-01-02T03:04:05Z<\/lastModified>/);
    expect(wms.tester.exampleResponse(B, 'OptIntoExchangeSync')).toMatch(/<OptIntoExchangeSyncResult>NoValue<\/OptIntoExchangeSyncResult>/);
  });
});
