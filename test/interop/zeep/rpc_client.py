"""Calls the rpc/literal golden service (test/golden/rpc-literal/input.wsdl) with zeep (strict mode) and prints one
JSON line per call: Add, Team (arrays, nils, an element= part), Ping (no parts) and the one-way Log.

Usage: /usr/bin/python3 test/interop/zeep/rpc_client.py <wsdl> <endpoint>
Debian's python3-zeep only works with Debian's /usr/bin/python3.
"""
import json
import sys

from zeep import Client, Settings, xsd

wsdl, endpoint = sys.argv[1:3]
client = Client(wsdl, settings=Settings(strict=True))
service = client.create_service("{urn:golden:rpc}RpcBinding", endpoint)
Person = client.get_type("{urn:golden:rpc:types}Person")
PersonList = client.get_type("{urn:golden:rpc:types}PersonList")


def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "__values__"):
        return {k: plain(v) for k, v in value.__values__.items()}
    return str(value)


people = PersonList(person=[Person(name="Bob", age=xsd.Nil, tags=[]), Person(name="Alice", age=41, tags=["admin", "ops"])])
calls = [
    ("Add", lambda: service.Add(a=2, b=40)),
    ("Team", lambda: service.Team(people=people, label="core", Note="n1")),
    ("TeamNil", lambda: service.Team(people=PersonList(person=[Person(name="Bob", age=xsd.Nil)]), label="solo", Note="n2")),
    ("TeamEmpty", lambda: service.Team(people=PersonList(person=[]), label="none", Note="n3")),
    ("Ping", lambda: service.Ping()),
    ("Log", lambda: service.Log(a=7, b=8)),
]
for name, call in calls:
    try:
        print(json.dumps({"operation": name, "ok": True, "result": plain(call())}), flush=True)
    except Exception as e:  # noqa: BLE001 - report every failure as a line
        print(json.dumps({"operation": name, "ok": False, "error": type(e).__name__, "message": str(e)}), flush=True)
