// Pure helper, not node:path: this module also runs in the browser playground.
import * as path from '../util/posix-path';
import type { Element } from '@xmldom/xmldom';
import { Catalog, CatalogEntry, BUNDLED_DIR } from '../catalog/catalog';
import { DiagnosticBag, Location, NO_LOCATION } from '../diagnostics/diagnostic';
import type { DiagnosticCode } from '../diagnostics/catalogue';
import { DEFAULT_XML_LIMITS, parseXml, XmlLimits } from '../xml/parse-xml';
import { attr, childElements, childrenNamed, location, NS } from '../xml/dom-utils';

/** Working-draft XML Schema namespaces, which old SOAP toolkits (Apache SOAP, SOAP::Lite, MS SOAP Toolkit 1) wrote. */
const LEGACY_XSD_NAMESPACES = new Set(['http://www.w3.org/1999/XMLSchema', 'http://www.w3.org/2000/10/XMLSchema']);

function isLegacyXsd(ns: string | null | undefined): boolean {
  return !!ns && LEGACY_XSD_NAMESPACES.has(ns);
}

function legacySchemaMessage(ns: string): string {
  return `this schema is in the pre-2001 XML Schema draft namespace ${ns}, which is not read (only XSD 1.0, ${NS.xs}, is): its declarations are missing from the model. Type references into ${ns} (xsd:string, xsd:int...) are mapped to the XSD 1.0 built-ins; rewrite the schema in ${NS.xs} to use its own types`;
}
import type { ReadHost } from './read-host';

export interface LoadLimits extends XmlLimits {
  readonly maxDocuments: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = { ...DEFAULT_XML_LIMITS, maxDocuments: 2000 };

export interface LoadOptions {
  /** Absolute path of the WSDL (or XSD) to read. */
  readonly input: string;
  /** Absolute paths of extra schemas (`--schema`), matched to namespace-only imports by targetNamespace. */
  readonly schemas?: readonly string[];
  /** Extra folders reads may use besides the input's own (`--allow-path`). */
  readonly allowPaths?: readonly string[];
  /** Allow http(s) locations that no catalog entry covers (`--allow-remote`). */
  readonly allowRemote?: boolean;
  /** User catalog entries (`--catalog`); they take precedence over the bundled ones. */
  readonly catalog?: readonly CatalogEntry[];
  readonly limits?: Partial<LoadLimits>;
}

export type DocumentKind = 'wsdl' | 'xsd';

export interface LoadedDocument {
  /** Absolute path, or URL for remote documents. */
  readonly uri: string;
  /** Stable display name: relative to the input's folder, `bundled:<file>`, or the URL. */
  readonly label: string;
  readonly root: Element;
  readonly kind: DocumentKind;
}

export interface SchemaSource {
  readonly element: Element;
  readonly doc: LoadedDocument;
  /** Set for a schema without targetNamespace that was included into this namespace ("chameleon" include). */
  readonly chameleonNs?: string;
  readonly via: 'inline' | 'import' | 'include' | 'redefine' | 'option' | 'sibling' | 'catalog' | 'input';
}

export interface LoadedSet {
  readonly main: LoadedDocument;
  /** The input (when it is a WSDL) and every WSDL it imports, in load order. */
  readonly wsdlDocuments: readonly LoadedDocument[];
  readonly schemas: readonly SchemaSource[];
  /** Labels of every document read, in load order. */
  readonly documents: readonly string[];
  /** Every location attribute that was followed, and the document it led to (for serving the set as metadata). */
  readonly references: readonly DocumentReference[];
}

export interface DocumentReference {
  readonly element: Element;
  readonly attribute: 'location' | 'schemaLocation';
  readonly to: LoadedDocument;
}

type Target = { kind: 'file'; path: string } | { kind: 'bundled'; path: string } | { kind: 'remote'; url: string };

interface PendingNamespace {
  readonly ns: string;
  /** A namespace-only wsdl:import looks for WSDL documents; xs:import for schemas. */
  readonly wsdl?: boolean;
  /** Declared but never imported (SOAP encoding, WSDL): loaded from the catalog when available, silently otherwise. */
  readonly implicit?: boolean;
  readonly at: Location;
  /** The failure to report when the namespace cannot be found by other means either. */
  readonly failure?: { readonly code: DiagnosticCode; readonly message: string };
}

/**
 * Reads the input and everything it imports, includes or redefines, following the location policy:
 * local files inside the allowed folders, bundled copies through the catalog, remote URLs only when allowed.
 * Each document is read once, so import cycles terminate.
 */
export async function loadDocuments(host: ReadHost, options: LoadOptions, diags: DiagnosticBag, bundled: readonly CatalogEntry[]): Promise<LoadedSet | undefined> {
  const loader = new Loader(host, options, diags, bundled);
  return loader.run();
}

class Loader {
  private readonly limits: LoadLimits;
  private readonly catalog: Catalog;
  private readonly rootDir: string;
  private allowedRoots: string[] = [];
  private readonly explicitFiles = new Set<string>();
  private readonly docs = new Map<string, LoadedDocument | null>();
  private readonly documentLabels: string[] = [];
  private readonly wsdlDocs: LoadedDocument[] = [];
  private readonly schemas: SchemaSource[] = [];
  private readonly schemaKeys = new Set<string>();
  private readonly references: DocumentReference[] = [];
  private readonly namespaces = new Set<string>();
  private pending: PendingNamespace[] = [];
  private siblings: { xsd: Map<string, string[]>; wsdl: Map<string, string[]> } | undefined;

