/**
 * Where a DecodeError's path (`/Envelope/Body/Foo/Bar[2]/@attr`) points in the document: the line and column of the
 * deepest element the path reaches, found by walking the XML again with the runtime's reader.
 */
import { XmlReader } from '@wsdl2ts/runtime';

export function locatePath(xml: string, path: string): { line: number; column: number } | undefined {
  const want = path
    .split('/')
    .filter((s) => s && !s.startsWith('@'))
    .map((s) => {
      const m = /^(.*?)(?:\[(\d+)\])?$/.exec(s)!;
      return { local: m[1]!, index: m[2] ? Number(m[2]) : 1 };
    });
  if (!want.length) return undefined;
  try {
    const r = new XmlReader(xml);
    r.readRoot();
    if (r.local !== want[0]!.local) return undefined;
    let best = { line: r.line, column: r.column };
    // Descend along the path: at each level, the index-th child with the wanted local name.
    for (let depth = 1; depth < want.length; depth++) {
      const { local, index } = want[depth]!;
      let seen = 0;
      let found = false;
      while (r.nextChild()) {
        if (r.local === local && ++seen === index) {
          best = { line: r.line, column: r.column };
          found = true;
          break;
        }
        r.skip();
      }
      if (!found) break;
    }
    return best;
  } catch {
    return undefined;
  }
}
