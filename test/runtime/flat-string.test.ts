import { flat } from '../../packages/runtime/src/flat-string';

describe('flat', () => {
  test('gives back the same text, for any content', () => {
    const parts = ['<ns1:CurrentJobIdClient', ' xmlns:ns1="urn:x"', '>', 'é', '\u{1F600}', '\u0000', '&amp;'];
    let s = '';
    for (let i = 0; i < 200; i++) {
      s += parts[i % parts.length]!;
      expect(flat(s)).toBe(s);
    }
  });

  test('a string with a lone surrogate (which a UTF-8 round trip would replace) is returned as it is', () => {
    const lone = '<a:LongElementName>' + '\uD800' + '</a:LongElementName>';
    expect(flat(lone)).toBe(lone);
    const low = 'x'.repeat(20) + '\uDC00';
    expect(flat(low)).toBe(low);
  });
});
