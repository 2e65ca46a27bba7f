#!/usr/bin/python3
"""Independent MS-WMS SOAP 1.1 test server written with spyne.

Reproduces the wire contract of samples/ms-wms.wsdl (document/literal
wrapped, 9 operations) and answers with FIXED values that cycle with a
per-operation call counter. See README.md next to this file.

Run (Debian's python, spyne comes from the python3-spyne package):

    /usr/bin/python3 test/interop/spyne/server.py <port>     # 0 = free port

Prints "LISTENING <port>" on stdout once ready; endpoint path
/WorkManagementService.svc (GET ...?wsdl serves spyne's own WSDL).
stderr carries only one JSON line per Begin*TaskPropagation request.
"""

import datetime
import itertools
import json
import logging
import os
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from lxml import etree

from spyne import (Application, Boolean, ComplexModel, DateTime, Fault,
                   Integer32, ServiceBase, Unicode, rpc)
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

TNS = 'http://tempuri.org/'
DC = 'http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement'
XSI = 'http://www.w3.org/2001/XMLSchema-instance'
ACTION_BASE = 'http://tempuri.org/IWorkManagementServiceApplication/'
PATH = '/WorkManagementService.svc'

OPERATIONS = (
    'BeginCacheRefresh', 'BeginExchangeSync', 'OptIntoExchangeSync',
    'OptOutOfExchangeSync', 'GetExchangeSyncInfo',
    'BeginCreateTaskPropagation', 'BeginUpdateTaskPropagation',
    'BeginDeleteTaskPropagation', 'BeginRelocateTaskPropagation',
)


# --------------------------------------------------------------------------
# "explicit nil" marker.
#
# spyne writes a member whose value is None only when min_occurs > 0 (then
# as xsi:nil="true"); with min_occurs=0 (as everywhere in the WSDL) None
# means "leave the element out". To also be able to write xsi:nil for a
# minOccurs="0" nillable="true" member, a non-None marker is used and the
# protocol turns it into a nil element (see WmsSoap11.to_parent).
# --------------------------------------------------------------------------
class _Nil(object):
    __slots__ = ()

    def __repr__(self):
        return 'NIL'


NIL = _Nil()


class WmsSoap11(Soap11):
    def __init__(self, *args, **kwargs):
        super(WmsSoap11, self).__init__(*args, **kwargs)
        # Soap11 hard-wires value.isoformat() for DateTime (UTC -> "+00:00");
        # write UTC as "Z" like WCF does.
        self._to_unicode_handlers[DateTime] = \
            lambda cls, value: _fmt_datetime(value)

    def to_parent(self, ctx, cls, inst, parent, ns, *args, **kwargs):
        if inst is NIL:
            return self.null_to_parent(ctx, cls, None, parent, ns,
                                       *args, **kwargs)
        return super(WmsSoap11, self).to_parent(ctx, cls, inst, parent, ns,
                                                *args, **kwargs)

    # spyne always writes <faultactor></faultactor>, even when there is no
    # actor; WCF leaves it out. Drop it when empty.
    def _drop_empty_faultactor(self, parent):
        for fault in parent.iter('{%s}Fault' % self.ns_soap_env):
            for actor in fault.findall('faultactor'):
                if not actor.text and len(actor) == 0:
                    fault.remove(actor)

    def fault_to_parent(self, ctx, cls, inst, parent, ns, *args, **kwargs):
        ret = super(WmsSoap11, self).fault_to_parent(ctx, cls, inst, parent,
                                                     ns, *args, **kwargs)
        self._drop_empty_faultactor(parent)
        return ret

    def schema_validation_error_to_parent(self, ctx, cls, inst, parent, ns,
                                          **kwargs):
        ret = super(WmsSoap11, self).schema_validation_error_to_parent(
            ctx, cls, inst, parent, ns, **kwargs)
        self._drop_empty_faultactor(parent)
        return ret


# --------------------------------------------------------------------------
# Types in the DataContract namespace (elementFormDefault qualified there,
# so their members are in that namespace too).
# --------------------------------------------------------------------------
Int = Integer32  # xs:int

ExchangeOptInResult = Unicode(
    values=['NoValue', 'Success', 'UnknownError', 'CouldNotConnectToExchange',
            'CouldNotFindOrCreateMySite', 'UserAlreadyOptedIn',
            'UserExchangeOperationPending', 'UnsupportedExchangeVersion',
            'MissingEmailAddress', 'ExchangeWebServiceClientMissing',
            'UnsupportedSharePointConfiguration', 'InvalidOrUnauthorizedUser',
            'CouldNotActivateExchangeSyncFeatureOnSiteSubscription'],
    type_name='ExchangeOptInResult', __namespace__=DC,
    min_occurs=0, nillable=False)

