import { builtinOf } from '../model/builtins';
import type { BuiltinName, SimpleTypeDef, TypeId } from '../model/types';
import type { EmitContext } from './emit-context';

/**
 * The runtime functions that parse and format each XSD built-in, by representation. Generated code calls them
 * as `rt.<name>(text, path)` and `rt.<name>(value, path)`.
 */
export function builtinCodec(ctx: EmitContext, b: BuiltinName): { parse: string; format: string } {
  const big = ctx.options.long === 'bigint';
  const date = ctx.options.date === 'Date';
  switch (b) {
    case 'boolean':
      return { parse: 'parseBoolean', format: 'formatBoolean' };
    case 'int':
      return { parse: 'parseInt', format: 'formatInt' };
    case 'short':
      return { parse: 'parseShort', format: 'formatShort' };
    case 'byte':
      return { parse: 'parseByte', format: 'formatByte' };
    case 'unsignedInt':
      return { parse: 'parseUnsignedInt', format: 'formatUnsignedInt' };
    case 'unsignedShort':
      return { parse: 'parseUnsignedShort', format: 'formatUnsignedShort' };
    case 'unsignedByte':
      return { parse: 'parseUnsignedByte', format: 'formatUnsignedByte' };
    case 'float':
      return { parse: 'parseFloat', format: 'formatFloat' };
    case 'double':
      return { parse: 'parseDouble', format: 'formatDouble' };
    case 'long':
    case 'integer':
    case 'nonPositiveInteger':
    case 'negativeInteger':
    case 'nonNegativeInteger':
    case 'unsignedLong':
    case 'positiveInteger': {
      const name = b.charAt(0).toUpperCase() + b.slice(1);
      return big ? { parse: `parse${name}Big`, format: `format${name}Big` } : { parse: `parse${name}`, format: `format${name}` };
    }
    case 'decimal':
      return { parse: 'parseDecimal', format: 'formatDecimal' };
    case 'dateTime':
      return date ? { parse: 'parseDateTimeAsDate', format: 'formatDateTimeFromDate' } : { parse: 'parseDateTime', format: 'formatDateTime' };
    case 'date':
      return date ? { parse: 'parseDateAsDate', format: 'formatDateFromDate' } : { parse: 'parseDate', format: 'formatDate' };
    case 'base64Binary':
      return { parse: 'parseBase64Binary', format: 'formatBase64Binary' };
    case 'hexBinary':
      return { parse: 'parseHexBinary', format: 'formatHexBinary' };
    case 'anyType':
    case 'anySimpleType':
      return { parse: 'parseAnySimpleType', format: 'formatAnySimpleType' };
    default: {
      const name = b.charAt(0).toUpperCase() + b.slice(1);
      return { parse: `parse${name}`, format: `format${name}` };
    }
  }
}

/**
 * Expression parsing `text` (a JS expression) as a value of the simple type `id`. QName-based types need a
 * `scope` (prefix → namespace) variable in the surrounding code.
 */
export function parseExpr(ctx: EmitContext, id: TypeId, text: string, path: string): string {
  const b = builtinOf(id);
  if (b === 'QName' || b === 'NOTATION') return `rt.parse${b}(${text}, ${path}, scope)`;
  if (b) return `rt.${builtinCodec(ctx, b).parse}(${text}, ${path})`;
  const t = ctx.simple(id);
  if (t) return `parse${t.tsName}(${text}, ${path}${needsReader(ctx, t) ? ', scope' : ''})`;
  return `rt.parseAnySimpleType(${text}, ${path})`;
}

/** Expression formatting `value` of the simple type `id` to its lexical form; QName types need a `scope` (rt.QNameScope) variable. */
export function formatExpr(ctx: EmitContext, id: TypeId, value: string, path: string): string {
  const b = builtinOf(id);
  if (b === 'QName' || b === 'NOTATION') return `rt.format${b}(${value}, ${path}, scope.prefixFor)`;
  if (b) return `rt.${builtinCodec(ctx, b).format}(${value}, ${path})`;
  const t = ctx.simple(id);
  if (t) return `format${t.tsName}(${value}, ${path}${needsReader(ctx, t) ? ', scope' : ''})`;
  return `rt.formatAnySimpleType(${value}, ${path})`;
}

/** Whether values of `id` need a namespace scope (QName or NOTATION somewhere in the type). */
export function needsScope(ctx: EmitContext, id: TypeId): boolean {
  const b = builtinOf(id);
  if (b) return b === 'QName' || b === 'NOTATION';
  const s = ctx.simple(id);
  return s ? needsReader(ctx, s) : false;
}

/** QName values need the element's namespace scope: the reader (decode) or the writer (encode). */
export function needsReader(ctx: EmitContext, t: SimpleTypeDef, seen = new Set<string>()): boolean {
  if (seen.has(t.id)) return false;
  seen.add(t.id);
  const ids = [t.base, t.itemType, ...(t.memberTypes ?? [])].filter((x): x is string => !!x);
  return ids.some((id) => {
    const b = builtinOf(id);
    if (b) return b === 'QName' || b === 'NOTATION';
    const s = ctx.simple(id);
    return s ? needsReader(ctx, s, seen) : false;
  });
}
