/**
 * The intermediate model (IR): everything the emitters need, resolved, read-only and JSON-serializable.
 *
 * Conventions
 * - A `QName` is a namespace URI plus a local name; `''` is "no namespace".
 * - A `TypeId` names an entry of `Model.types` or an XSD built-in. Named types use Clark notation
 *   (`{http://tempuri.org/}Foo`); anonymous types get a Clark-style id derived from where they are declared
 *   (`{http://tempuri.org/}BeginCacheRefresh#type`), which is unique within one model.
 * - Every `tsName` was assigned once by the naming pass (src/model/naming.ts): emitters never invent names.
 * - `source` points at the declaration (file relative to the input's folder, 1-based line and column).
 */

import type { XsdBuiltinName } from '@wsdl2ts/runtime';

export interface QName {
  readonly ns: string;
  readonly local: string;
}

export type TypeId = string;

export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Occurs = number | 'unbounded';

export interface Model {
  readonly formatVersion: 1;
  /** The input WSDL (or XSD), relative to its own folder: just its file name. */
  readonly input: string;
  /** Every document read, relative to the input's folder (`bundled:` for the tool's own catalog copies). */
  readonly documents: readonly string[];
  readonly schemas: readonly SchemaInfo[];
  readonly types: readonly TypeDef[];
  readonly elements: readonly ElementDecl[];
  readonly attributes: readonly AttributeDecl[];
  readonly groups: readonly GroupDecl[];
  readonly attributeGroups: readonly AttributeGroupDecl[];
  readonly wsdl: WsdlModel;
}

export interface SchemaInfo {
  readonly targetNamespace: string;
  readonly elementFormDefault: Form;
  readonly attributeFormDefault: Form;
  readonly source: SourceRef;
}

export type Form = 'qualified' | 'unqualified';

// ---------------------------------------------------------------------------------------------------------------
// Types

export type TypeDef = ComplexTypeDef | SimpleTypeDef;

interface TypeDefBase {
  readonly id: TypeId;
  /** Absent for anonymous types. */
  readonly name?: QName;
  /** For anonymous types: a human description of where it is declared, e.g. `element BeginCacheRefresh`. */
  readonly context?: string;
  readonly tsName: string;
  readonly doc?: string;
  readonly source: SourceRef;
}

export interface ComplexTypeDef extends TypeDefBase {
  readonly kind: 'complex';
  readonly abstract: boolean;
  readonly mixed: boolean;
  readonly derivation?: { readonly method: 'extension' | 'restriction'; readonly base: TypeId };
  /** Only this type's own part: for an extension, what it adds to the base. */
  readonly content: ContentModel;
  /** This type's own attributes, with attributeGroups flattened in (each keeps the group it came from). */
  readonly attributes: readonly AttributeUse[];
  readonly anyAttribute?: Wildcard;
  /** Types that name this one as their base (direct subtypes), in model order. */
  readonly derivedTypes: readonly TypeId[];
  /** WCF DataContract collection (`ArrayOfX`): exactly one repeated element and nothing else. */
  readonly wcfArray?: { readonly item: QName; readonly itemType: TypeId; readonly nillable: boolean };
  /**
   * SOAP 1.1 encoded array (SOAP 1.1 section 5.4.2): a restriction of soapenc:Array whose item type comes from
   * `wsdl:arrayType="ns:T[]"` on its soapenc:arrayType attribute, or else from the one element its content declares.
   * A TypeScript array of the items; on the wire `<x soapenc:arrayType="ns:T[n]"><item xsi:type="ns:T">…`.
   */
  readonly soapArray?: { readonly itemType: TypeId };
  /** WCF `IsReference` contracts carry `ser:Id`/`ser:Ref` attributes. */
  readonly wcfIsReference?: boolean;
  /** Set when the type has derived types: the name of the union of it (unless abstract) and every subtype. */
  readonly unionTsName?: string;
}

export type ContentModel =
  | { readonly kind: 'empty' }
  | { readonly kind: 'elements'; readonly particle: ModelGroup }
  | { readonly kind: 'simple'; readonly valueType: TypeId; readonly facets: Facets };

export type Particle = ElementParticle | ModelGroup | AnyParticle;

export interface ModelGroup {
  readonly kind: 'sequence' | 'choice' | 'all';
  readonly minOccurs: number;
  readonly maxOccurs: Occurs;
  readonly particles: readonly Particle[];
  /** The named `xs:group` this group was expanded from, if any. */
  readonly group?: QName;
  /** Set for a repeating sequence/choice (maxOccurs > 1): the property holding its occurrences. */
  readonly tsName?: string;
  readonly source: SourceRef;
}

export interface ElementParticle {
  readonly kind: 'element';
  /** The name on the wire: namespace already decided by `form`/`elementFormDefault`/`ref`. */
  readonly name: QName;
  readonly tsName: string;
  readonly type: TypeId;
  readonly nillable: boolean;
  readonly minOccurs: number;
  readonly maxOccurs: Occurs;
  readonly form: Form;
  /** Set when declared as `<xs:element ref="..."/>`. */
  readonly ref?: QName;
  readonly default?: string;
  readonly fixed?: string;
  /** Global elements that may appear instead (substitution group members, transitively), for refs. */
  readonly substitutes?: readonly QName[];
  readonly doc?: string;
  readonly source: SourceRef;
}