ExchangeSyncResult = Unicode(
    values=['NoValue', 'Success', 'UnknownError', 'CouldNotConnectToExchange',
            'CouldNotGetUserCredentials', 'CouldNotKickoffJob',
            'SyncWithErrors'],
    type_name='ExchangeSyncResult', __namespace__=DC,
    min_occurs=0, nillable=False)


class CreateRefreshJobResult(ComplexModel):
    __namespace__ = DC
    __type_name__ = 'CreateRefreshJobResult'
    _type_info = [
        ('CreatedJob', Boolean(min_occurs=0, nillable=False)),
        ('CurrentJobId', Int(min_occurs=0, nillable=True)),
        ('CurrentJobIdClient', Int(min_occurs=0, nillable=False)),
        ('EncounteredError', Boolean(min_occurs=0, nillable=False)),
    ]


class ExchangeUserSyncState(ComplexModel):
    __namespace__ = DC
    __type_name__ = 'ExchangeUserSyncState'
    _type_info = [
        ('IsOptedIn', Boolean(min_occurs=0, nillable=False)),
        ('LastEndTime', DateTime(min_occurs=0, nillable=True)),
        ('LastSyncResult', ExchangeSyncResult),
    ]


# --------------------------------------------------------------------------
# Fixed responses, cycling with a per-operation call counter.
# --------------------------------------------------------------------------
_lock = threading.Lock()
_counters = dict((op, itertools.count(1)) for op in OPERATIONS)


def _call_no(op):
    with _lock:
        return next(_counters[op])


def _begin(ctx, op):
    """Checks the SOAPAction header, counts the call, returns its number."""
    _check_soap_action(ctx, op)
    return _call_no(op)


def _cycle(ctx, op, values):
    return values[(_begin(ctx, op) - 1) % len(values)]


# spyne dispatches on the body's wrapper element only and ignores the
# SOAPAction HTTP header; WCF (the real server) dispatches on the action.
# The header is therefore checked here: it must equal the WSDL's soapAction
# (surrounding quotes stripped), otherwise a soap:Client fault is returned.
# Set WMS_SPYNE_IGNORE_SOAPACTION=1 to switch the check off.
CHECK_SOAPACTION = os.environ.get('WMS_SPYNE_IGNORE_SOAPACTION') != '1'


def _check_soap_action(ctx, op):
    if not CHECK_SOAPACTION:
        return
    expected = ACTION_BASE + op
    got = ctx.transport.req_env.get('HTTP_SOAPACTION')
    value = got.strip() if got is not None else None
    if value and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if value != expected:
        raise Fault(faultcode='Client',
                    faultstring='SOAPAction %s does not match operation %s '
                                '(expected "%s")' % (
                                    'missing' if got is None else repr(got),
                                    op, expected))


def _cache_refresh_1():
    return CreateRefreshJobResult(CreatedJob=True, CurrentJobId=2,
                                  CurrentJobIdClient=2)


def _cache_refresh_2():
    return CreateRefreshJobResult(CreatedJob=False, CurrentJobId=NIL,
                                  CurrentJobIdClient=-1, EncounteredError=True)


UTC = datetime.timezone.utc


def _sync_info_1():  # LastEndTime absent
    return ExchangeUserSyncState(IsOptedIn=True, LastSyncResult='Success')


def _sync_info_2():  # LastEndTime nil
    return ExchangeUserSyncState(IsOptedIn=True, LastEndTime=NIL,
                                 LastSyncResult='Success')


def _sync_info_3():
    return ExchangeUserSyncState(
        IsOptedIn=True,
        LastEndTime=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        LastSyncResult='CouldNotGetUserCredentials')


# --------------------------------------------------------------------------
# Request logging: one JSON line per Begin*TaskPropagation request on stderr.
# Values come from the raw request body so that an absent element (key
# omitted) and an xsi:nil one (null) can be told apart; spyne itself hands
# None to the method in both cases.
# --------------------------------------------------------------------------
def _fmt_datetime(v):
    if v.tzinfo is not None and v.utcoffset() == datetime.timedelta(0):
        return v.replace(tzinfo=None).isoformat() + 'Z'
    return v.isoformat()


