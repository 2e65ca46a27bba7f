import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { decodeXml, encodeXml, DecodeError, EncodeError } from '@wsdl2ts/runtime';
import * as S from '../golden/ms-wms/expected/serializers';

const REPO = path.resolve(__dirname, '../..');
const DC = 'http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement';

/** The body of the spec's section 4 BeginCacheRefresh response, as SharePoint wrote it. */
const SPEC_RESPONSE = `<BeginCacheRefreshResponse xmlns="http://tempuri.org/">
      <BeginCacheRefreshResult
        xmlns:b="${DC}"
        xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
<b:CreatedJob>true</b:CreatedJob>
<b:CurrentJobId>2</b:CurrentJobId>
<b:CurrentJobIdClient>2</b:CurrentJobIdClient>
</BeginCacheRefreshResult>
</BeginCacheRefreshResponse>`;

const syncInfo = (inner: string) =>
  `<GetExchangeSyncInfoResponse xmlns="http://tempuri.org/"><GetExchangeSyncInfoResult xmlns:b="${DC}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><b:IsOptedIn>true</b:IsOptedIn>${inner}<b:LastSyncResult>Success</b:LastSyncResult></GetExchangeSyncInfoResult></GetExchangeSyncInfoResponse>`;

describe('MS-WMS messages through the generated serializers', () => {
  test("section 4's BeginCacheRefreshResponse decodes exactly", () => {
    const value = decodeXml(S.BeginCacheRefreshResponseElement, SPEC_RESPONSE);
    expect(value).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } });
    expect('EncounteredError' in value.BeginCacheRefreshResult!).toBe(false);
  });

  test('LastEndTime: nil decodes to null, absent stays absent, present keeps its lexical form', () => {
    expect(decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo('<b:LastEndTime i:nil="true"/>')).GetExchangeSyncInfoResult).toStrictEqual({ IsOptedIn: true, LastEndTime: null, LastSyncResult: 'Success' });
    const absent = decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo('')).GetExchangeSyncInfoResult!;
    expect(absent).toStrictEqual({ IsOptedIn: true, LastSyncResult: 'Success' });
    expect('LastEndTime' in absent).toBe(false);
    expect(decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo('<b:LastEndTime>2024-01-02T03:04:05+00:00</b:LastEndTime>')).GetExchangeSyncInfoResult!.LastEndTime).toBe('2024-01-02T03:04:05+00:00');
  });

  test('encoding writes schema order, the DataContract namespace and a declared xsi prefix for nil', () => {
    const xml = encodeXml(S.GetExchangeSyncInfoResponseElement, { GetExchangeSyncInfoResult: { LastSyncResult: 'CouldNotKickoffJob', LastEndTime: null, IsOptedIn: false } });
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const result = doc.documentElement!.firstChild as unknown as Element;
    expect(doc.documentElement!.namespaceURI).toBe('http://tempuri.org/');
    expect([...Array.from(result.childNodes)].map((n) => `${(n as Element).namespaceURI}|${(n as Element).localName}`)).toEqual([`${DC}|IsOptedIn`, `${DC}|LastEndTime`, `${DC}|LastSyncResult`]);
    const lastEnd = result.childNodes[1] as Element;
    expect(lastEnd.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'nil')).toBe('true');
  });

  test('schema violations are rejected with the path', () => {
    const bad = (inner: string) => () => decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo(inner));
    expect(bad('<b:LastEndTime>yesterday</b:LastEndTime>')).toThrow(DecodeError);
    expect(bad('<b:LastEndTime>yesterday</b:LastEndTime>')).toThrow(/GetExchangeSyncInfoResponse\/GetExchangeSyncInfoResult\/LastEndTime/);
    expect(() => decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo('').replace('Success', 'CouldNot GetUserCredentials'))).toThrow(/not one of the values of ExchangeSyncResult/);
    // The wrong namespace for a DataContract member (node-soap's mistake) is an unexpected element, never a default.
    expect(() => decodeXml(S.BeginCacheRefreshResponseElement, SPEC_RESPONSE.replace(/b:CurrentJobId>/g, 'CurrentJobId>'))).toThrow(/unexpected element \{http:\/\/tempuri.org\/\}CurrentJobId/);
    expect(() => decodeXml(S.BeginCacheRefreshResponseElement, SPEC_RESPONSE.replace('<b:CreatedJob>true</b:CreatedJob>\n<b:CurrentJobId>2</b:CurrentJobId>', '<b:CurrentJobId>2</b:CurrentJobId>\n<b:CreatedJob>true</b:CreatedJob>'))).toThrow(/out of order/);
    expect(() => encodeXml(S.BeginCreateTaskPropagationElement, { taskId: 2 ** 31 })).toThrow(EncodeError);
    expect(() => encodeXml(S.BeginCreateTaskPropagationElement, { taskId: 2 ** 31 })).toThrow(/BeginCreateTaskPropagation\/taskId/);
    expect(() => encodeXml(S.OptIntoExchangeSyncResponseElement, { OptIntoExchangeSyncResult: 'Nope' as never })).toThrow(/not one of the values/);
  });

  test('what we encode is valid against the three schemas (xmllint --schema)', () => {
    const xmllint = spawnSync('xmllint', ['--version']);
    if (xmllint.error) throw new Error('xmllint is missing: apt-get install -y libxml2-utils (.ci/run installs it)');
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-xsd-'));
    const wsdl = new DOMParser().parseFromString(readFileSync(path.join(REPO, 'samples/ms-wms.wsdl'), 'utf8'), 'text/xml');
    const schemas = Array.from(wsdl.getElementsByTagNameNS('http://www.w3.org/2001/XMLSchema', 'schema')).filter((s) => s.getAttribute('targetNamespace') !== 'http://tempuri.org/Imports');
    const files: string[] = [];
    for (const [i, s] of schemas.entries()) {
      const copy = s.cloneNode(true) as Element;
      // Carry the namespace declarations the schema inherits from wsdl:definitions.
      for (const a of Array.from(wsdl.documentElement!.attributes)) if (a.name.startsWith('xmlns:') && !copy.hasAttribute(a.name)) copy.setAttribute(a.name, a.value);
      for (const imp of Array.from<Element>(copy.getElementsByTagNameNS('http://www.w3.org/2001/XMLSchema', 'import'))) {
        const target = schemas.findIndex((x) => x.getAttribute('targetNamespace') === imp.getAttribute('namespace'));
        if (target >= 0) imp.setAttribute('schemaLocation', `s${target}.xsd`);
      }
      writeFileSync(path.join(dir, `s${i}.xsd`), new XMLSerializer().serializeToString(copy));
      files.push(`s${i}.xsd`);
    }
    const tempuri = schemas.findIndex((x) => x.getAttribute('targetNamespace') === 'http://tempuri.org/');
    const docs: Record<string, string> = {
      'refresh.xml': encodeXml(S.BeginCacheRefreshResponseElement, decodeXml(S.BeginCacheRefreshResponseElement, SPEC_RESPONSE)),
      'refresh-failed.xml': encodeXml(S.BeginCacheRefreshResponseElement, { BeginCacheRefreshResult: { CreatedJob: false, CurrentJobId: null, CurrentJobIdClient: -1, EncounteredError: true } }),
      'info-nil.xml': encodeXml(S.GetExchangeSyncInfoResponseElement, decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo('<b:LastEndTime i:nil="true"/>'))),
      'info-absent.xml': encodeXml(S.GetExchangeSyncInfoResponseElement, decodeXml(S.GetExchangeSyncInfoResponseElement, syncInfo(''))),
      'update.xml': encodeXml(S.BeginUpdateTaskPropagationElement, { taskId: 7, lastModified: '2024-01-02T03:04:05Z' }),
      'delete.xml': encodeXml(S.BeginDeleteTaskPropagationElement, { taskId: 7, mappedKey: null }),
      'optin.xml': encodeXml(S.OptIntoExchangeSyncResponseElement, { OptIntoExchangeSyncResult: 'MissingEmailAddress' }),
    };
    for (const [name, xml] of Object.entries(docs)) writeFileSync(path.join(dir, name), xml);
    const out = spawnSync('xmllint', ['--noout', '--nonet', '--schema', `s${tempuri}.xsd`, ...Object.keys(docs)], { cwd: dir, encoding: 'utf8' });
    expect(out.stderr.trim().split('\n').sort()).toEqual(Object.keys(docs).map((n) => `${n} validates`).sort());
    expect(out.status).toBe(0);
  });
});