  constructor(
    private readonly host: ReadHost,
    private readonly options: LoadOptions,
    private readonly diags: DiagnosticBag,
    bundled: readonly CatalogEntry[],
  ) {
    this.limits = { ...DEFAULT_LOAD_LIMITS, ...options.limits };
    this.catalog = new Catalog([...(options.catalog ?? []), ...bundled]);
    this.rootDir = path.dirname(path.resolve(options.input));
    for (const e of options.catalog ?? []) this.explicitFiles.add(path.resolve(e.file));
    for (const s of options.schemas ?? []) this.explicitFiles.add(path.resolve(s));
  }

  async run(): Promise<LoadedSet | undefined> {
    this.allowedRoots = await Promise.all([this.rootDir, ...(this.options.allowPaths ?? [])].map((p) => this.real(path.resolve(p))));
    const main = await this.readDocument({ kind: 'file', path: path.resolve(this.options.input) }, NO_LOCATION, true);
    if (!main) return undefined;
    for (const s of this.options.schemas ?? []) {
      const doc = await this.readDocument({ kind: 'file', path: path.resolve(s) }, NO_LOCATION, true);
      if (doc) await this.addSchema({ element: doc.root, doc, via: 'option' });
    }
    if (main.kind === 'wsdl') await this.addWsdl(main);
    else await this.addSchema({ element: main.root, doc: main, via: 'input' });
    await this.settleNamespaces();
    return { main, wsdlDocuments: this.wsdlDocs, schemas: this.schemas, documents: this.documentLabels, references: this.references };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Documents

  /**
   * `onMissing`: a missing file is handed to it instead of being reported, so an import can report it only if its
   * namespace is not found by other means either (as a refused location is): the same missing import gets the same
   * verdict whatever --allow-path says.
   */
  private async readDocument(target: Target, at: Location, explicit = false, onMissing?: (failure: { code: DiagnosticCode; message: string }) => void): Promise<LoadedDocument | undefined> {
    const key = target.kind === 'remote' ? target.url : target.path;
    if (this.docs.has(key)) return this.docs.get(key) ?? undefined;
    this.docs.set(key, null);
    if (this.docs.size > this.limits.maxDocuments) {
      this.diags.add('W2T106', `more than ${this.limits.maxDocuments} documents; stopped reading at ${this.labelOf(target)}`, at);
      return undefined;
    }
    let text: string;
    try {
      if (target.kind === 'remote') {
        if (!this.host.fetchRemote) throw new Error('this host cannot fetch remote documents');
        text = await this.host.fetchRemote(target.url);
      } else {
        if (target.kind === 'file' && !explicit && !(await this.isAllowed(target.path))) {
          this.diags.add('W2T201', `${this.shown(target.path)} is outside the input's folder; allow it with --allow-path`, at);
          return undefined;
        }
        text = await this.host.readFile(target.path);
      }
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (target.kind === 'remote') this.diags.add('W2T207', `cannot fetch ${target.url}: ${err.message ?? String(e)}`, at);
      else if (err.code === 'ENOENT' && onMissing) onMissing({ code: 'W2T200', message: `${this.shown(target.path)} does not exist` });
      else if (err.code === 'ENOENT') this.diags.add('W2T200', `${this.shown(target.path)} does not exist`, at);
      else this.diags.add('W2T105', `cannot read ${this.shown(target.path)}: ${err.code ?? err.message ?? String(e)}`, at);
      return undefined;
    }
    const label = this.labelOf(target);
    const parsed = parseXml(text, label, this.diags, this.limits);
    if (!parsed) return undefined;
    const root = parsed.root;
    let kind: DocumentKind;
    if (root.namespaceURI === NS.wsdl && root.localName === 'definitions') kind = 'wsdl';
    else if (root.namespaceURI === NS.xs && root.localName === 'schema') kind = 'xsd';
    else if (root.localName === 'schema' && isLegacyXsd(root.namespaceURI)) {
      this.diags.add('W2T757', legacySchemaMessage(root.namespaceURI!), location(root, label));
      return undefined;
    } else {
      const found = root.namespaceURI ? `{${root.namespaceURI}}${root.localName}` : root.localName;
      this.diags.add('W2T104', `expected wsdl:definitions or xs:schema as the root element, found ${found}`, location(root, label));
      return undefined;
    }
    const doc: LoadedDocument = { uri: key, label, root, kind };
    this.docs.set(key, doc);
    this.documentLabels.push(label);
    return doc;
  }

  private async addWsdl(doc: LoadedDocument): Promise<void> {
    this.wsdlDocs.push(doc);
    for (const imp of childrenNamed(doc.root, NS.wsdl, 'import')) {
      const at = location(imp, doc.label);
      const loc = attr(imp, 'location');
      const ns = attr(imp, 'namespace');
      if (loc === undefined || loc.trim() === '') {
        if (ns !== undefined) this.pending.push({ ns, at, wsdl: true });
        else this.diags.add('W2T600', 'wsdl:import needs a namespace or a location', at);
        continue;
      }
      const target = this.resolve(doc, loc);
      const failure = await this.refusal(target, at);
      if (failure) {
        if (ns !== undefined) this.pending.push({ ns, at, failure });
        else this.diags.add(failure.code, failure.message, at);
        continue;
      }
      const imported = await this.readDocument(target, at);
      if (!imported) continue;
      this.references.push({ element: imp, attribute: 'location', to: imported });
      if (imported.kind === 'wsdl') {
        if (!this.wsdlDocs.includes(imported)) await this.addWsdl(imported);
      } else await this.addSchema({ element: imported.root, doc: imported, via: 'import' });
    }
    for (const types of childrenNamed(doc.root, NS.wsdl, 'types')) {
      for (const child of childElements(types)) {
        if (child.namespaceURI === NS.xs && child.localName === 'schema') await this.addSchema({ element: child, doc, via: 'inline' });
        else if (child.namespaceURI === NS.xs && child.localName === 'import') {
          // Not valid WSDL 1.1 (wsdl:types holds schemas), but WCF and zeep follow it, and WSDLs in the wild rely on it.
          this.diags.add('W2T756', `xs:import of ${attr(child, 'namespace') || '(no namespace)'} is placed directly in wsdl:types, outside any xs:schema; it is followed as WCF and zeep do (wrap it in an <xs:schema> to be portable)`, location(child, doc.label));
          await this.importSchema(child, doc);
        } else if (child.localName === 'schema' && isLegacyXsd(child.namespaceURI)) {
          this.diags.add('W2T757', legacySchemaMessage(child.namespaceURI!), location(child, doc.label));
        }
      }
    }
  }

  /** Follows one xs:import: its location if it has one (and may be read), else the namespace, settled later. */
  private async importSchema(child: Element, doc: LoadedDocument): Promise<void> {
    const at = location(child, doc.label);
    const ns = attr(child, 'namespace') ?? '';
    if (ns === NS.xs) return;
    const loc = attr(child, 'schemaLocation');
    if (loc === undefined || loc.trim() === '') {
      if (loc !== undefined) this.diags.add('W2T205', `xs:import of ${ns || '(no namespace)'} has an empty schemaLocation`, at);
      this.pending.push({ ns, at });
      return;
    }
    const target = this.resolve(doc, loc);
    const failure = await this.refusal(target, at);
    if (failure) {
      this.pending.push({ ns, at, failure });
      return;
    }
    let missing: { code: DiagnosticCode; message: string } | undefined;
    const imported = await this.readDocument(target, at, false, (f) => (missing = f));
    if (!imported) {
      // The reason is reported now (not well-formed...) or, for a missing file, only if the namespace is not found
      // elsewhere either; a namespace found elsewhere still lets the model resolve.
      this.pending.push(missing ? { ns, at, failure: missing } : { ns, at });
      return;
    }
    this.references.push({ element: child, attribute: 'schemaLocation', to: imported });
    if (imported.kind === 'xsd') {
      const itsNs = attr(imported.root, 'targetNamespace') ?? '';
      if (itsNs !== ns) {
        this.diags.add('W2T755', `xs:import of ${ns || '(no namespace)'} reads ${imported.label}, whose targetNamespace is ${itsNs || '(none)'} (XSD src-import.3); its components are registered in ${itsNs || 'no namespace'}, so references through ${ns || 'no namespace'} do not find them`, at);
        this.pending.push({ ns, at });
      }
    }
    await this.addSchemaDocument(imported, 'import', at);
  }

  private async addSchema(source: SchemaSource): Promise<void> {
    const key = `${source.doc.uri}\u0000${source.doc.kind === 'wsdl' ? location(source.element, '').path : ''}\u0000${source.chameleonNs ?? ''}`;
    if (this.schemaKeys.has(key)) return;
    this.schemaKeys.add(key);
    this.schemas.push(source);
    const tns = attr(source.element, 'targetNamespace') ?? source.chameleonNs ?? '';
    this.namespaces.add(tns);
    for (const ns of declaredNamespaces(source.element)) {
      if (IMPLICIT_NAMESPACES.has(ns) && !this.namespaces.has(ns)) this.pending.push({ ns, at: location(source.element, source.doc.label), implicit: true });
    }
    for (const child of childElements(source.element)) {
      if (child.namespaceURI !== NS.xs) continue;
      const at = location(child, source.doc.label);
      if (child.localName === 'import') {
        await this.importSchema(child, source.doc);
      } else if (child.localName === 'include' || child.localName === 'redefine') {
        const loc = attr(child, 'schemaLocation');
        if (loc === undefined || loc.trim() === '') {
          this.diags.add('W2T600', `xs:${child.localName} needs a schemaLocation`, at);
          continue;
        }
        const target = this.resolve(source.doc, loc);
        const failure = await this.refusal(target, at);
        if (failure) {
          this.diags.add(failure.code, failure.message, at);
          continue;
        }
        const included = await this.readDocumentOrReuse(target, at);
        if (!included) continue;
        this.references.push({ element: child, attribute: 'schemaLocation', to: included });
        if (included.kind !== 'xsd') {
          this.diags.add('W2T104', `xs:${child.localName} must name a schema document, not a WSDL`, at);
          continue;
        }
        const itsNs = attr(included.root, 'targetNamespace');
        if (itsNs === undefined || itsNs === '') {
          await this.addSchema({ element: included.root, doc: included, chameleonNs: tns || undefined, via: child.localName });
        } else {
          if (itsNs !== tns) this.diags.add('W2T204', `included schema ${included.label} has targetNamespace ${itsNs}, not ${tns || '(none)'}`, at);
          await this.addSchema({ element: included.root, doc: included, via: child.localName });
        }
      }
    }
  }

  private async addSchemaDocument(doc: LoadedDocument, via: SchemaSource['via'], at: Location): Promise<void> {
    if (doc.kind === 'xsd') await this.addSchema({ element: doc.root, doc, via });
    else {
      this.diags.add('W2T104', `${doc.label} is a WSDL where a schema was expected; its embedded schemas are used`, at);
      for (const types of childrenNamed(doc.root, NS.wsdl, 'types')) for (const s of childrenNamed(types, NS.xs, 'schema')) await this.addSchema({ element: s, doc, via });
    }
  }

  private async readDocumentOrReuse(target: Target, at: Location): Promise<LoadedDocument | undefined> {
    const key = target.kind === 'remote' ? target.url : target.path;
    const known = this.docs.get(key);
    return known ?? (this.docs.has(key) ? undefined : this.readDocument(target, at));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Namespace-only imports: resolved after everything explicit, against loaded schemas, then siblings, then the catalog

  private async settleNamespaces(): Promise<void> {
    const reported = new Set<PendingNamespace>();
    for (let round = 0; this.pending.length && round < 1000; round++) {
      const batch = this.pending;
      this.pending = [];
      for (const p of batch) {
        if (p.wsdl) {
          await this.settleWsdlImport(p);
          continue;
        }
        if (!this.namespaces.has(p.ns)) await this.findNamespace(p.ns, p.at);
        if (reported.has(p)) continue;
        reported.add(p);
        if (p.implicit) continue;
        if (this.namespaces.has(p.ns)) {
          if (p.failure) this.diags.add('W2T206', `${p.failure.message}; namespace ${p.ns || '(none)'} was found in another schema and is used instead`, p.at);
        } else if (p.failure) this.diags.add(p.failure.code, p.failure.message, p.at);
        else this.diags.add('W2T203', `no schema for namespace ${p.ns || '(none)'}: not in the input, beside it, given with --schema, or in the catalog`, p.at);
      }
    }
  }

  /** A wsdl:import without location: a WSDL already read, or one beside the input, with that targetNamespace. */
  private async settleWsdlImport(p: PendingNamespace): Promise<void> {
    const known = (): boolean => this.wsdlDocs.some((d) => (attr(d.root, 'targetNamespace') ?? '') === p.ns) || this.namespaces.has(p.ns);
    if (!known()) {
      for (const file of (await this.siblingIndex()).wsdl.get(p.ns) ?? []) {
        const doc = await this.readDocumentOrReuse({ kind: 'file', path: file }, p.at);
        if (doc?.kind === 'wsdl' && !this.wsdlDocs.includes(doc)) await this.addWsdl(doc);
      }
    }
    if (!known()) this.diags.add('W2T205', `wsdl:import of ${p.ns} has no location and no WSDL or schema beside the input has that targetNamespace`, p.at);
  }

  private async findNamespace(ns: string, at: Location): Promise<void> {
    const siblings = (await this.siblingIndex()).xsd;
    for (const file of siblings.get(ns) ?? []) {
      const doc = await this.readDocumentOrReuse({ kind: 'file', path: file }, at);
      if (doc) await this.addSchema({ element: doc.root, doc, via: 'sibling' });
    }
    if (this.namespaces.has(ns)) return;
    const entry = this.catalog.forNamespace(ns);
    if (entry) {
      const doc = await this.readDocumentOrReuse(this.entryTarget(entry), at);
      if (doc) await this.addSchemaDocument(doc, 'catalog', at);
    }
  }

  /** targetNamespace → .xsd and .wsdl files beside the input, read once and only when a namespace is missing. */
  private async siblingIndex(): Promise<{ xsd: Map<string, string[]>; wsdl: Map<string, string[]> }> {
    if (this.siblings) return this.siblings;
    const index = { xsd: new Map<string, string[]>(), wsdl: new Map<string, string[]>() };
    this.siblings = index;
    const names = (await this.host.listDir(this.rootDir)).filter((n) => /\.(xsd|wsdl)$/i.test(n)).sort();
    for (const name of names) {
      const file = path.join(this.rootDir, name);
      let text: string;
      try {
        text = await this.host.readFile(file);
      } catch {
        continue;
      }
      const root = peekRoot(text);
      if (!root) continue;
      const map = root.kind === 'schema' ? index.xsd : index.wsdl;
      map.set(root.tns, [...(map.get(root.tns) ?? []), file]);
    }
    return index;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Locations and policy

  private resolve(base: LoadedDocument, location: string): Target {
    const loc = location.trim();
    if (/^https?:\/\//i.test(loc)) return this.remoteOrCatalog(loc);
    if (/^file:/i.test(loc)) {
      try {
        return { kind: 'file', path: path.fileUrlToPath(loc) };
      } catch {
        return { kind: 'file', path: loc };
      }
    }
    if (/^https?:\/\//i.test(base.uri)) {
      try {
        return this.remoteOrCatalog(new URL(loc, base.uri).toString());
      } catch {
        return { kind: 'remote', url: loc };
      }
    }
    // Query strings (WCF's `?xsd=xsd0`) are part of the file name here, as the files were saved that way.
    const resolved = path.resolve(path.dirname(base.uri), decodeSafe(loc));
    if (isInside(resolved, BUNDLED_DIR)) return { kind: 'bundled', path: resolved };
    return { kind: 'file', path: resolved };
  }

  private remoteOrCatalog(url: string): Target {
    const entry = this.catalog.forUrl(url);
    return entry ? this.entryTarget(entry) : { kind: 'remote', url };
  }

  private entryTarget(entry: CatalogEntry): Target {
    return entry.bundled ? { kind: 'bundled', path: entry.file } : { kind: 'file', path: entry.file };
  }

  /** Why a target may not be read, or undefined when it may. Local confinement is checked on read. */
  private async refusal(target: Target, _at: Location): Promise<{ code: DiagnosticCode; message: string } | undefined> {
    if (target.kind === 'remote' && !this.options.allowRemote) {
      return { code: 'W2T202', message: `remote location ${target.url} is refused; add a catalog entry (--catalog) or allow it (--allow-remote)` };
    }
    if (target.kind === 'file' && !this.explicitFiles.has(target.path) && !(await this.isAllowed(target.path))) {
      return { code: 'W2T201', message: `${this.shown(target.path)} is outside the input's folder; allow it with --allow-path` };
    }
    return undefined;
  }

  private async isAllowed(file: string): Promise<boolean> {
    if (this.explicitFiles.has(file)) return true;
    const real = await this.real(file);
    return this.allowedRoots.some((root) => isInside(real, root));
  }

  private async real(p: string): Promise<string> {
    try {
      return await this.host.realPath(p);
    } catch {
      // A file that does not exist yet: canonicalise its folder so a symlinked parent cannot escape.
      const dir = path.dirname(p);
      if (dir === p) return p;
      return path.join(await this.real(dir), path.basename(p));
    }
  }

  private labelOf(target: Target): string {
    if (target.kind === 'remote') return target.url;
    if (target.kind === 'bundled') return `bundled:${path.relative(BUNDLED_DIR, target.path).split(path.sep).join('/')}`;
    return this.shown(target.path);
  }

  /** Paths in messages and models are relative to the input's folder, never absolute. */
  private shown(p: string): string {
    const rel = path.relative(this.rootDir, p).split(path.sep).join('/');
    return rel || path.basename(p);
  }
}

/**
 * Namespaces that rpc/encoded WSDLs use (soapenc:Array, soapenc:arrayType) by declaring a prefix, without importing
 * them, because SOAP toolkits always knew them.
 */
const IMPLICIT_NAMESPACES: ReadonlySet<string> = new Set([NS.soapEnc11, NS.soapEnc12]);

/** Namespace URIs declared on an element or its ancestors. */
function declaredNamespaces(el: Element): string[] {
  const out: string[] = [];
  for (let n: Element | null = el; n && n.nodeType === 1; n = n.parentNode as Element | null) {
    for (let i = 0; i < n.attributes.length; i++) {
      const a = n.attributes.item(i)!;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) out.push(a.value);
    }
  }
  return out;
}

function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The kind and targetNamespace of a schema or WSDL file's root element, read without building a DOM. */
export function peekRoot(text: string): { kind: 'schema' | 'definitions'; tns: string } | undefined {
  const m = /<(?:[A-Za-z_][\w.-]*:)?(schema|definitions)\b([^>]*)>/.exec(text);
  if (!m) return undefined;
  const tns = /\btargetNamespace\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[2]!);
  return { kind: m[1] as 'schema' | 'definitions', tns: tns ? (tns[1] ?? tns[2] ?? '') : '' };
}