def _log_request(ctx, op, **parsed):
    rec = {'op': op}
    body = ctx.in_body_doc
    for name, value in parsed.items():
        elt = body.find('{%s}%s' % (TNS, name)) if body is not None else None
        if elt is None:
            continue  # absent: key omitted
        if elt.get('{%s}nil' % XSI) in ('true', '1'):
            rec[name] = None
        elif isinstance(value, datetime.datetime):
            rec[name] = _fmt_datetime(value)
        else:
            rec[name] = value
    sys.stderr.write(json.dumps(rec, separators=(',', ':')) + '\n')
    sys.stderr.flush()


# --------------------------------------------------------------------------
# The service. Function name = operation name = input wrapper element;
# spyne's defaults then give <Op>Response for the output wrapper and
# <Op>Result for the return member, all in the app tns http://tempuri.org/.
# --------------------------------------------------------------------------
class WorkManagementService(ServiceBase):

    @rpc(_returns=CreateRefreshJobResult.customize(min_occurs=0,
                                                   nillable=True),
         _body_style='wrapped', _in_message_name='BeginCacheRefresh',
         _out_message_name='BeginCacheRefreshResponse',
         _out_variable_name='BeginCacheRefreshResult')
    def BeginCacheRefresh(ctx):
        return _cycle(ctx, 'BeginCacheRefresh',
                      [_cache_refresh_1, _cache_refresh_2])()

    @rpc(_returns=Boolean(min_occurs=0, nillable=False),
         _body_style='wrapped', _in_message_name='BeginExchangeSync',
         _out_message_name='BeginExchangeSyncResponse',
         _out_variable_name='BeginExchangeSyncResult')
    def BeginExchangeSync(ctx):
        _begin(ctx, 'BeginExchangeSync')
        return True

    @rpc(_returns=ExchangeOptInResult,
         _body_style='wrapped', _in_message_name='OptIntoExchangeSync',
         _out_message_name='OptIntoExchangeSyncResponse',
         _out_variable_name='OptIntoExchangeSyncResult')
    def OptIntoExchangeSync(ctx):
        return _cycle(ctx, 'OptIntoExchangeSync',
                      ['Success', 'UserAlreadyOptedIn', 'MissingEmailAddress'])

    @rpc(_returns=Boolean(min_occurs=0, nillable=False),
         _body_style='wrapped', _in_message_name='OptOutOfExchangeSync',
         _out_message_name='OptOutOfExchangeSyncResponse',
         _out_variable_name='OptOutOfExchangeSyncResult')
    def OptOutOfExchangeSync(ctx):
        _begin(ctx, 'OptOutOfExchangeSync')
        return True

    @rpc(_returns=ExchangeUserSyncState.customize(min_occurs=0,
                                                  nillable=True),
         _body_style='wrapped', _in_message_name='GetExchangeSyncInfo',
         _out_message_name='GetExchangeSyncInfoResponse',
         _out_variable_name='GetExchangeSyncInfoResult')
    def GetExchangeSyncInfo(ctx):
        return _cycle(ctx, 'GetExchangeSyncInfo',
                      [_sync_info_1, _sync_info_2, _sync_info_3])()

    @rpc(Int(min_occurs=0, nillable=False),
         _body_style='wrapped', _in_message_name='BeginCreateTaskPropagation',
         _out_message_name='BeginCreateTaskPropagationResponse')
    def BeginCreateTaskPropagation(ctx, taskId):
        _begin(ctx, 'BeginCreateTaskPropagation')
        _log_request(ctx, 'BeginCreateTaskPropagation', taskId=taskId)
        if taskId == 500:
            raise Fault(faultcode='Server', faultstring='task 500 refused')

    @rpc(Int(min_occurs=0, nillable=False),
         DateTime(min_occurs=0, nillable=False),
         _body_style='wrapped', _in_message_name='BeginUpdateTaskPropagation',
         _out_message_name='BeginUpdateTaskPropagationResponse')
    def BeginUpdateTaskPropagation(ctx, taskId, lastModified):
        _begin(ctx, 'BeginUpdateTaskPropagation')
        _log_request(ctx, 'BeginUpdateTaskPropagation', taskId=taskId,
                     lastModified=lastModified)

    @rpc(Int(min_occurs=0, nillable=False),
         Unicode(min_occurs=0, nillable=True),
         _body_style='wrapped', _in_message_name='BeginDeleteTaskPropagation',
         _out_message_name='BeginDeleteTaskPropagationResponse')
    def BeginDeleteTaskPropagation(ctx, taskId, mappedKey):
        _begin(ctx, 'BeginDeleteTaskPropagation')
        _log_request(ctx, 'BeginDeleteTaskPropagation', taskId=taskId,
                     mappedKey=mappedKey)

    @rpc(Int(min_occurs=0, nillable=False),
         Unicode(min_occurs=0, nillable=True),
         _body_style='wrapped',
         _in_message_name='BeginRelocateTaskPropagation',
         _out_message_name='BeginRelocateTaskPropagationResponse')
    def BeginRelocateTaskPropagation(ctx, taskId, mappedKey):
        _begin(ctx, 'BeginRelocateTaskPropagation')
        _log_request(ctx, 'BeginRelocateTaskPropagation', taskId=taskId,
                     mappedKey=mappedKey)


