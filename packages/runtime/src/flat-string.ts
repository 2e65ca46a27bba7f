interface Utf8Codec {
  encode(s: string): Uint8Array;
  decode(b: Uint8Array): string;
}
declare const TextEncoder: new () => Pick<Utf8Codec, 'encode'>;
declare const TextDecoder: new () => Pick<Utf8Codec, 'decode'>;
let encoder: Pick<Utf8Codec, 'encode'> | undefined;
let decoder: Pick<Utf8Codec, 'decode'> | undefined;

/**
 * `s` as one contiguous string, for the constant pieces of compiled encoders (tags, namespace declarations, envelope
 * halves). JavaScript engines keep a concatenation as a tree of its parts until something reads it whole, and every
 * message the constant goes into walks that tree again when the message is written out (for a small response, the
 * constants' trees cost as much as the rest of its encoding). A string of another content (a lone surrogate, which
 * the round trip would replace) is returned as it is.
 */
export function flat(s: string): string {
  if (s.length < 13) return s;
  encoder ??= new TextEncoder();
  decoder ??= new TextDecoder();
  const f = decoder.decode(encoder.encode(s));
  return f === s ? f : s;
}
