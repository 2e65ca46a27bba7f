/**
 * The reader's name slots (xml-reader.ts, nameSlot): on ASCII input a start tag whose qualified name was seen before
 * takes its local name from a table shared by all readers, and its namespace from a memo valid while that reader's
 * bindings are unchanged (nsEpoch). The charCodeAt scanner (setByteScan(false)) never uses them, so it is the oracle:
 * both must report the same names and namespaces on documents built to stress the table: registered and unregistered
 * names, names whose hashes collide, a prefix rebound on siblings, in nested scopes and on the element itself, the
 * default namespace, and several readers interleaved over different bindings of the same prefixes. Only messages of
 * at least 4096 characters use the slots, so every document here is padded with a trailing comment.
 */
import { setByteScan, XmlReader } from '../../packages/runtime/src/xml-reader';
import { internName } from '../../packages/runtime/src/xml-intern';

/** A deterministic generator (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

// 'Aa' and 'BB' have the same h * 31 + c hash, so these names share a slot and evict each other.
const COLLIDING = ['xAa', 'xBB', 'xAaAa', 'xBBBB', 'xAaBB', 'xBBAa'];
const REGISTERED = ['Campaign', 'Id', 'Name', 'Status', 'string', 'Languages', ...COLLIDING];
const UNREGISTERED = ['Other', 'zz', 'Campaigns2', 'n'];
for (const n of REGISTERED) internName(n);
const PREFIXES = ['', 'a', 'b', 'ns2', 'ns3'];
const URIS = ['urn:one', 'urn:two', 'http://example.com/three', ''];

/** A random document: nested elements with registered and other names, rebinding prefixes as it goes. */
function document(rnd: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  let count = 0;
  const element = (depth: number, bound: Set<string>): string => {
    count++;
    const local = rnd() < 0.8 ? pick(REGISTERED) : pick(UNREGISTERED);
    let decls = '';
    const here = new Set(bound);
    const nDecl = rnd() < 0.3 ? 1 + Math.floor(rnd() * 2) : 0;
    const declared = new Set<string>();
    for (let i = 0; i < nDecl; i++) {
      const p = pick(PREFIXES);
      if (declared.has(p)) continue;
      declared.add(p);
      const uri = pick(URIS);
      if (p !== '' && uri === '') continue;
      decls += p === '' ? ` xmlns="${uri}"` : ` xmlns:${p}="${uri}"`;
      here.add(p);
    }
    const usable = PREFIXES.filter((p) => p === '' || here.has(p));
    const prefix = pick(usable);
    const qname = prefix === '' ? local : `${prefix}:${local}`;
    let content = '';
    if (depth < 5 && count < 200) {
      const n = Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) content += element(depth + 1, here);
    }
    return content === '' && rnd() < 0.5 ? `<${qname}${decls}/>` : `<${qname}${decls}>${content}</${qname}>`;
  };
  return element(0, new Set());
}

/** Pads a document past the length from which the reader uses the name slots. */
function long(xml: string): string {
  return xml + '<!--' + 'x'.repeat(4100) + '-->';
}

/** Every element's {namespace}local and depth, in document order. */
function names(xml: string): string[] {
  const r = new XmlReader(long(xml));
  const out: string[] = [];
  r.readRoot();
  const visit = (): void => {
    out.push(`${r.depth} {${r.ns}}${r.local}`);
    while (r.nextChild()) visit();
  };
  visit();
  r.end();
  return out;
}

function withScan<T>(on: boolean, fn: () => T): T {
  const prev = setByteScan(on);
  try {
    return fn();
  } finally {
    setByteScan(prev);
  }
}

describe('name slots agree with the charCodeAt scanner', () => {
  test('on 1500 random documents', () => {
    const rnd = lcg(10);
    for (let i = 0; i < 1500; i++) {
      const xml = document(rnd);
      const expected = withScan(false, () => names(xml));
      const actual = withScan(true, () => names(xml));
      if (actual.join('\n') !== expected.join('\n')) expect({ xml, actual }).toEqual({ xml, actual: expected });
    }
  });

  test('a prefix rebound on siblings, on the element itself and in nested scopes', () => {
    const xml =
      '<a:Campaign xmlns:a="urn:one"><a:Id xmlns:a="urn:two"/><a:Id/><b:Name xmlns:b="urn:one"><a:Name xmlns:a="urn:three"/><a:Name/></b:Name>' +
      '<x xmlns:a="urn:two"><a:Id/></x><x xmlns:a="urn:three"><a:Id/></x><a:Id/><Id xmlns="urn:two"><Id xmlns=""/></Id></a:Campaign>';
    const expected = [
      '1 {urn:one}Campaign',
      '2 {urn:two}Id',
      '2 {urn:one}Id',
      '2 {urn:one}Name',
      '3 {urn:three}Name',
      '3 {urn:one}Name',
      '2 {}x',
      '3 {urn:two}Id',
      '2 {}x',
      '3 {urn:three}Id',
      '2 {urn:one}Id',
      '2 {urn:two}Id',
      '3 {}Id',
    ];
    expect(withScan(true, () => names(xml))).toEqual(expected);
    expect(withScan(false, () => names(xml))).toEqual(expected);
  });

  test('colliding names evict each other without being mistaken for one another', () => {
    let xml = '<r xmlns:p="urn:p">';
    for (let i = 0; i < 50; i++) xml += `<p:${COLLIDING[i % COLLIDING.length]}/><${COLLIDING[(i * 7) % COLLIDING.length]}/>`;
    xml += '</r>';
    expect(withScan(true, () => names(xml))).toEqual(withScan(false, () => names(xml)));
    expect(withScan(true, () => names(xml)).slice(1, 4)).toEqual(['2 {urn:p}xAa', '2 {}xAa', '2 {urn:p}xBB']);
  });

  test('readers interleaved over different bindings of the same prefix', () => {
    const a = withScan(true, () => new XmlReader(long('<p:Campaign xmlns:p="urn:one"><p:Id/><p:Id/><p:Id/></p:Campaign>')));
    const b = withScan(true, () => new XmlReader(long('<p:Campaign xmlns:p="urn:two"><p:Id/><p:Id/><p:Id/></p:Campaign>')));
    a.readRoot();
    b.readRoot();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const r of [a, b]) {
        expect(r.nextChild()).toBe(true);
        seen.push(`{${r.ns}}${r.local}`);
        expect(r.nextChild()).toBe(false);
      }
    }
    expect(seen).toEqual(['{urn:one}Id', '{urn:two}Id', '{urn:one}Id', '{urn:two}Id', '{urn:one}Id', '{urn:two}Id']);
  });
});
