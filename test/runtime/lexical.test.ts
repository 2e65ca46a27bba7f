import fc from 'fast-check';
import { DecodeError, EncodeError } from '../../packages/runtime/src/errors';
import * as L from '../../packages/runtime/src/lexical';
import { BUILTIN_CODECS, type XsdBuiltinName } from '../../packages/runtime/src/lexical';
import { BUILTIN_NAMES } from '../../src/model/builtins';
import type { BuiltinName } from '../../src/model/types';

const P = '/Envelope/Body/op/field';

// The runtime declares its own copy of the built-in names: it must stay equal to the model's.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesInStep: Equal<XsdBuiltinName, BuiltinName> = true;

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

function encodeError(f: () => unknown): EncodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    return e as EncodeError;
  }
  throw new Error('expected an EncodeError');
}

type Codec = {
  parse(t: string, p: string): unknown;
  format(v: never, p: string): string;
};

/** Every `valid` parses to `expected` (if given); every `invalid` throws a DecodeError naming type, value and path. */
function lexicalCases(
  type: string,
  codec: Codec,
  valid: readonly (readonly [string, unknown] | string)[],
  invalid: readonly string[],
): void {
  describe(`xs:${type}`, () => {
    it.each(valid.map((v) => (typeof v === 'string' ? [v, undefined] : v)))('accepts %j', (text, expected) => {
      const value = codec.parse(text, P);
      if (expected !== undefined) expect(value).toEqual(expected);
    });
    it.each(invalid.map((v) => [v]))('rejects %j', (text) => {
      const e = decodeError(() => codec.parse(text, P));
      expect(e.path).toBe(P);
      expect(e.message).toContain(P);
      expect(e.message).toContain(`xs:${type}`);
    });
  });
}

describe('the table', () => {
  it('has a codec for every built-in of the model', () => {
    expect(namesInStep).toBe(true);
    expect(Object.keys(BUILTIN_CODECS).sort()).toEqual([...BUILTIN_NAMES].sort());
  });

  it('round-trips a sample value of every built-in through format/parse', () => {
    const samples: Record<XsdBuiltinName, unknown> = {
      anyType: ' a\tb ',
      anySimpleType: ' x ',
      string: ' a  b\n',
      normalizedString: 'a b ',
      token: 'a b',
      language: 'en-US',
      Name: 'a:b',
      NCName: '_x.y-z',
      ID: 'id1',
      IDREF: 'id1',
      IDREFS: ['a', 'b'],
      ENTITY: 'e',
      ENTITIES: ['e', 'f'],
      NMTOKEN: '1.2',
      NMTOKENS: ['1', '-'],
      boolean: true,
      decimal: '-12.50',
      integer: '123456789012345678901234567890',
      nonPositiveInteger: '-5',
      negativeInteger: '-1',
      long: '-9223372036854775808',
      int: -2147483648,
      short: 32767,
      byte: -128,
      nonNegativeInteger: '0',
      unsignedLong: '18446744073709551615',
      unsignedInt: 4294967295,
      unsignedShort: 65535,
      unsignedByte: 255,
      positiveInteger: '1',
      float: 1.5,
      double: -0,
      duration: 'P1Y2M3DT4H5M6.7S',
      dateTime: '2024-02-29T23:59:59.999+14:00',
      time: '24:00:00',
      date: '2024-01-02Z',
      gYearMonth: '2024-12',
      gYear: '-0044',
      gMonthDay: '--02-29',
      gDay: '---31',
      gMonth: '--12',
      hexBinary: new Uint8Array([0, 255]),
      base64Binary: new Uint8Array([1, 2, 3, 4]),
      anyURI: 'http://example.com/a b',
      QName: { ns: 'urn:x', local: 'y' },
      NOTATION: { ns: 'urn:x', local: 'png' },
    };
    const prefixFor = (ns: string) => (ns === 'urn:x' ? 'x' : 'p');
    const resolve = (prefix: string) => (prefix === 'x' ? 'urn:x' : undefined);
    for (const name of BUILTIN_NAMES) {
      const codec = BUILTIN_CODECS[name];
      const text = codec.format(samples[name], P, prefixFor);
      expect(codec.parse(text, P, resolve)).toEqual(samples[name]);
    }
  });
});

describe('white space', () => {
  it('collapses', () => {
    expect(L.collapseWhitespace('  a \t\n b\r\n ')).toBe('a b');
    expect(L.collapseWhitespace('a b')).toBe('a b');
    expect(L.collapseWhitespace('')).toBe('');
    expect(L.collapseWhitespace(' \n ')).toBe('');
    expect(L.collapseWhitespace('\u00a0x\u00a0')).toBe('\u00a0x\u00a0'); // only XML white space
  });
  it('replaces', () => {
    expect(L.replaceWhitespace('a\tb\r\nc ')).toBe('a b  c ');
  });
  it('collapse is idempotent and leaves no XML white space runs', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '\r', 'é') }), (s) => {
        const c = L.collapseWhitespace(s);
        expect(L.collapseWhitespace(c)).toBe(c);
        expect(c).not.toMatch(/[\t\n\r]|^ | $| {2}/);
        expect(c.replace(/ /g, '')).toBe(s.replace(/[\t\n\r ]/g, ''));
      }),
    );
  });
});

