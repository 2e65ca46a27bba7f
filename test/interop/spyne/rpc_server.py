#!/usr/bin/python3
"""A spyne @rpc service that speaks rpc/literal on the wire (WSDL 1.1 3.5,
WS-I BP 1.1 R2729/R2735), described by rpc.wsdl next to this file.

spyne has no rpc/literal mode of its own. Its WSDL writer always says
style="document" (spyne/interface/wsdl/wsdl11.py:392, :500, :515) and its
`_soap_body_style='rpc'` only means `_body_style='bare'`, one element as the
whole body (spyne/decorator.py:159-163). What it does have is a per-member
namespace, `sub_ns`: its XML writer puts a member in `sub_ns`, or in its
parent's namespace when that is None (spyne/protocol/xml.py:805-807), and
`sub_ns=''` makes lxml write the tag "{}name", i.e. in no namespace. So an
ordinary wrapped @rpc method whose parameters and return values are all
customized with sub_ns='' writes and expects exactly the rpc/literal shape:

    <tns:Add><a>2</a><b>40</b></tns:Add>  ->  <tns:AddResponse><sum>42</sum></tns:AddResponse>

The wrapper is named after the method (+"Response") in the application
namespace; the part accessors are unqualified. Members of the struct types
stay in their own namespace (rpc.wsdl's types schema is qualified), as in
rpc/literal the part's type decides how its content is written.

spyne's own ?wsdl does not describe this: its schema writer ignores sub_ns
(spyne/interface/xml_schema/model.py:207-209 is commented out), so it
declares the accessors qualified and document style. rpc.wsdl is therefore
written by hand. For the same reason the request validator must not be
'lxml' (it validates against that schema and refuses the unqualified
accessors); 'soft' matches children by local name only
(spyne/protocol/xml.py:982) and checks min/maxOccurs.

Run (Debian's python, spyne comes from the python3-spyne package):

    /usr/bin/python3 test/interop/spyne/rpc_server.py <port>   # 0 = free port

Prints "LISTENING <port>" on stdout once ready; endpoint path /rpc.
stderr carries one JSON line per request, written by the method: the
operation, the SOAPAction header and the arguments as spyne decoded them.
"""

import json
import logging
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from spyne import (Application, ComplexModel, Double, Integer32, ServiceBase,
                   Unicode, rpc)
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

TNS = 'urn:spyne:rpc'
TYPES = 'urn:spyne:rpc:types'
PATH = '/rpc'


def part(cls, **kw):
    """An rpc/literal part accessor: unqualified, always present."""
    return cls.customize(sub_ns='', min_occurs=1, **kw)


class Person(ComplexModel):
    __namespace__ = TYPES
    _type_info = [
        ('name', Unicode(min_occurs=1)),
        ('age', Integer32(min_occurs=1, nillable=True)),
        ('tags', Unicode(min_occurs=0, max_occurs='unbounded')),
    ]


class PersonList(ComplexModel):
    __namespace__ = TYPES
    _type_info = [
        ('person', Person.customize(min_occurs=0, max_occurs='unbounded',
                                    nillable=True)),
    ]


class StringList(ComplexModel):
    __namespace__ = TYPES
    _type_info = [
        ('item', Unicode(min_occurs=0, max_occurs='unbounded')),
    ]


def _person(p):
    if p is None:
        return None
    return {'name': p.name, 'age': p.age, 'tags': list(p.tags or [])}


def _log(ctx, op, **args):
    rec = {'op': op, 'action': ctx.transport.req_env.get('HTTP_SOAPACTION')}
    rec.update(args)
    sys.stderr.write(json.dumps(rec, separators=(',', ':')) + '\n')
    sys.stderr.flush()


class RpcService(ServiceBase):

    @rpc(part(Integer32), part(Integer32), _returns=part(Integer32),
         _out_variable_name='sum')
    def Add(ctx, a, b):
        _log(ctx, 'Add', a=a, b=b)
        return a + b

    # Strings come back with "!" appended, doubles doubled.
    @rpc(part(Unicode), part(Double), _returns=(part(Unicode), part(Double)),
         _out_variable_names=('s', 'd'))
    def Echo(ctx, s, d):
        _log(ctx, 'Echo', s=s, d=d)
        return (s or '') + '!', d * 2

    # count = items including nil ones; oldest = the oldest non-nil person,
    # or "(nobody)" with a nil age when there is none.
    @rpc(part(PersonList), part(Unicode),
         _returns=(part(Integer32), part(Person), part(Unicode)),
         _out_variable_names=('count', 'oldest', 'label'))
    def Team(ctx, people, label):
        items = list(people.person or []) if people is not None else []
        _log(ctx, 'Team', people=[_person(p) for p in items], label=label)
        real = [p for p in items if p is not None]
        oldest = Person(name='(nobody)', age=None)
        for p in real:
            if (p.age if p.age is not None else -1) > \
                    (oldest.age if oldest.age is not None else -1):
                oldest = p
        return len(items), oldest, label.upper()

    # A string array out: the words of text, split on single spaces (so
    # "a  b" has an empty word); "" gives an empty array.
    @rpc(part(Unicode), _returns=part(StringList), _out_variable_name='parts')
    def Split(ctx, text):
        _log(ctx, 'Split', text=text)
        return StringList(item=text.split(' ') if text else [])

    # No parts either way.
    @rpc()
    def Ping(ctx):
        _log(ctx, 'Ping')

    # value = "v:" + key, except for key "none": then the part is None,
    # which spyne writes as <value xsi:nil="true"/> (min_occurs=1). WS-I BP
    # R2211 forbids xsi:nil on rpc/literal part accessors; the client must
    # refuse it.
    @rpc(part(Unicode), _returns=part(Unicode), _out_variable_name='value')
    def Lookup(ctx, key):
        _log(ctx, 'Lookup', key=key)
        return None if key == 'none' else 'v:' + key


def make_wsgi_app():
    spyne_app = WsgiApplication(Application(
        [RpcService], tns=TNS, name='RpcService',
        in_protocol=Soap11(validator='soft'), out_protocol=Soap11()))

    def app(environ, start_response):
        if environ.get('PATH_INFO') != PATH:
            start_response('404 Not Found', [('Content-Type', 'text/plain')])
            return [b'not found\n']
        return spyne_app(environ, start_response)

    return app


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # keep stderr for the JSON request lines
        pass


def main(argv):
    port = int(argv[1]) if len(argv) > 1 else 0
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
