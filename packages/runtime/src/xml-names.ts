/** XML 1.0 (5th edition) name characters and NCNames, shared by the reader and the writer. */

/** ASCII name characters: 3 = may start a name, 2 = may continue one. The colon is handled apart (QName rules). */
export const NAMEC = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) NAMEC[c] = 3;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) NAMEC[c] = 2;
}

export function isNameStartCp(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

export function isNameCp(c: number): boolean {
  return isNameStartCp(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

export function isNCName(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const first = i === 0;
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) c = ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00) + 0x10000;
    const ok = c < 0x80 ? (first ? NAMEC[c] === 3 : NAMEC[c] !== 0) : first ? isNameStartCp(c) : isNameCp(c);
    if (!ok) return false;
  }
  return true;
}

