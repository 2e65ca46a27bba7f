/** readResponseEnvelope: the client's response reading without a transport (used by the playground's message tester). */
import { DecodeError, EnvelopeRuleError, readResponseEnvelope, SoapFaultError, XmlSyntaxError } from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient_operations as OPS } from '../golden/ms-wms/expected/client';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const op = OPS.beginExchangeSync;
const body = '<BeginExchangeSyncResponse xmlns="http://tempuri.org/"><BeginExchangeSyncResult>true</BeginExchangeSyncResult></BeginExchangeSyncResponse>';
const env = (ns: string, inner: string, head = '') => `<s:Envelope xmlns:s="${ns}">${head}<s:Body>${inner}</s:Body></s:Envelope>`;

describe('readResponseEnvelope', () => {
  test('decodes the body with the operation output codec and returns RelatesTo', () => {
    const head = '<s:Header><a:RelatesTo xmlns:a="http://www.w3.org/2005/08/addressing"> urn:uuid:1 </a:RelatesTo></s:Header>';
    expect(readResponseEnvelope(op, env(S11, body, head), { soapVersion: '1.1' })).toEqual({ value: { BeginExchangeSyncResult: true }, relatesTo: 'urn:uuid:1', fault: undefined });
  });

  test('returns a fault (not thrown) with code and reason, per SOAP version', () => {
    const f11 = readResponseEnvelope(op, env(S11, '<s:Fault><faultcode>s:Client</faultcode><faultstring>bad</faultstring></s:Fault>'), { soapVersion: '1.1' }).fault;
    expect(f11).toBeInstanceOf(SoapFaultError);
    expect([f11!.code, f11!.reason]).toEqual([{ ns: S11, local: 'Client' }, 'bad']);
    const f12 = readResponseEnvelope(op, env(S12, '<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">no</s:Text></s:Reason></s:Fault>'), { soapVersion: '1.2', httpStatus: 500 }).fault;
    expect([f12!.code.local, f12!.reason, f12!.options.httpStatus]).toEqual(['Sender', 'no', 500]);
  });

  test('refuses what the client refuses: other SOAP version, PIs, unexpected body, bad XML, not an envelope', () => {
    expect(() => readResponseEnvelope(op, env(S12, body), { soapVersion: '1.1' })).toThrow(/a SOAP 1.1 request got a SOAP 1.2 response/);
    expect(() => readResponseEnvelope(op, `<?pi x?>${env(S12, body)}`, { soapVersion: '1.2' })).toThrow(EnvelopeRuleError);
    expect(() => readResponseEnvelope(op, `<?pi x?>${env(S11, body)}`, { soapVersion: '1.1', allowSoap11ProcessingInstructions: true })).not.toThrow();
    expect(() => readResponseEnvelope(op, env(S11, '<Other xmlns="urn:x"/>'), { soapVersion: '1.1' })).toThrow(DecodeError);
    expect(() => readResponseEnvelope(op, '<s:Envelope', { soapVersion: '1.1' })).toThrow(XmlSyntaxError);
    expect(() => readResponseEnvelope(op, '<root/>', { soapVersion: '1.1' })).toThrow(expect.objectContaining({ name: 'NotAnEnvelope' }));
  });
});
