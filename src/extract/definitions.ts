/**
 * Comparing, copying and completing WSDL and schema definitions taken from spec text: the first difference between
 * two definitions, a definition carried into another document, and what the spec leaves to prose (bindings).
 */
import { DOMParser, Element } from '@xmldom/xmldom';
import { NS } from '../xml/dom-utils';
import { sectionOf } from './spec-text';
import { localOf, prefixOf } from './xml-tokens';

const QNAME_ATTRS = new Set(['type', 'element', 'message', 'binding', 'base', 'ref', 'itemType', 'substitutionGroup']);

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** The first difference between two definitions, ignoring prefixes, white space, attribute order and documentation. */
export function firstDifference(a: Element, b: Element, path: string, loose: ReadonlySet<string> = new Set()): string | undefined {
  const here = `${path}/${a.localName}${a.getAttribute('name') ? `[@name='${a.getAttribute('name')}']` : ''}`;
  if (a.namespaceURI !== b.namespaceURI || a.localName !== b.localName) return `${here}: <${a.tagName}> here, <${b.tagName}> there`;
  const attrs = (e: Element) => {
    const m = new Map<string, string>();
    for (let i = 0; i < e.attributes.length; i++) {
      const at = e.attributes.item(i)!;
      if (at.name === 'xmlns' || at.name.startsWith('xmlns:')) continue;
      let v = at.value.trim();
      if (QNAME_ATTRS.has(at.name) && /^[A-Za-z_][\w.-]*:/.test(v)) v = `{${e.lookupNamespaceURI(prefixOf(v)) ?? '?'}}${localOf(v)}`;
      else if (QNAME_ATTRS.has(at.name)) v = `{${e.lookupNamespaceURI(null) ?? ''}}${v}`;
      m.set(at.namespaceURI ? `{${at.namespaceURI}}${at.localName}` : at.name, v);
    }
    return m;
  };
  const aa = attrs(a);
  // A prefix the section used without declaring it: only the local name can be compared.
  for (const [k, v] of aa) {
    const raw = a.getAttribute(k) ?? '';
    if (QNAME_ATTRS.has(k) && loose.has(prefixOf(raw.trim()))) {
      const other = attrIfPresent(b, k);
      if (other !== undefined && localOf(other.trim()) === localOf(raw.trim())) aa.set(k, attrs(b).get(k) ?? v);
    }
  }
  const ba = attrs(b);
  for (const [k, v] of aa) {
    if (!ba.has(k)) return `${here}: attribute ${k}="${v}" here, absent there`;
    if (ba.get(k) !== v) return `${here}/@${k}: "${v}" here, "${ba.get(k)}" there`;
  }
  for (const [k, v] of ba) if (!aa.has(k)) return `${here}: attribute ${k}="${v}" absent here`;
  const kids = (e: Element) => elementChildren(e).filter((c) => c.localName !== 'documentation' && c.localName !== 'annotation');
  const ak = kids(a);
  const bk = kids(b);
  for (let i = 0; i < Math.min(ak.length, bk.length); i++) {
    const d = firstDifference(ak[i]!, bk[i]!, here, loose);
    if (d !== undefined) return d;
  }
  if (ak.length !== bk.length) return `${here}: ${ak.length} child elements here, ${bk.length} there`;
  if (!ak.length) {
    const ta = (a.textContent ?? '').trim();
    const tb = (b.textContent ?? '').trim();
    if (ta !== tb) return `${here}: text "${ta}" here, "${tb}" there`;
  }
  return undefined;
}

/** The SOAP version sections 2, 2.1 and 2.2 (transport, message syntax) name, when they name exactly one. */
export function transportSoapVersion(lines: readonly { text: string }[]): '1.1' | '1.2' | undefined {
  let inTransport = false;
  let text = '';
  for (const l of lines) {
    const s = sectionOf(l.text);
    if (s) inTransport = /^2(\.[12])?$/.test(s.number) || s.number.startsWith('2.1.');
    else if (inTransport) text += ` ${l.text}`;
  }
  const v12 = /SOAP\s*1\.2|SOAP1\.2/i.test(text);
  const v11 = /SOAP\s*1\.1|SOAP1\.1/i.test(text);
  return v12 && !v11 ? '1.2' : v11 && !v12 ? '1.1' : undefined;
}

