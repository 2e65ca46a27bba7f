/**
 * Serializes example trees as indented XML. Element namespaces go in default-namespace declarations where they
 * change (so an unqualified child of a qualified parent gets `xmlns=""`); attributes and xsi:type values get
 * numbered prefixes (`ns1`, `ns2`…) declared where first needed. Deterministic.
 */
import { XSI_NS, type XmlNode } from './example-value';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface Scope {
  readonly defaultNs: string;
  readonly prefixes: ReadonlyMap<string, string>;
}

export function writeNode(node: XmlNode, indent: string, scope: Scope, counter: { n: number }): string[] {
  const decls: string[] = [];
  const prefixes = new Map(scope.prefixes);
  let defaultNs = scope.defaultNs;
  if (node.name.ns !== defaultNs) {
    defaultNs = node.name.ns;
    decls.push(` xmlns="${escapeXml(defaultNs)}"`);
  }
  const prefixFor = (ns: string): string => {
    if (ns === XML_NS) return 'xml'; // bound by definition, never declared
    let p = prefixes.get(ns);
    if (p === undefined) {
      p = ns === XSI_NS ? 'xsi' : `ns${++counter.n}`;
      prefixes.set(ns, p);
      decls.push(` xmlns:${p}="${escapeXml(ns)}"`);
    }
    return p;
  };
  for (const d of node.decls) {
    if (prefixes.get(d.ns) === d.prefix) continue;
    prefixes.set(d.ns, d.prefix);
    decls.push(` xmlns:${d.prefix}="${escapeXml(d.ns)}"`);
  }
  const attrs: string[] = [];
  if (node.xsiType) attrs.push(` ${prefixFor(XSI_NS)}:type="${node.xsiType.ns ? `${prefixFor(node.xsiType.ns)}:` : ''}${node.xsiType.local}"`);
  if (node.nil) attrs.push(` ${prefixFor(XSI_NS)}:nil="true"`);
  for (const a of node.attrs) attrs.push(` ${a.name.ns ? `${prefixFor(a.name.ns)}:` : ''}${a.name.local}="${escapeXml(a.value)}"`);
  const tag = node.name.local;
  const open = `${indent}<${tag}${decls.join('')}${attrs.join('')}`;
  const comments = node.notes.map((n) => `<!-- ${n.replace(/--/g, '- -')} -->`).join('');
  if (!node.children.length) {
    if (node.text === undefined && !comments) return [`${open}/>`];
    return [`${open}>${comments}${escapeXml(node.text ?? '')}</${tag}>`];
  }
  const lines = [`${open}>`];
  if (comments) lines.push(`${indent}  ${comments}`);
  for (const c of node.children) lines.push(...writeNode(c, indent + '  ', { defaultNs, prefixes }, counter));
  lines.push(`${indent}</${tag}>`);
  return lines;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
