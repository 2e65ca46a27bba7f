import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { loadModel } from '../../src/load-model';
import { selectOperations } from '../../src/model/select-operations';
import type { Model, ModelGroup, Particle, TypeId } from '../../src/model/types';

// Model building and generation run in-process, but can take seconds on a loaded 2-core machine.
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/ms-wms.wsdl');
const CORPUS = process.env.WSDL2TS_CORPUS || path.resolve(REPO, '../shared/corpus');
const EWS = path.join(CORPUS, 'famous/ews-office365-wsdltophp/services.wsdl');

// Two operations sharing an abstract request base (as EWS's BaseRequestType); Find's request holds a polymorphic
// Item (subtypes Message and Task, Task derived further), a substitution-group head (Restriction, member IsEqualTo),
// a typed header and a fault. Other's types must all go when only Find is selected.
const WSDL = `<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:sel" targetNamespace="urn:sel">
  <wsdl:types>
    <xs:schema targetNamespace="urn:sel" elementFormDefault="qualified">
      <xs:complexType name="BaseRequest" abstract="true"><xs:sequence><xs:element name="Trace" type="xs:string" minOccurs="0"/></xs:sequence></xs:complexType>
      <xs:complexType name="Item"><xs:sequence><xs:element name="Subject" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="Message"><xs:complexContent><xs:extension base="tns:Item"><xs:sequence><xs:element name="To" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Task"><xs:complexContent><xs:extension base="tns:Item"><xs:sequence><xs:element name="Status" type="tns:Status"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="RecurringTask"><xs:complexContent><xs:extension base="tns:Task"><xs:sequence><xs:element name="Every" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:simpleType name="Status"><xs:restriction base="xs:string"><xs:enumeration value="Open"/><xs:enumeration value="Done"/></xs:restriction></xs:simpleType>
      <xs:complexType name="RestrictionType" abstract="true"/>
      <xs:complexType name="IsEqualToType"><xs:complexContent><xs:extension base="tns:RestrictionType"><xs:sequence><xs:element name="Value" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:element name="Restriction" type="tns:RestrictionType" abstract="true"/>
      <xs:element name="IsEqualTo" type="tns:IsEqualToType" substitutionGroup="tns:Restriction"/>
      <xs:complexType name="FindRequest"><xs:complexContent><xs:extension base="tns:BaseRequest"><xs:sequence><xs:element name="Like" type="tns:Item"/><xs:element ref="tns:Restriction" minOccurs="0"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="OtherRequest"><xs:complexContent><xs:extension base="tns:BaseRequest"><xs:sequence><xs:element name="Stuff" type="tns:OtherStuff"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="OtherStuff"><xs:sequence><xs:element name="N" type="xs:int"/></xs:sequence></xs:complexType>
      <xs:complexType name="Culture"><xs:sequence><xs:element name="Name" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="FindFault"><xs:sequence><xs:element name="Why" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:element name="Find" type="tns:FindRequest"/>
      <xs:element name="FindResponse"><xs:complexType><xs:sequence><xs:element name="Found" type="tns:Item" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Other" type="tns:OtherRequest"/>
      <xs:element name="OtherResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="CultureHeader" type="tns:Culture"/>
      <xs:element name="FindFaultDetail" type="tns:FindFault"/>
      <xs:element name="Unused" type="tns:OtherStuff"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="FindIn"><wsdl:part name="parameters" element="tns:Find"/><wsdl:part name="culture" element="tns:CultureHeader"/></wsdl:message>
  <wsdl:message name="FindOut"><wsdl:part name="parameters" element="tns:FindResponse"/></wsdl:message>
  <wsdl:message name="FindFaultMsg"><wsdl:part name="detail" element="tns:FindFaultDetail"/></wsdl:message>
  <wsdl:message name="OtherIn"><wsdl:part name="parameters" element="tns:Other"/></wsdl:message>
  <wsdl:message name="OtherOut"><wsdl:part name="parameters" element="tns:OtherResponse"/></wsdl:message>
  <wsdl:portType name="Port">
    <wsdl:operation name="Find"><wsdl:input message="tns:FindIn"/><wsdl:output message="tns:FindOut"/><wsdl:fault name="Oops" message="tns:FindFaultMsg"/></wsdl:operation>
    <wsdl:operation name="Other"><wsdl:input message="tns:OtherIn"/><wsdl:output message="tns:OtherOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="PortSoap" type="tns:Port">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Find"><soap:operation soapAction="urn:sel/Find" style="document"/>
      <wsdl:input><soap:body use="literal" parts="parameters"/><soap:header message="tns:FindIn" part="culture" use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="Oops"><soap:fault name="Oops" use="literal"/></wsdl:fault></wsdl:operation>
    <wsdl:operation name="Other"><soap:operation soapAction="urn:sel/Other" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Svc"><wsdl:port name="PortSoap" binding="tns:PortSoap"><soap:address location="http://127.0.0.1:1/svc"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`;

