import type { BuiltinName, TypeId } from './types';
import { NS } from '../xml/dom-utils';

/** Each built-in's base in the XSD 1.0 type hierarchy (anySimpleType/anyType at the top). */
const BASE: Readonly<Record<BuiltinName, BuiltinName | null>> = {
  anyType: null,
  anySimpleType: 'anyType',
  string: 'anySimpleType',
  normalizedString: 'string',
  token: 'normalizedString',
  language: 'token',
  Name: 'token',
  NCName: 'Name',
  ID: 'NCName',
  IDREF: 'NCName',
  IDREFS: 'anySimpleType',
  ENTITY: 'NCName',
  ENTITIES: 'anySimpleType',
  NMTOKEN: 'token',
  NMTOKENS: 'anySimpleType',
  boolean: 'anySimpleType',
  decimal: 'anySimpleType',
  integer: 'decimal',
  nonPositiveInteger: 'integer',
  negativeInteger: 'nonPositiveInteger',
  long: 'integer',
  int: 'long',
  short: 'int',
  byte: 'short',
  nonNegativeInteger: 'integer',
  unsignedLong: 'nonNegativeInteger',
  unsignedInt: 'unsignedLong',
  unsignedShort: 'unsignedInt',
  unsignedByte: 'unsignedShort',
  positiveInteger: 'nonNegativeInteger',
  float: 'anySimpleType',
  double: 'anySimpleType',
  duration: 'anySimpleType',
  dateTime: 'anySimpleType',
  time: 'anySimpleType',
  date: 'anySimpleType',
  gYearMonth: 'anySimpleType',
  gYear: 'anySimpleType',
  gMonthDay: 'anySimpleType',
  gDay: 'anySimpleType',
  gMonth: 'anySimpleType',
  hexBinary: 'anySimpleType',
  base64Binary: 'anySimpleType',
  anyURI: 'anySimpleType',
  QName: 'anySimpleType',
  NOTATION: 'anySimpleType',
};

export const BUILTIN_NAMES: readonly BuiltinName[] = Object.keys(BASE) as BuiltinName[];

/** Built-ins that are lists of another built-in. */
export const BUILTIN_LISTS: Readonly<Partial<Record<BuiltinName, BuiltinName>>> = { IDREFS: 'IDREF', ENTITIES: 'ENTITY', NMTOKENS: 'NMTOKEN' };

export function isBuiltinName(local: string): local is BuiltinName {
  return Object.prototype.hasOwnProperty.call(BASE, local);
}

export function builtinBase(name: BuiltinName): BuiltinName | null {
  return BASE[name];
}

export function builtinId(name: BuiltinName): TypeId {
  return `{${NS.xs}}${name}`;
}

/** `int` for `{http://www.w3.org/2001/XMLSchema}int`; undefined for anything else. */
export function builtinOf(id: TypeId): BuiltinName | undefined {
  const prefix = `{${NS.xs}}`;
  if (!id.startsWith(prefix)) return undefined;
  const local = id.slice(prefix.length);
  return isBuiltinName(local) ? local : undefined;
}

/** SOAP-encoding's schema re-declares every built-in as a nillable complex type; they map onto the built-ins. */
export function soapEncBuiltin(ns: string, local: string): BuiltinName | undefined {
  if (ns !== NS.soapEnc11 && ns !== NS.soapEnc12) return undefined;
  return isBuiltinName(local) && local !== 'anyType' ? local : undefined;
}
