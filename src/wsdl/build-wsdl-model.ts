import type { Element } from '@xmldom/xmldom';
import { DiagnosticBag } from '../diagnostics/diagnostic';
import { defaultAction, defaultMessageName } from '../model/addressing';
import { builtinId, isBuiltinName, soapEncBuiltin } from '../model/builtins';
import type {
  AbstractMessageRef,
  BindingDef,
  BindingFault,
  BindingMessage,
  BindingOperation,
  BodyPart,
  ComplexTypeDef,
  ElementDecl,
  ElementParticle,
  HeaderPart,
  MessageDef,
  MessageExchangePattern,
  PortTypeDef,
  PortTypeOperation,
  QName,
  ServiceDef,
  SourceRef,
  TypeDef,
  TypeId,
  WsdlModel,
} from '../model/types';
import type { LoadedDocument } from '../read/load-documents';
import type { SchemaModel } from '../xsd/build-schema-model';
import { clark } from '../xsd/schema-index';
import { isNCName } from '@wsdl2ts/runtime';
import { attr, attrNS, childElements, childrenNamed, documentationOf, firstChildNamed, localName, location, NS , canonicalNamespace } from '../xml/dom-utils';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const ANY = builtinId('anyType');

interface Found<T> {
  readonly def: T;
  readonly el: Element;
  readonly doc: LoadedDocument;
}

/** Builds messages, portTypes, bindings and services of the input WSDL and every WSDL it imports. */
export function buildWsdlModel(docs: readonly LoadedDocument[], schema: SchemaModel, diags: DiagnosticBag): WsdlModel {
  return new WsdlBuilder(docs, schema, diags).build();
}

class WsdlBuilder {
  private readonly messages = new Map<string, Found<MessageDef>>();
  private readonly portTypes = new Map<string, Found<PortTypeDef>>();
  private readonly types: Map<TypeId, TypeDef>;
  private readonly elementTypes: Map<string, TypeId>;
  /** Wrapper elements synthesized for non-wrapped bodies, by what they wrap (bindings sharing a portType share them). */
  private readonly wrappers = new Map<string, NonNullable<BindingMessage['wrapper']>>();

  constructor(
    private readonly docs: readonly LoadedDocument[],
    private readonly schema: SchemaModel,
    private readonly diags: DiagnosticBag,
  ) {
    this.types = new Map(schema.types.map((t) => [t.id, t]));
    this.elementTypes = new Map(schema.elements.map((e) => [clark(e.name), e.type]));
  }

  build(): WsdlModel {
    const main = this.docs[0];
    const model: Mutable<WsdlModel> = { targetNamespace: main ? (attr(main.root, 'targetNamespace') ?? '') : '', messages: [], portTypes: [], bindings: [], services: [] };
    if (!main) return model;
    const doc = documentationOf(main.root, NS.wsdl);
    if (doc) model.doc = doc;
    for (const d of this.docs) for (const el of childrenNamed(d.root, NS.wsdl, 'message')) this.addMessage(d, el);
    for (const d of this.docs) for (const el of childrenNamed(d.root, NS.wsdl, 'portType')) this.addPortType(d, el);
    const bindings: BindingDef[] = [];
    const bindingNames = new Set<string>();
    for (const d of this.docs) {
      for (const el of childrenNamed(d.root, NS.wsdl, 'binding')) {
        // A duplicate is not built at all: its operations would report (and synthesize) everything a second time.
        const declared = attr(el, 'name');
        if (declared && bindingNames.has(clark({ ns: this.tns(d), local: declared }))) {
          this.diags.add('W2T401', `binding ${declared} is defined twice; the first definition is used`, location(el, d.label));
          continue;
        }
        const b = this.buildBinding(d, el);
        if (!b) continue;
        if (bindingNames.has(clark(b.name))) {
          this.diags.add('W2T401', `binding ${b.name.local} is defined twice; the first definition is used`, location(el, d.label));
          continue;
        }
        bindingNames.add(clark(b.name));
        bindings.push(b);
      }
    }
    const services: ServiceDef[] = [];
    for (const d of this.docs) for (const el of childrenNamed(d.root, NS.wsdl, 'service')) services.push(this.buildService(d, el, bindingNames));
    model.messages = [...this.messages.values()].map((f) => f.def);
    model.portTypes = [...this.portTypes.values()].map((f) => f.def);
    model.bindings = bindings;
    model.services = services;
    if (!bindings.length && !model.portTypes.length && this.docs.length) {
      this.diags.add('W2T602', 'the WSDL defines no binding and no portType: only types can be generated', location(main.root, main.label));
    }
    return model;
  }

