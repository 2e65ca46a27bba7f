import { EncodeError } from './errors';
import { escapeAttr, escapeText } from './escape';
import { isNCName } from './xml-names';

/**
 * A small, dependency-free streaming XML writer used by generated encoders.
 *
 * Namespaced names always get a prefix (a preferred one, else p1, p2, ...), declared on the element where it is first
 * needed and re-declared where a later element is outside that scope; the same namespace keeps the same prefix for the
 * whole document, so the output is deterministic. A default namespace is never declared, so an unprefixed name is always
 * in no namespace. Text and attribute values are escaped; characters XML 1.0 cannot carry are refused.
 */

export interface XmlWriterOptions {
  /** Start the output with `<?xml version="1.0" encoding="utf-8"?>`. Default false. */
  xmlDeclaration?: boolean;
  /** Preferred prefixes, as [prefix, namespace]. Without one, xsi and xs are used for their usual namespaces. */
  prefixes?: ReadonlyArray<[prefix: string, ns: string]>;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

export class XmlWriter {
  private out = '';
  private readonly declaration: boolean;
  /** Open elements: qualified name, local name (for paths), binding mark. */
  private readonly qn: string[] = [];
  private readonly lo: string[] = [];
  private readonly mk: number[] = [];
  /** Namespace bindings declared in the output and in scope, innermost last. */
  private readonly bP: string[] = [];
  private readonly bU: string[] = [];
  private bN = 0;
  /** The current start tag is still open (attributes and declarations may be added). */
  private open = false;
  /** Attributes of the open start tag, as namespace and local name pairs (duplicate check). */
  private readonly at: string[] = [];
  private rootDone = false;
  /** Namespace -> prefix, fixed for the document once chosen. */
  private readonly chosen = new Map<string, string>();
  /** Prefixes reserved by preferences or already chosen. */
  private readonly used = new Set<string>();
  private readonly preferred = new Map<string, string>();
  private counter = 0;

  constructor(options?: XmlWriterOptions) {
    this.declaration = options?.xmlDeclaration ?? false;
    for (const [prefix, ns] of options?.prefixes ?? []) {
      if (!isNCName(prefix) || /^xml/i.test(prefix)) throw new EncodeError(`'${prefix}' cannot be used as a namespace prefix`, '');
      if (ns === '' || ns === XML_NS || ns === XMLNS_NS) throw new EncodeError(`the namespace '${ns}' cannot be given a prefix`, '');
      if (this.used.has(prefix) || this.preferred.has(ns)) continue; // the first preference wins
      this.preferred.set(ns, prefix);
      this.used.add(prefix);
    }
    for (const [prefix, ns] of [
      ['xsi', XSI_NS],
      ['xs', XSD_NS],
    ] as const) {
      if (this.used.has(prefix) || this.preferred.has(ns)) continue;
      this.preferred.set(ns, prefix);
      this.used.add(prefix);
    }
  }

  /** Opens an element. A namespaced name gets a prefix, declared here when it is not in scope; ns '' means no namespace. */
  startElement(ns: string, local: string): void {
    if (this.qn.length === 0 && this.rootDone) throw new EncodeError('a document has a single root element', '');
    this.checkName(local);
    if (this.open) this.closeStart();
    const mark = this.bN;
    let qname = local;
    let decl = '';
    if (ns !== '') {
      const p = this.inScope(ns);
      if (p !== undefined) qname = p + ':' + local;
      else {
        const np = this.choose(ns);
        qname = np + ':' + local;
        decl = this.bind(np, ns);
      }
    }
    this.out += '<' + qname + decl;
    this.qn.push(qname);
    this.lo.push(local);
    this.mk.push(mark);
    this.open = true;
    this.at.length = 0;
  }

  /** Adds an attribute to the element just started; ns '' means an unprefixed attribute. */
  attribute(ns: string, local: string, value: string): void {
    if (!this.open) throw new EncodeError('attribute() must follow startElement() or attribute()', this.path());
    this.checkName(local);
    if (ns === '' && local === 'xmlns') throw new EncodeError("an attribute cannot be named 'xmlns'", this.path());
    if (ns === XMLNS_NS) throw new EncodeError('namespace declarations are written by the writer itself', this.path());
    const at = this.at;
    for (let k = 0; k < at.length; k += 2) if (at[k] === ns && at[k + 1] === local) throw new EncodeError(`duplicate attribute {${ns}}${local}`, this.path());
    at.push(ns, local);
    const name = ns === '' ? local : this.prefix(ns) + ':' + local;
    this.out += ' ' + name + '="' + this.escapeAttr(value) + '"';
  }

  /** xsi:nil="true" on the element just started. */
  nil(): void {
    this.attribute(XSI_NS, 'nil', 'true');
  }

