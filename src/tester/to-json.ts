import { formatBase64Binary } from '@wsdl2ts/runtime';

/** Decoded values as readable JSON: bigints as their digits, bytes as base64, dates as ISO strings, 2-space indent. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Uint8Array) return { base64: formatBase64Binary(v, '') };
        if (v instanceof Map) return Object.fromEntries(v);
        if (v instanceof Set) return [...v];
        return v;
      },
      2,
    ) ?? 'null'
  );
}
