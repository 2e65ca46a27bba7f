/**
 * Issue 9, loader and model fidelity: attribute type fallback, import namespace checks, xs:import directly in
 * wsdl:types, the same verdict for a missing import whatever --allow-path says, pre-2001 schema roots, the rpc and bare
 * wrappers the model synthesizes, and bindings left without any method.
 */
import { promises as fs } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { generateWithDiagnostics } from '../../src/generate/generate';
import { codes, memoryHost, modelOf, ROOT, wsdlWithSchema, xsd } from '../helpers/memory-host';

const WSDL_NS = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:test"';

describe('an attribute whose type does not resolve', () => {
  test('falls back to anySimpleType (a string), with W2T300 saying so', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:complexType name="T"><xs:sequence/><xs:attribute name="a" type="tns:Missing"/></xs:complexType>') });
    const t = r.model!.types.find((x) => x.name?.local === 'T');
    expect(t?.kind === 'complex' && t.attributes[0]!.type).toBe('{http://www.w3.org/2001/XMLSchema}anySimpleType');
    const d = r.diagnostics.find((x) => x.code === 'W2T300')!;
    expect(d.message).toContain('anySimpleType is used');
    expect(d).toMatchObject({ file: 'main.wsdl', line: 6 });
    const files = await generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:complexType name="T"><xs:sequence/><xs:attribute name="a" type="tns:Missing"/></xs:complexType>') }) });
    expect(files.files.find((f) => f.path === 'types.ts')!.text).toContain('a?: string;');
  });

  test('an element whose type does not resolve still falls back to anyType', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:element name="e" type="tns:Missing"/>') });
    expect(r.model!.elements[0]!.type).toBe('{http://www.w3.org/2001/XMLSchema}anyType');
  });
});

describe('xs:import', () => {
  test('a namespace that differs from the imported targetNamespace is a located W2T755', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:expected" schemaLocation="other.xsd"/>'), 'other.xsd': xsd('<xs:element name="x" type="xs:int"/>', 'targetNamespace="urn:actual"') });
    const d = r.diagnostics.find((x) => x.code === 'W2T755')!;
    expect(d).toMatchObject({ severity: 'warning', file: 'main.wsdl', line: 6 });
    expect(d.message).toContain('urn:actual');
    // The document is still read, under its own namespace.
    expect(r.model!.elements.map((e) => `{${e.name.ns}}${e.name.local}`)).toContain('{urn:actual}x');
  });

  test('a matching namespace (or none for a no-namespace schema) is silent', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:b" schemaLocation="b.xsd"/><xs:import schemaLocation="c.xsd"/>'), 'b.xsd': xsd('', 'targetNamespace="urn:b"'), 'c.xsd': xsd('', '') });
    expect(codes(r).filter((c) => c !== 'W2T602')).toEqual([]);
  });

  test('placed directly in wsdl:types it is followed (W2T756) and its types resolve', async () => {
    const wsdl = `<wsdl:definitions ${WSDL_NS} xmlns:s="urn:side" targetNamespace="urn:test"><wsdl:types><xs:import namespace="urn:side" schemaLocation="side.xsd"/></wsdl:types><wsdl:message name="M"><wsdl:part name="p" element="s:S"/></wsdl:message><wsdl:portType name="P"/></wsdl:definitions>`;
    const r = await modelOf({ 'main.wsdl': wsdl, 'side.xsd': xsd('<xs:element name="S" type="xs:int"/>', 'targetNamespace="urn:side"') });
    expect(codes(r)).toEqual(['W2T756']);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'main.wsdl', line: 1 });
    expect(r.model!.elements.map((e) => e.name.local)).toEqual(['S']);
  });

  test('the same missing import gets the same verdict whatever --allow-path says', async () => {
    // ../lib/missing.xsd does not exist; its namespace is found beside the input, so both runs only warn (W2T206).
    const files = {
      'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:side" schemaLocation="../lib/missing.xsd"/>'),
      'side.xsd': xsd('<xs:element name="s" type="xs:int"/>', 'targetNamespace="urn:side"'),
    };
    const refused = await modelOf(files);
    const allowed = await modelOf(files, 'main.wsdl', { allowPaths: [path.resolve(ROOT, '../lib')] });
    const verdict = (r: typeof refused) => r.diagnostics.filter((d) => d.code !== 'W2T602').map((d) => `${d.code} ${d.severity}`);
    expect(verdict(refused)).toEqual(['W2T206 warning']);
    expect(verdict(allowed)).toEqual(['W2T206 warning']);
    // Not found anywhere: an error either way (refused, or does not exist).
    const alone = { 'main.wsdl': files['main.wsdl'] };
    expect(verdict(await modelOf(alone))).toEqual(['W2T201 error']);
    expect(verdict(await modelOf(alone, 'main.wsdl', { allowPaths: [path.resolve(ROOT, '../lib')] }))).toEqual(['W2T200 error']);
  });
});

