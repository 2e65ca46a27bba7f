/**
 * Serializes example trees as indented XML, declaring every namespace once on the top element: its own namespace as
 * the default (none when an unqualified element occurs below, which could not be written under a default), the others
 * as numbered prefixes (`ns1`, `ns2`… in order of first use), `xsi` for xsi:type/xsi:nil. Deterministic.
 */
import { XSI_NS, type XmlNode } from './example-value';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface Scope {
  readonly defaultNs: string;
  readonly prefixes: ReadonlyMap<string, string>;
}

/** A top element (a Body or Header child, or a standalone example) with its namespaces declared up front. */
export function writeTree(node: XmlNode, indent: string): string[] {
  const elementNs: string[] = [];
  const prefixed = new Set<string>();
  let unqualified = false;
  const walk = (n: XmlNode) => {
    if (n.name.ns === '') unqualified = true;
    else if (!elementNs.includes(n.name.ns)) elementNs.push(n.name.ns);
    if (n.xsiType || n.nil) prefixed.add(XSI_NS);
    if (n.xsiType?.ns) prefixed.add(n.xsiType.ns);
    for (const a of n.attrs) if (a.name.ns && a.name.ns !== XML_NS) prefixed.add(a.name.ns);
    n.children.forEach(walk);
  };
  walk(node);
  const defaultNs = unqualified ? '' : node.name.ns;
  const order = [...elementNs.filter((ns) => ns !== defaultNs), ...[...prefixed].filter((ns) => !elementNs.includes(ns) || ns === defaultNs)];
  const prefixes = new Map<string, string>();
  let n = 0;
  for (const ns of new Set(order)) prefixes.set(ns, ns === XSI_NS ? 'xsi' : `ns${++n}`);
  const decls = [...(defaultNs ? [` xmlns="${escapeXml(defaultNs)}"`] : []), ...[...prefixes].map(([ns, p]) => ` xmlns:${p}="${escapeXml(ns)}"`)];
  return writeNode(node, indent, { defaultNs, prefixes }, { n }, decls.join(''));
}

function writeNode(node: XmlNode, indent: string, scope: Scope, counter: { n: number }, rootDecls = ''): string[] {
  const decls: string[] = rootDecls ? [rootDecls] : [];
  const prefixes = new Map(scope.prefixes);
  let defaultNs = scope.defaultNs;
  const elementPrefix = node.name.ns !== defaultNs && node.name.ns ? prefixes.get(node.name.ns) : undefined;
  if (node.name.ns !== defaultNs && elementPrefix === undefined) {
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
  const tag = elementPrefix ? `${elementPrefix}:${node.name.local}` : node.name.local;
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
