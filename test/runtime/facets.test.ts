import fc from 'fast-check';
import { DecodeError, EncodeError } from '../../packages/runtime/src/errors';
import {
  checkFacets,
  codePointLength,
  compileFacets,
  type FacetKind,
  type FacetSpec,
  type FacetValue,
} from '../../packages/runtime/src/facets';
import { formatDateTime } from '../../packages/runtime/src/lexical';
import { compileXsdPattern } from '../../packages/runtime/src/xsd-regex';

const P = '/Body/op/x';

function pattern(p: string): RegExp {
  const r = compileXsdPattern(p);
  if (!r) throw new Error(p);
  return r;
}

function passes(value: FacetValue, facets: FacetSpec, kind: FacetKind): boolean {
  try {
    checkFacets(value, facets, kind, P, 'decode');
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return false;
  }
}

/** Checks in both modes: the right error class, the facet and the path in the message. */
function violates(value: FacetValue, facets: FacetSpec, kind: FacetKind, facet: string): void {
  for (const mode of ['decode', 'encode'] as const) {
    let error: unknown;
    try {
      checkFacets(value, facets, kind, P, mode);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(mode === 'decode' ? DecodeError : EncodeError);
    const e = error as DecodeError | EncodeError;
    expect(e.path).toBe(P);
    expect(e.message).toContain(P);
    expect(e.message).toContain(`${facet} facet`);
  }
}

function ok(value: FacetValue, facets: FacetSpec, kind: FacetKind): void {
  expect(() => checkFacets(value, facets, kind, P, 'decode')).not.toThrow();
  expect(() => checkFacets(value, facets, kind, P, 'encode')).not.toThrow();
}

describe('length facets', () => {
  it('count code points for strings', () => {
    const F = { minLength: 2, maxLength: 3 };
    ok('ab', F, 'string');
    ok('😀😀😀', F, 'string'); // 6 UTF-16 units, 3 characters
    violates('a', F, 'string', 'minLength');
    violates('abcd', F, 'string', 'maxLength');
    violates('😀😀😀😀', F, 'string', 'maxLength');
    ok('éé', { length: 2 }, 'string');
    violates('ééé', { length: 2 }, 'string', 'length');
    const e = (() => {
      try {
        checkFacets('abcd', F, 'string', P, 'encode');
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e?.message).toContain('4 characters, must be at most 3');
    expect(e?.message).toContain('"abcd"');
  });
  it('codePointLength agrees with Array.from', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => codePointLength(s) === Array.from(s).length));
    expect(codePointLength('\ud800')).toBe(1); // a lone surrogate counts once
    expect(codePointLength('\udc00\ud800')).toBe(2);
  });
  it('count octets for binary', () => {
    const F = { length: 2 };
    ok('0A0B', F, 'hexBinary');
    violates('0A', F, 'hexBinary', 'length');
    ok('AAE=', F, 'base64Binary');
    ok(' AA\nE= ', F, 'base64Binary');
    violates('AAEC', F, 'base64Binary', 'length');
    ok(new Uint8Array(2), F, 'binary');
    ok(new Uint8Array(2), F, 'hexBinary');
    violates(new Uint8Array(3), F, 'binary', 'length');
    violates(new Uint8Array(0), { minLength: 1 }, 'base64Binary', 'minLength');
  });
  it('count items for lists', () => {
    const F = { minLength: 1, maxLength: 2 };
    ok('a b', F, 'list');
    ok(['a', 'b'], F, 'list');
    violates('', F, 'list', 'minLength');
    violates([], F, 'list', 'minLength');
    violates('a b c', F, 'list', 'maxLength');
    violates(['a', 'b', 'c'], F, 'list', 'maxLength');
  });
});

