/**
 * The one catalogue of diagnostic codes. Codes are stable: tests and users match on them, so a code is never
 * renumbered or reused; retired codes stay listed with `retired: true`.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface CatalogueEntry {
  readonly severity: Severity;
  /** A one-line summary of the problem, used in docs and `--help`. */
  readonly summary: string;
}

export const CATALOGUE = {
  // 1xx: reading and XML well-formedness
  W2T100: { severity: 'error', summary: 'the document is not well-formed XML' },
  W2T101: { severity: 'error', summary: 'a DOCTYPE (DTD) was found; DTDs and entities are never processed' },
  W2T102: { severity: 'error', summary: 'the document is larger than the size limit' },
  W2T103: { severity: 'error', summary: 'the document nests elements deeper than the depth limit' },
  W2T104: { severity: 'error', summary: 'the root element is not what this document was expected to be' },
  W2T105: { severity: 'error', summary: 'the file cannot be read' },
  W2T106: { severity: 'error', summary: 'too many documents in one input set' },
  // 2xx: imports, includes and location policy
  W2T200: { severity: 'error', summary: 'an imported or included location does not exist' },
  W2T201: { severity: 'error', summary: 'a location leaves the allowed folders (use --allow-path to widen)' },
  W2T202: { severity: 'error', summary: 'a remote location is refused (use --allow-remote, or a catalog entry)' },
  W2T203: { severity: 'warning', summary: 'a namespace-only import matched no schema' },
  W2T204: { severity: 'warning', summary: 'an included schema has a different target namespace' },
  W2T205: { severity: 'warning', summary: 'an import has an empty location' },
  W2T206: { severity: 'warning', summary: 'a location did not resolve; the namespace was found elsewhere and used instead' },
  W2T207: { severity: 'error', summary: 'a remote location could not be fetched' },
  W2T208: { severity: 'error', summary: 'the catalog file is invalid' },
  // 3xx: unresolved references
  W2T300: { severity: 'error', summary: 'a type reference does not resolve' },
  W2T301: { severity: 'error', summary: 'an element reference does not resolve' },
  W2T302: { severity: 'error', summary: 'an attribute reference does not resolve' },
  W2T303: { severity: 'error', summary: 'a group reference does not resolve' },
  W2T304: { severity: 'error', summary: 'an attributeGroup reference does not resolve' },
  W2T305: { severity: 'error', summary: 'a message reference does not resolve' },
  W2T306: { severity: 'error', summary: 'a portType reference does not resolve' },
  W2T307: { severity: 'error', summary: 'a binding reference does not resolve' },
  W2T308: { severity: 'error', summary: 'a binding operation has no matching portType operation' },
  W2T309: { severity: 'error', summary: 'a QName uses a prefix that is not declared' },
  W2T310: { severity: 'error', summary: 'a message part reference does not resolve' },
  // 4xx: duplicate definitions
  W2T400: { severity: 'warning', summary: 'a schema component is defined twice; the first definition is used' },
  W2T401: { severity: 'warning', summary: 'a WSDL definition is defined twice; the first definition is used' },
  // 5xx: unsupported or degraded constructs (the model keeps a typed fallback)
  W2T500: { severity: 'warning', summary: "SOAP encoding other than rpc/encoded in its binding's SOAP encoding (document/encoded, a foreign encodingStyle) is not supported" },
  W2T501: { severity: 'warning', summary: 'an XSD construct is not supported; a fallback type is used' },
  W2T502: { severity: 'error', summary: 'a circular definition (type derivation, group or attributeGroup)' },
  W2T503: { severity: 'warning', summary: 'an invalid value (occurrence, facet, boolean) was ignored' },
  W2T504: { severity: 'warning', summary: 'a binding is not a SOAP binding; it has no client or server' },
  W2T505: { severity: 'warning', summary: 'a message part refers to neither element nor type' },
  W2T506: { severity: 'info', summary: 'a schema construct with no effect on the wire was skipped (identity constraints, notation)' },
  W2T510: { severity: 'warning', summary: 'mixed content is kept as raw XML in generated code' },
  W2T511: { severity: 'warning', summary: 'an XSD pattern cannot be translated to a JavaScript RegExp and is not enforced' },
  W2T512: { severity: 'warning', summary: 'an operation gets no client method (its body part names an element that is not defined)' },
  W2T513: { severity: 'warning', summary: 'an enumeration of QName values is not enforced (values are typed as QName)' },
  // 6xx: WSDL structure
  W2T600: { severity: 'error', summary: 'a required attribute is missing' },
  W2T601: { severity: 'error', summary: 'a name is not a valid XML name' },
  W2T602: { severity: 'warning', summary: 'the document defines no binding and no portType' },
  // 7xx: specs as input (extract, generate from a spec, verify its examples)
  W2T700: { severity: 'info', summary: 'spec: XML continued after a page break was joined' },
  W2T701: { severity: 'info', summary: 'spec: a running header, footer or page number inside XML was removed' },
  W2T702: { severity: 'warning', summary: 'spec: closing tags written before a page break and repeated after it were removed' },
  W2T703: { severity: 'warning', summary: 'spec: a self-closed root start tag with content after it was reopened' },
  W2T704: { severity: 'warning', summary: 'spec: a name containing spaces was joined with underscores (and its references)' },
  W2T705: { severity: 'warning', summary: 'spec: a name or URI split by a line wrap was joined' },
  W2T706: { severity: 'warning', summary: 'spec: a misspelled attribute name was corrected' },
  W2T707: { severity: 'warning', summary: 'spec: a missing closing tag was added' },
  W2T708: { severity: 'warning', summary: 'spec: an XML declaration inside a document was removed' },
  W2T709: { severity: 'info', summary: 'spec: markdown escaping or decoration inside XML was removed' },
  W2T710: { severity: 'error', summary: 'spec: an XML block cannot be repaired safely and is not used' },
  W2T711: { severity: 'warning', summary: 'spec: a section 2/3 definition differs from the appendix; the appendix is used' },
  W2T712: { severity: 'warning', summary: 'spec: a section 2/3 definition could not be placed in any extracted document' },
  W2T713: { severity: 'warning', summary: 'spec: a protocol example has no usable SOAP body' },
  W2T714: { severity: 'error', summary: 'spec: the document contains no WSDL and no schema' },
  W2T715: { severity: 'info', summary: 'spec: an undeclared prefix was declared from the namespace table or the appendix' },
  W2T716: { severity: 'info', summary: 'spec: an import was wired to the extracted document for its namespace' },
  W2T717: { severity: 'warning', summary: 'spec: an attribute value without quotes (or without its closing quote) was quoted' },
  W2T718: { severity: 'warning', summary: 'spec: a well-known namespace URI is misspelled (trailing slash, case); corrected' },
  W2T719: { severity: 'warning', summary: 'spec: an unprefixed WSDL reference was qualified with the target namespace it names a definition of' },
  W2T723: { severity: 'warning', summary: 'spec: a portType has no binding in the document; a document/literal SOAP binding was derived from the transport section' },
  W2T720: { severity: 'warning', summary: 'verify: an example body does not decode with the generated codecs' },
  W2T721: { severity: 'warning', summary: 'verify: an example body decodes but does not re-encode to an equivalent value' },
  W2T722: { severity: 'warning', summary: 'verify: an example body element is not a global element of the extracted schemas' },
  // 75x: operations without a method, body shapes, and loader fidelity
  W2T750: { severity: 'warning', summary: 'a body part has the form its style does not allow in WS-I (type= in document: an unqualified child named after the part; element= in rpc: the element itself)' },
  W2T751: { severity: 'warning', summary: 'an rpc soap:body gives no namespace (WS-I R2717): the wrapper is put in the WSDL targetNamespace' },
  W2T752: { severity: 'error', summary: 'a SOAP binding ends up with no client or server method at all (accept with --allow-empty-client)' },
  W2T753: { severity: 'warning', summary: 'a notification or solicit-response operation gets no method (the service would initiate it)' },
  W2T754: { severity: 'warning', summary: 'a document/encoded operation, or one whose encodingStyle is not its binding\'s SOAP encoding, gets no method (rpc/encoded, SOAP 1.1 and 1.2, does)' },
  W2T755: { severity: 'warning', summary: "an xs:import's namespace differs from the imported schema's targetNamespace" },
  W2T756: { severity: 'warning', summary: 'an xs:import placed directly in wsdl:types (outside any schema) is honoured as WCF and zeep do' },
  W2T757: { severity: 'warning', summary: 'a schema in a pre-2001 XML Schema draft namespace (1999, 2000/10) is not read; type references into those namespaces mean the XSD built-ins' },
  W2T760: { severity: 'warning', summary: 'a soapenc:Array restriction whose item type is not one-dimensional T[] (or not given): items are read as anyType' },
  W2T761: { severity: 'warning', summary: "an encoded soap:header part whose encodingStyle is not its binding's SOAP encoding gets no typed header" },
  W2T762: { severity: 'warning', summary: 'an encoded soap:header type= part has no namespace attribute: its header block is put in the WSDL targetNamespace' },
  // 8xx: serializers (compact description + runtime compiler)
  W2T800: { severity: 'info', summary: 'a strict wildcard admits namespaces whose schemas were not read: their elements are accepted unvalidated' },
  // 9xx: usage
  W2T900: { severity: 'error', summary: 'invalid command-line usage or options' },
  W2T901: { severity: 'error', summary: 'an operation named in --operations (or the "operations" option) is not in the WSDL' },
  // 950–979: the coverage report (wsdl2ts report)
  W2T950: { severity: 'error', summary: 'the coverage report cannot be written to the --out file' },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;
