"""Calls all nine MS-WMS operations with zeep (strict mode) against a server and prints one JSON line per call.

Usage: /usr/bin/python3 test/interop/zeep/client.py <wsdl> <endpoint> <user> <password>
Debian's python3-zeep only works with Debian's /usr/bin/python3.
"""
import datetime
import json
import sys

from requests import Session
from requests.auth import HTTPBasicAuth
from zeep import Client, Settings, xsd
from zeep.transports import Transport

wsdl, endpoint, user, password = sys.argv[1:5]
session = Session()
session.auth = HTTPBasicAuth(user, password)
client = Client(wsdl, settings=Settings(strict=True), transport=Transport(session=session))
service = client.create_service("{http://tempuri.org/}DefaultBinding_IWorkManagementServiceApplication", endpoint)


def plain(value):
    """zeep objects to JSON: nil and absent both come back as None, which zeep cannot tell apart."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "__values__"):
        return {k: plain(v) for k, v in value.__values__.items()}
    return str(value)


calls = [
    ("BeginCacheRefresh", lambda: service.BeginCacheRefresh()),
    ("BeginExchangeSync", lambda: service.BeginExchangeSync()),
    ("OptIntoExchangeSync", lambda: service.OptIntoExchangeSync()),
    ("OptOutOfExchangeSync", lambda: service.OptOutOfExchangeSync()),
    ("GetExchangeSyncInfo", lambda: service.GetExchangeSyncInfo()),
    ("BeginCreateTaskPropagation", lambda: service.BeginCreateTaskPropagation(taskId=42)),
    ("BeginUpdateTaskPropagation", lambda: service.BeginUpdateTaskPropagation(taskId=42, lastModified=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc))),
    ("BeginDeleteTaskPropagation", lambda: service.BeginDeleteTaskPropagation(taskId=43, mappedKey=xsd.Nil)),
    ("BeginRelocateTaskPropagation", lambda: service.BeginRelocateTaskPropagation(taskId=44, mappedKey="Tasks/Archive")),
]
for name, call in calls:
    try:
        print(json.dumps({"operation": name, "ok": True, "result": plain(call())}), flush=True)
    except Exception as e:  # noqa: BLE001 - report every failure as a line
        print(json.dumps({"operation": name, "ok": False, "error": type(e).__name__, "message": str(e)}), flush=True)