export function deriveBinding(pt: Element, tns: string, soap12: boolean): Element {
  const soapNs = soap12 ? 'http://schemas.xmlsoap.org/wsdl/soap12/' : 'http://schemas.xmlsoap.org/wsdl/soap/';
  const name = pt.getAttribute('name') ?? '';
  const ops = elementChildren(pt).filter((o) => o.localName === 'operation');
  const action = (io: Element | undefined) => {
    if (!io) return '';
    for (let i = 0; i < io.attributes.length; i++) if (io.attributes.item(i)!.localName === 'Action') return io.attributes.item(i)!.value;
    return '';
  };
  const body = (kind: string) => `<wsdl:${kind}><soap:body use="literal"/></wsdl:${kind}>`;
  const opXml = ops
    .map((o) => {
      const kids = elementChildren(o);
      const input = kids.find((k) => k.localName === 'input');
      const faults = kids.filter((k) => k.localName === 'fault').map((f) => `<wsdl:fault name="${escapeAttr(f.getAttribute('name') ?? '')}"><soap:fault name="${escapeAttr(f.getAttribute('name') ?? '')}" use="literal"/></wsdl:fault>`);
      return `<wsdl:operation name="${escapeAttr(o.getAttribute('name') ?? '')}"><soap:operation soapAction="${escapeAttr(action(input))}" style="document"/>${input ? body('input') : ''}${kids.some((k) => k.localName === 'output') ? body('output') : ''}${faults.join('')}</wsdl:operation>`;
    })
    .join('\n');
  const xml = `<wsdl:binding xmlns:wsdl="${NS.wsdl}" xmlns:soap="${soapNs}" xmlns:wsdl2ts_tns="${escapeAttr(tns)}" name="${escapeAttr(name)}_SoapBinding" type="wsdl2ts_tns:${escapeAttr(name)}">\n<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>\n${opXml}\n</wsdl:binding>`;
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

/** `type="Resource"` on a binding with no default namespace in scope: the WSDL's own definition is meant. */
export function qualifyReferences(root: Element, tns: string, report: (m: string, line: number) => void): void {
  const refs = new Map([['binding', 'type'], ['port', 'binding'], ['input', 'message'], ['output', 'message'], ['fault', 'message']]);
  let declared = false;
  const walk = (el: Element) => {
    const attrName = el.namespaceURI === NS.wsdl ? refs.get(el.localName ?? '') : undefined;
    const v = attrName ? el.getAttribute(attrName) : null;
    if (attrName && v && !v.includes(':') && el.lookupNamespaceURI(null) === null) {
      if (!declared) root.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsdl2ts_tns', tns);
      declared = true;
      el.setAttribute(attrName, `wsdl2ts_tns:${v}`);
      report(`${attrName}="${v}" on <${el.tagName}> has no prefix and no default namespace is declared; qualified with ${tns}`, (el as unknown as { lineNumber?: number }).lineNumber ?? 0);
    }
    for (const c of elementChildren(el)) walk(c);
  };
  walk(root);
}

/** A copy of an element that carries the namespace declarations of its ancestors, to stand in another document. */
export function inScope(el: Element): Element {
  const copy = el.cloneNode(true) as Element;
  for (let n = el.parentNode as Element | null; n && n.nodeType === 1; n = n.parentNode as Element | null) {
    for (let i = 0; i < n.attributes.length; i++) {
      const a = n.attributes.item(i)!;
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !copy.hasAttribute(a.name)) copy.setAttributeNS('http://www.w3.org/2000/xmlns/', a.name, a.value);
    }
  }
  return copy;
}

export function attrIfPresent(e: Element, name: string): string | undefined {
  return e.hasAttribute(name) ? e.getAttribute(name)! : undefined;
}
