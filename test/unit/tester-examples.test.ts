/**
 * Example envelopes of the message tester: for every operation of MS-WMS, EWS (corpus) and every golden case, the
 * example request and response are read by the generated client's own envelope reader and decoders, re-encoded by the
 * generated encoder and decoded again to the same value; the output is deterministic; MS-WMS requests validate with
 * xmllint --schema.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import * as runtime from '@wsdl2ts/runtime';
import { exampleElementXml } from '../../src/tester';
import { loadGenerated } from '../../src/verify/load-generated';
// Raw XML (xs:any, anyType) compares up to namespace declarations, as `wsdl2ts verify` compares it.
import { plain } from '../../src/verify/verify-examples';
import { loadTester, sucrase, type Loaded } from './tester-load';

const REPO = path.resolve(__dirname, '../..');
const EWS = path.resolve(REPO, '../shared/corpus/ms-openspecs-exchange/EWSStack-MS-OXWS/EWSStack.wsdl');
const GOLDEN = path.join(REPO, 'test/golden');
const goldenCases = readdirSync(GOLDEN).filter((d) => existsSync(path.join(GOLDEN, d, 'input.wsdl')));

/** Reads an example envelope with the client's response reader (the request too: its codec posing as the output). */
function readBack(l: Loaded, binding: string, operation: string, xml: string, role: 'request' | 'response'): { value: unknown; again: unknown } {
  const spec = l.spec(binding, operation);
  const codec = (role === 'request' ? spec.input : spec.output)!;
  const bare = role === 'request' ? !!spec.inputBare : !!spec.outputBare;
  const soapVersion = l.tester.operations().find((o) => o.binding === binding && o.operation === operation)!.soapVersion;
  const { value, fault } = runtime.readResponseEnvelope({ ...spec, output: codec, outputBare: bare }, xml, { soapVersion });
  if (fault) throw fault;
  const again = runtime.decodeXml(codec, runtime.encodeXml(codec, value));
  return { value, again };
}

/** The request's soap:header parts decode with the header codecs the client would write them with. */
function checkHeaders(l: Loaded, binding: string, operation: string, xml: string): number {
  const spec = l.spec(binding, operation);
  const r = new runtime.XmlReader(xml);
  r.readRoot();
  let n = 0;
  while (r.nextChild()) {
    if (r.local !== 'Header') {
      r.skip();
      continue;
    }
    while (r.nextChild()) {
      const h = spec.inputHeaders?.find((x) => x.codec.ns === r.ns && x.codec.local === r.local);
      if (!h) {
        r.skip();
        continue;
      }
      const value = h.codec.decode(r, `/Envelope/Header/${r.local}`);
      expect(plain(runtime.decodeXml(h.codec, runtime.encodeXml(h.codec, value)))).toEqual(plain(value));
      n++;
    }
  }
  expect(n).toBe(spec.inputHeaders?.length ?? 0);
  return n;
}

function checkAll(l: Loaded): number {
  let n = 0;
  for (const o of l.tester.operations()) {
    const request = l.tester.exampleRequest(o.binding, o.operation);
    expect(l.tester.exampleRequest(o.binding, o.operation)).toBe(request);
    const r = readBack(l, o.binding, o.operation, request, 'request');
    n += checkHeaders(l, o.binding, o.operation, request);
    expect(plain(r.again)).toEqual(plain(r.value));
    n++;
    if (!o.hasOutput) continue;
    const response = l.tester.exampleResponse(o.binding, o.operation);
    const decoded = l.tester.decodeResponse(o.binding, o.operation, response);
    if (!decoded.ok) throw new Error(`${o.binding}/${o.operation}: example response does not decode: ${decoded.message}\n${response}`);
    const back = readBack(l, o.binding, o.operation, response, 'response');
    expect(plain(back.again)).toEqual(plain(back.value));
    expect(back.value).toEqual(decoded.value);
    n++;
  }
  return n;
}