  // -------------------------------------------------------------------------------------------------------------

  private tns(doc: LoadedDocument): string {
    return attr(doc.root, 'targetNamespace') ?? '';
  }

  private source(el: Element, doc: LoadedDocument): SourceRef {
    return { file: doc.label, line: el.lineNumber ?? 0, column: el.columnNumber ?? 0 };
  }

  private named(el: Element, doc: LoadedDocument, what: string): QName | undefined {
    const name = attr(el, 'name');
    if (name === undefined || name === '') {
      this.diags.add('W2T600', `wsdl:${what} needs a name`, location(el, doc.label));
      return undefined;
    }
    if (/\s/.test(name)) this.diags.add('W2T601', `wsdl:${what} name "${name}" is not a valid XML name (it contains white space)`, location(el, doc.label));
    return { ns: this.tns(doc), local: name };
  }

  /**
   * Resolves a QName attribute. An unprefixed name takes the default namespace; when `exists` says nothing is
   * defined there but something is in the document's targetNamespace, that is used instead (old toolkits wrote
   * WSDLs relying on it).
   */
  private qnameAttr(el: Element, name: string, doc: LoadedDocument, exists?: (q: QName) => boolean): QName | undefined {
    const value = attr(el, name);
    if (value === undefined) return undefined;
    const v = value.trim();
    const colon = v.indexOf(':');
    const prefix = colon < 0 ? null : v.slice(0, colon);
    const local = colon < 0 ? v : v.slice(colon + 1);
    const ns = el.lookupNamespaceURI(prefix ?? '');
    if (ns === null && prefix !== null) {
      this.diags.add('W2T309', `prefix "${prefix}" in ${name}="${v}" is not declared`, location(el, doc.label));
      return undefined;
    }
    // WSDL QNames without a prefix take the default namespace, or the document's targetNamespace as a fallback
    // (many hand-written WSDLs rely on that).
    const q = { ns: canonicalNamespace(ns ?? (prefix === null ? this.tns(doc) : '')), local };
    if (prefix === null && exists && !exists(q) && q.ns !== this.tns(doc)) {
      const fallback = { ns: this.tns(doc), local };
      if (exists(fallback)) return fallback;
    }
    return q;
  }

  private typeId(q: QName): TypeId | undefined {
    if (q.ns === NS.xs) return isBuiltinName(q.local) ? builtinId(q.local) : undefined;
    const enc = soapEncBuiltin(q.ns, q.local);
    if (enc) return builtinId(enc);
    const id = clark(q);
    return this.types.has(id) ? id : undefined;
  }

  // -------------------------------------------------------------------------------------------------------------

  private addMessage(doc: LoadedDocument, el: Element): void {
    const name = this.named(el, doc, 'message');
    if (!name) return;
    if (this.messages.has(clark(name))) {
      this.diags.add('W2T401', `message ${name.local} is defined twice; the first definition is used`, location(el, doc.label));
      return;
    }
    const parts: MessageDef['parts'][number][] = [];
    for (const p of childrenNamed(el, NS.wsdl, 'part')) {
      const at = location(p, doc.label);
      const partName = attr(p, 'name') ?? '';
      if (!partName) this.diags.add('W2T600', 'wsdl:part needs a name', at);
      const element = this.qnameAttr(p, 'element', doc);
      const type = this.qnameAttr(p, 'type', doc);
      if (element) {
        if (!this.schema.index.get('element', element)) this.diags.add('W2T301', `part ${partName} refers to element ${show(element)}, which is not defined`, at);
        parts.push({ name: partName, element });
      } else if (type) {
        const id = this.typeId(type);
        if (!id) this.diags.add('W2T300', `part ${partName} refers to type ${show(type)}, which is not defined; anyType is used`, at);
        parts.push({ name: partName, type: id ?? ANY });
      } else {
        if (attr(p, 'element') === undefined && attr(p, 'type') === undefined) this.diags.add('W2T505', `part ${partName} has neither element nor type; anyType is used`, at);
        parts.push({ name: partName, type: ANY });
      }
    }
    this.messages.set(clark(name), { def: { name, parts, source: this.source(el, doc) }, el, doc });
  }

