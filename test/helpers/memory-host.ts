import * as path from 'node:path';
import { loadBundledCatalog } from '../../src/catalog/catalog';
import { nodeHost } from '../../src/read/node-host';
import { buildModel, ModelResult } from '../../src/model/build-model';
import type { LoadOptions } from '../../src/read/load-documents';
import type { ReadHost } from '../../src/read/read-host';

export const ROOT = '/virtual/project';

/** An in-memory file system: paths are relative to ROOT unless absolute. Bundled catalog files come from disk. */
export function memoryHost(files: Record<string, string>, remote: Record<string, string> = {}): ReadHost & { fetched: string[] } {
  const map = new Map(Object.entries(files).map(([p, t]) => [path.resolve(ROOT, p), t]));
  const fetched: string[] = [];
  const enoent = (p: string) => Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  return {
    fetched,
    readFile: async (p) => {
      const t = map.get(p);
      if (t !== undefined) return t;
      if (p.startsWith(ROOT) || p.startsWith('/virtual')) throw enoent(p);
      return nodeHost.readFile(p);
    },
    realPath: async (p) => {
      if (map.has(p) || [...map.keys()].some((k) => k.startsWith(p + '/'))) return p;
      if (p.startsWith('/virtual')) throw enoent(p);
      return nodeHost.realPath(p);
    },
    listDir: async (dir) => [...map.keys()].filter((k) => path.dirname(k) === dir).map((k) => path.basename(k)),
    fetchRemote: async (url) => {
      fetched.push(url);
      const t = remote[url];
      if (t === undefined) throw new Error('HTTP 404');
      return t;
    },
  };
}

let bundled: ReturnType<typeof loadBundledCatalog> | undefined;

/** Builds the model of `input` from in-memory `files`. */
export async function modelOf(files: Record<string, string>, input = 'main.wsdl', options: Partial<LoadOptions> = {}, remote: Record<string, string> = {}): Promise<ModelResult> {
  bundled ??= loadBundledCatalog((p) => nodeHost.readFile(p));
  return buildModel(memoryHost(files, remote), { input: path.resolve(ROOT, input), ...options }, await bundled);
}

export function codes(result: ModelResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

/** A WSDL wrapping one schema (and optional extra WSDL content) for construct tests. */
export function wsdlWithSchema(schemaBody: string, opts: { tns?: string; extraNs?: string; wsdlBody?: string; schemaAttrs?: string } = {}): string {
  const tns = opts.tns ?? 'urn:test';
  return `<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${tns}" targetNamespace="${tns}" ${opts.extraNs ?? ''}>
  <wsdl:types>
    <xs:schema targetNamespace="${tns}" elementFormDefault="qualified" ${opts.schemaAttrs ?? ''}>
${schemaBody}
    </xs:schema>
  </wsdl:types>
${opts.wsdlBody ?? ''}
</wsdl:definitions>
`;
}

export function xsd(body: string, attrs = 'targetNamespace="urn:test" elementFormDefault="qualified"'): string {
  return `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:test" ${attrs}>\n${body}\n</xs:schema>\n`;
}