describe('schemas in the pre-2001 XML Schema namespaces', () => {
  test('an inline schema root gets a located W2T757 that says references map to the built-ins', async () => {
    const wsdl = `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test">\n<wsdl:types>\n<xsd:schema xmlns:xsd="http://www.w3.org/2000/10/XMLSchema" targetNamespace="urn:test"/>\n</wsdl:types>\n<wsdl:portType name="P"/></wsdl:definitions>`;
    const r = await modelOf({ 'main.wsdl': wsdl });
    expect(codes(r)).toEqual(['W2T757']);
    expect(r.diagnostics[0]).toMatchObject({ file: 'main.wsdl', line: 3 });
    expect(r.diagnostics[0]!.message).toContain('mapped to the XSD 1.0 built-ins');
  });

  test('an imported schema document in the 1999 namespace gets W2T757 (not "not a schema")', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:old" schemaLocation="old.xsd"/>'), 'old.xsd': '<schema xmlns="http://www.w3.org/1999/XMLSchema" targetNamespace="urn:old"/>' });
    expect(codes(r)).toContain('W2T757');
    expect(codes(r)).not.toContain('W2T104');
    expect(r.diagnostics.find((d) => d.code === 'W2T757')).toMatchObject({ file: 'old.xsd', line: 1 });
  });

  test('type references into those namespaces are the built-ins', async () => {
    const wsdl = `<wsdl:definitions ${WSDL_NS} xmlns:x99="http://www.w3.org/1999/XMLSchema" targetNamespace="urn:test"><wsdl:message name="M"><wsdl:part name="p" type="x99:string"/></wsdl:message><wsdl:portType name="P"/></wsdl:definitions>`;
    const r = await modelOf({ 'main.wsdl': wsdl });
    expect(r.model!.wsdl.messages[0]!.parts[0]!.type).toBe('{http://www.w3.org/2001/XMLSchema}string');
  });
});

function opWsdl(style: 'rpc' | 'document', inParts: string, outParts: string, body: string, extra = ''): string {
  return `<wsdl:definitions ${WSDL_NS} targetNamespace="urn:test"><wsdl:types><xs:schema targetNamespace="urn:test" elementFormDefault="qualified"><xs:element name="A" type="xs:int"/><xs:element name="B" type="xs:string"/></xs:schema></wsdl:types><wsdl:message name="In">${inParts}</wsdl:message><wsdl:message name="Out">${outParts}</wsdl:message><wsdl:portType name="P"><wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>${extra}</wsdl:portType><wsdl:binding name="B" type="tns:P"><soap:binding style="${style}" transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="Op"><soap:operation soapAction="op"/><wsdl:input><soap:body ${body}/></wsdl:input><wsdl:output><soap:body ${body}/></wsdl:output></wsdl:operation></wsdl:binding></wsdl:definitions>`;
}

