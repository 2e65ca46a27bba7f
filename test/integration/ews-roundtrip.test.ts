/**
 * Issue 9: the generated Exchange EWS client calls the generated EWS server over 127.0.0.1. Both are generated at
 * test time from the corpus's office365 services.wsdl (+ messages.xsd, types.xsd; ~1.4 MB of TypeScript, too large to
 * commit), compiled with tsc --strict together with the test's values typed by the generated types (so a value or a
 * handler that does not type-check fails here), and run. The handler returns a real ResolveNames response (the shape
 * of the EWS documentation's examples), the request carries the RequestServerVersion, ExchangeImpersonation and
 * MailboxCulture SOAP headers and the response the ServerVersionInfo header (the WSDL's soap:header parts, written
 * and decoded by the generated header codecs), every value must round-trip, and both envelopes on the wire must
 * validate against the EWS schemas with xmllint.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadEmittedModules } from '../helpers/load-generated-modules';

const REPO = path.resolve(__dirname, '../..');
const CORPUS = path.resolve(process.env.WSDL2TS_CORPUS ?? path.join(REPO, '../shared/corpus'));
const EWS_DIR = path.join(CORPUS, 'famous/ews-office365-wsdltophp');
const BUNDLED = path.join(REPO, 'src/catalog/bundled');
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';

// The values, as the generated types spell them (checked by tsc below: each is assigned to its generated type).
const request = { $type: 'ResolveNamesType', UnresolvedEntry: 'Sadie', ReturnFullContactData: true, SearchScope: 'ActiveDirectoryContacts', ContactDataShape: 'AllProperties' };
const ambiguousRequest = { $type: 'ResolveNamesType', ParentFolderIds: { choice: [{ DistinguishedFolderId: { $type: 'DistinguishedFolderIdType', Id: 'contacts' } }] }, UnresolvedEntry: 'Dan', ReturnFullContactData: true, SearchScope: 'Contacts' };
const soapHeaders = {
  RequestVersion: { Version: 'Exchange2013_SP1' },
  Impersonation: { ConnectingSID: { PrimarySmtpAddress: { $value: 'sadie@contoso.com' } } },
  MailboxCulture: { $value: 'en-US' },
};
// What Exchange Online answers in every response's Header (the WSDL's output soap:header part ServerVersion).
const serverVersion = { MajorVersion: 15, MinorVersion: 20, MajorBuildNumber: 7982, MinorBuildNumber: 24, Version: 'V2018_01_08' };
const sadie = {
  Mailbox: { $type: 'EmailAddressType', Name: 'Sadie Daniels', EmailAddress: 'sadie@contoso.com', RoutingType: 'SMTP', MailboxType: 'Mailbox' },
  Contact: {
    $type: 'ContactItemType',
    Culture: 'en-US',
    DisplayName: 'Sadie Daniels',
    GivenName: 'Sadie',
    Initials: '',
    CompanyName: 'Contoso & Sons <EMEA>',
    EmailAddresses: { Entry: [{ Key: 'EmailAddress1', $value: 'SMTP:sadie@contoso.com' }, { Key: 'EmailAddress2', $value: 'smtp:s.daniels@contoso.onmicrosoft.com' }] },
    PhysicalAddresses: { Entry: [{ Key: 'Business', Street: '1 Microsoft Way', City: 'Redmond', State: 'WA', CountryOrRegion: 'United States', PostalCode: '98052' }] },
    PhoneNumbers: { Entry: [{ Key: 'AssistantPhone', $value: '' }, { Key: 'BusinessFax', $value: '' }, { Key: 'BusinessPhone', $value: '+1 425 555 0100' }, { Key: 'MobilePhone', $value: '+1 425 555 0199' }] },
    AssistantName: '',
    ContactSource: 'ActiveDirectory',
    Department: 'Sales',
    JobTitle: 'Account Manager',
    OfficeLocation: '18/2101',
    Surname: 'Daniels',
  },
};
const response = {
  $type: 'ResolveNamesResponseType',
  ResponseMessages: {
    choice: [{ ResolveNamesResponseMessage: { $type: 'ResolveNamesResponseMessageType', ResponseClass: 'Success', ResponseCode: 'NoError', ResolutionSet: { TotalItemsInView: 1, IncludesLastItemInRange: true, Resolution: [sadie] } } }],
  },
};
const ambiguousResponse = {
  $type: 'ResolveNamesResponseType',
  ResponseMessages: {
    choice: [
      {
        ResolveNamesResponseMessage: {
          $type: 'ResolveNamesResponseMessageType',
          ResponseClass: 'Warning',
          MessageText: 'Multiple results were found.',
          ResponseCode: 'ErrorNameResolutionMultipleResults',
          DescriptiveLinkKey: 0,
          ResolutionSet: {
            TotalItemsInView: 2,
            IncludesLastItemInRange: true,
            Resolution: [
              {
                Mailbox: { $type: 'EmailAddressType', Name: 'Dan Park', EmailAddress: 'dan@fabrikam.com', RoutingType: 'SMTP', MailboxType: 'Contact', ItemId: { $type: 'ItemIdType', Id: 'AAMkAGZhN2Y=', ChangeKey: 'EQAAABYAAAD' } },
                Contact: { $type: 'ContactItemType', DisplayName: 'Dan Park', GivenName: 'Dan', Surname: 'Park', ContactSource: 'Store' },
              },
              { Mailbox: { $type: 'EmailAddressType', Name: 'Danielle Ortiz', EmailAddress: 'danielle@contoso.com', RoutingType: 'SMTP', MailboxType: 'Mailbox' } },
            ],
          },
        },
      },
    ],
  },
};

/** The consumer program tsc checks: every value above assigned to the generated type it claims to be. */
const checkProgram = `import * as E from './gen/index';
export const request: E.ResolveNamesType = ${JSON.stringify(request)};
export const ambiguousRequest: E.ResolveNamesType = ${JSON.stringify(ambiguousRequest)};
export const response: E.ResolveNamesResponseType = ${JSON.stringify(response)};
export const ambiguousResponse: E.ResolveNamesResponseType = ${JSON.stringify(ambiguousResponse)};
export const soapHeaders: { RequestVersion: E.RequestServerVersion; Impersonation: E.ExchangeImpersonationType; MailboxCulture: E.MailboxCultureType } = ${JSON.stringify(soapHeaders)};
// The handler returns exactly what the client resolves to (issue 9 point 7: no 'as unknown as').
export const serverVersion: E.ServerVersionInfo = ${JSON.stringify(serverVersion)};
export const handler: E.ExchangeServiceBindingHandler<string> = {
  resolveNames: (input, ctx) => {
    ctx.responseHeaders.ServerVersion = serverVersion;
    return ctx.soapHeaders.RequestVersion?.Version === 'Exchange2013_SP1' && input.UnresolvedEntry === 'Sadie' ? response : ambiguousResponse;
  },
} as E.ExchangeServiceBindingHandler<string>;
export const responseHeaders: { ServerVersion?: E.ServerVersionInfo }[] = [];
export async function call(client: E.ExchangeServiceBindingClient): Promise<E.ResolveNamesResponseType> {
  return client.resolveNames(request, { soapHeaders, onResponseHeaders: (h) => void responseHeaders.push(h) });
}
`;