  private addPortType(doc: LoadedDocument, el: Element): void {
    const name = this.named(el, doc, 'portType');
    if (!name) return;
    if (this.portTypes.has(clark(name))) {
      this.diags.add('W2T401', `portType ${name.local} is defined twice; the first definition is used`, location(el, doc.label));
      return;
    }
    const operations: PortTypeOperation[] = [];
    for (const op of childrenNamed(el, NS.wsdl, 'operation')) {
      const opName = attr(op, 'name') ?? '';
      if (!opName) this.diags.add('W2T600', 'wsdl:operation needs a name', location(op, doc.label));
      const ios = childElements(op).filter((c) => c.namespaceURI === NS.wsdl && (localName(c) === 'input' || localName(c) === 'output'));
      const first = ios[0] ? localName(ios[0]) : undefined;
      const hasIn = ios.some((c) => localName(c) === 'input');
      const hasOut = ios.some((c) => localName(c) === 'output');
      const pattern: MessageExchangePattern = hasIn && hasOut ? (first === 'input' ? 'request-response' : 'solicit-response') : hasIn ? 'one-way' : 'notification';
      const def: Mutable<PortTypeOperation> = { name: opName, pattern, faults: [], source: this.source(op, doc) };
      const opDoc = documentationOf(op, NS.wsdl);
      if (opDoc) def.doc = opDoc;
      for (const io of ios) {
        const role = localName(io) as 'input' | 'output';
        const ref = this.abstractRef(doc, io, name.local, [defaultMessageName(opName, role, pattern)]);
        if (ref) def[role] = ref;
      }
      const faults: (AbstractMessageRef & { name: string })[] = [];
      for (const f of childrenNamed(op, NS.wsdl, 'fault')) {
        const faultName = attr(f, 'name') ?? '';
        const ref = this.abstractRef(doc, f, name.local, [opName, 'Fault', faultName]);
        if (ref) faults.push({ ...ref, name: faultName });
      }
      def.faults = faults;
      operations.push(def);
    }
    const def: Mutable<PortTypeDef> = { name, operations, source: this.source(el, doc) };
    const ptDoc = documentationOf(el, NS.wsdl);
    if (ptDoc) def.doc = ptDoc;
    this.portTypes.set(clark(name), { def, el, doc });
  }

  private abstractRef(doc: LoadedDocument, el: Element, portType: string, defaultParts: string[]): AbstractMessageRef | undefined {
    const at = location(el, doc.label);
    const message = this.qnameAttr(el, 'message', doc, (q) => this.messages.has(clark(q)));
    if (!message) {
      if (attr(el, 'message') !== undefined) return undefined;
      const misspelt = attr(el, 'messages') !== undefined ? ' (found "messages=", which is not a WSDL attribute)' : '';
      this.diags.add('W2T600', `wsdl:${localName(el)} needs a message attribute${misspelt}`, at);
      return undefined;
    }
    if (!this.messages.has(clark(message))) this.diags.add('W2T305', `message ${show(message)} is not defined`, at);
    const explicit = attrNS(el, NS.wsam, 'Action') ?? attrNS(el, NS.wsaw, 'Action');
    const name = attr(el, 'name');
    const parts = name !== undefined && localName(el) !== 'fault' ? [name] : defaultParts;
    const ref: Mutable<AbstractMessageRef> = {
      message,
      action: explicit !== undefined ? explicit.trim() : defaultAction(this.tns(doc), portType, parts),
      actionIsExplicit: explicit !== undefined,
    };
    if (name !== undefined) ref.name = name;
    return ref;
  }

  // -------------------------------------------------------------------------------------------------------------

