/**
 * Property tests over every golden case (test/golden/<case>/expected/serializers.ts):
 * 1. values generated from the model (arbitraries.ts) survive decodeXml(codec, encodeXml(codec, v)) unchanged;
 * 2. mutated valid values are refused by encodeXml with an EncodeError whose path is under the root element;
 * 3. mutated valid documents are refused by decodeXml with a DecodeError whose path is under the root element;
 * 4. hostile names: exact wire names, own `__proto__` properties, Object.prototype untouched.
 *
 * Bugs found by these properties are pinned as regression tests at the end.
 */
import fc from 'fast-check';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { DecodeError, decodeXml, EncodeError, encodeXml } from '@wsdl2ts/runtime';
import type { Model } from '../../src/model/types';
import { ModelArbitraries, makeObject } from './arbitraries';
import { AnyCodec, CASE_NAMES, caseModel, declFor, elementCodecs } from './cases';
import { diff } from './equality';
import { decodeSites, DecodeMutationKind, encodeSites, EncodeMutationKind } from './mutations';
import * as H from '../golden/hostile-names/expected/serializers';
import * as ANY from '../golden/any/expected/serializers';
import * as SUBST from '../golden/substitution-group/expected/serializers';
import * as SC from '../golden/simple-content/expected/serializers';
import * as ATTRS from '../golden/attributes/expected/serializers';
import * as CHOICE from '../golden/choice/expected/serializers';

/** PROPERTY_RUNS=2000 for a deeper search. */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const MUTATION_RUNS = Math.max(10, Math.round(NUM_RUNS / 3));

function arbitrariesFor(_caseName: string, model: Model): ModelArbitraries {
  return new ModelArbitraries(model, {});
}
const skipDecodeSite = (_caseName: string, _kind: DecodeMutationKind, _detail?: string) => false;
const skipEncodeSite = (_kind: EncodeMutationKind, _detail?: string) => false;

/** Mutation kinds each case must exercise (what its schema allows), so a walker regression cannot go unnoticed. */
const EXPECTED_ENCODE_KINDS: Record<string, EncodeMutationKind[]> = {
  any: ['wrong-type', 'missing-required-element', 'null-not-nillable', 'illegal-xml-char'],
  attributes: ['wrong-type', 'unknown-enum-value', 'out-of-range', 'missing-required-attribute', 'missing-required-element', 'bad-lexical'],
  choice: ['wrong-type', 'two-choice-branches', 'no-choice-branch', 'out-of-range', 'too-few', 'missing-required-element', 'bad-lexical'],
  'extension-xsi-type': ['wrong-type', 'unknown-$type', 'out-of-range', 'null-not-nillable', 'missing-required-element', 'bad-lexical'],
  'hostile-names': ['wrong-type', 'unknown-enum-value', 'out-of-range', 'missing-required-element', 'illegal-xml-char'],
  'ms-wms': ['wrong-type', 'unknown-enum-value', 'out-of-range', 'bad-lexical', 'illegal-xml-char'],
  'simple-content': ['wrong-type', 'out-of-range', 'bad-lexical', 'too-few', 'too-many', 'missing-required-attribute', 'missing-required-element'],
  'substitution-group': ['wrong-type', 'unknown-$element', 'out-of-range', 'missing-required-element'],
  'wcf-array': ['wrong-type', 'bad-lexical', 'out-of-range', 'missing-required-element', 'illegal-xml-char'],
};
const EXPECTED_DECODE_KINDS: Record<string, DecodeMutationKind[]> = {
  any: ['unknown-element', 'required-element-removed', 'element-repeated'],
  attributes: ['unknown-element', 'required-element-removed', 'required-attribute-removed', 'bad-attribute-lexical', 'element-repeated'],
  choice: ['unknown-element', 'required-element-removed', 'choice-removed', 'element-repeated', 'bad-lexical'],
  'extension-xsi-type': ['unknown-element', 'required-element-removed', 'element-repeated', 'bad-lexical', 'bad-attribute-lexical'],
  'hostile-names': ['unknown-element', 'element-repeated', 'bad-lexical'],
  'ms-wms': ['unknown-element', 'element-repeated', 'bad-lexical', 'child-in-simple-content'],
  'simple-content': ['unknown-element', 'required-element-removed', 'required-attribute-removed', 'bad-lexical', 'child-in-simple-content'],
  'substitution-group': ['unknown-element', 'required-element-removed', 'bad-lexical', 'element-repeated'],
  'wcf-array': ['unknown-element', 'required-element-removed', 'bad-lexical', 'element-repeated', 'child-in-simple-content'],
};

