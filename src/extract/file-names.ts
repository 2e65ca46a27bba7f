/** Deterministic, safe file names for extracted documents, derived from their target namespaces. */

/** `http://tempuri.org/` → `tempuri.org.xsd`; never a path, never hidden, at most 100 characters. */
export function fileNameForNamespace(ns: string, kind: 'wsdl' | 'xsd'): string {
  const base = ns
    .replace(/^[a-z][a-z0-9+.-]*:(?:\/\/)?/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 100)
    .replace(/[.-]+$/, '');
  return `${base || 'no-namespace'}.${kind}`;
}

/** `name`, or `name-2.ext`, `name-3.ext`… whichever is not taken yet (case-insensitively, for case-folding file systems). */
export function uniqueName(name: string, used: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${stem}-${i}${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
