import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLineClient, type Reply } from './line-client';
import { runScenario, startHarness } from './reference-scenario';

const REPO = path.resolve(__dirname, '../..');
const PYTHON = '/usr/bin/python3';
const HINT = 'apt-get install -y python3-zeep (Debian’s zeep runs with /usr/bin/python3)';

const SOAP11_BINDING_NS = 'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"';
const SOAP12_BINDING_NS = 'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap12/"';

/**
 * The SOAP 1.2 variant of the served WSDL. samples/ms-wms.wsdl declares the `soap` prefix once, on
 * wsdl:definitions, and uses it only for the binding's extensibility elements and (in the served copy) the
 * service's soap:address. Rebinding that one prefix to the WSDL 1.1 SOAP 1.2 binding namespace
 * (http://schemas.xmlsoap.org/wsdl/soap12/) turns soap:binding (transport http://schemas.xmlsoap.org/soap/http,
 * unchanged), soap:operation (its soapAction becomes the action= parameter of application/soap+xml),
 * soap:body use="literal" and soap:address into their SOAP 1.2 counterparts; the binding keeps its name, the
 * operations, messages and schemas are untouched, and the service still points at the reference service.
 */
function soap12Variant(servedWsdl: string): string {
  const count = servedWsdl.split(SOAP11_BINDING_NS).length - 1;
  if (count !== 1) throw new Error(`expected one declaration of the soap prefix in the served WSDL, found ${count}`);
  if (servedWsdl.includes('soap12')) throw new Error('the served WSDL already mentions soap12');
  return servedWsdl.replace(SOAP11_BINDING_NS, SOAP12_BINDING_NS);
}

function preflight(): void {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: ${HINT}`);
  const probe = spawnSync(PYTHON, ['-c', 'import zeep, sys; sys.stdout.write(zeep.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`zeep cannot be imported by ${PYTHON} (${probe.stderr.trim().split('\n').pop()}): ${HINT}`);
}

const contentTypes = (r: Reply) => [r.http?.request ?? '', r.http?.response ?? ''];

describe('zeep (strict mode) against the MS-WMS reference service', () => {
  test('SOAP 1.1, with the WSDL served at ?wsdl: all nine operations, two users kept apart, 401 for bad credentials', async () => {
    preflight();
    const h = await startHarness();
    const zeep = startLineClient(PYTHON, [path.join(REPO, 'test/interop/zeep/driver.py'), `${h.url}?wsdl`, h.url], HINT);
    try {
      await runScenario(h, zeep.call, {
        check: (r) => {
          const [request, response] = contentTypes(r);
          expect({ op: r.op, request, response }).toStrictEqual({ op: r.op, request: 'text/xml; charset=utf-8', response: 'text/xml; charset=utf-8' });
        },
      });
    } finally {
      await zeep.close();
      await h.close();
    }
  });

  test('SOAP 1.2, through a soap12 binding variant of the WSDL: the same scenario in application/soap+xml', async () => {
    preflight();
    const h = await startHarness();
    const dir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-zeep12-'));
    const served = await (await fetch(`${h.url}?wsdl`)).text();
    const wsdlFile = path.join(dir, 'ms-wms-soap12.wsdl');
    writeFileSync(wsdlFile, soap12Variant(served));
    const zeep = startLineClient(PYTHON, [path.join(REPO, 'test/interop/zeep/driver.py'), wsdlFile, h.url], HINT);
    try {
      await runScenario(h, zeep.call, {
        check: (r) => {
          // zeep sends SOAP 1.2 with the action as a media type parameter; the server answers in 1.2 with the output action.
          const [request, response] = contentTypes(r);
          const action = `http://tempuri.org/IWorkManagementServiceApplication/${r.op}`;
          expect({ op: r.op, request, response }).toStrictEqual({
            op: r.op,
            request: `application/soap+xml; charset=utf-8; action="${action}"`,
            response: `application/soap+xml; charset=utf-8; action="${action}Response"`,
          });
        },
      });
    } finally {
      await zeep.close();
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
