import { EncodeError } from './errors';

/** Escapes character data (& < > and CR); characters XML 1.0 cannot carry are an EncodeError naming `path`. */
export function escapeText(v: string, path: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x3f ? c < 0xd800 : c >= 0x20 ? c !== 0x26 && c !== 0x3c && c !== 0x3e : c === 0x0a || c === 0x09) continue;
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0x0d) rep = '&#13;';
    else {
      i = checkHigh(v, i, c, path);
      continue;
    }
    out += v.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? v : out + v.slice(last);
}

/** Escapes an attribute value (& < " and tab, LF, CR as character references, so they survive normalization). */
export function escapeAttr(v: string, path: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x3d ? c < 0xd800 : c >= 0x20 && c !== 0x22 && c !== 0x26 && c !== 0x3c) continue;
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x22) rep = '&quot;';
    else if (c === 0x09) rep = '&#9;';
    else if (c === 0x0a) rep = '&#10;';
    else if (c === 0x0d) rep = '&#13;';
    else {
      i = checkHigh(v, i, c, path);
      continue;
    }
    out += v.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? v : out + v.slice(last);
}

/** Validates a control character or a character at or above U+D800; returns the index of its last code unit. */
function checkHigh(v: string, i: number, c: number, path: string): number {
  if (c >= 0xd800) {
    if (c <= 0xdbff) {
      const n = v.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) return i + 1;
    } else if (c >= 0xe000 && c <= 0xfffd) return i;
  }
  throw new EncodeError(`U+${c.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML 1.0 at ${path}`, path);
}
