/**
 * Generating straight from a protocol document: the extracted documents are served to the loader through its
 * ReadHost, in memory, as if they lay in a folder named after the spec (`MS-WMS.txt#/tempuri.org.wsdl`). Nothing is written to disk,
 * and the extracted documents cannot read any other local file (only the bundled catalog).
 */
// Pure helper, not node:path: this module also runs in the browser playground.
import * as path from '../util/posix-path';
import { BUNDLED_DIR } from '../catalog/catalog';
import type { ReadHost } from '../read/read-host';
import { extractSpec, ExtractResult } from './extract-spec';

/** A spec is recognised by its extension (.txt, .md, .markdown) or, for other names, by not starting with XML. */
export function isSpecInput(file: string, text?: string): boolean {
  if (/\.(txt|md|markdown)$/i.test(file)) return true;
  if (/\.(wsdl|xsd|xml)$/i.test(file) || text === undefined) return false;
  return !/^\s*(?:\uFEFF)?</.test(text);
}

export interface SpecInput {
  readonly extracted: ExtractResult;
  /** Absolute (virtual) path of the document to generate from; undefined when the spec holds none. */
  readonly input?: string;
  readonly host: ReadHost;
}

/** The loader's view of a spec: the virtual path of its main document and a host serving the extracted set. */
export function specInput(specPath: string, text: string, fallback: ReadHost): SpecInput {
  const abs = path.resolve(specPath);
  const base = path.basename(abs);
  // A virtual folder named after the spec: relative locations between extracted documents resolve inside it.
  const dir = path.join(path.dirname(abs), `${base}#`);
  const extracted = extractSpec(base, text);
  const files = new Map(extracted.documents.map((d) => [path.join(dir, d.path), d.text]));
  const allowed = (p: string) => p.startsWith(BUNDLED_DIR + path.sep);
  const enoent = (p: string) => Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  const host: ReadHost = {
    readFile: async (p) => {
      const t = files.get(p);
      if (t !== undefined) return t;
      if (allowed(p)) return fallback.readFile(p);
      throw enoent(p);
    },
    realPath: async (p) => (files.has(p) || p === dir ? p : allowed(p) ? fallback.realPath(p) : p),
    listDir: async (d) => [...files.keys()].filter((k) => path.dirname(k) === d).map((k) => path.basename(k)),
  };
  return { extracted, host, ...(extracted.main ? { input: path.join(dir, extracted.main) } : {}) };
}
