/**
 * Issue 9, codec points 1-5, on the golden case codec-fidelity (fidelity.xsd): each decodes a minimal message, and
 * the encoder's output is validated against the same schema by xmllint (a missing xmllint fails, naming the package).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeXml, encodeXml, DecodeError, EncodeError, type ElementCodec } from '@wsdl2ts/runtime';
import * as S from '../golden/codec-fidelity/expected/serializers';
import type * as T from '../golden/codec-fidelity/expected/types';

const XSD = path.join(__dirname, '../golden/codec-fidelity/fidelity.xsd');
const TNS = 'urn:fidelity';
const tmp = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-fidelity-'));
let n = 0;

/** xmllint's verdict on a document: '' when valid, its complaint otherwise. */
function xmllint(xml: string): string {
  const file = path.join(tmp, `doc${n++}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { stdio: 'pipe', encoding: 'utf8' });
    return '';
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('xmllint is missing: apt-get install libxml2-utils');
    return err.stderr || 'invalid';
  }
}

function decodeError<V>(codec: ElementCodec<V>, xml: string): DecodeError {
  try {
    decodeXml(codec, xml);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error(`decoded without error: ${xml}`);
}

function encodeError<V>(codec: ElementCodec<V>, value: V): EncodeError {
  try {
    encodeXml(codec, value);
  } catch (e) {
    if (e instanceof EncodeError) return e;
    throw e;
  }
  throw new Error('encoded without error');
}

/** Raw XML as read carries the namespaces in scope where it was found: compared without declarations. */
function withoutDeclarations(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v).replace(/ xmlns(:[\w.-]+)?=\\"[^"\\]*\\"/g, ''));
}

/** Encodes, checks xmllint accepts the result, decodes it back and expects the same value. */
function roundTrip<V>(codec: ElementCodec<V>, value: V): string {
  const xml = encodeXml(codec, value);
  expect(xmllint(xml)).toBe('');
  expect(withoutDeclarations(decodeXml(codec, xml))).toEqual(withoutDeclarations(value));
  return xml;
}

test('xmllint rejects what the schema rejects (the validator itself is working)', () => {
  expect(xmllint(`<Plain xmlns="${TNS}"><Count>x</Count></Plain>`)).not.toBe('');
});

describe('1: the XML namespace uses the predeclared xml prefix', () => {
  test('xml:lang is written as xml:lang, never declared, and read back', () => {
    const xml = roundTrip(S.NoteElement, { $value: 'hello', lang: 'en-GB' });
    expect(xml).toContain(' xml:lang="en-GB"');
    expect(xml).not.toContain('XML/1998/namespace');
  });
  test('the reader accepts xml:lang with and without a (legal) declaration of the xml prefix', () => {
    expect(decodeXml(S.NoteElement, `<Note xmlns="${TNS}" xml:lang="fr">salut</Note>`)).toEqual({ $value: 'salut', lang: 'fr' });
    expect(decodeXml(S.NoteElement, `<Note xmlns="${TNS}" xmlns:xml="http://www.w3.org/XML/1998/namespace" xml:lang="fr">salut</Note>`)).toEqual({ $value: 'salut', lang: 'fr' });
  });
  test('binding the XML namespace to another prefix is refused by the reader', () => {
    expect(() => decodeXml(S.NoteElement, `<Note xmlns="${TNS}" xmlns:x="http://www.w3.org/XML/1998/namespace" x:lang="fr">salut</Note>`)).toThrow(/can only be bound to the prefix 'xml'/);
  });
});

describe('2: xs:all', () => {
  test('members in any order decode', () => {
    expect(decodeXml(S.PersonElement, `<Person xmlns="${TNS}"><Age>3</Age><Email>a@b</Email><Name>Ann</Name></Person>`)).toEqual({ Age: 3, Email: 'a@b', Name: 'Ann' });
    expect(decodeXml(S.PersonElement, `<Person xmlns="${TNS}"><Name>Ann</Name><Age>3</Age></Person>`)).toEqual({ Name: 'Ann', Age: 3 });
  });
  test('the encoder output validates and round-trips', () => {
    roundTrip(S.PersonElement, { Name: 'Ann', Age: 3, Email: 'a@b' });
    roundTrip(S.PersonElement, { Name: 'Bob', Age: 4 });
  });
  test('a member twice, or a required member missing, is refused with the path', () => {
    expect(decodeError(S.PersonElement, `<Person xmlns="${TNS}"><Age>3</Age><Name>A</Name><Age>4</Age></Person>`).message).toMatch(/Age is out of order, repeated/);
    const e = decodeError(S.PersonElement, `<Person xmlns="${TNS}"><Age>3</Age></Person>`);
    expect(e.message).toMatch(/missing required element Name/);
    expect(e.path).toBe('/Person');
    expect(encodeError(S.PersonElement, { Age: 3 } as unknown as T.Person).message).toMatch(/missing required element Name/);
  });
});

describe('3: two wildcards in one content model', () => {
  const a = { xml: '<a:One xmlns:a="urn:a">1</a:One>' };
  const b = { xml: '<b:Two xmlns:b="urn:b">2</b:Two>' };
  test('elements after Middle belong to the second wildcard', () => {
    const v = decodeXml(S.WrapperElement, `<Wrapper xmlns="${TNS}"><a:One xmlns:a="urn:a">1</a:One><Middle>m</Middle><b:Two xmlns:b="urn:b">2</b:Two></Wrapper>`);
    expect(withoutDeclarations(v)).toEqual(withoutDeclarations({ $any: [a], Middle: 'm', $any2: [b] }));
    expect(v.$any![0]!.xml).toBe('<a:One xmlns="urn:fidelity" xmlns:a="urn:a">1</a:One>');
  });
  test('each wildcard is written at its own position, once', () => {
    const xml = roundTrip(S.WrapperElement, { $any: [a], Middle: 'm', $any2: [b] });
    expect(xml.indexOf('One')).toBeLessThan(xml.indexOf('Middle'));
    expect(xml.indexOf('Two')).toBeGreaterThan(xml.indexOf('</ns2:Middle>'));
    expect(xml.match(/One/g)).toHaveLength(2);
    roundTrip(S.WrapperElement, { Middle: 'm', $any2: [b, b] });
  });
  test("the second wildcard's maxOccurs is enforced both ways", () => {
    expect(decodeError(S.WrapperElement, `<Wrapper xmlns="${TNS}"><Middle>m</Middle>${b.xml}${b.xml}${b.xml}</Wrapper>`).message).toMatch(/unexpected element \{urn:b\}Two/);
    expect(encodeError(S.WrapperElement, { Middle: 'm', $any2: [b, b, b] }).message).toMatch(/at most 2/);
  });
});

describe('4: wildcard occurrences', () => {
  const x = { xml: '<x:E xmlns:x="urn:x"/>' };
  test('exactly one element', () => {
    roundTrip(S.ExactlyElement, { $any: [x] });
  });
  test('zero or two are refused on decode and on encode', () => {
    expect(decodeError(S.ExactlyElement, `<Exactly xmlns="${TNS}"/>`).message).toMatch(/at least 1 element\(s\) required by the wildcard/);
    expect(decodeError(S.ExactlyElement, `<Exactly xmlns="${TNS}">${x.xml}${x.xml}</Exactly>`).message).toMatch(/unexpected element \{urn:x\}E/);
    expect(encodeError(S.ExactlyElement, { $any: [] }).message).toMatch(/at least 1/);
    expect(encodeError(S.ExactlyElement, { $any: [x, x] }).message).toMatch(/at most 1/);
    expect(encodeError(S.ExactlyElement, {} as T.Exactly).message).toMatch(/at least 1/);
  });
});

describe('5: processContents="strict" and xsi:nil', () => {
  test('a declared, valid element passes', () => {
    roundTrip(S.StrictElement, { $any: [{ xml: `<p:Plain xmlns:p="${TNS}"><p:Count>2</p:Count></p:Plain>` }] });
  });
  test('an invalid or undeclared element is refused, as xmllint does', () => {
    const invalid = `<Strict xmlns="${TNS}"><Plain><Count>two</Count></Plain></Strict>`;
    expect(xmllint(invalid)).not.toBe('');
    expect(decodeError(S.StrictElement, invalid).message).toMatch(/not valid \(the wildcard is strict\)/);
    const undeclared = `<Strict xmlns="${TNS}"><Unknown/></Strict>`;
    expect(xmllint(undeclared)).not.toBe('');
    expect(decodeError(S.StrictElement, undeclared).message).toMatch(/\{urn:fidelity\}Unknown is not declared/);
    expect(encodeError(S.StrictElement, { $any: [{ xml: `<Unknown xmlns="${TNS}"/>` }] }).message).toMatch(/not declared/);
    expect(encodeError(S.StrictElement, { $any: [{ xml: `<Plain xmlns="${TNS}"><Count>two</Count></Plain>` }] }).message).toMatch(/not valid/);
  });
  test('xsi:nil on a non-nillable element is refused, "false" included', () => {
    for (const nil of ['true', 'false', '0']) {
      const doc = `<Plain xmlns="${TNS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Count xsi:nil="${nil}">1</Count></Plain>`;
      expect(xmllint(doc)).not.toBe('');
      const e = decodeError(S.PlainElement, doc);
      expect(e.message).toMatch(/xsi:nil on an element that is not nillable/);
      expect(e.path).toBe('/Plain/Count');
    }
  });
});

test('a QName enumeration (W2T513, not enforced) decodes and encodes as a QName', () => {
  expect(decodeXml(S.CodeElement, `<Code xmlns="${TNS}" xmlns:t="${TNS}">t:Sender</Code>`)).toEqual({ ns: TNS, local: 'Sender' });
  roundTrip(S.CodeElement, { ns: TNS, local: 'Sender' });
});