describe('error messages', () => {
  it('name the type, the JSON-quoted value and the path', () => {
    const e = decodeError(() => L.parseInt(' 2147483648 ', P));
    expect(e.message).toContain('xs:int');
    expect(e.message).toContain('"2147483648"');
    expect(e.message).toContain('out of range');
    expect(e.message).toContain(P);
    expect(e.path).toBe(P);
  });
  it('cut long values at 64 characters', () => {
    const long = 'x'.repeat(200);
    const e = decodeError(() => L.parseBoolean(long, P));
    expect(e.message).toContain(JSON.stringify('x'.repeat(64)) + '…');
    expect(e.message).not.toContain('x'.repeat(65));
  });
  it('quote control characters', () => {
    const e = decodeError(() => L.parseDouble('1\u0001', P));
    expect(e.message).toContain('"1\\u0001"');
  });
  it('for encoding name the value, the type and the path', () => {
    const e = encodeError(() => L.formatInt(2147483648, P));
    expect(e.message).toContain('2147483648');
    expect(e.message).toContain('xs:int');
    expect(e.message).toContain(P);
    expect(e.path).toBe(P);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Numbers

lexicalCases(
  'int',
  { parse: L.parseInt, format: L.formatInt },
  [
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    ['+0002147483647', 2147483647],
    ['-0002147483648', -2147483648],
    [' \n 42\t', 42],
    ['0000000000000000000000000000000000000001', 1],
  ],
  ['2147483648', '-2147483649', '', ' ', '1.0', '1e3', '+', '-', '--1', '+-1', '1 2', '0x10', 'Infinity', 'NaN', '１'],
);
lexicalCases(
  'short',
  { parse: L.parseShort, format: L.formatShort },
  [
    ['32767', 32767],
    ['-32768', -32768],
  ],
  ['32768', '-32769'],
);
lexicalCases(
  'byte',
  { parse: L.parseByte, format: L.formatByte },
  [
    ['127', 127],
    ['-128', -128],
    ['+007', 7],
  ],
  ['128', '-129', '1.'],
);
lexicalCases(
  'unsignedInt',
  { parse: L.parseUnsignedInt, format: L.formatUnsignedInt },
  [
    ['4294967295', 4294967295],
    ['-0', 0],
    ['+1', 1],
  ],
  ['4294967296', '-1'],
);
lexicalCases(
  'unsignedShort',
  { parse: L.parseUnsignedShort, format: L.formatUnsignedShort },
  [['65535', 65535]],
  ['65536', '-1'],
);
lexicalCases(
  'unsignedByte',
  { parse: L.parseUnsignedByte, format: L.formatUnsignedByte },
  [['255', 255]],
  ['256', '-1'],
);

describe('number-typed integers: format', () => {
  it('writes canonical forms', () => {
    expect(L.formatInt(-0, P)).toBe('0');
    expect(L.formatInt(-2147483648, P)).toBe('-2147483648');
    expect(L.formatUnsignedByte(255, P)).toBe('255');
  });
  it.each([
    [L.formatInt, 2147483648],
    [L.formatInt, -2147483649],
    [L.formatInt, 1.5],
    [L.formatInt, NaN],
    [L.formatInt, Infinity],
    [L.formatShort, 32768],
    [L.formatByte, -129],
    [L.formatUnsignedInt, -1],
    [L.formatUnsignedShort, 65536],
    [L.formatUnsignedByte, 256],
  ] as const)('%p rejects %p', (format, value) => {
    expect(encodeError(() => format(value, P)).path).toBe(P);
  });
  it('rejects non-numbers', () => {
    encodeError(() => L.formatInt('1' as unknown as number, P));
    encodeError(() => L.formatInt(1n as unknown as number, P));
    encodeError(() => L.formatInt(undefined as unknown as number, P));
  });
  it('round-trips every int', () => {
    fc.assert(fc.property(fc.integer(), (n) => L.parseInt(L.formatInt(n, P), P) === n));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4294967295 }),
        (n) => L.parseUnsignedInt(L.formatUnsignedInt(n, P), P) === n,
      ),
    );
  });
});

lexicalCases(
  'long',
  { parse: L.parseLong, format: L.formatLong },
  [
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['+09223372036854775807', '+09223372036854775807'],
    ['  -0 ', '-0'],
  ],
  ['9223372036854775808', '-9223372036854775809', '99999999999999999999', '1.0', '', '1_000'],
);
lexicalCases(
  'unsignedLong',
  { parse: L.parseUnsignedLong, format: L.formatUnsignedLong },
  [['18446744073709551615', '18446744073709551615'], '-0', '+0', '0018446744073709551615'],
  ['18446744073709551616', '-1', '1e3'],
);
lexicalCases(
  'integer',
  { parse: L.parseInteger, format: L.formatInteger },
  ['123456789012345678901234567890123456789', '-0', '+5'],
  ['1.0', '1.', '', 'one'],
);
lexicalCases(
  'nonPositiveInteger',
  { parse: L.parseNonPositiveInteger, format: L.formatNonPositiveInteger },
  ['0', '+0', '-0', '-99999999999999999999'],
  ['1', '+1'],
);
lexicalCases(
  'negativeInteger',
  { parse: L.parseNegativeInteger, format: L.formatNegativeInteger },
  ['-1', '-00099999999999999999999'],
  ['0', '-0', '+0', '1'],
);
lexicalCases(
  'nonNegativeInteger',
  { parse: L.parseNonNegativeInteger, format: L.formatNonNegativeInteger },
  ['0', '-0', '+1', '99999999999999999999'],
  ['-1'],
);
lexicalCases(
  'positiveInteger',
  { parse: L.parsePositiveInteger, format: L.formatPositiveInteger },
  ['1', '+01', '99999999999999999999'],
  ['0', '-0', '-1'],
);