describe('patterns', () => {
  it('must all match (each derivation step), any of a step', () => {
    const F: FacetSpec = {
      patterns: [pattern('[a-z]+'), [pattern('a.*'), pattern('.*z')]],
    };
    ok('abc', F, 'string');
    ok('xyz', F, 'string');
    violates('mmm', F, 'string', 'pattern');
    violates('ABC', F, 'string', 'pattern');
  });
  it('match the lexical form of numbers, dates and lists', () => {
    ok('0012', { patterns: [pattern('0+[0-9]+')] }, 'decimal');
    violates('12', { patterns: [pattern('0+[0-9]+')] }, 'decimal', 'pattern');
    ok(12, { patterns: [pattern('[0-9]{2}')] }, 'decimal');
    ok('2024-01-02', { patterns: [pattern('\\d{4}-.*')] }, 'date');
    ok(['a', 'b'], { patterns: [pattern('a b')] }, 'list');
    ok('00FF', { patterns: [pattern('[0-9A-F]*')] }, 'hexBinary');
  });
  it('name the pattern', () => {
    try {
      checkFacets('x', { patterns: [pattern('[0-9]+')] }, 'string', P, 'decode');
      throw new Error('no error');
    } catch (e) {
      expect((e as Error).message).toContain('does not match ^(?:[0-9]+)$');
      expect((e as Error).message).toContain('"x"');
    }
  });
  it('work with the Microsoft guid pattern', () => {
    const F = {
      patterns: [pattern('[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}')],
    };
    ok('3f2504e0-4f89-11d3-9a0c-0305e82c3301', F, 'string');
    violates('3f2504e0-4f89-11d3-9a0c-0305e82c330', F, 'string', 'pattern');
  });
});

describe('bounds on decimals: exact', () => {
  it('inclusive and exclusive', () => {
    const F = { minInclusive: '-10', maxExclusive: '100.5' };
    ok('-10', F, 'decimal');
    ok('-10.000', F, 'decimal');
    ok('100.4999999999999999999999', F, 'decimal');
    violates('100.5', F, 'decimal', 'maxExclusive');
    violates('100.50', F, 'decimal', 'maxExclusive');
    violates('-10.0000000000000000000001', F, 'decimal', 'minInclusive');
    ok(50, F, 'decimal');
    ok(-10n, F, 'decimal');
    violates(101, F, 'decimal', 'maxExclusive');
    const G = { minExclusive: '0', maxInclusive: '18446744073709551615' };
    ok('18446744073709551615', G, 'decimal');
    violates('18446744073709551616', G, 'decimal', 'maxInclusive'); // floats would say equal
    violates('0', G, 'decimal', 'minExclusive');
    violates('-0.0', G, 'decimal', 'minExclusive');
    ok('0.000000000000000000001', G, 'decimal');
  });
  it('agree with bigint comparisons', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        (v, max) => {
          const scaled = (n: bigint) => {
            const s = (n < 0n ? -n : n).toString().padStart(4, '0');
            return `${n < 0n ? '-' : ''}${s.slice(0, -3)}.${s.slice(-3)}`;
          };
          return passes(scaled(v), { maxInclusive: scaled(max) }, 'decimal') === v <= max;
        },
      ),
    );
  });
  it('rejects a value that is not a decimal', () => {
    violates('abc', { maxInclusive: '1' }, 'decimal', 'maxInclusive');
  });
});

describe('digits', () => {
  it('totalDigits and fractionDigits count significant digits', () => {
    const F = { totalDigits: 5, fractionDigits: 2 };
    ok('123.45', F, 'decimal');
    ok('00123.4500', F, 'decimal');
    ok('-0.01', F, 'decimal');
    ok('99999', F, 'decimal');
    ok('0', F, 'decimal');
    violates('1234.56', F, 'decimal', 'totalDigits');
    violates('100000', F, 'decimal', 'totalDigits');
    violates('1.234', F, 'decimal', 'fractionDigits');
    ok(12.5, F, 'decimal');
    violates(0.125, F, 'decimal', 'fractionDigits');
    violates('x', F, 'decimal', 'totalDigits');
  });
});

