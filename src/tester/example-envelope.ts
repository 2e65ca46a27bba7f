/**
 * Complete example SOAP envelopes for one operation: WS-Addressing headers when the binding uses it (fixed
 * identifiers, so the output is deterministic), the binding's soap:header parts, and the body as the generated
 * client writes it (the wrapper element, or for a bare body its children directly in the Body).
 */
import type { BindingDef, BindingOperation, Model } from '../model/types';
import { ExampleBuilder, newNode, type XmlNode } from './example-value';
import { escapeXml, writeTree } from './example-xml';

const ENV_NS = { '1.1': 'http://schemas.xmlsoap.org/soap/envelope/', '1.2': 'http://www.w3.org/2003/05/soap-envelope' } as const;
const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const EXAMPLE_MESSAGE_ID = 'urn:uuid:00000000-0000-0000-0000-000000000000';

export function exampleEnvelope(model: Model, builder: ExampleBuilder, binding: BindingDef, op: BindingOperation, role: 'request' | 'response'): string {
  const version = binding.soapVersion ?? '1.1';
  const message = role === 'request' ? op.input : op.output;
  if (!message) throw new Error(`operation ${op.name} has no ${role} message`);
  const head: string[] = [];
  if (binding.addressing) {
    const mu = ' s:mustUnderstand="1"';
    head.push(`    <a:Action${mu}>${escapeXml(message.action)}</a:Action>`);
    if (role === 'request') {
      head.push(`    <a:MessageID>${EXAMPLE_MESSAGE_ID}</a:MessageID>`, `    <a:ReplyTo>`, `      <a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address>`, `    </a:ReplyTo>`);
      head.push(`    <a:To${mu}>${escapeXml(endpoint(model, binding))}</a:To>`);
    } else head.push(`    <a:RelatesTo>${EXAMPLE_MESSAGE_ID}</a:RelatesTo>`);
  }
  for (const h of message.headers) {
    if (!h.element) {
      head.push(`    <!-- header part ${h.part} has a type, not an element: not shown -->`);
      continue;
    }
    // An encoded header part's block may be synthesized (a type= part): built from its own declaration.
    head.push(...writeTree(builder.element(h.element, h.encodedBlock), '    '));
  }
  const body: string[] = [];
  let bodyNodes: XmlNode[];
  if (message.wrapper) {
    const wrapper = builder.element(message.wrapper.element, message.wrapper.id);
    bodyNodes = message.wrapper.bare ? wrapper.children : [wrapper];
  } else if (message.body[0]?.element) bodyNodes = [builder.element(message.body[0].element)];
  else bodyNodes = [newNode({ ns: '', local: 'missing' })];
  for (const n of bodyNodes) body.push(...writeTree(n, '    '));
  const wsa = binding.addressing ? ` xmlns:a="${WSA_NS}"` : '';
  return [
    `<s:Envelope xmlns:s="${ENV_NS[version]}"${wsa}>`,
    ...(head.length ? ['  <s:Header>', ...head, '  </s:Header>'] : []),
    ...(body.length ? ['  <s:Body>', ...body, '  </s:Body>'] : ['  <s:Body/>']),
    '</s:Envelope>',
    '',
  ].join('\n');
}

function endpoint(model: Model, binding: BindingDef): string {
  for (const s of model.wsdl.services) for (const p of s.ports) if (p.binding.ns === binding.name.ns && p.binding.local === binding.name.local && p.address) return p.address;
  return 'http://example.com/service';
}