export interface AnyParticle {
  readonly kind: 'any';
  readonly minOccurs: number;
  readonly maxOccurs: Occurs;
  readonly wildcard: Wildcard;
  readonly source: SourceRef;
}

export interface Wildcard {
  /** The `namespace` attribute as written: `##any`, `##other`, or a list of URIs/`##targetNamespace`/`##local`. */
  readonly namespace: string;
  readonly processContents: 'strict' | 'lax' | 'skip';
  /** The schema's target namespace, which `##other`/`##targetNamespace` are relative to. */
  readonly targetNamespace: string;
}

export interface AttributeUse {
  readonly name: QName;
  readonly tsName: string;
  readonly type: TypeId;
  readonly use: 'optional' | 'required' | 'prohibited';
  readonly form: Form;
  readonly ref?: QName;
  readonly default?: string;
  readonly fixed?: string;
  /** The attributeGroup this attribute came from, if any. */
  readonly group?: QName;
  readonly doc?: string;
  readonly source: SourceRef;
}

export interface SimpleTypeDef extends TypeDefBase {
  readonly kind: 'simple';
  readonly variety: 'atomic' | 'list' | 'union';
  /** The restriction base (atomic varieties), a named type or built-in. */
  readonly base?: TypeId;
  /** The XSD built-in this atomic type ultimately restricts, e.g. `int` for a restriction of a restriction of xs:int. */
  readonly builtin?: BuiltinName;
  readonly itemType?: TypeId;
  readonly memberTypes?: readonly TypeId[];
  readonly facets: Facets;
  /** Set when the type is (or restricts) an enumeration: the allowed lexical values, in schema order. */
  readonly enumeration?: readonly EnumValue[];
  /** The Microsoft Serialization types that get their own branded TypeScript types. */
  readonly wellKnown?: 'guid' | 'char' | 'duration';
  /** Set for enumerations: the name of the exported constant array of the allowed values. */
  readonly valuesTsName?: string;
}

export interface EnumValue {
  readonly value: string;
  readonly tsName: string;
  readonly doc?: string;
}

export interface Facets {
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly patterns?: readonly string[];
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
  readonly minExclusive?: string;
  readonly maxExclusive?: string;
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
  readonly whiteSpace?: 'preserve' | 'replace' | 'collapse';
}

/** Every XSD 1.0 built-in datatype, plus anyType and anySimpleType: the runtime's list, so the two cannot drift. */
export type BuiltinName = XsdBuiltinName;

// ---------------------------------------------------------------------------------------------------------------
// Global declarations

export interface ElementDecl {
  readonly name: QName;
  readonly tsName: string;
  readonly type: TypeId;
  readonly nillable: boolean;
  readonly abstract: boolean;
  readonly substitutionGroup?: QName;
  readonly default?: string;
  readonly fixed?: string;
  readonly doc?: string;
  readonly source: SourceRef;
  /**
   * Set on wrapper elements the model synthesizes for message bodies that are not one element part (rpc style,
   * several parts, `type=` parts, no part): the id `BindingMessage.wrapper` refers to. Such an element may share its
   * QName with a schema element (an rpc wrapper named like a document/literal one); schema elements come first.
   */
  readonly synthesized?: string;
  /** A synthesized rpc/encoded wrapper: its codec reads and writes SOAP 1.1 (section 5) or SOAP 1.2 (Part 2) encoding. */
  readonly encoded?: '1.1' | '1.2';
  /** A synthesized encoded soap:header block: its content is one value in SOAP 1.1 or SOAP 1.2 encoding. */
  readonly encodedValue?: '1.1' | '1.2';
}

export interface AttributeDecl {
  readonly name: QName;
  readonly type: TypeId;
  readonly default?: string;
  readonly fixed?: string;
  readonly source: SourceRef;
}

export interface GroupDecl {
  readonly name: QName;
  readonly particle: ModelGroup;
  readonly source: SourceRef;
}

export interface AttributeGroupDecl {
  readonly name: QName;
  readonly attributes: readonly AttributeUse[];
  readonly anyAttribute?: Wildcard;
  readonly source: SourceRef;
}

// ---------------------------------------------------------------------------------------------------------------
// WSDL

export interface WsdlModel {
  readonly targetNamespace: string;
  readonly messages: readonly MessageDef[];
  readonly portTypes: readonly PortTypeDef[];
  readonly bindings: readonly BindingDef[];
  readonly services: readonly ServiceDef[];
  readonly doc?: string;
}

export interface MessageDef {
  readonly name: QName;
  readonly parts: readonly MessagePart[];
  readonly source: SourceRef;
}