describe('bounds on floats', () => {
  it('compare numbers, NaN satisfies no bound', () => {
    const F = { minInclusive: '-INF', maxExclusive: '1E3' };
    ok('-INF', F, 'float');
    ok('999.99', F, 'float');
    ok(-1e308, F, 'float');
    violates('1000', F, 'float', 'maxExclusive');
    violates('INF', F, 'float', 'maxExclusive');
    violates('NaN', F, 'float', 'minInclusive');
    violates(NaN, F, 'float', 'minInclusive');
    violates('abc', F, 'float', 'minInclusive');
    ok('-0', { minInclusive: '0' }, 'float');
  });
});

describe('bounds on dates', () => {
  it('compare instants (no timezone = UTC)', () => {
    const F = {
      minInclusive: '2024-01-01T00:00:00Z',
      maxExclusive: '2025-01-01T00:00:00Z',
    };
    ok('2024-06-01T12:00:00', F, 'date');
    ok('2024-01-01T01:00:00+01:00', F, 'date');
    violates('2024-01-01T00:59:59+01:00', F, 'date', 'minInclusive');
    violates('2024-12-31T24:00:00Z', F, 'date', 'maxExclusive');
    ok('2024-12-31T23:59:59.999999999Z', F, 'date');
    violates('2023-12-31T23:59:59.9999999999Z', F, 'date', 'minInclusive');
    violates('2024-13-01T00:00:00Z', F, 'date', 'minInclusive');
  });
  it('work for every date/time type', () => {
    ok('2024-01-02', { minInclusive: '2024-01-02', maxInclusive: '2024-01-02' }, 'date');
    violates('2024-01-01', { minExclusive: '2024-01-01' }, 'date', 'minExclusive');
    ok('12:00:00', { maxInclusive: '12:00:00Z' }, 'date');
    violates('12:00:01', { maxInclusive: '12:00:00' }, 'date', 'maxInclusive');
    ok('2024-05', { minInclusive: '2024-05', maxExclusive: '2024-06' }, 'date');
    ok('-0044', { maxInclusive: '0001' }, 'date');
    violates('2024', { maxInclusive: '2023' }, 'date', 'maxInclusive');
    ok('--02-29', { maxInclusive: '--02-29' }, 'date');
    violates('--03-01', { maxInclusive: '--02-29' }, 'date', 'maxInclusive');
    ok('---15', { minInclusive: '---01', maxInclusive: '---31' }, 'date');
    violates('--12', { maxInclusive: '--11' }, 'date', 'maxInclusive');
  });
  it('agree with Date on instants', () => {
    fc.assert(
      fc.property(
        fc.date({ noInvalidDate: true }),
        fc.date({ noInvalidDate: true }),
        (a, b) => passes(formatDateTime(a), { maxInclusive: formatDateTime(b) }, 'date') === a.getTime() <= b.getTime(),
      ),
    );
  });
});

describe('bounds on durations', () => {
  it('use the XSD partial order', () => {
    const F = { minInclusive: 'PT1H', maxInclusive: 'P1M' };
    ok('PT60M', F, 'duration');
    ok('P27D', F, 'duration');
    ok('P1M', F, 'duration');
    violates('P30D', F, 'duration', 'maxInclusive'); // incomparable with P1M
    violates('P32D', F, 'duration', 'maxInclusive');
    violates('PT59M59.9S', F, 'duration', 'minInclusive');
    violates('-P1D', F, 'duration', 'minInclusive');
    violates('1D', F, 'duration', 'minInclusive');
    try {
      checkFacets('P30D', F, 'duration', P, 'decode');
    } catch (e) {
      expect((e as Error).message).toContain('not comparable with P1M');
    }
  });
});

