import { EnvelopeRuleError, XmlReader, XmlSyntaxError } from '@wsdl2ts/runtime';
import { refuseProcessingInstructions } from '../../packages/runtime/src/envelope-rules';

/** Reads a whole document, returning the processing instructions the reader reported. */
function pis(xml: string): [string, number, number][] {
  const seen: [string, number, number][] = [];
  const r = new XmlReader(xml);
  r.onProcessingInstruction = (target, line, column) => void seen.push([target, line, column]);
  r.readRoot();
  r.skip();
  r.end();
  return seen;
}

describe('XmlReader.onProcessingInstruction', () => {
  test('reports every PI (prolog, content, after the root) with its position, never the XML declaration', () => {
    expect(pis('<?xml version="1.0" encoding="utf-8"?>\n<?a x?><r>\n  <?b?><c><?d  y ?></c></r><?e?>')).toEqual([
      ['a', 2, 1],
      ['b', 3, 3],
      ['d', 3, 11],
      ['e', 3, 28],
    ]);
    expect(pis('<?xml version="1.0"?><r/>')).toEqual([]);
    expect(pis('<?xml-stylesheet href="a"?><r/>')).toEqual([['xml-stylesheet', 1, 1]]);
  });

  test('a misplaced XML declaration stays a syntax error, not a PI', () => {
    expect(() => pis('<r><?xml version="1.0"?></r>')).toThrow(XmlSyntaxError);
  });

  test('refuseProcessingInstructions: SOAP 1.2 always, SOAP 1.1 unless allowed', () => {
    const read = (version: '1.1' | '1.2', allow: boolean) => {
      const r = new XmlReader('<r><a><?pi?></a></r>');
      refuseProcessingInstructions(r, version, allow);
      r.readRoot();
      r.skip();
    };
    expect(() => read('1.2', false)).toThrow(EnvelopeRuleError);
    expect(() => read('1.2', true)).toThrow(/SOAP 1\.2 Part 1 section 5.*line 1, column 7/);
    expect(() => read('1.1', false)).toThrow(/WS-I Basic Profile R1009/);
    expect(() => read('1.1', true)).not.toThrow();
  });
});