describe('wrappers the model synthesizes', () => {
  test('rpc/literal: {soap:body namespace}Op and OpResponse, unqualified type= children', async () => {
    const r = await modelOf({ 'main.wsdl': opWsdl('rpc', '<wsdl:part name="x" type="xs:int"/><wsdl:part name="y" type="xs:string"/>', '<wsdl:part name="r" type="xs:int"/>', 'use="literal" namespace="urn:rpc"') });
    const op = r.model!.wsdl.bindings[0]!.operations[0]!;
    expect(op.input!.wrapper).toMatchObject({ element: { ns: 'urn:rpc', local: 'Op' }, bare: false });
    expect(op.output!.wrapper).toMatchObject({ element: { ns: 'urn:rpc', local: 'OpResponse' }, bare: false });
    const el = r.model!.elements.find((e) => e.synthesized === op.input!.wrapper!.id)!;
    const t = r.model!.types.find((x) => x.id === el.type);
    expect(t?.kind === 'complex' && t.content.kind === 'elements' && t.content.particle.particles.map((p) => p.kind === 'element' && [p.name.ns, p.name.local, p.form])).toEqual([
      ['', 'x', 'unqualified'],
      ['', 'y', 'unqualified'],
    ]);
    expect(codes(r)).toEqual([]);
  });

  test('rpc without a soap:body namespace: the WSDL targetNamespace, reported W2T751', async () => {
    const r = await modelOf({ 'main.wsdl': opWsdl('rpc', '<wsdl:part name="x" type="xs:int"/>', '', 'use="literal"') });
    expect(r.model!.wsdl.bindings[0]!.operations[0]!.input!.wrapper!.element).toEqual({ ns: 'urn:test', local: 'Op' });
    expect(codes(r)).toEqual(['W2T751', 'W2T751']);
  });

  test('an rpc wrapper named like a schema element does not replace it', async () => {
    const r = await modelOf({ 'main.wsdl': opWsdl('rpc', '<wsdl:part name="x" type="xs:int"/>', '', 'use="literal" namespace="urn:test"').replace('<xs:element name="A" type="xs:int"/>', '<xs:element name="A" type="xs:int"/><xs:element name="Op" type="xs:boolean"/>') });
    const ops = r.model!.elements.filter((e) => e.name.local === 'Op');
    expect(ops.map((e) => [e.synthesized === undefined, e.tsName])).toEqual([
      [true, 'OpElement'],
      [false, 'OpElement_2'],
    ]);
  });

  test('a part or rpc operation name that is not an XML name gets no wrapper (W2T601) and so no method', async () => {
    const wsdl = opWsdl('rpc', '<wsdl:part name="x y" type="xs:int"/>', '<wsdl:part name="r" type="xs:int"/>', 'use="literal" namespace="urn:test"');
    const r = await generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdl }), allowEmptyClient: true });
    expect(r.diagnostics.find((d) => d.code === 'W2T601')!.message).toContain('"x y" is not a valid XML name');
    expect(r.diagnostics.find((d) => d.code === 'W2T512')!.message).toContain('operation Op of binding B gets no client or server method');
    expect(r.files.find((f) => f.path === 'client.ts')!.text).not.toContain('x y');
  });

  test('document/literal with two element parts: a bare wrapper whose children are the elements themselves', async () => {
    const r = await modelOf({ 'main.wsdl': opWsdl('document', '<wsdl:part name="a" element="tns:A"/><wsdl:part name="b" element="tns:B"/>', '', 'use="literal"') });
    const m = r.model!.wsdl.bindings[0]!.operations[0]!.input!;
    expect(m.wrapper!.bare).toBe(true);
    const t = r.model!.types.find((x) => x.id === m.wrapper!.type);
    expect(t?.kind === 'complex' && t.content.kind === 'elements' && t.content.particle.particles.map((p) => p.kind === 'element' && [p.name.ns, p.name.local, p.ref?.local])).toEqual([
      ['urn:test', 'A', 'A'],
      ['urn:test', 'B', 'B'],
    ]);
    const out = r.model!.wsdl.bindings[0]!.operations[0]!.output!;
    expect(r.model!.types.find((x) => x.id === out.wrapper!.type)).toMatchObject({ content: { kind: 'empty' } });
  });

  test('one document/literal element part keeps the schema element: nothing is synthesized', async () => {
    const r = await modelOf({ 'main.wsdl': opWsdl('document', '<wsdl:part name="a" element="tns:A"/>', '<wsdl:part name="b" element="tns:B"/>', 'use="literal"') });
    expect(r.model!.wsdl.bindings[0]!.operations[0]!.input!.wrapper).toBeUndefined();
    expect(r.model!.elements.filter((e) => e.synthesized)).toEqual([]);
  });
});