describe('parsed values', () => {
  it('booleans and numbers are checked in canonical lexical form', () => {
    ok(true, { patterns: [pattern('true|false')] }, 'string');
    violates(true, { patterns: [pattern('0|1')] }, 'string', 'pattern');
    ok(12, { maxLength: 2 }, 'string');
    ok(1e21, { patterns: [pattern('[0-9]+')] }, 'decimal');
  });
  it('Dates compare as instants', () => {
    const F = { minInclusive: '2024-01-01T00:00:00Z', maxExclusive: '2024-01-01T00:00:01Z' };
    ok(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 999)), F, 'date');
    violates(new Date(Date.UTC(2024, 0, 1, 0, 0, 1)), F, 'date', 'maxExclusive');
    violates(new Date(Date.UTC(2023, 11, 31, 23, 59, 59, 999)), F, 'date', 'minInclusive');
    violates(new Date(NaN), F, 'date', 'minInclusive');
    ok(new Date(Date.UTC(2024, 0, 1)), { patterns: [pattern('2024-.*')] }, 'date');
  });
  it('binary values without the encoding: a pattern may match the hex or the base64 form', () => {
    ok(new Uint8Array([0xab]), { patterns: [pattern('[0-9A-F]{2}')] }, 'binary');
    ok(new Uint8Array([0xab]), { patterns: [pattern('.*==')] }, 'binary');
    violates(new Uint8Array([0xab]), { patterns: [pattern('[0-9]{2}')] }, 'binary', 'pattern');
    violates('AB', { length: 1 }, 'binary', 'length');
  });
  it('lists of parsed items', () => {
    ok([1, 2, 3], { maxLength: 3, patterns: [pattern('[0-9 ]+')] }, 'list');
    violates([1, 2, 3, 4], { maxLength: 3 }, 'list', 'maxLength');
  });
  it('QName values are not length- or pattern-checked', () => {
    ok({ ns: 'urn:x', local: 'a' }, { maxLength: 0, patterns: [pattern('b')] }, 'string');
  });
  it('values of the wrong type violate', () => {
    violates(5, { maxLength: 3 }, 'list', 'length');
    violates({ ns: 'urn:x', local: 'a' } as unknown as string, { maxInclusive: '1' }, 'decimal', 'maxInclusive');
  });
});

describe('compiling', () => {
  it('reports facets that do not apply to the kind and leaves them out (never throws)', () => {
    const problems: string[] = [];
    const report = (m: string) => problems.push(m);
    compileFacets({ maxLength: 1 }, 'decimal', report)('12345', P, 'decode');
    compileFacets({ maxInclusive: '1' }, 'string', report)('9', P, 'decode');
    compileFacets({ totalDigits: 1 }, 'float', report)('1.5', P, 'decode');
    compileFacets({ maxInclusive: 'abc', minInclusive: '0' }, 'decimal', report)('5', P, 'decode');
    compileFacets({ minInclusive: 'P1' }, 'duration', report)('P5D', P, 'decode');
    expect(() => compileFacets({ minInclusive: '0' }, 'decimal', report)('-1', P, 'decode')).toThrow(DecodeError);
    expect(problems).toEqual([
      'length facets do not apply to decimal values: not enforced',
      'maxInclusive does not apply to string values: not enforced',
      'totalDigits/fractionDigits do not apply to float values: not enforced',
      'maxInclusive "abc" is not a decimal: not enforced',
      'minInclusive "P1" is not a duration: not enforced',
    ]);
    expect(() => compileFacets({ maxLength: 1 }, 'decimal')).not.toThrow();
  });
  it('drops g/y flags (they would make RegExp.test stateful)', () => {
    const problems: string[] = [];
    const check = compileFacets({ patterns: [/^a$/g] }, 'string', (m) => problems.push(m));
    for (let i = 0; i < 3; i++) check('a', P, 'decode');
    expect(problems).toHaveLength(1);
  });
  it('an empty facet set accepts anything', () => {
    ok('anything', {}, 'string');
    ok('x', {}, 'decimal');
  });
  it('compileFacets gives a reusable checker; checkFacets caches per facets object', () => {
    const check = compileFacets({ maxLength: 3 }, 'string');
    expect(() => check('abc', P, 'decode')).not.toThrow();
    expect(() => check('abcd', P, 'encode')).toThrow(EncodeError);
    const F = { maxInclusive: '5' };
    for (let i = 0; i < 3; i++) ok(String(i), F, 'decimal');
    violates('6', F, 'decimal', 'maxInclusive');
    // the same object used with another kind compiles separately
    ok('5', F, 'float');
  });
});
