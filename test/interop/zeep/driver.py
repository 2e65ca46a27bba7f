"""zeep (strict mode) as a line-driven MS-WMS client, for the interop tests against the reference service.

Usage: /usr/bin/python3 test/interop/zeep/driver.py <wsdl file or URL> <endpoint>
Debian's python3-zeep only works with Debian's /usr/bin/python3.

Reads one call per line on stdin and answers each with one JSON line on stdout (the protocol shared by all the
line-driven clients, see test/interop/reference/line-client.ts):

    <user> <password> <Operation> [<taskId> [<lastModified> | <mappedKey>]]

<mappedKey> is a string, "@nil" (sent as xsi:nil="true") or "@absent" (element left out). Answers:

    {"op": "...", "ok": true, "result": <value>, "http": {"request": "<Content-Type>", "response": "<Content-Type>"}}
    {"op": "...", "ok": false, "status": <HTTP status or null>, "error": "<class>: <message>"}

Results: nil and absent both come back from zeep as None and are printed as null; dates in ISO 8601. The SOAP
version comes from the WSDL's binding (soap: or soap12:), which is the only thing that differs between the two runs.
"""
import datetime
import json
import sys

from requests import Session
from requests.auth import HTTPBasicAuth
from zeep import Client, Settings, xsd
from zeep.exceptions import Fault, TransportError
from zeep.transports import Transport

BINDING = "{http://tempuri.org/}DefaultBinding_IWorkManagementServiceApplication"


class RecordingTransport(Transport):
    """Keeps the Content-Type of the last request and response, so the test can tell which SOAP version was spoken."""

    last = {}

    def post(self, address, message, headers):
        response = super().post(address, message, headers)
        RecordingTransport.last = {"request": headers.get("Content-Type"), "response": response.headers.get("Content-Type"), "status": response.status_code}
        return response


wsdl, endpoint = sys.argv[1:3]
services = {}


def service_for(user, password):
    # One zeep client per user: the WSDL is fetched without credentials (GET ?wsdl is public), the calls carry HTTP Basic.
    key = (user, password)
    if key not in services:
        session = Session()
        c = Client(wsdl, settings=Settings(strict=True), transport=RecordingTransport(session=session))
        session.auth = HTTPBasicAuth(user, password)
        services[key] = c.create_service(BINDING, endpoint)
    return services[key]


def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "__values__"):
        return {k: plain(v) for k, v in value.__values__.items()}
    return str(value)


def key_arg(token):
    if token == "@nil":
        return {"mappedKey": xsd.Nil}
    if token == "@absent":
        return {}
    return {"mappedKey": token}


def call(service, op, args):
    if op in ("BeginCacheRefresh", "BeginExchangeSync", "OptIntoExchangeSync", "OptOutOfExchangeSync", "GetExchangeSyncInfo"):
        return getattr(service, op)()
    task_id = int(args[0])
    if op == "BeginCreateTaskPropagation":
        return service.BeginCreateTaskPropagation(taskId=task_id)
    if op == "BeginUpdateTaskPropagation":
        when = datetime.datetime.fromisoformat(args[1].replace("Z", "+00:00"))
        return service.BeginUpdateTaskPropagation(taskId=task_id, lastModified=when)
    if op in ("BeginDeleteTaskPropagation", "BeginRelocateTaskPropagation"):
        return getattr(service, op)(taskId=task_id, **key_arg(args[1]))
    raise ValueError("unknown operation " + op)


for line in iter(sys.stdin.readline, ""):
    parts = line.split()
    if not parts:
        continue
    user, password, op, args = parts[0], parts[1], parts[2], parts[3:]
    RecordingTransport.last = {}
    try:
        result = call(service_for(user, password), op, args)
        out = {"op": op, "ok": True, "result": plain(result), "http": {k: RecordingTransport.last.get(k) for k in ("request", "response")}}
    except TransportError as e:
        out = {"op": op, "ok": False, "status": e.status_code, "error": "%s: %s" % (type(e).__name__, e)}
    except Fault as e:
        out = {"op": op, "ok": False, "status": RecordingTransport.last.get("status"), "error": "%s: %s" % (type(e).__name__, e.message)}
    except Exception as e:  # noqa: BLE001 - every failure is an answer line
        out = {"op": op, "ok": False, "status": RecordingTransport.last.get("status"), "error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out), flush=True)
