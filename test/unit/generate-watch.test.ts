import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

// Runs `generate --watch` in-process and edits the files it read. Every wait is bounded (a generous deadline on a
// loaded machine), and nothing about how fast regeneration is gets asserted.
jest.setTimeout(180_000);

const WSDL = `<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:w" targetNamespace="urn:w">
  <wsdl:types>
    <xs:schema targetNamespace="urn:w" elementFormDefault="qualified">
      <xs:import namespace="urn:w:data" schemaLocation="data/data.xsd"/>
      <xs:element name="Get"><xs:complexType><xs:sequence><xs:element name="Id" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="GetResponse"><xs:complexType><xs:sequence><xs:element name="Record" type="d:Record" xmlns:d="urn:w:data"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="GetIn"><wsdl:part name="parameters" element="tns:Get"/></wsdl:message>
  <wsdl:message name="GetOut"><wsdl:part name="parameters" element="tns:GetResponse"/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Get"><wsdl:input message="tns:GetIn"/><wsdl:output message="tns:GetOut"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Get"><soap:operation soapAction="urn:w/Get"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>
`;

const xsd = (fields: string) =>
  `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:w:data" elementFormDefault="qualified"><xs:complexType name="Record"><xs:sequence>${fields}</xs:sequence></xs:complexType></xs:schema>\n`;

async function until(what: string, ok: () => boolean, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`--watch: gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('--watch regenerates when an imported schema changes, keeps watching after a failed run, and stops on abort', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-watch-'));
  writeFileSync(path.join(dir, 'svc.wsdl'), WSDL);
  mkdirSync(path.join(dir, 'data'));
  const dataXsd = path.join(dir, 'data/data.xsd');
  writeFileSync(dataXsd, xsd('<xs:element name="Name" type="xs:string"/>'));
  const out = path.join(dir, 'gen');
  const types = path.join(out, 'types.ts');
  const err: string[] = [];
  const controller = new AbortController();
  const stderr = () => err.join('');
  const summaries = () => stderr().match(/^wsdl2ts: \d+ operations?, .* in \d+\.\d s$/gm)?.length ?? 0;
  const watching = () => stderr().match(/^wsdl2ts: watching \d+ files for changes/gm)?.length ?? 0;
  const running = main(['generate', path.join(dir, 'svc.wsdl'), '-o', out, '--artifacts', 'types', '--watch'], { out: () => undefined, err: (s) => err.push(s), signal: controller.signal });
  try {
    await until('the first run', () => watching() >= 1);
    expect(readFileSync(types, 'utf8')).toContain('Name: string;');
    // The WSDL and the schema it imports are watched (the bundled catalog is not).
    expect(stderr()).toContain('watching 2 files for changes');

    writeFileSync(dataXsd, xsd('<xs:element name="Name" type="xs:string"/><xs:element name="Age" type="xs:int"/>'));
    await until('the regenerated types after the schema changed', () => existsSync(types) && readFileSync(types, 'utf8').includes('Age: number;'));
    await until('the second run to finish', () => watching() >= 2);

    // A broken schema: the run reports located diagnostics, and watching goes on.
    const runsBefore = summaries();
    writeFileSync(dataXsd, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="Record">');
    await until('the failed run', () => summaries() > runsBefore && watching() >= 3);
    expect(stderr()).toMatch(/data\/data\.xsd:\d+:\d+ W2T100 error/);

    writeFileSync(dataXsd, xsd('<xs:element name="Renamed" type="xs:string"/>'));
    await until('the types after the schema was repaired', () => readFileSync(types, 'utf8').includes('Renamed: string;'));
  } finally {
    controller.abort();
  }
  expect(await running).toBe(0);
});
