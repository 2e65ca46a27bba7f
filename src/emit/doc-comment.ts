/**
 * JSDoc text from schema documentation. WSDL text is untrusted: it must not end the comment (`*\/`), and line
 * terminators that JavaScript honours (U+2028/U+2029) are normalised so the comment cannot leak into code.
 */
export function docComment(...parts: (string | undefined)[]): string[] | undefined {
  const text = parts
    .filter((p): p is string => !!p && !!p.trim())
    .map((p) => escapeDoc(p.trim()))
    .join('\n\n');
  return text ? [text] : undefined;
}

export function escapeDoc(s: string): string {
  return s
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .replace(/@/g, '\\@')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}
