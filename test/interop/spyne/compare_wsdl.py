#!/usr/bin/python3
"""Compares the message-relevant contract of two WSDL 1.1 documents.

    /usr/bin/python3 test/interop/spyne/compare_wsdl.py samples/ms-wms.wsdl \
        'http://127.0.0.1:PORT/WorkManagementService.svc?wsdl'

(either argument may be a file or an http URL). For every operation of the
first binding it compares: soapAction, style/use, wsaw:Action of input and
output, the body element QName of input/output, and, recursively, the content
model of those elements (child element QNames, sequence position, types,
minOccurs, maxOccurs, nillable; enumeration values of simple types).
Named vs anonymous types and message/part names are not compared (they do
not show on the wire); they are reported separately under "naming".
Exit status 1 if wire-relevant differences were found.
"""
import sys
import urllib.request

from lxml import etree

XS = 'http://www.w3.org/2001/XMLSchema'
WSDL = 'http://schemas.xmlsoap.org/wsdl/'
SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/'
WSAW = 'http://www.w3.org/2006/05/addressing/wsdl'
WSAM = 'http://www.w3.org/2007/05/addressing/metadata'


def load(src):
    if src.startswith('http://') or src.startswith('https://'):
        data = urllib.request.urlopen(src).read()
    else:
        with open(src, 'rb') as f:
            data = f.read()
    return etree.fromstring(data)


def qname(elt, value):
    if value is None:
        return None
    if ':' in value:
        prefix, local = value.split(':', 1)
    else:
        prefix, local = None, value
    ns = elt.nsmap.get(prefix)
    return '{%s}%s' % (ns, local) if ns else local


class Schemas(object):
    def __init__(self, root):
        self.elements, self.ctypes, self.stypes = {}, {}, {}
        self.qualified = {}
        for schema in root.iter('{%s}schema' % XS):
            tns = schema.get('targetNamespace')
            self.qualified[tns] = schema.get('elementFormDefault') == 'qualified'
            for child in schema:
                name = child.get('name')
                if name is None:
                    continue
                key = '{%s}%s' % (tns, name)
                if child.tag == '{%s}element' % XS:
                    self.elements[key] = (tns, child)
                elif child.tag == '{%s}complexType' % XS:
                    self.ctypes[key] = (tns, child)
                elif child.tag == '{%s}simpleType' % XS:
                    self.stypes[key] = (tns, child)

    def describe_type(self, tns, elt, type_q, depth=0):
        """Returns a structural description (nested tuples) of a type."""
        if depth > 10:
            return ('...',)
        if type_q is None:
            ct = elt.find('{%s}complexType' % XS)
            st = elt.find('{%s}simpleType' % XS)
            if ct is not None:
                return self.describe_complex(tns, ct, depth)
            if st is not None:
                return self.describe_simple(st)
            return ('anyType',)
        if type_q.startswith('{%s}' % XS):
            return (type_q,)
        if type_q in self.ctypes:
            ctns, ct = self.ctypes[type_q]
            return self.describe_complex(ctns, ct, depth)
        if type_q in self.stypes:
            return self.describe_simple(self.stypes[type_q][1])
        return ('unresolved', type_q)

    def describe_simple(self, st):
        r = st.find('{%s}restriction' % XS)
        base = qname(r, r.get('base')) if r is not None else None
        enums = tuple(e.get('value') for e in st.iter('{%s}enumeration' % XS))
        return ('simple', base, enums)

    def describe_complex(self, tns, ct, depth):
        members = []
        for e in ct.iter('{%s}element' % XS):
            ref = e.get('ref')
            if ref is not None:
                rq = qname(e, ref)
                rtns, re_ = self.elements[rq]
                name_q = rq
                tq = qname(re_, re_.get('type'))
                desc = self.describe_type(rtns, re_, tq, depth + 1)
                nillable = re_.get('nillable', 'false')
            else:
                local = e.get('name')
                name_q = ('{%s}%s' % (tns, local) if self.qualified.get(tns)
                          or e.get('form') == 'qualified' else local)
                tq = qname(e, e.get('type'))
                desc = self.describe_type(tns, e, tq, depth + 1)
                nillable = e.get('nillable', 'false')
            members.append((name_q, e.get('minOccurs', '1'),
                            e.get('maxOccurs', '1'), nillable, tq, desc))
        return ('complex', tuple(members))


