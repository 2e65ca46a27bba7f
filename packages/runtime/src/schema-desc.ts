/**
 * The schema description generated serializers hold (protobuf-es v2 style: the generated file describes, the
 * runtime does the work). One entry per type, keyed by the type's TypeScript name; `schema.ts` compiles an entry
 * into decode/encode closures the first time a codec needs it.
 *
 * Conventions, chosen so that a description stays short and readable:
 * - A type reference (`Ref`) is `xs:<builtin>` for an XSD built-in, `raw` for a value kept as raw XML (anyType,
 *   mixed content, an unresolved type), or the key of another entry.
 * - Namespaces are indexes into `SchemaDesc.ns` (0 is "no namespace"); an omitted `ns` is 0.
 * - Occurrences default to 1; `-1` is unbounded.
 */

export type Ref = string;

export interface SchemaDesc {
  /** Namespace URIs by index; index 0 is '' (no namespace). Encoders use the prefix `ns<index>`. */
  readonly ns: readonly string[];
  /** Indexes of the namespaces whose schemas were read: a strict wildcard refuses undeclared elements in them. */
  readonly schemaNs?: readonly number[];
  /** Generation options that change value representations (`--long bigint`, `--date Date`). */
  readonly long?: 'string' | 'bigint';
  readonly date?: 'string' | 'Date';
  readonly types: Readonly<Record<string, TypeDesc>>;
}

export type TypeDesc = SimpleDesc | ComplexDesc;

/** Facets of a simple type's own derivation step (bounds in the type's lexical form, patterns as XSD writes them). */
export interface FacetDesc {
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
  readonly minExclusive?: string;
  readonly maxExclusive?: string;
  /** Alternatives: the value must match one of them. */
  readonly pattern?: readonly string[];
}

export type SimpleDesc =
  | {
      readonly atomic: Ref;
      readonly facets?: FacetDesc;
      /** Enumerations: the allowed values in their TypeScript representation. */
      readonly enum?: readonly unknown[];
      /** WCF ser:char: one character, carried as its code point. */
      readonly char?: 1;
      /** xsi:type name `[ns, local]` of a named type, for SOAP-encoded values (encoded.ts). */
      readonly name?: readonly [number, string];
    }
  | { readonly list: Ref; readonly facets?: FacetDesc }
  | { readonly union: readonly Ref[] };

export interface ComplexDesc {
  /** xsi:type name: `[ns, local]`, for named types in a hierarchy. */
  readonly name?: readonly [number, string];
  readonly extends?: Ref;
  readonly restricts?: Ref;
  readonly abstract?: 1;
  /** Mixed content: values are raw XML. */
  readonly mixed?: 1;
  readonly attrs?: readonly AttrDesc[];
  readonly anyAttr?: WildcardDesc;
  /** This type's own element content (an extension adds it after its base's). */
  readonly content?: GroupDesc;
  /** simpleContent: the value's type and this step's facets. */
  readonly text?: Ref;
  readonly textFacets?: FacetDesc;
  /** A WCF collection (`ArrayOfX`): a TypeScript array of the item element. */
  readonly array?: ElementDesc;
  /** A SOAP-encoded array (soapenc:Array restriction): its item type; read and written only by encoded.ts. */
  readonly encArray?: Ref;
}

export interface AttrDesc {
  readonly attr: string;
  readonly ns?: number;
  readonly type: Ref;
  /** Property name when it differs from the attribute's name. */
  readonly prop?: string;
  readonly required?: 1;
  readonly prohibited?: 1;
  readonly fixed?: string;
}

export interface WildcardDesc {
  /** The `namespace` constraint as written (`##any`, `##other`, a list). */
  readonly namespace: string;
  /** The schema's target namespace (what `##other`/`##targetNamespace` mean). */
  readonly tns?: number;
  readonly process?: 'strict' | 'lax' | 'skip';
}

export type ParticleDesc = ElementDesc | GroupDesc | AnyDesc;

export interface Occurs {
  readonly min?: number;
  readonly max?: number;
}

export interface ElementDesc extends Occurs {
  readonly el: string;
  readonly ns?: number;
  readonly type: Ref;
  readonly prop?: string;
  readonly nillable?: 1;
  readonly fixed?: string;
  /** Substitution group: the elements that may appear instead of this one (itself first unless abstract). */
  readonly subst?: readonly (readonly [ns: number, local: string, type: Ref])[];
}

export type GroupDesc = (
  | { readonly seq: readonly ParticleDesc[] }
  | { readonly choice: readonly ParticleDesc[] }
  | { readonly all: readonly ParticleDesc[] }
) &
  Occurs & {
    /** A repeating group's property (its occurrences). */
    readonly prop?: string;
  };

export interface AnyDesc extends Occurs, WildcardDesc {
  readonly any: 1;
}