describe('operations without a method', () => {
  test('document/encoded: W2T754 says why, and a binding left without any method is error W2T752', async () => {
    const wsdl = opWsdl('document', '<wsdl:part name="x" type="xs:int"/>', '<wsdl:part name="r" type="xs:int"/>', 'use="encoded" namespace="urn:test" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"');
    const r = await generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdl }) });
    const no = r.diagnostics.find((d) => d.code === 'W2T754')!;
    expect(no.message).toContain('document/encoded');
    expect(no.message).toContain('gets no client or server method');
    // Why, exactly: nothing names a type= part's body element in document style (not guessed).
    expect(no.message).toContain('WSDL 1.1 section 3.5 names no body element for a type= part in document style');
    const elementParts = opWsdl('document', '<wsdl:part name="x" element="tns:X"/>', '<wsdl:part name="r" element="tns:R"/>', 'use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"');
    const e = await generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': elementParts }), allowEmptyClient: true });
    expect(e.diagnostics.find((d) => d.code === 'W2T754')?.message).toContain('encoding element= parts as independent Body elements beside multi-reference values is not implemented');
    expect(r.diagnostics.find((d) => d.code === 'W2T752')).toMatchObject({ severity: 'error', line: 1 });
    const accepted = await generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdl }), allowEmptyClient: true });
    expect(codes({ diagnostics: accepted.diagnostics })).not.toContain('W2T752');
  });

  test('notification and solicit-response operations each get W2T753 naming the pattern', async () => {
    const extra = '<wsdl:operation name="Tick"><wsdl:output message="tns:Out"/></wsdl:operation><wsdl:operation name="Ask"><wsdl:output message="tns:Out"/><wsdl:input message="tns:In"/></wsdl:operation>';
    const wsdl = opWsdl('rpc', '<wsdl:part name="x" type="xs:int"/>', '', 'use="literal" namespace="urn:test"', extra).replace(
      '</wsdl:binding>',
      '<wsdl:operation name="Tick"><wsdl:output><soap:body use="literal" namespace="urn:test"/></wsdl:output></wsdl:operation><wsdl:operation name="Ask"><wsdl:output><soap:body use="literal" namespace="urn:test"/></wsdl:output><wsdl:input><soap:body use="literal" namespace="urn:test"/></wsdl:input></wsdl:operation></wsdl:binding>',
    );
    const r = await generateWithDiagnostics({ input: `${ROOT}/main.wsdl`, host: memoryHost({ 'main.wsdl': wsdl }) });
    const msgs = r.diagnostics.filter((d) => d.code === 'W2T753').map((d) => d.message);
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toContain('Tick');
    expect(msgs[0]).toContain('notification');
    expect(msgs[1]).toContain('Ask');
    expect(msgs[1]).toContain('solicit-response');
    // Op still has its method, so the binding is not empty.
    expect(codes({ diagnostics: r.diagnostics })).not.toContain('W2T752');
    expect(r.files.find((f) => f.path === 'client.ts')!.text).toContain('async op(');
  });

  test('the CLI exits 1 on an empty binding, 0 with --allow-empty-client (or "allowEmptyClient" in the config)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-empty-'));
    await fs.writeFile(path.join(dir, 'enc.wsdl'), opWsdl('document', '<wsdl:part name="x" type="xs:int"/>', '', 'use="encoded" namespace="urn:test"'));
    const run = async (args: string[]) => {
      const err: string[] = [];
      const code = await main(args, { out: () => undefined, err: (s) => err.push(s) });
      return { code, err: err.join('') };
    };
    const refused = await run(['generate', path.join(dir, 'enc.wsdl'), '--out', path.join(dir, 'a')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/W2T752 error: binding B has no operation that gets a client or server method/);
    const accepted = await run(['generate', path.join(dir, 'enc.wsdl'), '--out', path.join(dir, 'b'), '--allow-empty-client']);
    expect(accepted.code).toBe(0);
    expect(accepted.err).toContain('W2T754');
    await fs.writeFile(path.join(dir, 'cfg.json'), JSON.stringify({ input: 'enc.wsdl', out: 'c', allowEmptyClient: true }));
    expect((await run(['generate', '--config', path.join(dir, 'cfg.json')])).code).toBe(0);
  });
});