  private buildBinding(doc: LoadedDocument, el: Element): BindingDef | undefined {
    const name = this.named(el, doc, 'binding');
    if (!name) return undefined;
    const at = location(el, doc.label);
    const portTypeName = this.qnameAttr(el, 'type', doc, (q) => this.portTypes.has(clark(q)));
    if (!portTypeName) {
      if (attr(el, 'type') === undefined) this.diags.add('W2T600', `binding ${name.local} needs a type (its portType)`, at);
      return undefined;
    }
    const portType = this.portTypes.get(clark(portTypeName));
    if (!portType) this.diags.add('W2T306', `portType ${show(portTypeName)} of binding ${name.local} is not defined`, at);
    const soap11 = firstChildNamed(el, NS.soap11, 'binding');
    const soap12 = firstChildNamed(el, NS.soap12, 'binding');
    const soapBinding = soap11 ?? soap12;
    const soapVersion = soap11 ? '1.1' : soap12 ? '1.2' : null;
    if (!soapVersion) this.diags.add('W2T504', `binding ${name.local} is not a SOAP binding; no client or server is generated for it`, at);
    const style = attr(soapBinding ?? el, 'style')?.trim() === 'rpc' ? 'rpc' : 'document';
    const soapNs = soap11 ? NS.soap11 : NS.soap12;
    const operations: BindingOperation[] = [];
    for (const op of childrenNamed(el, NS.wsdl, 'operation')) {
      const built = this.buildBindingOperation(doc, op, portType?.def, soapNs, style, soapVersion !== null);
      if (built) operations.push(built);
    }
    const def: Mutable<BindingDef> = {
      name,
      tsName: '',
      clientTsName: '',
      handlerTsName: '',
      listenerTsName: '',
      faultsTsName: '',
      portType: portTypeName,
      soapVersion,
      style,
      addressing: usesAddressing(el, doc),
      operations,
      source: this.source(el, doc),
    };
    const transport = soapBinding && attr(soapBinding, 'transport');
    if (transport) def.transport = transport;
    if (requiresMtom(el, doc)) def.mtom = true;
    return def;
  }

  private buildBindingOperation(doc: LoadedDocument, op: Element, portType: PortTypeDef | undefined, soapNs: string, bindingStyle: 'document' | 'rpc', isSoap: boolean): BindingOperation | undefined {
    const at = location(op, doc.label);
    const name = attr(op, 'name') ?? '';
    const abstract = portType?.operations.find((o) => o.name === name);
    if (portType && !abstract) {
      this.diags.add('W2T308', `operation ${name} is not in portType ${portType.name.local}`, at);
      return undefined;
    }
    const soapOp = firstChildNamed(op, soapNs, 'operation');
    const style = (soapOp && attr(soapOp, 'style')?.trim()) === 'rpc' ? 'rpc' : soapOp && attr(soapOp, 'style')?.trim() === 'document' ? 'document' : bindingStyle;
    const def: Mutable<BindingOperation> = { name, tsName: '', pattern: abstract?.pattern ?? 'request-response', style, faults: [], source: this.source(op, doc) };
    const soapAction = soapOp ? attr(soapOp, 'soapAction') : undefined;
    if (soapAction !== undefined) def.soapAction = soapAction;
    const opDoc = abstract?.doc ?? documentationOf(op, NS.wsdl);
    if (opDoc) def.doc = opDoc;
    for (const role of ['input', 'output'] as const) {
      const ref = abstract?.[role];
      const bindingIo = firstChildNamed(op, NS.wsdl, role);
      if (!ref) continue;
      def[role] = this.bindingMessage(doc, bindingIo, ref, soapNs, style, name, role, isSoap);
    }
    const faults: BindingFault[] = [];
    for (const f of abstract?.faults ?? []) {
      const msg = this.messages.get(clark(f.message))?.def;
      const part = msg?.parts[0];
      const fault: Mutable<BindingFault> = { name: f.name, message: f.message, action: f.action, type: ANY };
      if (part?.element) {
        fault.element = part.element;
        fault.type = this.elementTypeId(part.element);
      } else if (part?.type) fault.type = part.type;
      faults.push(fault);
    }
    def.faults = faults;
    return def;
  }