describe('string/bigint-typed integers', () => {
  it('parse to bigint', () => {
    expect(L.parseLongBig(' -9223372036854775808 ', P)).toBe(-(2n ** 63n));
    expect(L.parseUnsignedLongBig('18446744073709551615', P)).toBe(2n ** 64n - 1n);
    expect(L.parseIntegerBig('+0010', P)).toBe(10n);
    expect(L.parsePositiveIntegerBig('7', P)).toBe(7n);
    expect(L.parseNegativeIntegerBig('-7', P)).toBe(-7n);
    expect(L.parseNonNegativeIntegerBig('0', P)).toBe(0n);
    expect(L.parseNonPositiveIntegerBig('-0', P)).toBe(0n);
    expect(decodeError(() => L.parseLongBig('9223372036854775808', P)).message).toContain('xs:long');
    decodeError(() => L.parseUnsignedLongBig('-1', P));
  });
  it('format bigints with range checks', () => {
    expect(L.formatLongBig(2n ** 63n - 1n, P)).toBe('9223372036854775807');
    expect(L.formatUnsignedLongBig(0n, P)).toBe('0');
    encodeError(() => L.formatLongBig(2n ** 63n, P));
    encodeError(() => L.formatLongBig(-(2n ** 63n) - 1n, P));
    encodeError(() => L.formatUnsignedLongBig(2n ** 64n, P));
    encodeError(() => L.formatPositiveIntegerBig(0n, P));
    encodeError(() => L.formatNegativeIntegerBig(0n, P));
    encodeError(() => L.formatLongBig(1 as unknown as bigint, P));
  });
  it('format strings as given, once validated, and accept bigints and safe integers', () => {
    expect(L.formatLong('+007', P)).toBe('+007');
    expect(L.formatLong(-5n, P)).toBe('-5');
    expect(L.formatInteger(42, P)).toBe('42');
    encodeError(() => L.formatLong(' 1', P));
    encodeError(() => L.formatLong('9223372036854775808', P));
    encodeError(() => L.formatInteger(2 ** 60, P)); // not a safe integer: precision already lost
    encodeError(() => L.formatInteger(1.5, P));
    encodeError(() => L.formatNonNegativeInteger('-1', P));
  });
  it('round-trip every long and unsignedLong', () => {
    const longs = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(fc.property(longs, (n) => L.parseLongBig(L.formatLongBig(n, P), P) === n));
    fc.assert(fc.property(longs, (n) => L.parseLong(L.formatLongBig(n, P), P) === n.toString()));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (n) => L.parseUnsignedLongBig(L.formatUnsignedLongBig(n, P), P) === n,
      ),
    );
    fc.assert(fc.property(fc.bigInt(), (n) => L.parseIntegerBig(L.formatIntegerBig(n, P), P) === n));
  });
  it('agree with BigInt on the range of long', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }), fc.nat(3), (n, zeros) => {
        const text = (n < 0n ? '-' : '') + '0'.repeat(zeros) + (n < 0n ? -n : n).toString();
        const inRange = n >= -(2n ** 63n) && n < 2n ** 63n;
        let ok = true;
        try {
          L.parseLong(text, P);
        } catch {
          ok = false;
        }
        return ok === inRange;
      }),
    );
  });
  it('has a bigint table for the big integer types', () => {
    expect(Object.keys(L.BIGINT_CODECS).sort()).toEqual(
      [
        'integer',
        'long',
        'negativeInteger',
        'nonNegativeInteger',
        'nonPositiveInteger',
        'positiveInteger',
        'unsignedLong',
      ].sort(),
    );
    expect(L.BIGINT_CODECS.long.parse('5', P)).toBe(5n);
  });
});

lexicalCases(
  'decimal',
  { parse: L.parseDecimal, format: L.formatDecimal },
  [
    ['-1.23', '-1.23'],
    '+100000.00',
    '210',
    '.5',
    '5.',
    '-.0',
    ['\n 0.10 ', '0.10'],
    '123456789012345678901234567890.123456789012345678901234567890',
  ],
  ['', '.', '-', '1e3', '1.2.3', 'INF', 'NaN', '1,5', '1 .5', '- 1'],
);

