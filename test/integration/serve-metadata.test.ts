import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { loadModel } from '../../src/load-model';
import { metadataForServing, MetadataError } from '../../src/metadata/serve-metadata';

/** A WSDL split over four files: main.wsdl → wsdl:import defs/abstract.wsdl → xs:import ../xsd/t.xsd → xs:include common.xsd. */
const FILES: Record<string, string> = {
  'main.wsdl': `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:d="urn:defs" xmlns:m="urn:main" targetNamespace="urn:main">
  <wsdl:import namespace="urn:defs" location="defs/abstract.wsdl"/>
  <wsdl:binding name="B" type="d:PT"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Get"><soap:operation soapAction="urn:get"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="m:B"><soap:address location="http://127.0.0.1/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>`,
  'defs/abstract.wsdl': `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" xmlns:d="urn:defs" targetNamespace="urn:defs">
  <wsdl:types><xs:schema targetNamespace="urn:defs"><xs:import namespace="urn:t" schemaLocation="../xsd/t.xsd"/></xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="t:Get"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="t:GetResponse"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="Get"><wsdl:input message="d:In"/><wsdl:output message="d:Out"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`,
  'xsd/t.xsd': `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:include schemaLocation="common.xsd"/>
  <xs:element name="Get"><xs:complexType><xs:sequence><xs:element name="Id" type="t:Id"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
  'xsd/common.xsd': `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:simpleType name="Id"><xs:restriction base="xs:int"/></xs:simpleType>
  <xs:element name="GetResponse"><xs:complexType><xs:sequence><xs:element name="Name" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function write(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-meta-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const locations = (xml: string) => [...xml.matchAll(/\b(?:schemaLocation|location)="([^"]*)"/g)].map((m) => m[1]!).filter((l) => !l.startsWith('http'));

test('the WSDL set is renamed to ?wsdl=, ?xsd= URLs, and a client crawling them from the listener finds the same service', async () => {
  const dir = write(FILES);
  const served = await metadataForServing({ input: path.join(dir, 'main.wsdl') });
  expect(Object.keys(served.metadata)).toStrictEqual(['wsdl0', 'xsd0', 'xsd1']);
  expect(locations(served.wsdl)).toStrictEqual(['?wsdl=wsdl0']);
  expect(locations(served.metadata['wsdl0']!)).toStrictEqual(['?xsd=xsd0']);
  expect(locations(served.metadata['xsd0']!)).toStrictEqual(['?xsd=xsd1']);
  expect(served.metadata['xsd1']).toContain('<xs:simpleType name="Id">');
  // Deterministic: the same input gives the same bytes.
  expect(await metadataForServing({ input: path.join(dir, 'main.wsdl') })).toStrictEqual(served);

  const server = rt.createSoapServer(rt.createSoapListener({ name: 'B', soapVersion: '1.1', addressing: false }, {}, {}, { authenticate: () => 'u', ...served })) as unknown as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s?wsdl`;
    // Crawl as a client would: every location resolved against the document's own URL.
    const fetched = new Map<string, string>();
    const queue = [base];
    while (queue.length) {
      const url = queue.shift()!;
      if (fetched.has(url)) continue;
      const res = await fetch(url);
      expect([url, res.status]).toStrictEqual([url, 200]);
      const text = await res.text();
      fetched.set(url, text);
      for (const loc of locations(text)) queue.push(new URL(loc, url).href);
    }
    expect(fetched.size).toBe(4);
    // The crawled set, saved under file names, describes the same service as the original files.
    const fileOf = (url: string) => `${new URL(url).search.slice(1).replace(/[^a-z0-9]/gi, '_')}.${url.includes('xsd=') ? 'xsd' : 'wsdl'}`;
    const copy: Record<string, string> = {};
    for (const [url, text] of fetched) copy[fileOf(url)] = text.replace(/\b(schemaLocation|location)="(\?[^"]*)"/g, (_m, a: string, loc: string) => `${a}="${fileOf(new URL(loc, url).href)}"`);
    const crawled = await loadModel({ input: path.join(write(copy), fileOf(base)) });
    const original = await loadModel({ input: path.join(dir, 'main.wsdl') });
    expect(original.diagnostics.filter((d) => d.severity === "error")).toStrictEqual([]);
    expect(crawled.diagnostics.filter((d) => d.severity === "error")).toStrictEqual([]);
    const ops = (m: typeof original) => m.model!.wsdl.bindings.map((b) => [b.name.local, b.operations.map((o) => [o.name, o.soapAction, o.input?.body[0]?.element?.local, o.output?.body[0]?.element?.local])]);
    expect(ops(crawled)).toStrictEqual(ops(original));
    expect(crawled.model!.types.map((t) => t.name)).toStrictEqual(original.model!.types.map((t) => t.name));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a set with errors is refused with located diagnostics, not served half', async () => {
  const dir = write({ ...FILES, 'xsd/common.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><oops></xs:schema>' });
  const e = await metadataForServing({ input: path.join(dir, 'main.wsdl') }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(MetadataError);
  expect((e as Error).message).toMatch(/xsd\/common\.xsd:1:\d+/);
});
