"""Calls the rpc/encoded golden service (test/golden/rpc-encoded/input.wsdl, written by gSOAP's soapcpp2) with zeep
and prints one JSON line per call: add (ints), echo (strings, doubles, a nil), centroid (a soapenc:Array of structs),
split (a soapenc:Array of strings) and twin (a struct in a struct).

Usage: /usr/bin/python3 test/interop/zeep/rpc_encoded_client.py <wsdl> <endpoint>
Debian's python3-zeep only works with Debian's /usr/bin/python3.
"""
import json
import os
import sys

from zeep import Client, xsd
from zeep.transports import Transport

wsdl, endpoint = sys.argv[1:3]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# The WSDL imports the SOAP encoding schema by namespace only; zeep would fetch it from schemas.xmlsoap.org. It is
# read from wsdl2ts's bundled copy instead (the tests run offline).
LOCAL = {"http://schemas.xmlsoap.org/soap/encoding/": os.path.join(REPO, "src/catalog/bundled/soap11-encoding.xsd")}


class OfflineTransport(Transport):
    def load(self, url):
        if url in LOCAL:
            with open(LOCAL[url], "rb") as f:
                return f.read()
        return super().load(url)


client = Client(wsdl, transport=OfflineTransport())
service = client.create_service("{urn:wsdl2ts:enc}EncService", endpoint)
Point = client.get_type("{urn:wsdl2ts:enc}Point")
ArrayOfPoint = client.get_type("{urn:wsdl2ts:enc}ArrayOfPoint")


def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "__values__"):
        return {k: plain(v) for k, v in value.__values__.items()}
    return str(value)


calls = [
    ("add", lambda: service.add(a=2, b=40)),
    ("echo", lambda: service.echo(s="a<b", d=1.25, opt="x")),
    ("echoNil", lambda: service.echo(s="", d=-2.0, opt=xsd.SkipValue)),
    ("centroid", lambda: service.centroid(points=ArrayOfPoint([Point(x=1, y=10, label="a"), Point(x=4, y=20)]))),
    ("split", lambda: service.split(text="one two")),
    ("twin", lambda: service.twin(p=Point(x=3, y=4, label="p"))),
]
for name, call in calls:
    try:
        print(json.dumps({"operation": name, "ok": True, "result": plain(call())}), flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is reported to the test
        print(json.dumps({"operation": name, "ok": False, "error": type(e).__name__, "message": str(e)[:2000]}), flush=True)