describe('decimal helpers', () => {
  it('format numbers without exponents', () => {
    expect(L.formatDecimal(1e21, P)).toBe('1000000000000000000000');
    expect(L.formatDecimal(1.5e-7, P)).toBe('0.00000015');
    expect(L.formatDecimal(-1.25e-10, P)).toBe('-0.000000000125');
    expect(L.formatDecimal(-0, P)).toBe('0');
    expect(L.formatDecimal(12.5, P)).toBe('12.5');
    expect(L.formatDecimal(123n, P)).toBe('123');
    encodeError(() => L.formatDecimal(NaN, P));
    encodeError(() => L.formatDecimal(Infinity, P));
    encodeError(() => L.formatDecimal('1e3', P));
    encodeError(() => L.formatDecimal(' 1', P));
  });
  it('numberToDecimalString is exact', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = L.numberToDecimalString(x);
        expect(s).toMatch(/^-?[0-9]+(\.[0-9]+)?$/);
        expect(Number(s)).toBe(x === 0 ? 0 : x);
      }),
    );
  });
  it('compareDecimal is exact', () => {
    expect(L.compareDecimal('0.1', '0.10')).toBe(0);
    expect(L.compareDecimal('-0', '+0.000')).toBe(0);
    expect(L.compareDecimal('9007199254740993', '9007199254740992')).toBe(1);
    expect(L.compareDecimal('-2', '-10')).toBe(1);
    expect(L.compareDecimal('0.30000000000000000001', '0.3')).toBe(1);
    expect(L.compareDecimal('-.5', '0')).toBe(-1);
    expect(L.compareDecimal('007.50', '7.5')).toBe(0);
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), fc.nat(5), (a, b, scale) => {
        const dec = (n: bigint) => {
          const s = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
          return (n < 0n ? '-' : '') + (scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s);
        };
        return L.compareDecimal(dec(a), dec(b)) === (a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

lexicalCases(
  'double',
  { parse: L.parseDouble, format: L.formatDouble },
  [
    ['INF', Infinity],
    ['-INF', -Infinity],
    ['NaN', NaN],
    ['-0', -0],
    ['1E4', 1e4],
    ['1e-4', 1e-4],
    ['+1.5E+2', 150],
    ['.5', 0.5],
    ['5.', 5],
    ['12.78e-2', 0.1278],
    [' 1 ', 1],
    ['1e400', Infinity],
  ],
  ['+INF', 'inf', 'Infinity', '-NaN', 'nan', '', '.', 'e5', '1e', '1e+', '0x1', '1f', '1,5', '1 e5', '- 1'],
);

describe('float and double: format', () => {
  it('spells the specials the XSD way', () => {
    expect(L.formatDouble(Infinity, P)).toBe('INF');
    expect(L.formatDouble(-Infinity, P)).toBe('-INF');
    expect(L.formatDouble(NaN, P)).toBe('NaN');
    expect(L.formatDouble(-0, P)).toBe('-0');
    expect(L.formatDouble(0, P)).toBe('0');
    expect(L.formatFloat(-Infinity, P)).toBe('-INF');
  });
  it('round-trips every double, -0 and NaN included', () => {
    fc.assert(fc.property(fc.double(), (x) => Object.is(L.parseDouble(L.formatDouble(x, P), P), x)));
    for (const x of [
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.MAX_VALUE,
      Number.EPSILON,
      2 ** 53 + 2,
      1e21,
      1e-7,
      0.1 + 0.2,
    ]) {
      expect(L.parseDouble(L.formatDouble(x, P), P)).toBe(x);
    }
  });
  it('produces valid XSD lexical forms', () => {
    fc.assert(
      fc.property(fc.double(), (x) => /^(-?[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?|-?INF|NaN)$/.test(L.formatDouble(x, P))),
    );
  });
  it('float keeps the double nearest to the text and maps float32 overflow to infinity', () => {
    expect(L.parseFloat('0.1', P)).toBe(0.1);
    expect(L.formatFloat(L.parseFloat('0.1', P), P)).toBe('0.1');
    expect(L.parseFloat('3.4028234663852886E38', P)).toBe(3.4028234663852886e38);
    expect(L.parseFloat('1e39', P)).toBe(Infinity);
    expect(L.parseFloat('-1e39', P)).toBe(-Infinity);
    expect(encodeError(() => L.formatFloat(1e39, P)).message).toContain('float32');
    fc.assert(fc.property(fc.float(), (x) => Object.is(L.parseFloat(L.formatFloat(x, P), P), x)));
  });
  it('rejects non-numbers', () => {
    encodeError(() => L.formatDouble('1' as unknown as number, P));
    encodeError(() => L.formatFloat(null as unknown as number, P));
  });
});

lexicalCases(
  'boolean',
  { parse: L.parseBoolean, format: L.formatBoolean },
  [
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    [' true\n', true],
  ],
  ['TRUE', 'True', 'yes', '', '01', 't', 'true false'],
);

describe('boolean: format', () => {
  it('writes true/false', () => {
    expect(L.formatBoolean(true, P)).toBe('true');
    expect(L.formatBoolean(false, P)).toBe('false');
    encodeError(() => L.formatBoolean(1 as unknown as boolean, P));
    encodeError(() => L.formatBoolean('true' as unknown as boolean, P));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Dates and times

lexicalCases(
  'dateTime',
  { parse: L.parseDateTime, format: L.formatDateTime },
  [
    ['2024-01-02T03:04:05', '2024-01-02T03:04:05'],
    ['\n 2024-01-02T03:04:05.678Z ', '2024-01-02T03:04:05.678Z'],
    '2024-02-29T00:00:00+14:00',
    '2023-12-31T23:59:59.123456789-14:00',
    '2024-01-01T24:00:00',
    '2024-01-01T24:00:00.000Z',
    '-0001-01-01T00:00:00',
    '12345-06-07T08:09:10Z',
    '0001-01-01T00:00:00+05:30',
    '2000-02-29T12:00:00Z',
  ],
  [
    '2023-02-29T00:00:00',
    '1900-02-29T00:00:00',
    '2024-04-31T00:00:00',
    '2024-13-01T00:00:00',
    '2024-00-01T00:00:00',
    '2024-01-00T00:00:00',
    '0000-01-01T00:00:00',
    '02024-01-01T00:00:00',
    '24-01-01T00:00:00',
    '2024-01-01',
    '2024-01-01T25:00:00',
    '2024-01-01T24:00:01',
    '2024-01-01T24:30:00',
    '2024-01-01T12:60:00',
    '2024-01-01T12:00:60',
    '2024-01-01T12:00:00.',
    '2024-01-01T12:00:00+14:01',
    '2024-01-01T12:00:00+15:00',
    '2024-01-01T12:00:00+0100',
    '2024-01-01T12:00:00z',
    '2024-01-01 12:00:00',
    '2024-01-01T12:00',
    '+2024-01-01T12:00:00',
  ],
);
lexicalCases(
  'date',
  { parse: L.parseDate, format: L.formatDate },
  ['2024-01-02', '2024-01-02Z', '2024-01-02-05:00', '-0044-03-15', '2024-02-29'],
  ['2024-1-02', '2024-01-02T00:00:00', '2023-02-29', '0000-01-01', '2024-01-02+5:00'],
);
lexicalCases(
  'time',
  { parse: L.parseTime, format: L.formatTime },
  ['13:20:00', '13:20:00.5Z', '00:00:00+01:00', '24:00:00'],
  ['13:20', '1:20:00', '24:00:01', '13:20:00 Z', 'T13:20:00'],
);
lexicalCases(
  'gYearMonth',
  { parse: L.parseGYearMonth, format: L.formatGYearMonth },
  ['2024-12', '2024-12Z', '-0001-01+01:00'],
  ['2024-13', '2024', '2024-1', '0000-01'],
);
lexicalCases(
  'gYear',
  { parse: L.parseGYear, format: L.formatGYear },
  ['2024', '-2024', '20245', '2024-05:00', '2024Z'],
  ['24', '0000', '02024', '2024-05'],
);
lexicalCases(
  'gMonthDay',
  { parse: L.parseGMonthDay, format: L.formatGMonthDay },
  ['--02-29', '--12-31Z', '--04-30+01:00'],
  ['--02-30', '--04-31', '02-29', '--2-29'],
);
lexicalCases(
  'gDay',
  { parse: L.parseGDay, format: L.formatGDay },
  ['---01', '---31Z', '---15-12:00'],
  ['---32', '---00', '--01', '---1'],
);
lexicalCases(
  'gMonth',
  { parse: L.parseGMonth, format: L.formatGMonth },
  ['--05', '--12Z', '--05--', '--01-05:00'],
  ['--13', '--00', '-05', '--5'],
);
lexicalCases(
  'duration',
  { parse: L.parseDuration, format: L.formatDuration },
  ['P1Y2M3DT10H30M', '-P120D', 'PT0S', 'P0Y', 'PT1.5S', 'P1Y', 'PT36H', 'P0DT0H0M0.000S', ' P1D '],
  ['P', 'PT', 'P1DT', '-P', 'P-1D', 'P1.5Y', 'PT1.S', 'PT.5S', '1Y', 'P1S', 'PT1D', 'P1M2Y', '+P1D', 'P 1D'],
);

describe('date/time: format and Date helpers', () => {
  it('format strings as given after validation', () => {
    expect(L.formatDateTime('2024-01-02T03:04:05Z', P)).toBe('2024-01-02T03:04:05Z');
    expect(L.formatDate('2024-01-02', P)).toBe('2024-01-02');
    expect(encodeError(() => L.formatDateTime('2024-02-30T00:00:00', P)).message).toContain('day out of range');
    encodeError(() => L.formatDateTime(' 2024-01-02T03:04:05Z', P));
    encodeError(() => L.formatDate('2024-01-02T00:00:00', P));
    encodeError(() => L.formatDuration('P', P));
    encodeError(() => L.formatGYear(2024 as unknown as string, P));
  });
  it('format Dates in UTC', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(L.formatDateTime(d)).toBe('2024-01-02T03:04:05.678Z');
    expect(L.formatDate(d, P)).toBe('2024-01-02');
    const bce = new Date(Date.UTC(2000, 0, 1));
    bce.setUTCFullYear(0); // astronomical year 0 = 1 BCE = XSD -0001
    expect(L.formatDateTime(bce, P)).toBe('-0001-01-01T00:00:00.000Z');
    expect(L.formatDate(bce, P)).toBe('-0001-01-01');
    const far = new Date(Date.UTC(2000, 0, 1));
    far.setUTCFullYear(12345);
    expect(L.formatDateTime(far, P)).toBe('12345-01-01T00:00:00.000Z');
    expect(encodeError(() => L.formatDateTime(new Date(NaN), P)).message).toContain('invalid Date');
  });
  it('convert dateTimes to Dates (no timezone = UTC)', () => {
    expect(L.dateTimeToDate('2024-01-02T03:04:05', P).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(L.dateTimeToDate('2024-01-02T03:04:05.6789+01:30', P).toISOString()).toBe('2024-01-02T01:34:05.678Z');
    expect(L.dateTimeToDate('2024-12-31T24:00:00Z', P).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(L.dateTimeToDate('0001-01-01T00:00:00Z', P).getUTCFullYear()).toBe(1);
    expect(L.dateTimeToDate('-0001-12-31T00:00:00Z', P).getUTCFullYear()).toBe(0);
    expect(L.dateTimeToDate('1969-12-31T23:59:59.5Z', P).getTime()).toBe(-500);
    expect(L.dateToDate('2024-01-02', P).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(L.dateToDate('2024-01-02+05:00', P).toISOString()).toBe('2024-01-01T19:00:00.000Z');
    expect(decodeError(() => L.dateTimeToDate('300000-01-01T00:00:00Z', P)).message).toContain('Date');
    expect(decodeError(() => L.dateTimeToDate('2024-01-02', P)).path).toBe(P);
  });
  it('Date-representation aliases', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    expect(L.formatDateTimeFromDate(d, P)).toBe('2024-01-02T03:04:05.006Z');
    expect(L.formatDateFromDate(d, P)).toBe('2024-01-02');
    expect(L.parseDateTimeAsDate('2024-01-02T03:04:05.006Z', P)).toEqual(d);
    expect(L.parseDateAsDate('2024-01-02', P)).toEqual(new Date(Date.UTC(2024, 0, 2)));
    encodeError(() => L.formatDateTimeFromDate('2024-01-02T03:04:05Z' as unknown as Date, P));
    encodeError(() => L.formatDateFromDate(new Date(NaN), P));
  });
  it('round-trip Dates', () => {
    const dates = fc.date({ noInvalidDate: true });
    fc.assert(fc.property(dates, (d) => L.dateTimeToDate(L.formatDateTime(d, P), P).getTime() === d.getTime()));
    fc.assert(fc.property(dates, (d) => L.parseDateTime(L.formatDateTime(d, P), P) === L.formatDateTime(d, P)));
    fc.assert(
      fc.property(dates, (d) => {
        const day = L.formatDate(d, P);
        return L.formatDate(L.dateToDate(day, P), P) === day;
      }),
    );
  });
  it('agree with Date on calendar validity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const js = new Date(Date.UTC(2000, m - 1, d));
          js.setUTCFullYear(y, m - 1, d);
          const valid = js.getUTCDate() === d;
          let ok = true;
          try {
            L.parseDate(text, P);
          } catch {
            ok = false;
          }
          return ok === valid;
        },
      ),
    );
  });
});

describe('duration order', () => {
  const f = (s: string) => L.durationFields(s)!;
  it('follows XSD 1.0 (partial order)', () => {
    expect(L.compareDuration(f('P1Y'), f('P12M'))).toBe(0);
    expect(L.compareDuration(f('P1D'), f('PT24H'))).toBe(0);
    expect(L.compareDuration(f('P1Y'), f('P365D'))).toBeNaN();
    expect(L.compareDuration(f('P1M'), f('P30D'))).toBeNaN();
    expect(L.compareDuration(f('P1M'), f('P27D'))).toBe(1);
    expect(L.compareDuration(f('P1M'), f('P32D'))).toBe(-1);
    expect(L.compareDuration(f('-P1D'), f('PT0S'))).toBe(-1);
    expect(L.compareDuration(f('PT1.0000000001S'), f('PT1S'))).toBe(1);
    expect(L.compareDuration(f('-PT0.5S'), f('-PT0.25S'))).toBe(-1);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Binary

describe('xs:base64Binary', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it.each([
    ['', bytes()],
    ['AA==', bytes(0)],
    ['AAE=', bytes(0, 1)],
    ['AAEC', bytes(0, 1, 2)],
    ['/+8=', bytes(255, 239)],
    [' AQID\n BA==\r\n', bytes(1, 2, 3, 4)],
    ['A Q I D', bytes(1, 2, 3)],
    ['TWFu\nTWFu\tTWE=', new TextEncoder().encode('ManManMa')],
  ])('accepts %j', (text, expected) => {
    expect(L.parseBase64Binary(text, P)).toEqual(expected);
  });
  it.each([
    'A',
    'AA',
    'AAA',
    'AA=',
    'A===',
    '====',
    'AB==',
    'AAF=',
    'AA==AA==',
    '=AAA',
    'AA-_',
    'AA\u00e9A',
    'A%AA',
    'AAAA=',
  ])('rejects %j', (text) => {
    const e = decodeError(() => L.parseBase64Binary(text, P));
    expect(e.message).toContain('xs:base64Binary');
    expect(e.path).toBe(P);
  });
  it('round-trips and agrees with Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const text = L.formatBase64Binary(b, P);
        expect(text).toBe(Buffer.from(b).toString('base64'));
        expect(L.parseBase64Binary(text, P)).toEqual(b);
      }),
    );
  });
  it('handles large payloads', () => {
    const big = new Uint8Array(1_000_003).map((_, i) => (i * 31) & 255);
    const text = L.formatBase64Binary(big, P);
    expect(text).toBe(Buffer.from(big).toString('base64'));
    expect(L.parseBase64Binary(text, P)).toEqual(big);
  });
  it('format rejects non-bytes', () => {
    encodeError(() => L.formatBase64Binary('AA==' as unknown as Uint8Array, P));
    expect(L.formatBase64Binary(Buffer.from([1]), P)).toBe('AQ==');
  });
  it('base64Length counts octets', () => {
    expect(L.base64Length('')).toBe(0);
    expect(L.base64Length('AA==')).toBe(1);
    expect(L.base64Length('AA E=\n')).toBe(2);
    expect(L.base64Length('AAAA')).toBe(3);
  });
});

describe('xs:hexBinary', () => {
  it('parses both cases, collapses white space', () => {
    expect(L.parseHexBinary(' 0fA9 ', P)).toEqual(new Uint8Array([0x0f, 0xa9]));
    expect(L.parseHexBinary('', P)).toEqual(new Uint8Array(0));
  });
  it.each(['0', 'ABC', 'GG', '0x00', '00 11', '-1'])('rejects %j', (text) => {
    expect(decodeError(() => L.parseHexBinary(text, P)).message).toContain('xs:hexBinary');
  });
  it('formats upper-case and round-trips', () => {
    expect(L.formatHexBinary(new Uint8Array([0, 1, 0xab, 0xff]), P)).toBe('0001ABFF');
    fc.assert(fc.property(fc.uint8Array(), (b) => expect(L.parseHexBinary(L.formatHexBinary(b, P), P)).toEqual(b)));
    encodeError(() => L.formatHexBinary([1, 2] as unknown as Uint8Array, P));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Strings, names, URIs, QNames

describe('string types', () => {
  it('string is kept as is; format rejects what XML cannot carry', () => {
    expect(L.parseString(' a\r\n b ', P)).toBe(' a\r\n b ');
    expect(L.formatString(' a\r\n b 😀', P)).toBe(' a\r\n b 😀');
    expect(encodeError(() => L.formatString('a\u0000b', P)).message).toContain('U+0000');
    encodeError(() => L.formatString('\ud800', P)); // lone surrogate
    encodeError(() => L.formatString('\uffff', P));
    encodeError(() => L.formatString(5 as unknown as string, P));
  });
  it('normalizedString replaces tab/CR/LF', () => {
    expect(L.parseNormalizedString('a\tb\r\nc', P)).toBe('a b  c');
    expect(L.formatNormalizedString(' a  b ', P)).toBe(' a  b ');
    encodeError(() => L.formatNormalizedString('a\nb', P));
  });
  it('token collapses', () => {
    expect(L.parseToken('  a \n b  ', P)).toBe('a b');
    expect(L.formatToken('a b', P)).toBe('a b');
    for (const bad of [' a', 'a ', 'a  b', 'a\tb']) encodeError(() => L.formatToken(bad, P));
  });
});

lexicalCases(
  'language',
  { parse: L.parseLanguage, format: L.formatLanguage },
  ['en', ' en-US ', 'x-klingon', 'i-default', 'zh-Hant-TW', 'abcdefgh-12345678'],
  ['', 'en_US', 'abcdefghi', 'en-', '-en', 'en--US', 'e n'],
);
lexicalCases(
  'Name',
  { parse: L.parseName, format: L.formatName },
  ['a', ':a', 'a:b:c', '_1', 'é', 'a-b.c·', '\u{10000}x'],
  ['', '1a', '-a', '.a', 'a b', 'a\u00d7'],
);
lexicalCases(
  'NCName',
  { parse: L.parseNCName, format: L.formatNCName },
  ['a', '_', 'a-1.b', ' x '],
  ['a:b', ':a', '1', '', 'a b'],
);
lexicalCases('ID', { parse: L.parseID, format: L.formatID }, ['id1'], ['1id', 'a:b']);
lexicalCases('IDREF', { parse: L.parseIDREF, format: L.formatIDREF }, ['id1'], ['1id']);
lexicalCases('ENTITY', { parse: L.parseENTITY, format: L.formatENTITY }, ['ent'], ['e:nt']);
lexicalCases(
  'NMTOKEN',
  { parse: L.parseNMTOKEN, format: L.formatNMTOKEN },
  ['1', '-', 'a:b', '.x'],
  ['', 'a b', 'a,b', 'a×'],
);
lexicalCases(
  'NMTOKENS',
  { parse: L.parseNMTOKENS, format: L.formatNMTOKENS },
  [
    [' a  b\nc ', ['a', 'b', 'c']],
    ['1', ['1']],
  ],
  ['', '   ', 'a ,'],
);
lexicalCases('IDREFS', { parse: L.parseIDREFS, format: L.formatIDREFS }, [['a b', ['a', 'b']]], ['a 1b', '']);
lexicalCases('ENTITIES', { parse: L.parseENTITIES, format: L.formatENTITIES }, [['e f', ['e', 'f']]], ['e:f', '']);

describe('names and lists: format', () => {
  it('validates', () => {
    expect(L.formatNCName('abc', P)).toBe('abc');
    encodeError(() => L.formatNCName('a:b', P));
    encodeError(() => L.formatNCName(' a', P));
    encodeError(() => L.formatLanguage('en_US', P));
    expect(L.formatNMTOKENS(['a', 'b'], P)).toBe('a b');
    encodeError(() => L.formatNMTOKENS([], P));
    encodeError(() => L.formatNMTOKENS(['a b'], P));
    encodeError(() => L.formatIDREFS('a b' as unknown as string[], P));
    expect(encodeError(() => L.formatIDREFS(['ok', '1bad'], P)).message).toContain('"1bad"');
  });
  it('generic lists', () => {
    expect(L.parseList(' 1 2\n3 ', P, L.parseInt)).toEqual([1, 2, 3]);
    expect(L.parseList('  ', P, L.parseInt)).toEqual([]);
    expect(L.formatList([1, 2, 3], P, L.formatInt)).toBe('1 2 3');
    expect(L.formatList([], P, L.formatInt)).toBe('');
    decodeError(() => L.parseList('1 x', P, L.parseInt));
    encodeError(() => L.formatList(['a b'], P, L.formatString));
    encodeError(() => L.formatList([''], P, L.formatString));
  });
});

describe('xs:anyURI', () => {
  it('is lenient', () => {
    expect(L.parseAnyURI(' http://example.com/a b?x=é#f \n', P)).toBe('http://example.com/a b?x=é#f');
    expect(L.parseAnyURI('', P)).toBe('');
    expect(L.parseAnyURI('../relative', P)).toBe('../relative');
    expect(L.parseAnyURI('urn:x:%zz', P)).toBe('urn:x:%zz');
  });
  it('rejects control characters and uncollapsed values', () => {
    decodeError(() => L.parseAnyURI('a\u0001', P));
    encodeError(() => L.formatAnyURI('a\u007f', P));
    encodeError(() => L.formatAnyURI(' a', P));
    expect(L.formatAnyURI('http://x/', P)).toBe('http://x/');
  });
});

describe('xs:QName and xs:NOTATION', () => {
  const scope: Record<string, string> = { tns: 'urn:t', '': 'urn:default' };
  const resolve = (p: string) => scope[p];
  it('resolves prefixes', () => {
    expect(L.parseQName(' tns:Foo ', P, resolve)).toEqual({
      ns: 'urn:t',
      local: 'Foo',
    });
    expect(L.parseQName('Foo', P, resolve)).toEqual({
      ns: 'urn:default',
      local: 'Foo',
    });
    expect(L.parseQName('Foo', P, () => undefined)).toEqual({
      ns: '',
      local: 'Foo',
    });
    expect(L.parseQName('Foo', P)).toEqual({ ns: '', local: 'Foo' });
    expect(L.parseQName('xml:lang', P, () => undefined)).toEqual({
      ns: 'http://www.w3.org/XML/1998/namespace',
      local: 'lang',
    });
    expect(L.parseNOTATION('tns:png', P, resolve)).toEqual({
      ns: 'urn:t',
      local: 'png',
    });
  });
  it('rejects undeclared prefixes and bad names', () => {
    const e = decodeError(() => L.parseQName('x:Foo', P, resolve));
    expect(e.message).toContain("prefix 'x' is not declared");
    expect(e.message).toContain('"x:Foo"');
    expect(e.message).toContain(P);
    decodeError(() => L.parseQName('tns:Foo', P));
    for (const bad of ['', ':Foo', 'tns:', 'a:b:c', '1a', 'tns: Foo']) decodeError(() => L.parseQName(bad, P, resolve));
    expect(decodeError(() => L.parseNOTATION('q:x', P, resolve)).message).toContain('xs:NOTATION');
  });
  it('formats with a prefix provider', () => {
    const prefixFor = (ns: string) => (ns === 'urn:t' ? 'tns' : ns === 'urn:d' ? '' : 'ns1');
    expect(L.formatQName({ ns: 'urn:t', local: 'Foo' }, P, prefixFor)).toBe('tns:Foo');
    expect(L.formatQName({ ns: 'urn:d', local: 'Foo' }, P, prefixFor)).toBe('Foo');
    expect(L.formatQName({ ns: '', local: 'Foo' }, P)).toBe('Foo');
    encodeError(() => L.formatQName({ ns: 'urn:t', local: 'Foo' }, P));
    encodeError(() => L.formatQName({ ns: 'urn:t', local: 'a:b' }, P, prefixFor));
    encodeError(() => L.formatQName({ ns: 'urn:t', local: 'Foo' }, P, () => '1bad'));
    encodeError(() => L.formatQName('tns:Foo' as unknown as L.XsdQName, P, prefixFor));
    expect(L.formatNOTATION({ ns: 'urn:t', local: 'png' }, P, prefixFor)).toBe('tns:png');
  });
});