def flatten(desc, path, out):
    """Turns a description into {path: facts} lines for diffing."""
    if desc[0] == 'complex':
        for pos, (name_q, mn, mx, nil, tq, sub) in enumerate(desc[1]):
            p = path + '/' + name_q
            out[p] = 'pos=%d minOccurs=%s maxOccurs=%s nillable=%s type=%s' % (
                pos, mn, mx, nil, tq)
            flatten(sub, p, out)
    elif desc[0] == 'simple':
        out[path + '#enum'] = 'base=%s values=%s' % (desc[1], ','.join(desc[2]))


def contract(root):
    s = Schemas(root)
    msgs = {}
    for m in root.iterfind('{%s}message' % WSDL):
        parts = m.findall('{%s}part' % WSDL)
        msgs[m.get('name')] = [(p.get('name'), qname(p, p.get('element')))
                               for p in parts]
    pt_actions = {}
    pt_msgs = {}
    for pt in root.iterfind('{%s}portType' % WSDL):
        for op in pt.iterfind('{%s}operation' % WSDL):
            for io in ('input', 'output'):
                e = op.find('{%s}%s' % (WSDL, io))
                if e is None:
                    continue
                a = e.get('{%s}Action' % WSAW) or e.get('{%s}Action' % WSAM)
                pt_actions[(op.get('name'), io)] = a
                pt_msgs[(op.get('name'), io)] = qname(e, e.get('message'))
    facts = {}
    naming = {}
    binding = root.find('{%s}binding' % WSDL)
    naming['binding name'] = binding.get('name')
    naming['portType name'] = root.find('{%s}portType' % WSDL).get('name')
    svc = root.find('{%s}service' % WSDL)
    naming['service'] = svc.get('name') if svc is not None else '(none)'
    for op in binding.iterfind('{%s}operation' % WSDL):
        name = op.get('name')
        so = op.find('{%s}operation' % SOAP)
        facts[name + ' soapAction'] = so.get('soapAction') if so is not None else None
        facts[name + ' style'] = so.get('style') if so is not None else None
        for io in ('input', 'output'):
            b = op.find('{%s}%s/{%s}body' % (WSDL, io, SOAP))
            facts['%s %s use' % (name, io)] = b.get('use') if b is not None else None
            facts['%s %s wsaw:Action' % (name, io)] = pt_actions.get((name, io))
            mq = pt_msgs.get((name, io))
            parts = msgs.get(mq.split('}')[-1], []) if mq else []
            naming['%s %s message/part' % (name, io)] = '%s / %s' % (
                mq.split('}')[-1] if mq else None,
                ','.join(p[0] for p in parts))
            for _, el_q in parts:
                facts['%s %s body element' % (name, io)] = el_q
                tns, el = s.elements[el_q]
                tq = qname(el, el.get('type'))
                naming['%s %s element type' % (name, io)] = tq or '(anonymous)'
                out = {}
                flatten(s.describe_type(tns, el, tq), el_q, out)
                for k, v in out.items():
                    facts['%s %s %s' % (name, io, k)] = v
    return facts, naming, s


def main(argv):
    a, b = load(argv[1]), load(argv[2])
    fa, na, sa = contract(a)
    fb, nb, sb = contract(b)
    diffs = 0
    print('== wire-relevant differences (%s vs %s)' % (argv[1], argv[2]))
    for k in sorted(set(fa) | set(fb)):
        if fa.get(k) != fb.get(k):
            diffs += 1
            print('  %s\n    A: %s\n    B: %s' % (k, fa.get(k), fb.get(k)))
    if not diffs:
        print('  none')
    print('== naming differences (not visible on the wire)')
    for k in sorted(set(na) | set(nb)):
        if na.get(k) != nb.get(k):
            print('  %s: A=%s B=%s' % (k, na.get(k), nb.get(k)))
    print('== global declarations only in A / only in B')
    for label, x, y in (('elements', sa.elements, sb.elements),
                        ('complexTypes', sa.ctypes, sb.ctypes),
                        ('simpleTypes', sa.stypes, sb.stypes)):
        only_a = sorted(set(x) - set(y))
        only_b = sorted(set(y) - set(x))
        if only_a:
            print('  %s only in A: %s' % (label, ' '.join(only_a)))
        if only_b:
            print('  %s only in B: %s' % (label, ' '.join(only_b)))
    print('== nillable of global elements present in both')
    for k in sorted(set(sa.elements) & set(sb.elements)):
        x = sa.elements[k][1].get('nillable', 'false')
        y = sb.elements[k][1].get('nillable', 'false')
        if x != y:
            print('  %s: A=%s B=%s' % (k, x, y))
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
