import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadModel } from '../../src/index';
import { buildModel } from '../../src/model/build-model';
import { codes, memoryHost, modelOf, ROOT, wsdlWithSchema, xsd } from '../helpers/memory-host';

describe('reads stay where they are allowed', () => {
  test('a path that climbs out of the input folder is refused and never read', async () => {
    const host = memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:include schemaLocation="../../../etc/passwd"/>') });
    const reads: string[] = [];
    const read = host.readFile;
    host.readFile = (p) => (reads.push(p), read(p));
    const r = await buildModel(host, { input: `${ROOT}/main.wsdl` }, []);
    expect(codes(r)).toContain('W2T201');
    expect(reads).not.toContain('/etc/passwd');
    expect(r.diagnostics.find((d) => d.code === 'W2T201')!.message).toContain('--allow-path');
  });

  test('a remote location is refused without any request', async () => {
    const host = memoryHost({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:x" schemaLocation="http://169.254.169.254/latest/meta-data/"/>') });
    const r = await buildModel(host, { input: `${ROOT}/main.wsdl` }, []);
    expect(codes(r)).toContain('W2T202');
    expect(r.diagnostics.find((d) => d.code === 'W2T202')!.message).toContain('http://169.254.169.254/latest/meta-data/');
    expect(host.fetched).toEqual([]);
  });

  test('--allow-remote fetches, and relative imports inside a remote schema stay remote', async () => {
    const remote = {
      'http://schemas.example/a.xsd': xsd('<xs:import namespace="urn:b" schemaLocation="b.xsd"/><xs:element name="A" type="xs:int"/>', 'targetNamespace="urn:a"'),
      'http://schemas.example/b.xsd': xsd('<xs:element name="B" type="xs:int"/>', 'targetNamespace="urn:b"'),
    };
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:a" schemaLocation="http://schemas.example/a.xsd"/>') }, 'main.wsdl', { allowRemote: true }, remote);
    expect(codes(r)).toEqual(['W2T602']);
    expect(r.model!.documents).toEqual(['main.wsdl', 'http://schemas.example/a.xsd', 'http://schemas.example/b.xsd']);
  });

  test('--allow-path widens the folders reads may use', async () => {
    const files = { 'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:s" schemaLocation="../shared/s.xsd"/>'), '../shared/s.xsd': xsd('<xs:element name="S" type="xs:int"/>', 'targetNamespace="urn:s"') };
    expect(codes(await modelOf(files))).toContain('W2T201');
    const allowed = await modelOf(files, 'main.wsdl', { allowPaths: [path.resolve(ROOT, '../shared')] });
    expect(codes(allowed)).toEqual(['W2T602']);
    expect(allowed.model!.documents).toEqual(['main.wsdl', '../shared/s.xsd']);
  });

  test('a symlink inside the folder that points outside is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-outside-'));
    writeFileSync(path.join(outside, 'secret.xsd'), xsd('', 'targetNamespace="urn:secret"'));
    mkdirSync(path.join(dir, 'in'));
    symlinkSync(path.join(outside, 'secret.xsd'), path.join(dir, 'in', 'link.xsd'));
    writeFileSync(path.join(dir, 'main.wsdl'), wsdlWithSchema('<xs:import namespace="urn:secret" schemaLocation="in/link.xsd"/>'));
    const r = await loadModel({ input: path.join(dir, 'main.wsdl') });
    expect(codes(r)).toContain('W2T201');
  });

  test('standard schemas imported by URL resolve from the bundled catalog with no request', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/><xs:complexType name="T"><xs:attribute ref="xml:lang"/></xs:complexType>') }, 'main.wsdl', {}, {});
    expect(codes(r)).toEqual(['W2T602']);
    expect(r.model!.documents).toEqual(['main.wsdl', 'bundled:xml.xsd']);
  });

  test('user catalog entries map URLs and namespaces to local files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-cat-'));
    writeFileSync(path.join(dir, 'vendor.xsd'), xsd('<xs:element name="V" type="xs:int"/>', 'targetNamespace="urn:vendor"'));
    writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify({ entries: [{ namespace: 'urn:vendor', urls: ['http://vendor.example/v.xsd'], file: 'vendor.xsd' }] }));
    mkdirSync(path.join(dir, 'svc'));
    writeFileSync(path.join(dir, 'svc', 'main.wsdl'), wsdlWithSchema('<xs:import namespace="urn:vendor" schemaLocation="http://vendor.example/v.xsd"/><xs:import namespace="urn:vendor"/>'));
    const r = await loadModel({ input: path.join(dir, 'svc', 'main.wsdl'), catalogs: [path.join(dir, 'catalog.json')] });
    expect(codes(r)).toEqual(['W2T602']);
    expect(r.model!.elements.map((e) => e.name)).toEqual([{ ns: 'urn:vendor', local: 'V' }]);
  });

  test('namespace-only imports match --schema files and sibling .xsd files by targetNamespace', async () => {
    const files = {
      'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:sib"/><xs:import namespace="urn:opt"/>'),
      'z-sibling.xsd': xsd('<xs:element name="Sib" type="xs:int"/>', 'targetNamespace="urn:sib"'),
      'elsewhere/opt.xsd': xsd('<xs:element name="Opt" type="xs:int"/>', 'targetNamespace="urn:opt"'),
    };
    const r = await modelOf(files, 'main.wsdl', { schemas: [path.resolve(ROOT, 'elsewhere/opt.xsd')] });
    expect(codes(r)).toEqual(['W2T602']);
    expect(r.model!.elements.map((e) => e.name.local).sort()).toEqual(['Opt', 'Sib']);
  });
});

