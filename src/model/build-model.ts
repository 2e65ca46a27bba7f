// Pure helper, not node:path: this module also runs in the browser playground.
import * as path from '../util/posix-path';
import { DiagnosticBag } from '../diagnostics/diagnostic';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { CatalogEntry } from '../catalog/catalog';
import { loadDocuments, LoadOptions } from '../read/load-documents';
import type { ReadHost } from '../read/read-host';
import { buildWsdlModel } from '../wsdl/build-wsdl-model';
import { buildSchemaModel } from '../xsd/build-schema-model';
import { assignNames } from './naming';
import type { Model } from './types';

export interface ModelResult {
  /** Undefined only when the input itself could not be read or parsed. */
  readonly model?: Model;
  readonly diagnostics: readonly Diagnostic[];
}

/** read → parse → model → name. Pure apart from the reads it makes through `host`. */
export async function buildModel(host: ReadHost, options: LoadOptions, bundledCatalog: readonly CatalogEntry[], onModelPhase?: () => void): Promise<ModelResult> {
  const diags = new DiagnosticBag();
  const loaded = await loadDocuments(host, options, diags, bundledCatalog);
  if (!loaded) return { diagnostics: diags.all };
  onModelPhase?.();
  const schema = buildSchemaModel(loaded.schemas, diags);
  const wsdl = buildWsdlModel(loaded.wsdlDocuments, schema, diags);
  assignNames({ types: schema.types, elements: schema.elements, bindings: wsdl.bindings });
  const model: Model = {
    formatVersion: 1,
    input: path.basename(options.input),
    documents: loaded.documents,
    schemas: schema.schemas,
    types: schema.types,
    elements: schema.elements,
    attributes: schema.attributes,
    groups: schema.groups,
    attributeGroups: schema.attributeGroups,
    wsdl,
  };
  return { model, diagnostics: diags.all };
}
