import type { Element, Node } from '@xmldom/xmldom';
import type { Location } from '../diagnostics/diagnostic';

export const NS = {
  xs: 'http://www.w3.org/2001/XMLSchema',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xml: 'http://www.w3.org/XML/1998/namespace',
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  soap11: 'http://schemas.xmlsoap.org/wsdl/soap/',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  http: 'http://schemas.xmlsoap.org/wsdl/http/',
  mime: 'http://schemas.xmlsoap.org/wsdl/mime/',
  wsaw: 'http://www.w3.org/2006/05/addressing/wsdl',
  wsam: 'http://www.w3.org/2007/05/addressing/metadata',
  wsa10: 'http://www.w3.org/2005/08/addressing',
  soapEnc11: 'http://schemas.xmlsoap.org/soap/encoding/',
  soapEnc12: 'http://www.w3.org/2003/05/soap-encoding',
  msSerialization: 'http://schemas.microsoft.com/2003/10/Serialization/',
} as const;

/** Draft XML Schema namespaces that old SOAP toolkits still write in type references; they mean the built-ins. */
const LEGACY_XSD = new Set(['http://www.w3.org/1999/XMLSchema', 'http://www.w3.org/2000/10/XMLSchema']);

export function canonicalNamespace(ns: string): string {
  return LEGACY_XSD.has(ns) ? NS.xs : ns;
}

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

export function isEl(el: Node, ns: string, local: string): el is Element {
  return el.nodeType === 1 && (el as Element).namespaceURI === ns && (el as Element).localName === local;
}

export function childrenNamed(el: Element, ns: string, local: string): Element[] {
  return childElements(el).filter((c) => c.namespaceURI === ns && c.localName === local);
}

export function firstChildNamed(el: Element, ns: string, local: string): Element | undefined {
  return childElements(el).find((c) => c.namespaceURI === ns && c.localName === local);
}

/** An unqualified attribute, or undefined when absent (an empty value is kept as ''). */
export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? el.getAttribute(name)! : undefined;
}

export function attrNS(el: Element, ns: string, local: string): string | undefined {
  return el.hasAttributeNS(ns, local) ? el.getAttributeNS(ns, local)! : undefined;
}

export function location(el: Node, file: string): Location {
  return { file, line: el.lineNumber ?? 0, column: el.columnNumber ?? 0, path: nodePath(el) };
}

/** An XPath-like path that names each step by its `name` attribute when it has one, else by position. */
export function nodePath(node: Node): string {
  const steps: string[] = [];
  for (let n: Node | null = node; n && n.nodeType === 1; n = n.parentNode) {
    const el = n as Element;
    const name = el.getAttribute('name');
    let step = el.nodeName;
    if (name) step += `[@name=${quoteXPath(name)}]`;
    else {
      let index = 1;
      let same = 0;
      for (let s = el.parentNode?.firstChild ?? null; s; s = s.nextSibling) {
        if (s.nodeType !== 1 || s.nodeName !== el.nodeName) continue;
        same++;
        if (s === el) index = same;
      }
      if (same > 1) step += `[${index}]`;
    }
    steps.push(step);
  }
  return '/' + steps.reverse().join('/');
}

function quoteXPath(s: string): string {
  return s.includes("'") ? `"${s.replace(/"/g, '&quot;')}"` : `'${s}'`;
}

/** Text content of the `xs:documentation`/`wsdl:documentation` children, trimmed; undefined when none. */
export function documentationOf(el: Element, ns: string): string | undefined {
  const parts: string[] = [];
  for (const c of childElements(el)) {
    if (c.namespaceURI === ns && c.localName === 'documentation') parts.push(c.textContent ?? '');
    if (ns === NS.xs && c.namespaceURI === NS.xs && c.localName === 'annotation') {
      for (const d of childrenNamed(c, NS.xs, 'documentation')) parts.push(d.textContent ?? '');
    }
  }
  const text = parts.map((p) => p.trim()).filter(Boolean).join('\n\n');
  return text || undefined;
}

const NCNAME = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][A-Za-z_\-.0-9\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

export function isNCName(s: string): boolean {
  return NCNAME.test(s);
}

/** The element's local name (xmldom types it as nullable; elements always have one). */
export function localName(el: Element): string {
  return el.localName ?? el.nodeName;
}
