/**
 * The integer types' parsers take a fast path for plain digit strings (lexical.ts, integerProblem). Whatever the form,
 * they must accept exactly what the XSD rules accept, checked here against an independent BigInt oracle over generated
 * lexical forms near every boundary.
 */
import fc from 'fast-check';
import { DecodeError } from '../../packages/runtime/src/errors';
import * as L from '../../packages/runtime/src/lexical';

const P = '/p';
type Range = [bigint | undefined, bigint | undefined];
const TYPES: [string, (text: string, path: string) => string, Range][] = [
  ['integer', L.parseInteger, [undefined, undefined]],
  ['nonPositiveInteger', L.parseNonPositiveInteger, [undefined, 0n]],
  ['negativeInteger', L.parseNegativeInteger, [undefined, -1n]],
  ['nonNegativeInteger', L.parseNonNegativeInteger, [0n, undefined]],
  ['positiveInteger', L.parsePositiveInteger, [1n, undefined]],
  ['long', L.parseLong, [-(2n ** 63n), 2n ** 63n - 1n]],
  ['unsignedLong', L.parseUnsignedLong, [0n, 2n ** 64n - 1n]],
];

/** The oracle: the collapsed text if it is an integer within the range, else undefined. */
function expected(text: string, [min, max]: Range): string | undefined {
  const s = text.replace(/[\t\n\r ]+/g, ' ').trim();
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) return undefined;
  return s;
}

function actual(parse: (text: string, path: string) => string, text: string): string | undefined {
  try {
    return parse(text, P);
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: min, maxLength: max });
const lexical = fc.oneof(
  digits(1, 25),
  fc.tuple(fc.constantFrom('', '+', '-', ' ', '0', '00', '-0', '+0', ' -'), digits(0, 22), fc.constantFrom('', ' ', '\n', 'x', '.0', '-', 'e1')).map(([a, b, c]) => a + b + c),
  fc.constantFrom('9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '999999999999999999', '1000000000000000000', '0', '1', '-1', ''),
  fc.string({ maxLength: 6 }),
);

describe('integer fast path agrees with the XSD rules', () => {
  test.each(TYPES)('xs:%s', (_name, parse, range) => {
    fc.assert(
      fc.property(lexical, (text) => {
        expect(actual(parse, text)).toBe(expected(text, range));
      }),
      { numRuns: 3000, seed: 10 },
    );
  });

  test('all 1- to 18-digit forms the fast path takes, one per length and first digit', () => {
    for (let n = 1; n <= 18; n++) {
      for (const first of '0123456789') {
        const text = first + '7'.repeat(n - 1);
        for (const [, parse, range] of TYPES) expect(actual(parse, text)).toBe(expected(text, range));
      }
    }
  });
});

describe('xs:double fast path and white-space collapsing agree with the XSD rules', () => {
  /** The oracle: XSD 1.0 double lexical space after collapsing, read by Number (INF/-INF/NaN spelled so). */
  function expectedDouble(text: string): number | undefined {
    const s = text.replace(/[\t\n\r ]+/g, ' ').trim();
    if (s === 'INF') return Infinity;
    if (s === '-INF') return -Infinity;
    if (s === 'NaN') return NaN;
    if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return undefined;
    return Number(s);
  }
  const numberish = fc.oneof(
    fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', 'E', ' ', '\t', 'I', 'N', 'F', 'a'), maxLength: 12 }),
    fc.double().map(String),
    fc.constantFrom('.', '-', '-.', '.5', '5.', '-.5', '-5.', '1.2.3', '--1', '-0', '0.0', 'INF', '-INF', '+INF', 'NaN', ' 12 ', '1e5', ''),
  );

  test('parseDouble', () => {
    fc.assert(
      fc.property(numberish, (text) => {
        let got: number | undefined;
        try {
          got = L.parseDouble(text, P);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
          got = undefined;
        }
        expect(got).toBe(expectedDouble(text));
      }),
      { numRuns: 5000, seed: 10 },
    );
  });

  test('collapseWhitespace', () => {
    const spaced = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', '\u0001', 'é'), maxLength: 10 });
    fc.assert(
      fc.property(spaced, (text) => {
        expect(L.collapseWhitespace(text)).toBe(text.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, ''));
      }),
      { numRuns: 3000, seed: 10 },
    );
  });
});
