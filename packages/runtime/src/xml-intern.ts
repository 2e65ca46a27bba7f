/**
 * Canonical string instances for the names and namespace URIs that compiled schemas compare against.
 *
 * Compiled decoders compare the reader's current name and namespace with their own constants on every element. When
 * both sides are the same string object, V8's `===` stops at the pointer; otherwise it compares contents (a namespace
 * URI is often 50 characters). Schemas register their names here when they compile; the reader hands out the
 * registered instance for a name or namespace it reads. Only schemas add entries, never a message, so the table is
 * bounded by the schemas loaded, whatever the input.
 */
const known = new Map<string, string>();

/** Bumped whenever a name is registered: reader caches filled earlier re-check their entries. */
export let knownGeneration = 0;

/** Registers `s` (if new) and returns its canonical instance. For schema compilers, not for message content. */
export function internName(s: string): string {
  const c = known.get(s);
  if (c !== undefined) return c;
  known.set(s, s);
  knownGeneration++;
  return s;
}

/** The canonical instance of `s` if a schema registered it, else `s` itself. Never adds. */
export function knownName(s: string): string {
  return known.get(s) ?? s;
}

/** The canonical instance of `s` if a schema registered it, else undefined. Never adds. */
export function knownOrUndefined(s: string): string | undefined {
  return known.get(s);
}