  private bindingMessage(doc: LoadedDocument, io: Element | undefined, ref: AbstractMessageRef, soapNs: string, style: 'document' | 'rpc', opName: string, role: 'input' | 'output', isSoap: boolean): BindingMessage {
    const msg = this.messages.get(clark(ref.message))?.def;
    const body = io ? firstChildNamed(io, soapNs, 'body') : undefined;
    const use = body && attr(body, 'use')?.trim() === 'encoded' ? 'encoded' : 'literal';
    const encodingStyle = body ? attr(body, 'encodingStyle')?.trim() : undefined;
    let encodingIssue: string | undefined;
    if (use === 'encoded' && isSoap) {
      // SOAP 1.1 bindings use SOAP 1.1 encoding (section 5), SOAP 1.2 bindings SOAP 1.2 encoding (Part 2 section 3).
      const expected = soapNs === NS.soap11 ? NS.soapEnc11 : NS.soapEnc12;
      // Not guessed: for type= parts nothing names the body elements, and for element= parts no peer to check against.
      if (style !== 'rpc') {
        const typed = (msg?.parts ?? []).some((p) => !p.element);
        encodingIssue = typed
          ? 'it is document/encoded with type= parts, a body shape no specification defines: WSDL 1.1 section 3.5 names no body element for a type= part in document style (its soap:body namespace "applies to content not explicitly defined by the abstract types", which would qualify the part name, where zeep and .NET write type= parts unqualified in document/literal), SOAP 1.1 section 7 defines encoded bodies for rpc only, and multi-reference values would be Body children told from parts only by their id; WS-I BP R2706 forbids use="encoded". Only rpc/encoded is read and written'
          : 'it is document/encoded: SOAP 1.1 section 7 defines encoded bodies for rpc only (WS-I BP R2706 forbids use="encoded"), and encoding element= parts as independent Body elements beside multi-reference values is not implemented (no WSDL in the corpus uses it). Only rpc/encoded is read and written';
      }
      else if (encodingStyle !== undefined && !encodingStyle.split(/\s+/).includes(expected)) encodingIssue = `its encodingStyle ${JSON.stringify(encodingStyle)} is not the SOAP ${soapNs === NS.soap11 ? '1.1' : '1.2'} encoding its binding needs (${expected})`;
    }
    if (use === 'encoded' && body && encodingIssue) this.diags.add('W2T500', `operation ${opName} ${role} uses SOAP encoding (use="encoded") that generated code cannot read or write: ${encodingIssue}`, location(body, doc.label));
    const headers: HeaderPart[] = [];
    for (const h of io ? childrenNamed(io, soapNs, 'header') : []) {
      const hm = this.qnameAttr(h, 'message', doc, (q) => this.messages.has(clark(q)));
      const partName = attr(h, 'part') ?? '';
      if (!hm) {
        if (attr(h, 'message') === undefined) this.diags.add('W2T600', 'soap:header needs a message attribute', location(h, doc.label));
        continue;
      }
      const hmsg = this.messages.get(clark(hm))?.def;
      if (!hmsg) {
        this.diags.add('W2T305', `header message ${show(hm)} is not defined`, location(h, doc.label));
        continue;
      }
      const part = hmsg.parts.find((p) => p.name === partName);
      if (!part) {
        this.diags.add('W2T310', `header part ${partName} is not in message ${hm.local}`, location(h, doc.label));
        continue;
      }
      const header: Mutable<HeaderPart> = {
        message: hm,
        part: partName,
        type: part.element ? this.elementTypeId(part.element) : (part.type ?? ANY),
        use: attr(h, 'use')?.trim() === 'encoded' ? 'encoded' : 'literal',
        required: attrNS(h, NS.wsdl, 'required') === 'true',
      };
      if (part.element) header.element = part.element;
      if (header.use === 'encoded' && isSoap && !this.encodedHeader(header, h, part.element === undefined, soapNs, doc, `operation ${opName} ${role}`)) continue;
      headers.push(header);
    }
    const headerParts = new Set(headers.filter((h) => clark(h.message) === clark(ref.message)).map((h) => h.part));
    const listed = body && attr(body, 'parts');
    const names = listed !== undefined && listed !== null ? listed.split(/\s+/).filter(Boolean) : undefined;
    const bodyParts: BodyPart[] = [];
    for (const p of msg?.parts ?? []) {
      if (names ? !names.includes(p.name) : headerParts.has(p.name)) continue;
      const bp: Mutable<BodyPart> = { part: p.name, type: p.element ? this.elementTypeId(p.element) : (p.type ?? ANY) };
      if (p.element) bp.element = p.element;
      bodyParts.push(bp);
    }
    for (const n of names ?? []) {
      if (!msg?.parts.some((p) => p.name === n) && body) this.diags.add('W2T310', `soap:body names part ${n}, which is not in message ${ref.message.local}`, location(body, doc.label));
    }
    const def: Mutable<BindingMessage> = {
      message: ref.message,
      action: ref.action,
      actionIsExplicit: ref.actionIsExplicit,
      use,
      body: bodyParts,
      headers,
      wrapped: isSoap && style === 'document' && this.isWrapped(bodyParts, opName, role),
    };
    if (encodingIssue) def.encodingIssue = encodingIssue;
    const ns = body && attr(body, 'namespace');
    if (ns) def.namespace = ns;
    // Names that become element names on the wire must be XML names (WSDL requires NCNames; hand-written WSDLs break it).
    const badName = [...(style === 'rpc' ? [opName] : []), ...bodyParts.filter((p) => !p.element).map((p) => p.part)].find((n) => !isNCName(n));
    const supported = use === 'literal' || !encodingIssue;
    if (badName !== undefined && isSoap && supported) {
      this.diags.add('W2T601', `operation ${opName} ${role}: "${badName}" is not a valid XML name, so no body element can be named after it; the operation gets no method`, location(io ?? doc.root, doc.label));
    } else if (isSoap && supported) {
      const at = io ?? body;
      const src = at ? this.source(at, doc) : (msg?.source ?? { file: doc.label, line: 0, column: 0 });
      if (style === 'rpc') {
        if (!ns && body) this.diags.add('W2T751', `operation ${opName} ${role}: the rpc soap:body has no namespace attribute (WS-I BP R2717); the wrapper element is put in the WSDL targetNamespace ${this.tns(doc) || '(none)'}`, location(body, doc.label));
        for (const p of bodyParts.filter((bp) => bp.element)) {
          this.diags.add('W2T750', `operation ${opName} ${role}: part ${p.part} of message ${ref.message.local} has element= in an rpc-style binding (not WS-I BP R2203); it is carried as the element ${p.element!.local} itself inside the rpc wrapper, as zeep does`, location(at ?? doc.root, doc.label));
        }
        const wire = { ns: ns || this.tns(doc), local: role === 'input' ? opName : `${opName}Response` };
        def.wrapper = this.synthesizeWrapper(use === 'encoded' ? (soapNs === NS.soap11 ? 'rpc-encoded' : 'rpc-encoded12') : 'rpc', wire, bodyParts, ref.message, src, `${opName} ${role}`);
      } else if (bodyParts.length !== 1 || !bodyParts[0]!.element) {
        for (const p of bodyParts.filter((bp) => !bp.element)) {
          this.diags.add('W2T750', `operation ${opName} ${role}: part ${p.part} of message ${ref.message.local} has type= in a document-style binding (not WS-I BP R2204); it is carried as an unqualified body element <${p.part}>, as zeep and .NET do`, location(at ?? doc.root, doc.label));
        }
        const wire = { ns: this.tns(doc), local: role === 'input' ? opName : `${opName}Response` };
        def.wrapper = this.synthesizeWrapper('bare', wire, bodyParts, ref.message, src, `${opName} ${role}`);
      }
    }
    return def;
  }

