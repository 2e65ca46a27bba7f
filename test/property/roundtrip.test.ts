/**
 * Property tests over every golden case (test/golden/<case>/expected/serializers.ts):
 * 1. values generated from the model (arbitraries.ts) survive decodeXml(codec, encodeXml(codec, v)) unchanged;
 * 2. mutated valid values are refused by encodeXml with an EncodeError whose path is under the root element;
 * 3. mutated valid documents are refused by decodeXml with a DecodeError whose path is under the root element;
 * 4. hostile names: exact wire names, own `__proto__` properties, Object.prototype untouched.
 *
 * Known src/ bugs are pinned by `test.failing` at the end (they start failing, i.e. passing, once fixed: then
 * drop the workaround named there).
 */
import fc from 'fast-check';
import { DecodeError, decodeXml, EncodeError, encodeXml } from '../../src/runtime';
import type { Model } from '../../src/model/types';
import { ModelArbitraries, makeObject } from './arbitraries';
import { AnyCodec, CASE_NAMES, caseModel, declFor, elementCodecs } from './cases';
import { diff } from './equality';
import { decodeSites, DecodeMutationKind, encodeSites, EncodeMutationKind } from './mutations';
import * as H from '../golden/hostile-names/expected/serializers';
import * as ANY from '../golden/any/expected/serializers';
import * as SUBST from '../golden/substitution-group/expected/serializers';
import * as WCF from '../golden/wcf-array/expected/serializers';
import * as SC from '../golden/simple-content/expected/serializers';
import * as ATTRS from '../golden/attributes/expected/serializers';

const NUM_RUNS = 100;
const MUTATION_RUNS = 30;

/**
 * KNOWN BUG workarounds (see the test.failing cases below):
 * - hostile-names: optional properties named like Object.prototype members (`constructor`, `toString`,
 *   `hasOwnProperty`) are read with `v['constructor']`, which finds the inherited member when the property is
 *   absent: generate them always present.
 * - a nillable global element of type xs:anyType (ser:anyType in WCF schemas) cannot encode null: generate no null.
 * - hostile-names: a missing required `__proto__` element is not detected by the decoder: skip that mutation.
 */
function arbitrariesFor(caseName: string, model: Model): ModelArbitraries {
  return new ModelArbitraries(model, caseName === 'hostile-names' ? { alwaysPresent: (p) => p in Object.prototype } : {});
}
const skipDecodeSite = (caseName: string, kind: DecodeMutationKind, detail?: string) => caseName === 'hostile-names' && kind === 'required-element-removed' && detail === '__proto__';

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
    for (const name of ['__proto__', 'constructor', 'toString', 'Value', 'value', 'x-1.y', 'hasOwnProperty']) {
      expect(xml).toMatch(new RegExp(`<p1:${name.replace(/[.]/g, '\\.')}>`));
    }
    expect(xml).toMatch(/^<p1:__proto__ xmlns:p1="urn:golden:hostile" Value="attr upper" __proto__="attr proto">/);
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
    expect(xml).toContain('<p1:value>only lower</p1:value>');
    expect(xml).not.toContain('<p1:Value>');
    const back = decodeXml(H.__proto__Element, xml) as unknown as Record<string, unknown>;
    expect(Object.keys(back)).not.toContain('Value');
    expect(back['value']).toBe('only lower');
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
    expect(encodeXml(H.Object_Element, o)).toBe(`<p1:Object xmlns:p1="${NS}"><p1:delete>d</p1:delete></p1:Object>`);
    expect(decodeXml(H.Object_Element, encodeXml(H.Object_Element, o))).toStrictEqual(o);
    const t = decodeXml(H.ThenElement, `<h:then xmlns:h="${NS}"><h:then>x</h:then></h:then>`);
    expect(t).toStrictEqual({ then: 'x' });
  });
});

// -----------------------------------------------------------------------------------------------------------------
// Known src/ bugs, pinned with minimal values. test.failing passes while the bug is there.

describe('known bugs (test.failing: remove the marker and the workaround once fixed)', () => {
  const encodeRefuses = (codec: AnyCodec, value: unknown) => {
    expect(() => encodeXml(codec, value)).toThrow(EncodeError);
  };

  // serializers-emitter encodeContainer: `if (v['constructor'] !== undefined)` reads the inherited member.
  test.failing('hostile-names: an absent optional `constructor` is not taken from Object.prototype', () => {
    const v = makeObject([{ key: '__proto__', value: 'x' }]);
    expect(decodeXml(H.__proto__Element, encodeXml(H.__proto__Element, v as never))).toEqual(v);
  });

  // serializers-emitter requiredChecks: `if (out['__proto__'] === undefined)` is never true on a plain object.
  test.failing('hostile-names: a missing required __proto__ element is a DecodeError', () => {
    expect(() => decodeXml(H.__proto__Element, '<h:__proto__ xmlns:h="urn:golden:hostile"/>')).toThrow(DecodeError);
  });

  // serializers-emitter elementCodec: the raw branch ignores `nillable`.
  test.failing('a nillable xs:anyType global element encodes null as xsi:nil', () => {
    expect(decodeXml(WCF.AnyTypeElement, encodeXml(WCF.AnyTypeElement, null))).toBeNull();
  });

  // RawXml values are written unchecked (w.raw(value.xml)).
  test.failing('a RawXml property that is not { xml: string } is an EncodeError', () => {
    encodeRefuses(ANY.EnvelopeElement as AnyCodec, { Kind: 'k', Extra: 'oops' });
  });
  test.failing('a $any element outside the wildcard namespace (##other) is an EncodeError', () => {
    encodeRefuses(ANY.EnvelopeElement as AnyCodec, { Kind: 'k', $any: [{ xml: '<k:Kind xmlns:k="urn:golden:any">x</k:Kind>' }] });
  });

  // The abstract head of a substitution group stands for itself.
  test.failing('the abstract substitution-group head is refused on encode', () => {
    encodeRefuses(SUBST.GarageElement as AnyCodec, { Vehicle: [{ $element: 'Vehicle', value: { Wheels: 2 } }] });
  });
  test.failing('the abstract substitution-group head is refused on decode', () => {
    expect(() => decodeXml(SUBST.GarageElement, '<s:Garage xmlns:s="urn:golden:subst"><s:Vehicle><s:Wheels>2</s:Wheels></s:Vehicle></s:Garage>')).toThrow(DecodeError);
  });

  // anyAttribute namespace="##other" is not enforced in either direction.
  test.failing('an unqualified attribute is not matched by anyAttribute ##other', () => {
    expect(() => decodeXml(ATTRS.ItemElement, '<a:Item xmlns:a="urn:golden:attrs" id="1" createdBy="x" bogus="1"><a:name>n</a:name></a:Item>')).toThrow(DecodeError);
  });

  // An unknown $type on a non-abstract base is written as the base type (the $type is silently dropped).
  test.failing('an unknown $type is an EncodeError', () => {
    encodeRefuses(SC.PriceElement as AnyCodec, { Net: { $type: 'Bogus', $value: '1', currency: 'EUR' }, Code: [{ $value: 'ABC' }] });
  });
});
