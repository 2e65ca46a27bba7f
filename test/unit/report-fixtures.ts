/** Inputs shared by the coverage report's tests. */
export const NS = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:test"';

/** One construct per outcome: a degraded type used by an operation, an rpc/literal operation, an unsupported (document/)encoded one, a note. */
export const MIXED_WSDL = `<?xml version="1.0"?>
<wsdl:definitions ${NS} targetNamespace="urn:test">
  <wsdl:types>
    <xs:schema targetNamespace="urn:test" elementFormDefault="qualified">
      <xs:import namespace="urn:nowhere"/>
      <xs:complexType name="Para" mixed="true"><xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:simpleType name="Login"><xs:restriction base="xs:string"><xs:pattern value="^[a-z]+"/></xs:restriction></xs:simpleType>
      <xs:complexType name="Counted">
        <xs:sequence>
          <xs:element name="n" type="xs:int" maxOccurs="many"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Broken"><xs:sequence><xs:element name="x" type="tns:Nope"/></xs:sequence></xs:complexType>
      <xs:element name="Get"><xs:complexType><xs:sequence><xs:element name="p" type="tns:Para"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="GetResponse"><xs:complexType><xs:sequence><xs:element name="login" type="tns:Login"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Ping"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="dup" type="xs:int"/>
      <xs:element name="dup" type="xs:string"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="GetIn"><wsdl:part name="parameters" element="tns:Get"/></wsdl:message>
  <wsdl:message name="GetOut"><wsdl:part name="parameters" element="tns:GetResponse"/></wsdl:message>
  <wsdl:message name="PingIn"><wsdl:part name="parameters" element="tns:Ping"/></wsdl:message>
  <wsdl:message name="AddIn"><wsdl:part name="a" type="xs:int"/><wsdl:part name="b" type="xs:int"/></wsdl:message>
  <wsdl:portType name="P">
    <wsdl:operation name="Get"><wsdl:input message="tns:GetIn"/><wsdl:output message="tns:GetOut"/></wsdl:operation>
    <wsdl:operation name="Ping"><wsdl:input message="tns:PingIn"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:portType name="R"><wsdl:operation name="Add"><wsdl:input message="tns:AddIn"/><wsdl:output message="tns:AddIn"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:P">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Get"><soap:operation soapAction="get"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="Ping"><soap:operation soapAction="ping"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="RB" type="tns:R">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Add"><soap:operation soapAction="add"/><wsdl:input><soap:body use="literal" namespace="urn:test"/></wsdl:input><wsdl:output><soap:body use="literal" namespace="urn:test"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="EB" type="tns:R">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Add"><soap:operation soapAction="add"/><wsdl:input><soap:body use="encoded" namespace="urn:test" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:input><wsdl:output><soap:body use="encoded" namespace="urn:test" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>
`;


/**
 * The hostile-names golden input plus a type whose documentation (CDATA, so it reaches excerpts raw) and whose
 * invalid maxOccurs value (echoed in the W2T503 message) try to close the report's markup and run script.
 */
export function hostileWsdl(golden: string): string {
  const evil = `      <xs:complexType name="Evil">
        <xs:annotation><xs:documentation><![CDATA[</pre></script><script>alert(1)</script><img src=x onerror=alert(2)>]]></xs:documentation></xs:annotation>
        <xs:sequence><xs:element name="n" type="xs:int" maxOccurs="&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;"/></xs:sequence>
      </xs:complexType>
`;
  const at = golden.indexOf('      <xs:complexType name="constructor">');
  if (at < 0) throw new Error('hostile-names input changed: no complexType "constructor"');
  return golden.slice(0, at) + evil + golden.slice(at);
}