  /**
   * A wrapper element around message parts, added to the schema model so the type, serializer, client and server
   * emitters handle it like any document/literal wrapper: an anonymous sequence of one element per part. type= parts
   * are unqualified elements named after the part (WSDL 1.1 3.5, WS-I BP R2735); element= parts are the elements
   * themselves, in their own namespace (as zeep reads and writes them, in rpc style too).
   */
  private synthesizeWrapper(kind: 'rpc' | 'rpc-encoded' | 'rpc-encoded12' | 'bare', wire: QName, parts: readonly BodyPart[], message: QName, source: SourceRef, what: string): NonNullable<BindingMessage['wrapper']> {
    const key = `${kind}|${clark(wire)}|${clark(message)}|${parts.map((p) => p.part).join(' ')}`;
    const known = this.wrappers.get(key);
    if (known) return known;
    const particles: ElementParticle[] = parts.map((p) => {
      if (p.element) {
        const decl = this.schema.elements.find((e) => e.name.ns === p.element!.ns && e.name.local === p.element!.local && !e.synthesized);
        return { kind: 'element', name: p.element, tsName: '', type: p.type, nillable: decl?.nillable ?? false, minOccurs: 1, maxOccurs: 1, form: 'qualified', ref: p.element, source };
      }
      // SOAP 1.1 section 5.1: any encoded accessor may be null (xsi:nil), as toolkits write null pointers and references.
      return { kind: 'element', name: { ns: '', local: p.part }, tsName: '', type: p.type, nillable: kind === 'rpc-encoded' || kind === 'rpc-encoded12', minOccurs: 1, maxOccurs: 1, form: 'unqualified', source };
    });
    let id = `{${wire.ns}}${wire.local}#type`;
    for (let n = 2; this.types.has(id); n++) id = `{${wire.ns}}${wire.local}#type${n}`;
    const type: ComplexTypeDef = {
      kind: 'complex',
      id,
      context: kind !== 'bare' ? `the rpc${kind === 'rpc' ? '' : kind === 'rpc-encoded' ? '/encoded' : '/encoded (SOAP 1.2)'} wrapper of operation ${what} (message ${message.local})` : `the body parts of operation ${what} (message ${message.local}; no wrapper on the wire)`,
      tsName: '',
      source,
      abstract: false,
      mixed: false,
      content: particles.length ? { kind: 'elements', particle: { kind: 'sequence', minOccurs: 1, maxOccurs: 1, particles, source } } : { kind: 'empty' },
      attributes: [],
      derivedTypes: [],
    };
    this.schema.types.push(type);
    this.types.set(id, type);
    const decl: ElementDecl = { name: wire, tsName: '', type: id, nillable: false, abstract: false, source, synthesized: id, ...(kind === 'rpc-encoded' ? { encoded: '1.1' as const } : kind === 'rpc-encoded12' ? { encoded: '1.2' as const } : {}) };
    this.schema.elements.push(decl);
    const wrapper = { id, element: wire, type: id, bare: kind === 'bare' };
    this.wrappers.set(key, wrapper);
    return wrapper;
  }