/** Every concrete global element with a generated codec: example → decode → encode → decode gives the same value. */
function checkElements(l: Loaded): number {
  const codecs = loadGenerated(l.files, sucrase);
  let n = 0;
  for (const e of l.model.elements) {
    if (e.synthesized || e.abstract || !codecs.has(e.name.ns, e.name.local)) continue;
    const xml = exampleElementXml(l.model, e.name);
    let value: unknown;
    try {
      value = codecs.decode(e.name.ns, e.name.local, xml);
    } catch (err) {
      throw new Error(`example of element ${e.name.local} does not decode: ${(err as Error).message}\n${xml}`);
    }
    expect(plain(codecs.decode(e.name.ns, e.name.local, codecs.encode(e.name.ns, e.name.local, value)))).toEqual(plain(value));
    n++;
  }
  return n;
}

describe('message tester examples round-trip through the generated code', () => {
  test('MS-WMS: every operation', async () => {
    const l = await loadTester(path.join(REPO, 'samples/ms-wms.wsdl'));
    expect(l.tester.operations().map((o) => o.operation)).toHaveLength(9);
    expect(checkAll(l)).toBe(18);
  });

  test('EWS (corpus): every operation', async () => {
    if (!existsSync(EWS)) throw new Error(`the corpus is missing: ${EWS} (see /work/shared/corpus)`);
    const l = await loadTester(EWS);
    expect(l.tester.operations().length).toBeGreaterThanOrEqual(35);
    expect(checkAll(l)).toBeGreaterThanOrEqual(70);
  }, 120_000);

  test.each(goldenCases)('golden case %s: every operation and every global element', async (name) => {
    const l = await loadTester(path.join(GOLDEN, name, 'input.wsdl'));
    // Schema-only cases have no operations: their global elements are the examples.
    const checked = checkAll(l) + checkElements(l);
    expect(checked).toBeGreaterThan(0);
  });

  test('MS-WMS example requests validate against the schemas (xmllint --schema)', async () => {
    const xmllint = spawnSync('xmllint', ['--version']);
    if (xmllint.error) throw new Error('xmllint is missing: apt-get install -y libxml2-utils (.ci/run installs it)');
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-tester-'));
    const wsdl = new DOMParser().parseFromString(readFileSync(path.join(REPO, 'samples/ms-wms.wsdl'), 'utf8'), 'text/xml');
    const schemas = Array.from(wsdl.getElementsByTagNameNS('http://www.w3.org/2001/XMLSchema', 'schema')).filter((s) => s.getAttribute('targetNamespace') !== 'http://tempuri.org/Imports');
    for (const [i, s] of schemas.entries()) {
      const copy = s.cloneNode(true) as Element;
      for (const a of Array.from(wsdl.documentElement!.attributes)) if (a.name.startsWith('xmlns:') && !copy.hasAttribute(a.name)) copy.setAttribute(a.name, a.value);
      for (const imp of Array.from<Element>(copy.getElementsByTagNameNS('http://www.w3.org/2001/XMLSchema', 'import'))) {
        const target = schemas.findIndex((x) => x.getAttribute('targetNamespace') === imp.getAttribute('namespace'));
        if (target >= 0) imp.setAttribute('schemaLocation', `s${target}.xsd`);
      }
      writeFileSync(path.join(dir, `s${i}.xsd`), new XMLSerializer().serializeToString(copy));
    }
    // The SOAP envelope is not in these schemas: each Body child is validated as its own document.
    const tempuri = schemas.findIndex((x) => x.getAttribute('targetNamespace') === 'http://tempuri.org/');
    const l = await loadTester(path.join(REPO, 'samples/ms-wms.wsdl'));
    const names: string[] = [];
    for (const o of l.tester.operations()) {
      for (const [role, xml] of [['request', l.tester.exampleRequest(o.binding, o.operation)], ['response', l.tester.exampleResponse(o.binding, o.operation)]] as const) {
        const env = new DOMParser().parseFromString(xml, 'text/xml');
        const body = env.getElementsByTagNameNS('http://schemas.xmlsoap.org/soap/envelope/', 'Body')[0]!;
        const child = Array.from(body.childNodes).find((n) => n.nodeType === 1)!;
        const name = `${o.operation}-${role}.xml`;
        writeFileSync(path.join(dir, name), new XMLSerializer().serializeToString(child));
        names.push(name);
      }
    }
    const out = spawnSync('xmllint', ['--noout', '--nonet', '--schema', `s${tempuri}.xsd`, ...names], { cwd: dir, encoding: 'utf8' });
    expect(out.stderr.trim().split('\n').sort()).toEqual(names.map((n) => `${n} validates`).sort());
    expect(out.status).toBe(0);
  });
});
