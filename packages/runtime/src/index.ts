/**
 * @wsdl2ts/runtime: the only module generated code imports. XML reading and writing, the lexical codecs of every
 * XSD built-in, facet checks, and the value shapes generated types use. One dependency, undici (the client's
 * default transport, loaded on first use).
 */
export { XmlReader, DEFAULT_READER_LIMITS } from './xml-reader';
export type { ReaderLimits } from './xml-reader';
export { XmlWriter } from './xml-writer';
export { DecodeError, EncodeError, XmlSyntaxError } from './errors';
export { EnvelopeRuleError } from './envelope-rules';
export * from './lexical';
export { compileFacets, checkFacets } from './facets';
export type { FacetKind, FacetSpec, FacetValue, FacetChecker } from './facets';
export { translateXsdPattern, compileXsdPattern } from './xsd-regex';
export type { RawXml, AnyAttribute, QName, Substituted } from './values';
export { decodeXml, encodeXml, readNil, setOwn, splitList, wildcardAllows, readScoped, leafText, QNameScope, anyAttributes, rawXml, own, ownList, notNil, checkAttributes, checkFixed, parseChar, formatChar } from './document';
export { escapeText, escapeAttr } from './escape';
export type { ElementCodec } from './document';
export { schema, Schema } from './schema';
export { isEncoded, SOAP_ENC_NS, SOAP12_ENC_NS, MAX_REF_DEPTH } from './encoded';
export type { EncodedElementCodec } from './encoded';
export type { SchemaDesc, TypeDesc, SimpleDesc, ComplexDesc, ElementDesc, GroupDesc, AnyDesc, AttrDesc, FacetDesc, ParticleDesc, Ref as TypeRef } from './schema-desc';
export { SoapClient, header, optionalHeader, withHeaders, readResponseEnvelope, SOAP_ENVELOPE_NS, WSA_NS } from './soap-client';
export type { SoapVersion, OperationSpec, BindingSpec, SoapHeader, ClientOptions, CallOptions } from './soap-client';
export { SoapFaultError, HttpError, TimeoutError, AbortError, ResponseValidationError, RelatesToError, TransportError } from './soap-errors';
export { httpTransport, fetchTransport } from './http-transport';
export { undiciTransport } from './undici-transport';
export type { Transport, TransportRequest, TransportResponse, TlsOptions, HttpTransportOptions, AbortSignalLike } from './http-transport';
export { ServiceContextElement, serviceContextHeader, SERVICE_CONTEXT_NS } from './sharepoint';
export type { ServiceContext } from './sharepoint';
export { createSoapListener, SoapFault, DEFAULT_SERVER_LIMITS, WSSE_NS } from './soap-server';
export type { ServerContext, ServerOptions, ServerLimits, RequestListener, IncomingMessage, ServerResponse, SecurityHeader, SecurityVerdict } from './soap-server';
export { createSoapServer, DEFAULT_SERVER_TIMEOUTS } from './server-http';
export { expressHandler, fastifyRoute } from './server-adapters';
export type { ExpressRequestLike, FastifyRequestLike, FastifyReplyLike } from './server-adapters';
export type { SoapServerTimeouts, SoapHttpServer } from './server-http';
export { readMultipartRelated, isMultipart, DEFAULT_MULTIPART_LIMITS } from './mime-multipart';
export type { MultipartLimits, MultipartRelated, MimePart } from './mime-multipart';
export { readSoapPackage, XopParts, XOP_NS, XOP_MEDIA_TYPE, XopWriter, withXop, writeXopPackage } from './xop';
export type { SoapPackage, XopResolver, MtomOptions } from './xop';