describe('hostile documents', () => {
  test('a DOCTYPE with entities is refused before parsing', async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e" fixed="&c;"/></xs:schema>`;
    const r = await modelOf({ 'main.xsd': bomb }, 'main.xsd');
    expect(r.model).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'W2T101', file: 'main.xsd', line: 2, column: 1 })]);
  });

  test('an external entity in an imported schema is refused too', async () => {
    const r = await modelOf({
      'main.wsdl': wsdlWithSchema('<xs:import namespace="urn:e" schemaLocation="evil.xsd"/>'),
      'evil.xsd': '<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:e"><xs:element name="e" fixed="&x;"/></xs:schema>',
    });
    expect(codes(r)).toContain('W2T101');
    expect(JSON.stringify(r.model)).not.toContain('root:');
  });

  test('a 10,000-deep schema is reported, not a stack overflow', async () => {
    const deep = xsd(`<xs:element name="deep"><xs:complexType>${'<xs:sequence>'.repeat(10_000)}${'</xs:sequence>'.repeat(10_000)}</xs:complexType></xs:element>`);
    const r = await modelOf({ 'main.xsd': deep }, 'main.xsd');
    expect(codes(r)).toEqual(['W2T103']);
  });

  test('deep but allowed nesting builds', async () => {
    const deep = xsd(`<xs:element name="deep"><xs:complexType>${'<xs:sequence>'.repeat(200)}${'</xs:sequence>'.repeat(200)}</xs:complexType></xs:element>`);
    const r = await modelOf({ 'main.xsd': deep }, 'main.xsd');
    expect(codes(r)).toEqual([]);
  });

  test('element and attribute names cannot reach Object.prototype', async () => {
    const r = await modelOf({ 'main.wsdl': wsdlWithSchema('<xs:element name="__proto__" type="xs:string"/><xs:complexType name="constructor"><xs:attribute name="__proto__" type="xs:string"/></xs:complexType><xs:element name="hasOwnProperty" type="tns:constructor"/>') });
    expect(codes(r)).toEqual(['W2T602']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(r.model!.elements.map((e) => e.name.local)).toEqual(['__proto__', 'hasOwnProperty']);
  });
});

describe('namespace resolution details', () => {
  test('unprefixed QNames take the default namespace in scope', async () => {
    const r = await modelOf({
      'main.xsd': `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:t" targetNamespace="urn:t"><xs:simpleType name="S"><xs:restriction base="xs:string"/></xs:simpleType><xs:element name="e" type="S"/></xs:schema>`,
      'b.xsd': `<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b"><element name="i" type="int"/></schema>`,
    }, 'main.xsd', { schemas: [`${ROOT}/b.xsd`] });
    expect(codes(r)).toEqual([]);
    expect(r.model!.elements.map((e) => e.type)).toEqual(['{http://www.w3.org/2001/XMLSchema}int', '{urn:t}S']);
  });

  test('a wsdl:import with only a namespace finds the sibling WSDL', async () => {
    const ns = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:split"';
    const r = await modelOf({
      'main.wsdl': `<wsdl:definitions ${ns} targetNamespace="urn:split-binding"><wsdl:import namespace="urn:split" location=""/><wsdl:binding name="B" type="tns:P"><soap:binding/></wsdl:binding></wsdl:definitions>`,
      'other.wsdl': `<wsdl:definitions ${ns} targetNamespace="urn:split"><wsdl:portType name="P"/></wsdl:definitions>`,
    });
    expect(codes(r)).toEqual([]);
    expect(r.model!.wsdl.bindings[0]!.portType).toEqual({ ns: 'urn:split', local: 'P' });
  });
});

describe('the bundled catalog', () => {
  test('every bundled schema loads on its own with no error and no network', async () => {
    const { BUNDLED_DIR, loadBundledCatalog } = await import('../../src/catalog/catalog');
    const { nodeHost } = await import('../../src/read/node-host');
    const entries = await loadBundledCatalog((p) => nodeHost.readFile(p));
    expect(entries.length).toBeGreaterThanOrEqual(14);
    for (const e of entries) {
      const host = { ...nodeHost, fetchRemote: async (url: string) => Promise.reject(new Error(`no network in tests: ${url}`)) };
      const r = await buildModel(host, { input: e.file }, entries);
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect({ file: path.relative(BUNDLED_DIR, e.file), errors }).toEqual({ file: path.relative(BUNDLED_DIR, e.file), errors: [] });
    }
  });
});
