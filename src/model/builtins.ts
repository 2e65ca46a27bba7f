import type { BuiltinName, TypeId } from './types';
import { NS } from '../xml/dom-utils';
import { XSD_BUILTINS } from '@wsdl2ts/runtime';

/** Each built-in's base in the XSD 1.0 type hierarchy: the runtime's table of built-ins is the one source. */
const BASE: Readonly<Record<BuiltinName, BuiltinName | null>> = Object.fromEntries(
  Object.entries(XSD_BUILTINS).map(([name, info]) => [name, info.base]),
) as Record<BuiltinName, BuiltinName | null>;

export const BUILTIN_NAMES: readonly BuiltinName[] = Object.keys(BASE) as BuiltinName[];

/** Built-ins that are lists of another built-in. */
export const BUILTIN_LISTS: Readonly<Partial<Record<BuiltinName, BuiltinName>>> = Object.fromEntries(
  Object.entries(XSD_BUILTINS).flatMap(([name, info]) => (info.listOf ? [[name, info.listOf]] : [])),
);

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
  // soapenc:base64 is SOAP 1.1's own name for base64Binary.
  if (local === 'base64') return 'base64Binary';
  return isBuiltinName(local) && local !== 'anyType' ? local : undefined;
}
