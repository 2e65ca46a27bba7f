/** The pure path helper the pipeline uses (so it runs in a browser) agrees with node:path.posix. */
import * as fc from 'fast-check';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pp from '../../src/util/posix-path';

const segment = fc.constantFrom('', '.', '..', 'a', 'b', 'x.wsdl', 'MS-WMS.txt#', 'c d');
const pathArb = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 6 }), fc.boolean()).map(([abs, segs, trailing]) => (abs ? '/' : '') + segs.join('/') + (trailing ? '/' : ''));

test('resolve, join, normalize, dirname, basename, relative and isAbsolute match node:path.posix', () => {
  fc.assert(
    fc.property(pathArb, pathArb, (a, b) => {
      expect(pp.resolve(a, b)).toBe(posix.resolve(a, b));
      expect(pp.resolve(a)).toBe(posix.resolve(a));
      expect(pp.join(a, b)).toBe(posix.join(a, b));
      expect(pp.normalize(a)).toBe(posix.normalize(a));
      expect(pp.dirname(a)).toBe(posix.dirname(a));
      expect(pp.basename(a)).toBe(posix.basename(a));
      expect(pp.relative(a, b)).toBe(posix.relative(a, b));
      expect(pp.isAbsolute(a)).toBe(posix.isAbsolute(a));
    }),
    { numRuns: 3000 },
  );
  expect(pp.resolve('samples/ms-wms.wsdl')).toBe(`${process.cwd()}/samples/ms-wms.wsdl`);
  expect(pp.basename('/a/b.wsdl', '.wsdl')).toBe('b');
});

test('fileUrlToPath decodes file: URLs and refuses others', () => {
  expect(pp.fileUrlToPath(pathToFileURL('/tmp/a b/c%.xsd').href)).toBe('/tmp/a b/c%.xsd');
  expect(pp.fileUrlToPath('file://localhost/x/y.xsd')).toBe('/x/y.xsd');
  expect(() => pp.fileUrlToPath('file://server/x')).toThrow(/host/);
  expect(() => pp.fileUrlToPath('file:///a%2Fb')).toThrow(/encoded/);
  expect(() => pp.fileUrlToPath('http://x/y')).toThrow(/not a file/);
});