  /**
   * An encoded soap:header part (WSDL 1.1 section 3.7: use, encodingStyle and namespace as on soap:body): its block is
   * the part's element, or for a type= part an element named after the part in the soap:header namespace, holding
   * one SOAP-encoded value. Synthesized into the model with the encoded value codec; false when it cannot be read.
   */
  private encodedHeader(header: Mutable<HeaderPart>, h: Element, typed: boolean, soapNs: string, doc: LoadedDocument, what: string): boolean {
    const v = soapNs === NS.soap11 ? '1.1' : '1.2';
    const expected = v === '1.1' ? NS.soapEnc11 : NS.soapEnc12;
    const style = attr(h, 'encodingStyle')?.trim();
    if (style !== undefined && !style.split(/\s+/).includes(expected)) {
      this.diags.add('W2T761', `${what}: the encoded soap:header part ${header.part} of message ${header.message.local} has encodingStyle ${JSON.stringify(style)}, not the SOAP ${v} encoding its binding needs (${expected}): it gets no typed header`, location(h, doc.label));
      return false;
    }
    if (typed && !isNCName(header.part)) {
      this.diags.add('W2T601', `${what}: "${header.part}" is not a valid XML name, so no header block can be named after it; the header part gets no typed header`, location(h, doc.label));
      return false;
    }
    const ns = attr(h, 'namespace');
    if (typed && !ns) this.diags.add('W2T762', `${what}: the encoded soap:header part ${header.part} (type=) has no namespace attribute; its header block is put in the WSDL targetNamespace ${this.tns(doc) || '(none)'}`, location(h, doc.label));
    const name = header.element ?? { ns: ns || this.tns(doc), local: header.part };
    const id = `header|${v}|${clark(name)}|${header.type}`;
    if (!this.schema.elements.some((e) => e.synthesized === id)) {
      this.schema.elements.push({ name, tsName: '', type: header.type, nillable: false, abstract: false, source: this.source(h, doc), synthesized: id, encodedValue: v });
    }
    header.element = name;
    header.encodedBlock = id;
    return true;
  }

  private elementTypeId(q: QName): TypeId {
    return this.elementTypes.get(clark(q)) ?? ANY;
  }

  /** Document/literal wrapped: a single element part, named like the operation on input, holding a plain sequence. */
  private isWrapped(parts: readonly BodyPart[], opName: string, role: 'input' | 'output'): boolean {
    if (parts.length !== 1 || !parts[0]!.element) return false;
    if (role === 'input' && parts[0]!.element.local !== opName) return false;
    const t = this.types.get(parts[0]!.type);
    if (!t || t.kind !== 'complex' || t.derivation || t.attributes.length || t.anyAttribute) return false;
    if (t.content.kind === 'empty') return true;
    if (t.content.kind !== 'elements' || t.content.particle.kind !== 'sequence') return false;
    return t.content.particle.particles.every((p) => p.kind === 'element');
  }

