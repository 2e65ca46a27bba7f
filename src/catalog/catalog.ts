// Pure helper, not node:path: this module also runs in the browser playground.
import * as path from '../util/posix-path';

/** Maps a namespace and/or absolute URLs to a local schema file. */
export interface CatalogEntry {
  readonly namespace?: string;
  readonly urls: readonly string[];
  /** Absolute path of the schema file. */
  readonly file: string;
  /** True for the copies shipped with wsdl2ts (shown as `bundled:<name>` in reports). */
  readonly bundled: boolean;
}

export interface CatalogJson {
  readonly entries: readonly { readonly namespace?: string; readonly urls?: readonly string[]; readonly file: string }[];
}

/**
 * Where the bundled schema copies live: beside this module, so src/catalog/bundled when running from src/ (tests) and
 * dist/catalog/bundled (copied there by `npm run build`) when installed. An installed package ships no src/.
 */
export const BUNDLED_DIR = path.join(__dirname, 'bundled');

/**
 * Validates a parsed catalog file. `baseDir` is the folder relative file names are resolved against.
 * Returns the entries, or an error message naming the first bad entry.
 */
export function catalogFromJson(json: unknown, baseDir: string, bundled: boolean): CatalogEntry[] | string {
  if (!json || typeof json !== 'object' || !Array.isArray((json as CatalogJson).entries)) return 'expected an object with an "entries" array';
  const out: CatalogEntry[] = [];
  for (const [i, e] of (json as CatalogJson).entries.entries()) {
    if (!e || typeof e !== 'object' || typeof e.file !== 'string' || !e.file) return `entries[${i}]: "file" must be a non-empty string`;
    if (e.namespace !== undefined && typeof e.namespace !== 'string') return `entries[${i}]: "namespace" must be a string`;
    if (e.urls !== undefined && (!Array.isArray(e.urls) || e.urls.some((u) => typeof u !== 'string'))) return `entries[${i}]: "urls" must be an array of strings`;
    if (e.namespace === undefined && !e.urls?.length) return `entries[${i}]: give a "namespace", "urls" or both`;
    out.push({ namespace: e.namespace, urls: e.urls ?? [], file: path.resolve(baseDir, e.file), bundled });
  }
  return out;
}

export class Catalog {
  private readonly byUrl = new Map<string, CatalogEntry>();
  private readonly byNamespace = new Map<string, CatalogEntry>();

  /** Earlier entries win, so user entries passed first override the bundled ones. */
  constructor(entries: readonly CatalogEntry[]) {
    for (const e of entries) {
      for (const u of e.urls) if (!this.byUrl.has(normalizeUrl(u))) this.byUrl.set(normalizeUrl(u), e);
      if (e.namespace !== undefined && !this.byNamespace.has(e.namespace)) this.byNamespace.set(e.namespace, e);
    }
  }

  forUrl(url: string): CatalogEntry | undefined {
    return this.byUrl.get(normalizeUrl(url));
  }

  forNamespace(ns: string): CatalogEntry | undefined {
    return this.byNamespace.get(ns);
  }
}

function normalizeUrl(u: string): string {
  return u.trim().replace(/^https:/i, 'http:');
}

/** Reads the catalog of schema copies shipped with wsdl2ts. */
export async function loadBundledCatalog(readFile: (p: string) => Promise<string>): Promise<CatalogEntry[]> {
  const file = path.join(BUNDLED_DIR, 'catalog.json');
  const parsed = catalogFromJson(JSON.parse(await readFile(file)), BUNDLED_DIR, true);
  if (typeof parsed === 'string') throw new Error(`bundled catalog ${file} is invalid: ${parsed}`);
  return parsed;
}