  /** xsi:type="p:local" on the element just started, declaring both prefixes as needed. */
  xsiType(ns: string, local: string): void {
    if (!this.open) throw new EncodeError('xsiType() must follow startElement()', this.path());
    this.attribute(XSI_NS, 'type', this.qname(ns, local));
  }

  /**
   * The lexical QName for {ns}local in the current element's scope, declaring its prefix on the element just started if
   * needed (so call it before text()). ns '' gives the bare local name, which means no namespace since no default
   * namespace is ever declared.
   */
  qname(ns: string, local: string): string {
    this.checkName(local);
    if (ns === '') return local;
    const p = this.inScope(ns);
    if (p !== undefined) return p + ':' + local;
    if (!this.open) throw new EncodeError(`qname(): the namespace ${ns} is not in scope; call qname() before text()`, this.path());
    const np = this.choose(ns);
    this.out += this.bind(np, ns);
    return np + ':' + local;
  }

  /** Character data, escaped (& < > and CR). Characters not allowed in XML 1.0 are an EncodeError. */
  text(value: string): void {
    if (this.qn.length === 0) throw new EncodeError('text() outside an element', '');
    if (value === '') return; // an element with only empty text stays self-closing
    if (this.open) this.closeStart();
    this.out += this.escapeText(value);
  }

  /** Inserts a fragment produced by XmlReader.readRaw as-is (it declares every namespace it uses). */
  raw(xml: string): void {
    if (this.qn.length === 0) {
      if (this.rootDone) throw new EncodeError('a document has a single root element', '');
      this.rootDone = true;
    }
    if (this.open) this.closeStart();
    this.out += xml;
  }

  /** Closes the current element; an element without content is written self-closing. */
  endElement(): void {
    const qname = this.qn.pop();
    if (qname === undefined) throw new EncodeError('endElement() without an open element', '');
    if (this.open) {
      this.out += '/>';
      this.open = false;
    } else this.out += '</' + qname + '>';
    this.lo.pop();
    this.bN = this.mk.pop()!;
    if (this.qn.length === 0) this.rootDone = true;
  }

  /** The document. Throws if elements are still open or nothing was written. */
  toString(): string {
    if (this.qn.length > 0) throw new EncodeError(`${this.qn.length} element(s) still open`, this.path());
    if (!this.rootDone) throw new EncodeError('no root element was written', '');
    return this.declaration ? '<?xml version="1.0" encoding="utf-8"?>' + this.out : this.out;
  }

  /** Slash path of the open elements by local name. */
  path(): string {
    let p = '';
    for (const l of this.lo) p += '/' + l;
    return p;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private closeStart(): void {
    this.out += '>';
    this.open = false;
  }

  private checkName(local: string): void {
    if (!isNCName(local)) throw new EncodeError(`'${local}' is not a valid XML local name`, this.path());
  }

  /** A prefix bound to ns in the current scope (its innermost binding not shadowed), or undefined. */
  private inScope(ns: string): string | undefined {
    if (ns === XML_NS) return 'xml';
    const bP = this.bP;
    for (let k = this.bN - 1; k >= 0; k--) {
      if (this.bU[k] !== ns) continue;
      const p = bP[k]!;
      let shadowed = false;
      for (let j = k + 1; j < this.bN; j++) if (bP[j] === p) shadowed = true;
      if (!shadowed) return p;
    }
    return undefined;
  }

  /** The prefix for ns on the open start tag, declared there if it is not in scope. */
  private prefix(ns: string): string {
    const p = this.inScope(ns);
    if (p !== undefined) return p;
    const np = this.choose(ns);
    this.out += this.bind(np, ns);
    return np;
  }

  /** The document's prefix for ns: chosen once (preferred, else the next free pN). */
  private choose(ns: string): string {
    if (ns === XMLNS_NS) throw new EncodeError(`the namespace ${XMLNS_NS} cannot be used for elements or attributes`, this.path());
    let p = this.chosen.get(ns);
    if (p !== undefined) return p;
    p = this.preferred.get(ns);
    if (p === undefined) {
      do p = 'p' + ++this.counter;
      while (this.used.has(p));
      this.used.add(p);
    }
    this.chosen.set(ns, p);
    return p;
  }

  /** Records a binding in the current element's scope and returns its declaration. */
  private bind(prefix: string, ns: string): string {
    this.bP[this.bN] = prefix;
    this.bU[this.bN] = ns;
    this.bN++;
    return ' xmlns:' + prefix + '="' + this.escapeAttr(ns) + '"';
  }

  private escapeText(v: string): string {
    return escapeText(v, this.path());
  }

  private escapeAttr(v: string): string {
    return escapeAttr(v, this.path());
  }
}