interface Wire {
  request: string;
  response: string;
}

/** xmllint's verdict on one SOAP 1.1 envelope against the SOAP envelope schema and EWS's messages.xsd/types.xsd. */
function xmllint(dir: string, name: string, xml: string): string {
  const file = path.join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(dir, 'ews-envelope.xsd'), file], { stdio: 'pipe', encoding: 'utf8' });
    return '';
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('xmllint is missing: apt-get install libxml2-utils');
    return (err.stderr || 'invalid').slice(0, 2000);
  }
}

describe('generated Exchange EWS client ↔ generated EWS server (ResolveNames)', () => {
  let dir: string;
  let E: Record<string, unknown>;
  let checked: { call(c: unknown): Promise<unknown>; handler: { resolveNames(input: unknown, ctx: unknown): unknown }; responseHeaders: unknown[] };
  let srv: http.Server;
  let url: string;
  const seen: { input: unknown; headers: unknown; version: string }[] = [];
  const wire: Wire[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(EWS_DIR, 'services.wsdl'))) throw new Error(`the shared corpus is missing: ${EWS_DIR} (set WSDL2TS_CORPUS, or put the corpus at ../shared/corpus beside the repository)`);
    if (!existsSync(path.join(REPO, 'packages/runtime/dist/index.d.ts'))) throw new Error('the runtime is not built: run npm run build -w @wsdl2ts/runtime');
    dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-ews-'));
    const generated = await generateWithDiagnostics({ input: path.join(EWS_DIR, 'services.wsdl'), out: path.join(dir, 'gen') });
    expect(generated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    mkdirSync(path.join(dir, 'gen'));
    for (const f of generated.files) writeFileSync(path.join(dir, 'gen', f.path), f.text);
    writeFileSync(path.join(dir, 'check.ts'), checkProgram);
    mkdirSync(path.join(dir, 'node_modules/@wsdl2ts'), { recursive: true });
    symlinkSync(path.join(REPO, 'packages/runtime'), path.join(dir, 'node_modules/@wsdl2ts/runtime'), 'dir');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'commonjs', moduleResolution: 'node', types: [], skipLibCheck: true, outDir: 'out' }, files: ['check.ts'] }),
    );
    const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`tsc --strict refused the generated EWS code with the test's values:\n${tsc.stdout}${tsc.stderr}`);
    const load = loadEmittedModules(path.join(dir, 'out'));
    E = load('gen/index');
    checked = load('check') as unknown as typeof checked;

    // The xmllint schema: the SOAP 1.1 envelope (its Header and Body wildcards are lax, so xmllint validates every
    // header block and body element whose declaration it knows) and EWS's messages.xsd, which imports types.xsd,
    // which imports the XML namespace without a location: xml.xsd comes from the bundled catalog, imported first.
    writeFileSync(
      path.join(dir, 'ews-envelope.xsd'),
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="${path.join(BUNDLED, 'xml.xsd')}"/>
  <xs:import namespace="http://schemas.xmlsoap.org/soap/envelope/" schemaLocation="${path.join(BUNDLED, 'soap11-envelope.xsd')}"/>
  <xs:import namespace="${M}" schemaLocation="${path.join(EWS_DIR, 'messages.xsd')}"/>
</xs:schema>\n`,
    );

    const listener = (E.ExchangeServiceBindingListener as (h: unknown, o: rt.ServerOptions<string>) => rt.RequestListener)(
      {
        resolveNames: (input: unknown, ctx: rt.ServerContext<string, { RequestVersion?: { Version: string } }>) => {
          seen.push({ input, headers: ctx.soapHeaders, version: ctx.soapVersion });
          return checked.handler.resolveNames(input, ctx);
        },
      },
      { authenticate: () => 'sadie' },
    );
    srv = rt.createSoapServer(listener) as unknown as http.Server;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/EWS/Exchange.asmx`;
  }, 180_000);

  afterAll(async () => {
    if (srv) await new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve())));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function client(): { resolveNames(input: unknown, options?: unknown): Promise<unknown> } {
    const inner = rt.httpTransport();
    const transport: rt.Transport = async (req) => {
      const res = await inner(req);
      wire.push({ request: req.body, response: res.body });
      return res;
    };
    const Client = E.ExchangeServiceBindingClient as new (o: rt.ClientOptions) => { resolveNames(input: unknown, options?: unknown): Promise<unknown> };
    return new Client({ endpoint: url, transport });
  }

  test('xmllint validates: a well-formed response passes and a bad enumeration value inside the lax Body is refused', () => {
    const ok = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:ResolveNamesResponse xmlns:m="${M}"><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse></s:Body></s:Envelope>`;
    expect(xmllint(dir, 'probe-ok', ok)).toBe('');
    expect(xmllint(dir, 'probe-bad', ok.replace('>NoError<', '>NoSuchError<'))).toMatch(/ResponseCode.*enumeration/);
  });

  test('ResolveNames "Sadie": the Success response with a full contact round-trips, and so do the request and its SOAP headers', async () => {
    const before = wire.length;
    await expect(checked.call(client())).resolves.toEqual(response);
    const last = seen[seen.length - 1]!;
    expect(last.input).toEqual(request);
    expect(last.headers).toEqual(soapHeaders);
    expect(last.version).toBe('1.1');
    // The response's ServerVersionInfo header, set by the handler, written by the server, decoded by the client.
    expect(checked.responseHeaders).toEqual([{ ServerVersion: serverVersion }]);

    const { request: sent, response: written } = wire[before]!;
    // What EWS expects on the wire: SOAPAction-less body element names, the headers in the types namespace.
    expect(sent).toMatch(/<s:Header><(\w+):ExchangeImpersonation xmlns:\1="http:\/\/schemas\.microsoft\.com\/exchange\/services\/2006\/types">/);
    expect(sent).toMatch(/<(\w+):RequestServerVersion [^>]*Version="Exchange2013_SP1"\/>/);
    expect(sent).toMatch(/<(\w+):ResolveNames [^>]*ReturnFullContactData="true" SearchScope="ActiveDirectoryContacts" ContactDataShape="AllProperties">/);
    expect(written).toMatch(/^<s:Envelope [^>]*><s:Header><(\w+):ServerVersionInfo xmlns:\1="http:\/\/schemas\.microsoft\.com\/exchange\/services\/2006\/types" MajorVersion="15" MinorVersion="20" MajorBuildNumber="7982" MinorBuildNumber="24" Version="V2018_01_08"\/><\/s:Header>/);
    expect(written).toContain('ResponseClass="Success"');
    expect(written).toMatch(/<(\w+):ResolutionSet IncludesLastItemInRange="true" TotalItemsInView="1">/);
    expect(written).toContain('Contoso &amp; Sons &lt;EMEA&gt;');
    expect(written).toMatch(/<(\w+):Entry Key="EmailAddress1">SMTP:sadie@contoso\.com<\/\1:Entry>/);
    expect(written).toMatch(/<(\w+):Entry Key="AssistantPhone"(\/>|><\/\1:Entry>)/);
    expect(xmllint(dir, 'sadie-request', sent)).toBe('');
    expect(xmllint(dir, 'sadie-response', written)).toBe('');
  });

  test('ResolveNames "Dan": a Warning with two resolutions, an ItemId and a contact from the Store round-trips', async () => {
    const before = wire.length;
    const c = client();
    const out = await c.resolveNames(ambiguousRequest, { soapHeaders: { RequestVersion: soapHeaders.RequestVersion } });
    expect(out).toEqual(ambiguousResponse);
    expect(seen[seen.length - 1]!.input).toEqual(ambiguousRequest);
    expect(seen[seen.length - 1]!.headers).toEqual({ RequestVersion: soapHeaders.RequestVersion });
    const { request: sent, response: written } = wire[before]!;
    expect(sent).toMatch(/<(\w+):DistinguishedFolderId Id="contacts"\/>/);
    expect(written).toMatch(/<(\w+):ItemId Id="AAMkAGZhN2Y=" ChangeKey="EQAAABYAAAD"\/>/);
    expect(xmllint(dir, 'dan-request', sent)).toBe('');
    expect(xmllint(dir, 'dan-response', written)).toBe('');
  });

  test('the RequestServerVersion header is checked by its generated codec: a Version other than the fixed one is refused before the call', async () => {
    const before = seen.length;
    await expect(client().resolveNames(request, { soapHeaders: { RequestVersion: { Version: 'Exchange2010' } } })).rejects.toThrow(/RequestServerVersion.*(fixed|Exchange2013_SP1)/s);
    expect(seen.length).toBe(before);
  });
});