const local = (id: TypeId) => id.replace(/^\{[^}]*\}/, '');

/** Every type and global element the pruned model refers to is in it (or is an XSD built-in of the full model). */
function danglingReferences(full: Model, pruned: Model): string[] {
  const fullTypes = new Set(full.types.map((t) => t.id));
  const kept = new Set(pruned.types.map((t) => t.id));
  const keptElements = new Set(pruned.elements.map((e) => `{${e.name.ns}}${e.name.local}`));
  const out: string[] = [];
  const type = (id: TypeId | undefined, from: string) => {
    if (id !== undefined && fullTypes.has(id) && !kept.has(id)) out.push(`${from} -> ${id}`);
  };
  const element = (q: { ns: string; local: string }, from: string) => {
    if (full.elements.some((e) => e.name.ns === q.ns && e.name.local === q.local) && !keptElements.has(`{${q.ns}}${q.local}`)) out.push(`${from} -> element {${q.ns}}${q.local}`);
  };
  const particle = (p: Particle, from: string): void => {
    if (p.kind === 'any') return;
    if (p.kind !== 'element') return (p as ModelGroup).particles.forEach((c) => particle(c, from));
    type(p.type, from);
    if (p.ref) element(p.ref, from);
    for (const s of p.substitutes ?? []) element(s, from);
  };
  for (const t of pruned.types) {
    if (t.kind === 'simple') {
      for (const r of [t.base, t.itemType, ...(t.memberTypes ?? [])]) type(r, t.id);
      continue;
    }
    type(t.derivation?.base, t.id);
    t.derivedTypes.forEach((d) => type(d, t.id));
    if (t.content.kind === 'elements') particle(t.content.particle, t.id);
    if (t.content.kind === 'simple') type(t.content.valueType, t.id);
    t.attributes.forEach((a) => type(a.type, t.id));
    type(t.wcfArray?.itemType, t.id);
  }
  for (const e of pruned.elements) type(e.type, `element ${e.name.local}`);
  for (const b of pruned.wsdl.bindings)
    for (const o of b.operations) {
      for (const m of [o.input, o.output]) for (const p of [...(m?.body ?? []), ...(m?.headers ?? [])]) (type(p.type, o.name), p.element && element(p.element, o.name));
      for (const f of o.faults) (type(f.type, o.name), f.element && element(f.element, o.name));
    }
  return out;
}