function pathUnder(root: string, path: string): boolean {
  return path === `/${root}` || path.startsWith(`/${root}/`) || path.startsWith(`/${root}[`);
}

describe.each(CASE_NAMES)('golden case %s', (caseName) => {
  let model: Model;
  let arbs: ModelArbitraries;
  beforeAll(async () => {
    model = await caseModel(caseName);
    arbs = arbitrariesFor(caseName, model);
  });

  const codecs = elementCodecs(caseName);

  test('every global element of the model has exactly one ElementCodec', () => {
    expect(codecs.map(([n]) => n).sort()).toEqual(model.elements.map((e) => e.tsName).sort());
  });

  test.each(codecs)('%s: decode(encode(v)) deep-equals v', (exportName, codec) => {
    const decl = declFor(model, exportName, codec);
    fc.assert(
      fc.property(arbs.forElement(decl), (v) => {
        const xml = encodeXml(codec, v);
        const back = decodeXml(codec, xml);
        const d = diff(back, v);
        if (d) throw new Error(`${d}\nxml: ${xml}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('invalid values: encodeXml throws EncodeError with a path under the element', () => {
    const seen = new Set<EncodeMutationKind>();
    for (const [exportName, codec] of codecs) {
      const decl = declFor(model, exportName, codec);
      fc.assert(
        fc.property(arbs.forElement(decl), (v) => {
          for (const site of encodeSites(arbs, decl, v)) {
            if (skipEncodeSite(site.kind, site.detail)) continue;
            const bad = site.apply(v);
            const where = `${exportName} ${site.kind} at ${JSON.stringify(site.at)}: ${safeJson(bad)}`;
            let error: unknown;
            try {
              encodeXml(codec, bad);
            } catch (e) {
              error = e;
            }
            if (!(error instanceof EncodeError)) throw new Error(`${where}: expected EncodeError, got ${error === undefined ? 'no error' : String(error)}`);
            if (!pathUnder(codec.local, error.path)) throw new Error(`${where}: path ${JSON.stringify(error.path)} is not under /${codec.local}`);
            seen.add(site.kind);
          }
        }),
        { numRuns: MUTATION_RUNS },
      );
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(EXPECTED_ENCODE_KINDS[caseName]!));
  });

  test('invalid documents: decodeXml throws DecodeError with a path under the element', () => {
    const seen = new Set<DecodeMutationKind>();
    for (const [exportName, codec] of codecs) {
      const decl = declFor(model, exportName, codec);
      fc.assert(
        fc.property(arbs.forElement(decl), (v) => {
          const xml = encodeXml(codec, v);
          for (const site of decodeSites(arbs, decl, xml)) {
            if (skipDecodeSite(caseName, site.kind, site.detail)) continue;
            const bad = site.apply(xml);
            const where = `${exportName} ${site.kind} at ${site.at} (${site.detail ?? ''}): ${bad}`;
            let error: unknown;
            try {
              decodeXml(codec, bad);
            } catch (e) {
              error = e;
            }
            if (!(error instanceof DecodeError)) throw new Error(`${where}: expected DecodeError, got ${error === undefined ? 'no error' : String(error)}`);
            if (!pathUnder(codec.local, error.path)) throw new Error(`${where}: path ${JSON.stringify(error.path)} is not under /${codec.local}`);
            seen.add(site.kind);
          }
        }),
        { numRuns: MUTATION_RUNS },
      );
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(EXPECTED_DECODE_KINDS[caseName]!));
  });
});

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? `Uint8Array[${[...x]}]` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
  } catch {
    return String(v);
  }
}

// -----------------------------------------------------------------------------------------------------------------
// hostile-names: wire names and prototype safety

describe('hostile-names: exact wire names and prototype safety', () => {
  const NS = 'urn:golden:hostile';
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  /** The root's expanded name, its attributes and its children as `{ns}local=text`, prefixes left out. */
  const wire = (xml: string) => {
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
    const attrs: string[] = [];
    for (let i = 0; i < root.attributes.length; i++) {
      const a = root.attributes.item(i)!;
      if (a.name !== 'xmlns' && a.prefix !== 'xmlns') attrs.push(`{${a.namespaceURI ?? ''}}${a.localName}=${a.value}`);
    }
    const children: string[] = [];
    for (let c = root.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) children.push(`{${(c as Element).namespaceURI}}${(c as Element).localName}=${c.textContent}`);
    return { root: `{${root.namespaceURI}}${root.localName}`, attrs, children };
  };

  const full = () =>
    makeObject([
      { key: '__proto__', value: 'proto text' },
      { key: 'constructor', value: 7 },
      { key: 'toString', value: 'ts' },
      { key: 'Value', value: 'upper' },
      { key: 'value', value: 'lower' },
      { key: 'x-1.y', value: '__proto__' },
      { key: 'hasOwnProperty', value: true },
      { key: 'ValueAttribute', value: 'attr upper' },
      { key: '__proto__Attribute', value: 'attr proto' },
    ]);

  test('every hostile name is written exactly as in the schema and read back as an own property', () => {
    const v = full();
    const xml = encodeXml(H.__proto__Element, v as never);
    expect(wire(xml)).toEqual({
      root: `{${NS}}__proto__`,
      attrs: ['{}Value=attr upper', '{}__proto__=attr proto'],
      children: [`{${NS}}__proto__=proto text`, `{${NS}}constructor=7`, `{${NS}}toString=ts`, `{${NS}}Value=upper`, `{${NS}}value=lower`, `{${NS}}x-1.y=__proto__`, `{${NS}}hasOwnProperty=true`],
    });
    const back = decodeXml(H.__proto__Element, xml) as unknown as Record<string, unknown>;
    expect(diff(back, v)).toBeUndefined();
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe('proto text');
    expect(Object.getOwnPropertyDescriptor(back, 'constructor')?.value).toBe(7);
    expect(back['Value']).toBe('upper');
    expect(back['value']).toBe('lower');
    expect(back['x-1.y']).toBe('__proto__');
  });

  test('case-only duplicates stay apart in both directions', () => {
    const v = makeObject([
      { key: '__proto__', value: '' },
      { key: 'constructor', value: 0 },
      { key: 'toString', value: '' },
      { key: 'hasOwnProperty', value: false },
      { key: 'value', value: 'only lower' },
    ]);
    const xml = encodeXml(H.__proto__Element, v as never);
    expect(wire(xml).children).toContain(`{${NS}}value=only lower`);
    expect(wire(xml).children.some((c) => c.startsWith(`{${NS}}Value=`))).toBe(false);
    const back = decodeXml(H.__proto__Element, xml) as unknown as Record<string, unknown>;
    expect(Object.keys(back)).not.toContain('Value');
    expect(back['value']).toBe('only lower');
    // And the other way round: only the attribute Value, no element.
    const attrOnly = decodeXml(H.__proto__Element, `<h:__proto__ xmlns:h="${NS}" Value="a"><h:__proto__/></h:__proto__>`) as unknown as Record<string, unknown>;
    expect(Object.keys(attrOnly).sort()).toEqual(['ValueAttribute', '__proto__']);
  });

  test('a hostile document cannot reach Object.prototype', () => {
    const xml =
      `<h:__proto__ xmlns:h="${NS}" __proto__="{&quot;polluted&quot;:1}" Value="v">` +
      `<h:__proto__>{"polluted":true}</h:__proto__><h:constructor>1</h:constructor><h:toString>polluted</h:toString>` +
      `<h:x-1.y>__proto__</h:x-1.y><h:hasOwnProperty>true</h:hasOwnProperty></h:__proto__>`;
    const back = decodeXml(H.__proto__Element, xml) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back).sort()).toEqual(['ValueAttribute', '__proto__', '__proto__Attribute', 'constructor', 'hasOwnProperty', 'toString', 'x-1.y'].sort());
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBe('{"polluted":true}');
    expect(Object.getOwnPropertyDescriptor(back, '__proto__Attribute')?.value).toBe('{"polluted":1}');
  });

  test('other hostile globals: Object and then', () => {
    const o = { delete: 'd' };
    expect(wire(encodeXml(H.Object_Element, o))).toEqual({ root: `{${NS}}Object`, attrs: [], children: [`{${NS}}delete=d`] });
    expect(decodeXml(H.Object_Element, encodeXml(H.Object_Element, o))).toStrictEqual(o);
    expect(decodeXml(H.ThenElement, `<h:then xmlns:h="${NS}"><h:then>x</h:then></h:then>`)).toStrictEqual({ then: 'x' });
  });
});

// -----------------------------------------------------------------------------------------------------------------
// Bugs these properties found, pinned as regression tests with minimal values.

describe('regressions found by the properties', () => {
  const encodeRefuses = (codec: AnyCodec, value: unknown) => {
    expect(() => encodeXml(codec, value)).toThrow(EncodeError);
  };

  // serializers-emitter encodeContainer: `if (v['constructor'] !== undefined)` reads the inherited member.
  test('hostile-names: an absent optional `constructor` is not taken from Object.prototype', () => {
    const v = makeObject([{ key: '__proto__', value: 'x' }]);
    expect(decodeXml(H.__proto__Element, encodeXml(H.__proto__Element, v as never))).toEqual(v);
  });

  // serializers-emitter requiredChecks: `if (out['__proto__'] === undefined)` is never true on a plain object.
  test('hostile-names: a missing required __proto__ element is a DecodeError', () => {
    expect(() => decodeXml(H.__proto__Element, '<h:__proto__ xmlns:h="urn:golden:hostile"/>')).toThrow(DecodeError);
  });

  // The substitution-group switch reads `item.$element` before any null check.
  test('null for a non-nillable substitution-group element is an EncodeError', () => {
    encodeRefuses(SUBST.GarageElement as AnyCodec, { Vehicle: [null] });
  });

  // RawXml values are written unchecked (w.raw(value.xml)).
  test('a RawXml property that is not { xml: string } is an EncodeError', () => {
    encodeRefuses(ANY.EnvelopeElement as AnyCodec, { Kind: 'k', Extra: 'oops' });
  });
  test('a $any element outside the wildcard namespace (##other) is an EncodeError', () => {
    encodeRefuses(ANY.EnvelopeElement as AnyCodec, { Kind: 'k', $any: [{ xml: '<k:Kind xmlns:k="urn:golden:any">x</k:Kind>' }] });
  });

  // The abstract head of a substitution group stands for itself.
  test('the abstract substitution-group head is refused on encode', () => {
    encodeRefuses(SUBST.GarageElement as AnyCodec, { Vehicle: [{ $element: 'Vehicle', value: { Wheels: 2 } }] });
  });
  test('the abstract substitution-group head is refused on decode', () => {
    expect(() => decodeXml(SUBST.GarageElement, '<s:Garage xmlns:s="urn:golden:subst"><s:Vehicle><s:Wheels>2</s:Wheels></s:Vehicle></s:Garage>')).toThrow(DecodeError);
  });

  // anyAttribute namespace="##other" is not enforced in either direction.
  test('an unqualified attribute is not matched by anyAttribute ##other', () => {
    expect(() => decodeXml(ATTRS.ItemElement, '<a:Item xmlns:a="urn:golden:attrs" id="1" createdBy="x" bogus="1"><a:name>n</a:name></a:Item>')).toThrow(DecodeError);
  });

  // $anyAttributes are concatenated into the start tag unchecked (the string encoder; XmlWriter used to refuse these).
  test('an $anyAttributes entry named xmlns (a default-namespace injection) is an EncodeError', () => {
    encodeRefuses(ATTRS.ItemElement as AnyCodec, { id: '1', createdBy: 'x', name: 'n', $anyAttributes: [{ ns: '', local: 'xmlns', value: 'urn:evil' }] });
  });
  test('an $anyAttributes entry duplicating a declared attribute is an EncodeError', () => {
    encodeRefuses(ATTRS.ItemElement as AnyCodec, { id: '1', createdBy: 'x', name: 'n', $anyAttributes: [{ ns: '', local: 'id', value: '2' }] });
  });

  // xsi:nil on an element that is not nillable is read as empty content.
  test('xsi:nil on a non-nillable element is a DecodeError', () => {
    const xml = '<c:Payment xmlns:c="urn:golden:choice" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><c:Amount>1</c:Amount><c:Card i:nil="true"/></c:Payment>';
    expect(() => decodeXml(CHOICE.PaymentElement, xml)).toThrow(DecodeError);
  });

  // attribute fixed="item" is not checked.
  test('an attribute with another value than its fixed one is a DecodeError', () => {
    expect(() => decodeXml(ATTRS.ItemElement, '<a:Item xmlns:a="urn:golden:attrs" id="1" createdBy="x" kind="other"><a:name>n</a:name></a:Item>')).toThrow(DecodeError);
  });

  // An unknown $type on a non-abstract base is written as the base type (the $type is silently dropped).
  test('an unknown $type is an EncodeError', () => {
    encodeRefuses(SC.PriceElement as AnyCodec, { Net: { $type: 'Bogus', $value: '1', currency: 'EUR' }, Code: [{ $value: 'ABC' }] });
  });
});