  private buildService(doc: LoadedDocument, el: Element, bindings: Set<string>): ServiceDef {
    const name = this.named(el, doc, 'service') ?? { ns: this.tns(doc), local: '' };
    const ports: Mutable<ServiceDef['ports'][number]>[] = [];
    for (const p of childrenNamed(el, NS.wsdl, 'port')) {
      const binding = this.qnameAttr(p, 'binding', doc, (q) => bindings.has(clark(q)));
      if (!binding) {
        if (attr(p, 'binding') === undefined) this.diags.add('W2T600', 'wsdl:port needs a binding', location(p, doc.label));
        continue;
      }
      if (!bindings.has(clark(binding))) this.diags.add('W2T307', `binding ${show(binding)} of port ${attr(p, 'name') ?? ''} is not defined`, location(p, doc.label));
      const port: Mutable<ServiceDef['ports'][number]> = { name: attr(p, 'name') ?? '', binding };
      const address = childElements(p).find((c) => localName(c) === 'address' && (c.namespaceURI === NS.soap11 || c.namespaceURI === NS.soap12 || c.namespaceURI === NS.http));
      const loc = address && attr(address, 'location');
      if (loc) port.address = loc;
      ports.push(port);
    }
    const def: Mutable<ServiceDef> = { name, ports, source: this.source(el, doc) };
    const d = documentationOf(el, NS.wsdl);
    if (d) def.doc = d;
    return def;
  }
}

/** `wsaw:UsingAddressing` on the binding, or a WS-Policy it references (or contains) asserting addressing. */
function usesAddressing(binding: Element, doc: LoadedDocument): boolean {
  return bindingPolicyHas(binding, doc, (e) => {
    const ln = localName(e);
    if ((ln === 'UsingAddressing' && e.namespaceURI === NS.wsaw) || (ln === 'Addressing' && e.namespaceURI === NS.wsam)) return true;
    return ln === 'UsingAddressing' && e.namespaceURI === 'http://schemas.xmlsoap.org/ws/2004/08/addressing/policy';
  });
}

const WSP_NS = ['http://schemas.xmlsoap.org/ws/2004/09/policy', 'http://www.w3.org/ns/ws-policy'];
const MTOM_ASSERTIONS: readonly [string, string][] = [
  ['http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization', 'OptimizedMimeSerialization'],
  ['http://www.w3.org/2007/08/soap12-mtom-policy', 'MTOM'],
];

/**
 * An MTOM policy assertion on the binding or in a WS-Policy it references (as WCF writes for messageEncoding="Mtom"),
 * not marked wsp:Optional="true" (an optional one means plain messages are accepted too).
 */
function requiresMtom(binding: Element, doc: LoadedDocument): boolean {
  return bindingPolicyHas(binding, doc, (e) => {
    if (!MTOM_ASSERTIONS.some(([ns, ln]) => e.namespaceURI === ns && localName(e) === ln)) return false;
    const optional = WSP_NS.map((ns) => attrNS(e, ns, 'Optional')).find((v) => v !== undefined);
    return optional?.trim() !== 'true' && optional?.trim() !== '1';
  });
}

/**
 * Whether an element matching `assertion` stands in the binding's own extension elements (not its operations) or in a
 * top-level WS-Policy the binding references by `wsp:PolicyReference URI="#id"`.
 */
function bindingPolicyHas(binding: Element, doc: LoadedDocument, assertion: (e: Element) => boolean): boolean {
  const within = (el: Element): boolean => {
    const stack = [el];
    while (stack.length) {
      const e = stack.pop()!;
      if (assertion(e)) return true;
      stack.push(...childElements(e));
    }
    return false;
  };
  if (childElements(binding).some((c) => localName(c) !== 'operation' && within(c))) return true;
  const refs = childElements(binding).filter((c) => localName(c) === 'PolicyReference').map((c) => (attr(c, 'URI') ?? '').replace(/^#/, ''));
  if (!refs.length) return false;
  for (const policy of childElements(doc.root)) {
    if (localName(policy) !== 'Policy') continue;
    const id = attrNS(policy, 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd', 'Id') ?? attr(policy, 'Id') ?? attr(policy, 'wsu:Id');
    if (id && refs.includes(id) && within(policy)) return true;
  }
  return false;
}

function show(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}
