/** `loadModel`: read → parse → model → name, returning the intermediate model with every diagnostic found. */
// Pure helper, not node:path: this module also runs in the browser playground.
import * as path from './util/posix-path';
import { catalogFromJson, CatalogEntry, loadBundledCatalog } from './catalog/catalog';
import { nodeHost } from './read/node-host';
import { buildModel, ModelResult } from './model/build-model';
import type { LoadLimits, LoadOptions } from './read/load-documents';
import type { ReadHost } from './read/read-host';
import type { ProgressCallback } from './progress';

export interface LoadModelOptions {
  /** Path of the WSDL (or XSD) to read. */
  readonly input: string;
  /** Extra schemas matched to namespace-only imports by targetNamespace. */
  readonly schemas?: readonly string[];
  /** Folders besides the input's own that imports may read from. */
  readonly allowPaths?: readonly string[];
  /** Allow http(s) imports not covered by a catalog entry. */
  readonly allowRemote?: boolean;
  /** Catalog files (JSON: `{ "entries": [{ "namespace", "urls", "file" }] }`), checked before the bundled one. */
  readonly catalogs?: readonly string[];
  readonly limits?: Partial<LoadLimits>;
  /** Defaults to the real file system. */
  readonly host?: ReadHost;
  /** Told about each document read and when the model is being built. */
  readonly onProgress?: ProgressCallback;
}

export async function loadModel(options: LoadModelOptions): Promise<ModelResult> {
  const { host, load, bundled } = await resolveLoadOptions(options);
  const onProgress = options.onProgress;
  if (!onProgress) return buildModel(host, load, bundled);
  let documents = 0;
  const counting: ReadHost = {
    ...host,
    readFile: async (p) => {
      const text = await host.readFile(p);
      onProgress({ phase: 'read', documents: ++documents });
      return text;
    },
  };
  return buildModel(counting, load, bundled, () => onProgress({ phase: 'model' }));
}

/** The loader's options from the public ones: absolute paths, the catalogs read, the bundled catalog. */
export async function resolveLoadOptions(options: LoadModelOptions): Promise<{ host: ReadHost; load: LoadOptions; bundled: CatalogEntry[] }> {
  const host = options.host ?? nodeHost;
  const catalog: CatalogEntry[] = [];
  for (const file of options.catalogs ?? []) {
    const abs = path.resolve(file);
    const parsed = catalogFromJson(JSON.parse(await host.readFile(abs)), path.dirname(abs), false);
    if (typeof parsed === 'string') throw new CatalogError(`${file}: ${parsed}`);
    catalog.push(...parsed);
  }
  const load: LoadOptions = {
    input: path.resolve(options.input),
    schemas: options.schemas?.map((s) => path.resolve(s)),
    allowPaths: options.allowPaths?.map((p) => path.resolve(p)),
    allowRemote: options.allowRemote,
    catalog,
    limits: options.limits,
  };
  return { host, load, bundled: await loadBundledCatalog((p) => nodeHost.readFile(p)) };
}

export class CatalogError extends Error {}