export interface MessagePart {
  readonly name: string;
  /** Exactly one of element/type is set for a valid part. */
  readonly element?: QName;
  readonly type?: TypeId;
}

export interface PortTypeDef {
  readonly name: QName;
  readonly operations: readonly PortTypeOperation[];
  readonly doc?: string;
  readonly source: SourceRef;
}

export type MessageExchangePattern = 'request-response' | 'one-way' | 'solicit-response' | 'notification';

export interface PortTypeOperation {
  readonly name: string;
  readonly pattern: MessageExchangePattern;
  readonly input?: AbstractMessageRef;
  readonly output?: AbstractMessageRef;
  readonly faults: readonly (AbstractMessageRef & { readonly name: string })[];
  readonly doc?: string;
  readonly source: SourceRef;
}

export interface AbstractMessageRef {
  readonly name?: string;
  readonly message: QName;
  /** The WS-Addressing action: `wsaw:Action`/`wsam:Action` when given, else the WS-Addressing default action. */
  readonly action: string;
  readonly actionIsExplicit: boolean;
}

export interface BindingDef {
  readonly name: QName;
  /** The binding's base name in generated code. */
  readonly tsName: string;
  /** The generated client class. */
  readonly clientTsName: string;
  /** The generated server's handler interface and its listener factory. */
  readonly handlerTsName: string;
  readonly listenerTsName: string;
  /** server.ts: constructors of the declared wsdl:faults, for handlers to throw. */
  readonly faultsTsName: string;
  readonly portType: QName;
  /** `null` for non-SOAP bindings (HTTP GET/POST), which get no client. */
  readonly soapVersion: '1.1' | '1.2' | null;
  readonly transport?: string;
  readonly style: 'document' | 'rpc';
  /** `wsaw:UsingAddressing` or a WS-Policy assertion asks for WS-Addressing headers. */
  readonly addressing: boolean;
  /**
   * A WS-Policy assertion of the binding requires MTOM (wsoma:OptimizedMimeSerialization or the W3C MTOM policy's
   * wsoma:MTOM, not wsp:Optional): the generated client sends, and the server answers, MTOM/XOP packages by default.
   */
  readonly mtom?: true;
  readonly operations: readonly BindingOperation[];
  readonly source: SourceRef;
}

export interface BindingOperation {
  readonly name: string;
  /** The method name in generated clients and handler interfaces. */
  readonly tsName: string;
  readonly pattern: MessageExchangePattern;
  /** `soapAction` as written; `''` when the binding gives an empty one, absent when it gives none. */
  readonly soapAction?: string;
  readonly style: 'document' | 'rpc';
  readonly input?: BindingMessage;
  readonly output?: BindingMessage;
  readonly faults: readonly BindingFault[];
  readonly doc?: string;
  readonly source: SourceRef;
}

export interface BindingMessage {
  readonly message: QName;
  readonly action: string;
  readonly actionIsExplicit: boolean;
  readonly use: 'literal' | 'encoded';
  /** use="encoded" that generated code cannot read or write (document/encoded, a foreign encodingStyle): why. */
  readonly encodingIssue?: string;
  /** RPC style: the namespace of the wrapper element. */
  readonly namespace?: string;
  /** The parts carried in the SOAP body, resolved. */
  readonly body: readonly BodyPart[];
  readonly headers: readonly HeaderPart[];
  /**
   * Document/literal "wrapped": one element part whose element is named like the operation (input) and whose type
   * is a sequence of elements. The client then takes the wrapper's children as the method's parameters.
   */
  readonly wrapped: boolean;
  /**
   * Set when the body is not a single element part (rpc/literal; document/literal with several parts, `type=` parts
   * or none): a wrapper element synthesized into `Model.elements` (its `synthesized` is `id`) whose children are the
   * parts, so emitters treat the operation like a document/literal wrapped one. rpc: the wrapper is on the wire
   * (named after the operation, `+Response` for the output, in the soap:body namespace; parts are unqualified
   * children). `bare` (document style): the wrapper's own tag is not on the wire, its children are the Body's.
   */
  readonly wrapper?: { readonly id: string; readonly element: QName; readonly type: TypeId; readonly bare: boolean };
}

export interface BodyPart {
  readonly part: string;
  readonly element?: QName;
  /** The element's type for element parts; the part's own type for type parts (rpc). */
  readonly type: TypeId;
}

export interface HeaderPart {
  readonly message: QName;
  readonly part: string;
  readonly element?: QName;
  readonly type: TypeId;
  readonly use: 'literal' | 'encoded';
  readonly required: boolean;
  /** use="encoded": the id (`ElementDecl.synthesized`) of the header block element whose codec is the encoded one. */
  readonly encodedBlock?: string;
}

export interface BindingFault {
  readonly name: string;
  readonly message: QName;
  readonly action: string;
  readonly element?: QName;
  readonly type: TypeId;
}

export interface ServiceDef {
  readonly name: QName;
  readonly ports: readonly { readonly name: string; readonly binding: QName; readonly address?: string }[];
  readonly doc?: string;
  readonly source: SourceRef;
}