def build_application():
    return Application([WorkManagementService], tns=TNS,
                       name='IWorkManagementServiceApplication',
                       in_protocol=WmsSoap11(validator='lxml'),
                       out_protocol=WmsSoap11())


# --------------------------------------------------------------------------
# WSDL post-processing. spyne 2.14 has no per-method SOAPAction setting: it
# always writes soapAction="<operation name>" and no wsaw:Action. Both are
# set here to the values of samples/ms-wms.wsdl; nothing else is changed
# (README.md lists the remaining differences).
# --------------------------------------------------------------------------
WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/'
WSDLSOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/'
WSAW_NS = 'http://www.w3.org/2006/05/addressing/wsdl'
_patched_wsdl = {}


def patch_wsdl(raw):
    if raw in _patched_wsdl:
        return _patched_wsdl[raw]
    old_root = etree.fromstring(raw)
    # re-create the root to declare the wsaw prefix there (lxml cannot add a
    # declaration to an existing element; cleanup_namespaces is no option as
    # it drops prefixes that are only used inside QName attribute values)
    nsmap = dict(old_root.nsmap)
    nsmap['wsaw'] = WSAW_NS
    root = etree.Element(old_root.tag, attrib=dict(old_root.attrib),
                         nsmap=nsmap)
    root.text = old_root.text
    for child in list(old_root):
        root.append(child)
    for op in root.iterfind('{%s}binding/{%s}operation' % (WSDL_NS, WSDL_NS)):
        for so in op.iterfind('{%s}operation' % WSDLSOAP_NS):
            so.set('soapAction', ACTION_BASE + op.get('name'))
    for op in root.iterfind('{%s}portType/{%s}operation' % (WSDL_NS, WSDL_NS)):
        name = op.get('name')
        for io, suffix in (('input', ''), ('output', 'Response')):
            for elt in op.iterfind('{%s}%s' % (WSDL_NS, io)):
                elt.set('{%s}Action' % WSAW_NS, ACTION_BASE + name + suffix)
    out = etree.tostring(root, xml_declaration=True, encoding='UTF-8')
    _patched_wsdl[raw] = out
    return out


def _on_wsdl(ctx):
    ctx.transport.wsdl = patch_wsdl(ctx.transport.wsdl)


def make_wsgi_app():
    spyne_app = WsgiApplication(build_application())
    spyne_app.event_manager.add_listener('wsdl', _on_wsdl)

    def app(environ, start_response):
        if environ.get('PATH_INFO') != PATH:
            start_response('404 Not Found', [('Content-Type', 'text/plain')])
            return [b'not found\n']
        ctype = environ.get('CONTENT_TYPE', '')
        if (environ.get('REQUEST_METHOD') == 'POST'
                and ctype.lower().startswith('application/soap+xml')):
            # SOAP 1.2 is not offered by the WSDL; answer like WCF's
            # BasicHttpBinding does
            start_response('415 Unsupported Media Type',
                           [('Content-Type', 'text/plain')])
            return [b'SOAP 1.2 (application/soap+xml) is not supported; '
                    b'use SOAP 1.1 (text/xml)\n']
        return spyne_app(environ, start_response)

    return app


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    # HTTP/1.1 so that BaseHTTPRequestHandler answers "Expect: 100-continue"
    # (Mono/.NET clients); wsgiref still serves one request per connection
    # and closes it.
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):  # keep stderr for the JSON request lines
        pass


def main(argv):
    port = int(argv[1]) if len(argv) > 1 else 0
    # no logging output at all (spyne logs faults); stderr is for JSON lines
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.CRITICAL + 1)
    httpd = make_server('127.0.0.1', port, make_wsgi_app(),
                        server_class=ThreadingWSGIServer,
                        handler_class=QuietHandler)
    sys.stdout.write('LISTENING %d\n' % httpd.server_address[1])
    sys.stdout.flush()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main(sys.argv)
