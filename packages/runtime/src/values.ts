/** Value shapes shared by generated code: the runtime's part of the type model. */

/** An element kept as received (xs:any, xs:anyType, mixed content): complete, with the namespaces it uses declared. */
export interface RawXml {
  readonly xml: string;
}

/** An attribute matched by xs:anyAttribute. */
export interface AnyAttribute {
  readonly ns: string;
  readonly local: string;
  readonly value: string;
}

/** A value of xs:QName: namespace URI ('' for none) and local part. */
export interface QName {
  readonly ns: string;
  readonly local: string;
}

/** A value in a substitution group: which member element carried it, and its value. */
export interface Substituted<E extends string, T> {
  readonly $element: E;
  readonly value: T;
}
