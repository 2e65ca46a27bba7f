/** Protocol examples: the SOAP bodies of the messages printed in a spec, each ready to decode on its own. */
import { DOMParser } from '@xmldom/xmldom';
import type { SpecExample } from './extract-spec';
import type { Report } from './repair-xml';
import type { XmlBlock } from './spec-text';
import { localOf, render, Token } from './xml-tokens';

/** The examples of one printed message: usually one envelope, sometimes several run together across page breaks. */
export function makeExamples(tokens: Token[], first: XmlBlock, all: readonly SpecExample[], report: Report): SpecExample[] {
  const text = render(tokens).trim() + '\n';
  const section = first.section.number || '0';
  const line = first.lines.find((l) => l.text.trim())?.line ?? 0;
  const bodies = tokens.map((t, i) => (t.kind === 'start' && localOf(t.name) === 'Body' && !t.selfClose ? i : -1)).filter((i) => i >= 0);
  const out: SpecExample[] = [];
  const name = (local: string) => `examples/${section}-${all.filter((e) => e.section === section).length + out.length + 1}-${local.replace(/[^A-Za-z0-9_.-]/g, '_')}.xml`;
  if (!bodies.length) {
    report('W2T713', `the example in section ${section} has no SOAP Body`, line);
    return [{ path: name('envelope'), text, section, line }];
  }
  for (const bodyStart of bodies) {
    const child = tokens.slice(bodyStart + 1).find((t) => t.kind === 'start' || t.kind === 'end');
    if (!child || child.kind !== 'start') {
      report('W2T713', `the example in section ${section} has an empty SOAP Body`, tokens[bodyStart]!.line);
      out.push({ path: name('envelope'), text, section, line });
      continue;
    }
    const local = localOf(child.name);
    const from = tokens.indexOf(child);
    let d = 0;
    let to = from;
    for (; to < tokens.length; to++) {
      const t = tokens[to]!;
      if (t.kind === 'start' && !t.selfClose) d++;
      else if (t.kind === 'end') d--;
      if (d === 0) break;
    }
    // Namespaces in scope at the body child: declarations on the envelopes and bodies before it, and its own.
    const decls = new Map<string, string>();
    for (const t of tokens.slice(0, bodyStart + 1)) if (t.kind === 'start' && (localOf(t.name) === 'Envelope' || localOf(t.name) === 'Body')) for (const a of t.attrs) if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) decls.set(a.name, a.value);
    const own = new Set(child.attrs.map((a) => a.name));
    const copy = { ...child, attrs: [...child.attrs, ...[...decls].filter(([k]) => !own.has(k)).map(([n, value]) => ({ name: n, value, quote: '"' as const }))], dirty: true };
    const xml = render([copy, ...tokens.slice(from + 1, to + 1)]);
    try {
      let bad: string | undefined;
      const el = new DOMParser({
        onError: (level, m) => {
          if (level === 'warning') return;
          bad ??= String(m).split('\n')[0];
          throw new Error(m);
        },
      }).parseFromString(xml, 'text/xml').documentElement;
      if (bad || !el) throw new Error(bad ?? 'no element');
      out.push({ path: name(local), text, section, line, body: { xml, ns: el.namespaceURI ?? '', local, line: child.line } });
    } catch (e) {
      report('W2T713', `the SOAP body of the example in section ${section} is not well-formed XML (${xmldomMessage(e)})`, child.line);
      out.push({ path: name(local), text, section, line });
    }
  }
  return out;
}

/** xmldom's message without its wrapping ("Reporting fatalError … caused Error: …", "[xmldom error]"). */
export function xmldomMessage(e: unknown): string {
  const m = String((e as Error).message ?? e).split('\n')[0]!;
  const caused = /caused (?:Error: )?(.*)$/.exec(m);
  return (caused ? caused[1]! : m).replace(/^\[xmldom \w+\]\s*/, '').replace(/^(?:Error: )+/, '').trim();
}
