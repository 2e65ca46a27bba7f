/**
 * `metadataForServing`: a WSDL and every document it imports or includes, with the import locations rewritten to
 * the URLs the server listener answers (`?wsdl`, `?wsdl=<name>`, `?xsd=<name>`, as WCF names them), so that a client
 * given `<endpoint>?wsdl` can fetch the whole set from the service itself.
 */
import { XMLSerializer } from '@xmldom/xmldom';
import { DiagnosticBag, formatDiagnostic } from '../diagnostics/diagnostic';
import { resolveLoadOptions, type LoadModelOptions } from '../load-model';
import { loadDocuments, type LoadedDocument } from '../read/load-documents';

export interface ServedMetadata {
  /** The WSDL, for the listener's `wsdl` option. */
  readonly wsdl: string;
  /** The other documents by name, for the listener's `metadata` option. */
  readonly metadata: Readonly<Record<string, string>>;
}

export class MetadataError extends Error {
  override readonly name = 'MetadataError';
}

export async function metadataForServing(options: LoadModelOptions): Promise<ServedMetadata> {
  const { host, load, bundled } = await resolveLoadOptions(options);
  const diags = new DiagnosticBag();
  const loaded = await loadDocuments(host, load, diags, bundled);
  if (!loaded || diags.hasErrors) {
    throw new MetadataError(`cannot read the WSDL set:\n${diags.all.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
  }
  if (loaded.main.kind !== 'wsdl') throw new MetadataError(`${loaded.main.label} is a schema, not a WSDL`);
  // Names in the order the documents were reached, so the same input always gives the same URLs.
  const names = new Map<LoadedDocument, string>([[loaded.main, '']]);
  let wsdls = 0;
  let xsds = 0;
  for (const ref of loaded.references) {
    if (!names.has(ref.to)) names.set(ref.to, ref.to.kind === 'wsdl' ? `wsdl${wsdls++}` : `xsd${xsds++}`);
  }
  for (const ref of loaded.references) {
    const name = names.get(ref.to)!;
    ref.element.setAttribute(ref.attribute, name === '' ? '?wsdl' : `?${ref.to.kind}=${encodeURIComponent(name)}`);
  }
  const serializer = new XMLSerializer();
  const text = (doc: LoadedDocument) => serializer.serializeToString(doc.root.ownerDocument!);
  const metadata: Record<string, string> = {};
  for (const [doc, name] of names) if (name !== '') metadata[name] = text(doc);
  return { wsdl: text(loaded.main), metadata };
}