describe('selectOperations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-select-'));
    writeFileSync(path.join(dir, 'sel.wsdl'), WSDL);
  });

  test('keeps the operation, its headers, faults, subtypes and substitution members, and nothing of the others', async () => {
    const { model } = await loadModel({ input: path.join(dir, 'sel.wsdl') });
    const selected = selectOperations(model!, ['Find']);
    const pruned = selected.model!;
    expect(pruned.types.map((t) => local(t.id)).sort()).toEqual(
      ['BaseRequest', 'Culture', 'FindFault', 'FindRequest', 'FindResponse#type', 'IsEqualToType', 'Item', 'Message', 'RecurringTask', 'RestrictionType', 'Status', 'Task'].sort(),
    );
    expect(pruned.elements.map((e) => e.name.local).sort()).toEqual(['CultureHeader', 'Find', 'FindFaultDetail', 'FindResponse', 'IsEqualTo', 'Restriction']);
    expect(pruned.wsdl.bindings[0]!.operations.map((o) => o.name)).toEqual(['Find']);
    expect(pruned.wsdl.portTypes[0]!.operations.map((o) => o.name)).toEqual(['Find']);
    expect(pruned.wsdl.messages.map((m) => m.name.local).sort()).toEqual(['FindFaultMsg', 'FindIn', 'FindOut']);
    // BaseRequest is kept as FindRequest's base only: OtherRequest, its other subtype, is not brought back.
    const base = pruned.types.find((t) => local(t.id) === 'BaseRequest');
    expect(base?.kind === 'complex' && base.derivedTypes.map(local)).toEqual(['FindRequest']);
    expect(danglingReferences(model!, pruned)).toEqual([]);
    // The method name selects the same operation; the input model is not changed.
    expect(selectOperations(model!, ['find']).model!.types.length).toBe(pruned.types.length);
    expect(model!.wsdl.bindings[0]!.operations).toHaveLength(2);
  });

  test('an unknown name is refused with a did-you-mean; generate reports it as W2T901 and writes nothing', async () => {
    const { model } = await loadModel({ input: path.join(dir, 'sel.wsdl') });
    expect(selectOperations(model!, ['Find', 'Othr', 'Zzzzzzzz']).unknown).toEqual([{ name: 'Othr', suggestion: 'Other' }, { name: 'Zzzzzzzz', suggestion: undefined }]);
    const result = await generateWithDiagnostics({ input: path.join(dir, 'sel.wsdl'), operations: ['Fnd'] });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['W2T901', 'no operation named "Fnd"; did you mean "Find"?']]);
  });

  test('selected MS-WMS and synthetic output contains only the selected operations and compiles under tsc --strict', async () => {
    const wms = await generateWithDiagnostics({ input: SAMPLE, operations: ['BeginCacheRefresh', 'getExchangeSyncInfo'] });
    const sel = await generateWithDiagnostics({ input: path.join(dir, 'sel.wsdl'), operations: ['Find'] });
    expect(wms.stats).toEqual({ operations: 2, types: expect.any(Number) });
    const full = await loadModel({ input: SAMPLE });
    expect(wms.stats!.types).toBeLessThan(full.model!.types.length);
    const client = wms.files.find((f) => f.path === 'client.ts')!.text;
    expect(client).toContain('beginCacheRefresh(');
    expect(client).toContain('getExchangeSyncInfo(');
    expect(client).not.toContain('beginDeleteTaskPropagation(');
    const types = wms.files.find((f) => f.path === 'types.ts')!.text;
    expect(types).toContain('ExchangeSyncResult'); // reached by GetExchangeSyncInfo's response
    expect(types).not.toContain('BeginRelocateTaskPropagation');
    const selTypes = sel.files.find((f) => f.path === 'types.ts')!.text;
    expect(selTypes).toContain('export interface RecurringTask');
    expect(selTypes).not.toContain('OtherStuff');
    const files: string[] = [];
    for (const [name, result] of [['wms', wms], ['sel', sel]] as const) {
      mkdirSync(path.join(dir, name), { recursive: true });
      for (const f of result.files) {
        writeFileSync(path.join(dir, name, f.path), f.text);
        files.push(path.join(dir, name, f.path));
      }
    }
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')], skipLibCheck: true, baseUrl: REPO, paths: { '@wsdl2ts/runtime': ['packages/runtime/src/index.ts'] } },
      files,
    };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      throw new Error(`tsc --strict failed:\n${(e as { stdout?: string }).stdout ?? ''}`);
    }
  }, 120_000);

  test('EWS: five operations keep their closure and drop the rest', async () => {
    const { model } = await loadModel({ input: EWS });
    if (!model) throw new Error(`cannot read ${EWS}: the shared corpus must sit at ../shared/corpus beside the repository (or set WSDL2TS_CORPUS)`);
    const pruned = selectOperations(model, ['GetFolder', 'FindItem', 'GetItem', 'CreateItem', 'SyncFolderItems']).model!;
    expect(danglingReferences(model, pruned)).toEqual([]);
    expect(new Set(pruned.wsdl.bindings.flatMap((b) => b.operations.map((o) => o.name)))).toEqual(new Set(['GetFolder', 'FindItem', 'GetItem', 'CreateItem', 'SyncFolderItems']));
    const kept = new Set(pruned.types.map((t) => local(t.id)));
    // Items may arrive as any ItemType subtype (xsi:type); headers come along.
    for (const t of ['ItemType', 'MessageType', 'CalendarItemType', 'ContactItemType', 'ExchangeImpersonationType', 'RequestServerVersion#type']) expect(kept).toContain(t);
    // Requests of other operations share BaseRequestType but are not reachable from these five.
    for (const t of ['GetUserAvailabilityRequestType', 'DeleteFolderType', 'SubscribeType']) expect(kept).not.toContain(t);
    expect(pruned.types.length).toBeLessThan(model.types.length);
  }, 60_000);
});
