/**
 * wsdl2ts/runtime: the only module generated code imports. XML reading and writing, the lexical codecs of every
 * XSD built-in, facet checks, and the value shapes generated types use. No dependencies.
 */
export { XmlReader, DEFAULT_READER_LIMITS } from './xml-reader';
export type { ReaderLimits } from './xml-reader';
export { XmlWriter } from './xml-writer';
export { DecodeError, EncodeError, XmlSyntaxError } from './errors';
export * from './lexical';
export { compileFacets, checkFacets } from './facets';
export type { FacetKind, FacetSpec, FacetValue, FacetChecker } from './facets';
export { translateXsdPattern, compileXsdPattern } from './xsd-regex';
export type { RawXml, AnyAttribute, QName, Substituted } from './values';
export { decodeXml, encodeXml, readNil, setOwn, splitList, wildcardAllows, readScoped, QNameScope, anyAttributes, parseChar, formatChar } from './document';
export { escapeText, escapeAttr } from './escape';
export type { ElementCodec } from './document';
