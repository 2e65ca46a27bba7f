/**
 * XSD 1.0 regular expressions (XML Schema Part 2, appendix F) → JavaScript RegExp source.
 *
 * The result is anchored (`^(?:…)$`, XSD patterns always match the whole value) and meant for the `u` flag.
 * Differences handled here:
 * - `^` and `$` are ordinary characters in XSD (one that starts or ends a branch, i.e. was evidently meant as an
 *   anchor, makes the pattern `{ error }` rather than enforced with a meaning its author did not intend); `.` is `[^\n\r]`; there are no backreferences, lazy quantifiers,
 *   lookarounds or `(?…)` groups; `{` and `}` must be escaped unless they form a quantifier.
 * - `\d` is `\p{Nd}`, `\w` is "anything but punctuation, separators and others" (`[^\p{P}\p{Z}\p{C}]`), `\s` is
 *   only the four XML white-space characters, `\i`/`\c` are the XML name (start) characters (the XML 1.0 fifth
 *   edition ranges, which every current processor uses), `\p{IsBlock}` names a Unicode block of the XSD 1.0 list.
 * - Character class subtraction `[A-[B]]` becomes `(?:(?!B)A)`; classes mixing complemented escapes (`[a\S]`)
 *   become alternations/lookaheads, because JS classes cannot nest without the `v` flag.
 * Unicode categories are matched with the engine's (newer) Unicode tables; that is the only known difference.
 *
 * Anything that is not a valid XSD 1.0 regular expression, or that this translator does not know (an unknown
 * block name), yields `{ error }`: the generator then reports the pattern as degraded and does not enforce it.
 *
 * Used by the generator at build time; it is also small enough to ship with the runtime.
 */

import { NCNAME_CHAR_CLASS, NCNAME_START_CLASS } from './lexical';

export type XsdPatternTranslation = { readonly source: string; readonly flags: string } | { readonly error: string };

/** Translates one XSD `pattern` facet value (already XML-unescaped) into an anchored JS RegExp source + flags. */
export function translateXsdPattern(pattern: string): XsdPatternTranslation {
  try {
    const p = new Parser(pattern);
    const body = p.regExp();
    if (p.pos < p.cps.length) p.fail(p.peek() === 0x29 ? "unbalanced ')'" : `unexpected '${p.peekChar()}'`);
    const source = `^(?:${body})$`;
    // Belt and braces: whatever we emit must compile.
    new RegExp(source, 'u');
    return { source, flags: 'u' };
  } catch (e) {
    if (e instanceof PatternError) return { error: e.message };
    return { error: `cannot translate: ${(e as Error).message}` };
  }
}

/** Convenience: the compiled RegExp, or undefined when the pattern cannot be translated. */
export function compileXsdPattern(pattern: string): RegExp | undefined {
  const t = translateXsdPattern(pattern);
  return 'error' in t ? undefined : new RegExp(t.source, t.flags);
}

class PatternError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Character sets

/**
 * A set of code points as JS class material: `pos` bodies are included, each `neg` body contributes its
 * complement. Every body is text that can sit inside `[...]` (ranges, `\p{..}`, `\P{..}`, escaped characters).
 */
interface CharSet {
  readonly pos: string;
  readonly neg: readonly string[];
}

const XML_NAME_START = ':' + NCNAME_START_CLASS;
const XML_NAME_CHAR = ':' + NCNAME_CHAR_CLASS;
const XSD_SPACE = ' \\t\\n\\r';
const NOT_WORD = '\\p{P}\\p{Z}\\p{C}';

const MULTI_CHAR_ESCAPES: Readonly<Record<string, CharSet>> = {
  s: { pos: XSD_SPACE, neg: [] },
  S: { pos: '', neg: [XSD_SPACE] },
  i: { pos: XML_NAME_START, neg: [] },
  I: { pos: '', neg: [XML_NAME_START] },
  c: { pos: XML_NAME_CHAR, neg: [] },
  C: { pos: '', neg: [XML_NAME_CHAR] },
  d: { pos: '\\p{Nd}', neg: [] },
  D: { pos: '\\P{Nd}', neg: [] },
  w: { pos: '', neg: [NOT_WORD] },
  W: { pos: NOT_WORD, neg: [] },
};

/** `\n \r \t \\ \| \. \? \* \+ \( \) \{ \} \- \[ \] \^` */
const SINGLE_CHAR_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  '\\': 0x5c,
  '|': 0x7c,
  '.': 0x2e,
  '?': 0x3f,
  '*': 0x2a,
  '+': 0x2b,
  '(': 0x28,
  ')': 0x29,
  '{': 0x7b,
  '}': 0x7d,
  '-': 0x2d,
  '[': 0x5b,
  ']': 0x5d,
  '^': 0x5e,
};

/** XSD 1.0 general categories (F.1.1), plus Cs which every engine knows. */
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Co Cn Cs'.split(' '),
);

/** The block names of XSD 1.0 (F.1.1, from Unicode 3.1) with their ranges. */
const BLOCKS: Readonly<Record<string, readonly (readonly [number, number])[]>> = (() => {
  const table: Record<string, [number, number][]> = {};
  const spec =
    'BasicLatin 0 7F|Latin-1Supplement 80 FF|LatinExtended-A 100 17F|LatinExtended-B 180 24F|IPAExtensions 250 2AF|' +
    'SpacingModifierLetters 2B0 2FF|CombiningDiacriticalMarks 300 36F|Greek 370 3FF|Cyrillic 400 4FF|' +
    'Armenian 530 58F|Hebrew 590 5FF|Arabic 600 6FF|Syriac 700 74F|Thaana 780 7BF|Devanagari 900 97F|' +
    'Bengali 980 9FF|Gurmukhi A00 A7F|Gujarati A80 AFF|Oriya B00 B7F|Tamil B80 BFF|Telugu C00 C7F|' +
    'Kannada C80 CFF|Malayalam D00 D7F|Sinhala D80 DFF|Thai E00 E7F|Lao E80 EFF|Tibetan F00 FFF|' +
    'Myanmar 1000 109F|Georgian 10A0 10FF|HangulJamo 1100 11FF|Ethiopic 1200 137F|Cherokee 13A0 13FF|' +
    'UnifiedCanadianAboriginalSyllabics 1400 167F|Ogham 1680 169F|Runic 16A0 16FF|Khmer 1780 17FF|' +
    'Mongolian 1800 18AF|LatinExtendedAdditional 1E00 1EFF|GreekExtended 1F00 1FFF|GeneralPunctuation 2000 206F|' +
    'SuperscriptsandSubscripts 2070 209F|CurrencySymbols 20A0 20CF|CombiningMarksforSymbols 20D0 20FF|' +
    'LetterlikeSymbols 2100 214F|NumberForms 2150 218F|Arrows 2190 21FF|MathematicalOperators 2200 22FF|' +
    'MiscellaneousTechnical 2300 23FF|ControlPictures 2400 243F|OpticalCharacterRecognition 2440 245F|' +
    'EnclosedAlphanumerics 2460 24FF|BoxDrawing 2500 257F|BlockElements 2580 259F|GeometricShapes 25A0 25FF|' +
    'MiscellaneousSymbols 2600 26FF|Dingbats 2700 27BF|BraillePatterns 2800 28FF|CJKRadicalsSupplement 2E80 2EFF|' +
    'KangxiRadicals 2F00 2FDF|IdeographicDescriptionCharacters 2FF0 2FFF|CJKSymbolsandPunctuation 3000 303F|' +
    'Hiragana 3040 309F|Katakana 30A0 30FF|Bopomofo 3100 312F|HangulCompatibilityJamo 3130 318F|Kanbun 3190 319F|' +
    'BopomofoExtended 31A0 31BF|EnclosedCJKLettersandMonths 3200 32FF|CJKCompatibility 3300 33FF|' +
    'CJKUnifiedIdeographsExtensionA 3400 4DB5|CJKUnifiedIdeographs 4E00 9FFF|YiSyllables A000 A48F|' +
    'YiRadicals A490 A4CF|HangulSyllables AC00 D7A3|HighSurrogates D800 DB7F|HighPrivateUseSurrogates DB80 DBFF|' +
    'LowSurrogates DC00 DFFF|PrivateUse E000 F8FF|CJKCompatibilityIdeographs F900 FAFF|' +
    'AlphabeticPresentationForms FB00 FB4F|ArabicPresentationForms-A FB50 FDFF|CombiningHalfMarks FE20 FE2F|' +
    'CJKCompatibilityForms FE30 FE4F|SmallFormVariants FE50 FE6F|ArabicPresentationForms-B FE70 FEFE|' +
    'Specials FEFF FEFF|HalfwidthandFullwidthForms FF00 FFEF|Specials FFF0 FFFD|OldItalic 10300 1032F|' +
    'Gothic 10330 1034F|Deseret 10400 1044F|ByzantineMusicalSymbols 1D000 1D0FF|MusicalSymbols 1D100 1D1FF|' +
    'MathematicalAlphanumericSymbols 1D400 1D7FF|CJKUnifiedIdeographsExtensionB 20000 2A6D6|' +
    'CJKCompatibilityIdeographsSupplement 2F800 2FA1F|Tags E0000 E007F|PrivateUse F0000 FFFFD|PrivateUse 100000 10FFFD';
  for (const entry of spec.split('|')) {
    const [name, lo, hi] = entry.split(' ') as [string, string, string];
    (table[name] ??= []).push([Number.parseInt(lo, 16), Number.parseInt(hi, 16)]);
  }
  return table;
})();

function hexCp(cp: number): string {
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

/** A code point as it may appear inside a JS `[...]` class (u flag). */
function classChar(cp: number): string {
  if (cp === 0x5c || cp === 0x5d || cp === 0x5b || cp === 0x5e || cp === 0x2d) return '\\' + String.fromCharCode(cp);
  return plainChar(cp);
}

/** A code point as a JS pattern atom outside classes (u flag). */
function atomChar(cp: number): string {
  // SyntaxCharacter and '/': the identity escapes allowed with the u flag.
  if ('^$\\.*+?()[]{}|/'.includes(String.fromCodePoint(cp))) return '\\' + String.fromCharCode(cp);
  return plainChar(cp);
}

function plainChar(cp: number): string {
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp === 0x09) return '\\t';
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) {
    return hexCp(cp);
  }
  return String.fromCodePoint(cp);
}

/** A JS fragment matching exactly one code point of the set. */
function emitSet(set: CharSet): string {
  if (set.neg.length === 0) return set.pos === '' ? '[]' : `[${set.pos}]`;
  if (set.pos === '' && set.neg.length === 1) return `[^${set.neg[0]}]`;
  const alts = set.neg.map((n) => `[^${n}]`);
  if (set.pos !== '') alts.unshift(`[${set.pos}]`);
  return `(?:${alts.join('|')})`;
}

/** A JS fragment matching exactly one code point NOT in the set. */
function emitComplement(set: CharSet): string {
  if (set.neg.length === 0) return set.pos === '' ? '[^]' : `[^${set.pos}]`;
  // ¬(P ∪ ¬N1 ∪ … ∪ ¬Nk) = ¬P ∩ N1 ∩ … ∩ Nk
  const ahead = set.pos === '' ? '' : `(?![${set.pos}])`;
  const lookaheads = set.neg.slice(0, -1).map((n) => `(?=[${n}])`);
  return `(?:${ahead}${lookaheads.join('')}[${set.neg[set.neg.length - 1]}])`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser (recursive descent over code points, emitting JS as it goes)

class Parser {
  readonly cps: number[];
  pos = 0;
  private depth = 0;

  constructor(readonly pattern: string) {
    this.cps = Array.from(pattern, (c) => c.codePointAt(0)!);
  }

  fail(message: string): never {
    throw new PatternError(`${message} at offset ${this.pos}`);
  }

  peek(offset = 0): number | undefined {
    return this.cps[this.pos + offset];
  }

  peekChar(): string {
    const c = this.peek();
    return c === undefined ? 'end of pattern' : String.fromCodePoint(c);
  }

  /** regExp ::= branch ( '|' branch )* */
  regExp(): string {
    const branches = [this.branch()];
    while (this.peek() === 0x7c) {
      this.pos++;
      branches.push(this.branch());
    }
    return branches.join('|');
  }

  /** branch ::= piece* */
  private branch(): string {
    let out = '';
    if (this.peek() === 0x5e) this.ambiguousAnchor("'^'");
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c || c === 0x29) return out;
      if (c === 0x24) {
        const next = this.peek(1);
        if (next === undefined || next === 0x7c || next === 0x29) this.ambiguousAnchor("'$'");
      }
      out += this.piece();
    }
  }

  /**
   * `^`/`$` are literal characters in XSD, but one that starts or ends a branch was almost certainly written as an
   * anchor by someone used to other regex dialects (`^(i:0#\.w\|)?…`): enforcing the literal meaning would reject
   * the very values the author meant to accept, so such patterns are reported instead of enforced.
   */
  private ambiguousAnchor(what: string): never {
    return this.fail(
      `${what} is a literal character in XSD patterns but is placed like an anchor (ambiguous, not enforced)`,
    );
  }

  /** piece ::= atom quantifier? */
  private piece(): string {
    const atom = this.atom();
    const q = this.quantifier();
    return q === '' ? atom : atom + q;
  }

  private quantifier(): string {
    const c = this.peek();
    if (c === 0x3f || c === 0x2a || c === 0x2b) {
      this.pos++;
      return String.fromCharCode(c);
    }
    if (c !== 0x7b) return '';
    this.pos++;
    const min = this.number();
    if (min === undefined) this.fail("quantifier '{' needs a number ('{' must be escaped as '\\{' otherwise)");
    let max: number | undefined = min;
    let open = false;
    if (this.peek() === 0x2c) {
      this.pos++;
      max = this.number();
      if (max === undefined) open = true;
    }
    if (this.peek() !== 0x7d) this.fail("quantifier not closed by '}'");
    this.pos++;
    if (max !== undefined && max < min) this.fail(`quantifier {${min},${max}} has max < min`);
    return open ? `{${min},}` : max === min ? `{${min}}` : `{${min},${max}}`;
  }

  private number(): number | undefined {
    const start = this.pos;
    while (this.peek() !== undefined && this.peek()! >= 0x30 && this.peek()! <= 0x39) this.pos++;
    if (this.pos === start) return undefined;
    const n = Number(String.fromCodePoint(...this.cps.slice(start, this.pos)));
    if (!Number.isSafeInteger(n) || n > 1e9) this.fail('quantifier too large');
    return n;
  }

  /** atom ::= Char | charClass | '(' regExp ')' */
  private atom(): string {
    const c = this.peek()!;
    switch (c) {
      case 0x28: {
        this.pos++;
        if (this.peek() === 0x3f) this.fail("'(?' groups are not XSD syntax");
        if (++this.depth > 200) this.fail('groups nested too deeply');
        const inner = this.regExp();
        this.depth--;
        if (this.peek() !== 0x29) this.fail("missing ')'");
        this.pos++;
        return `(?:${inner})`;
      }
      case 0x5b:
        return this.charClassExpr();
      case 0x2e:
        this.pos++;
        return '[^\\n\\r]';
      case 0x5c:
        return this.escapeAtom();
      case 0x3f:
      case 0x2a:
      case 0x2b:
        return this.fail(
          `quantifier '${String.fromCharCode(c)}' without an atom (lazy and possessive quantifiers are not XSD)`,
        );
      case 0x7b:
        return this.fail("quantifier '{' without an atom, or unescaped '{'");
      case 0x7d:
        return this.fail("unescaped '}'");
      case 0x5d:
        return this.fail("unescaped ']'");
      default:
        this.pos++;
        return atomChar(c);
    }
  }

  private escapeAtom(): string {
    const esc = this.escape();
    if (typeof esc === 'number') return atomChar(esc);
    // Short forms where JS has the exact same meaning.
    if (esc.neg.length === 0 && /^\\[pP]\{[A-Za-z]+\}$/.test(esc.pos)) return esc.pos;
    return emitSet(esc);
  }

  /** After '\': a single character escape (→ code point) or a class escape (→ set). */
  private escape(): number | CharSet {
    this.pos++; // '\'
    const c = this.peek();
    if (c === undefined) this.fail("pattern ends with '\\'");
    const ch = String.fromCodePoint(c);
    this.pos++;
    const single = SINGLE_CHAR_ESCAPES[ch];
    if (single !== undefined) return single;
    const multi = MULTI_CHAR_ESCAPES[ch];
    if (multi !== undefined) return multi;
    if (ch === 'p' || ch === 'P') {
      const body = this.property();
      return ch === 'p'
        ? { pos: body, neg: [] }
        : body.startsWith('\\p{')
          ? { pos: '\\P' + body.slice(2), neg: [] }
          : { pos: '', neg: [body] };
    }
    if (c >= 0x30 && c <= 0x39) this.fail(`backreference '\\${ch}' is not XSD syntax`);
    return this.fail(`invalid escape '\\${ch}'`);
  }

  /** `{IsBlock}` or `{Category}` after \p / \P: the class body of the positive set. */
  private property(): string {
    if (this.peek() !== 0x7b) this.fail("'\\p' must be followed by '{'");
    this.pos++;
    const start = this.pos;
    while (this.peek() !== undefined && this.peek() !== 0x7d) this.pos++;
    if (this.peek() !== 0x7d) this.fail("'\\p{' not closed");
    const name = String.fromCodePoint(...this.cps.slice(start, this.pos));
    this.pos++;
    if (name.startsWith('Is')) {
      const ranges = BLOCKS[name.slice(2)];
      if (!ranges) this.fail(`unknown Unicode block '${name}'`);
      return ranges.map(([lo, hi]) => (lo === hi ? hexCp(lo) : `${hexCp(lo)}-${hexCp(hi)}`)).join('');
    }
    if (!CATEGORIES.has(name)) this.fail(`unknown Unicode category '${name}'`);
    return `\\p{${name}}`;
  }

  /** charClassExpr ::= '[' charGroup ']' ; charGroup ::= (posCharGroup | negCharGroup) ('-' charClassExpr)? */
  private charClassExpr(): string {
    if (++this.depth > 200) this.fail('character classes nested too deeply');
    this.pos++; // '['
    let negated = false;
    if (this.peek() === 0x5e) {
      negated = true;
      this.pos++;
    }
    const set = this.posCharGroup();
    let subtract: string | undefined;
    if (this.peek() === 0x2d && this.peek(1) === 0x5b) {
      this.pos++;
      subtract = this.charClassExpr();
    }
    if (this.peek() !== 0x5d)
      this.fail(this.peek() === undefined ? "missing ']'" : `unexpected '${this.peekChar()}' in character class`);
    this.pos++;
    this.depth--;
    const base = negated ? emitComplement(set) : emitSet(set);
    return subtract === undefined ? base : `(?:(?!${subtract})${base})`;
  }

  /** posCharGroup ::= (charRange | charClassEsc)+ */
  private posCharGroup(): CharSet {
    let pos = '';
    const neg: string[] = [];
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail("missing ']'");
      if (c === 0x5d) break;
      if (c === 0x2d) {
        if (this.peek(1) === 0x5b) {
          if (this.pos === start) this.fail("'-[' subtraction without a group to subtract from");
          break; // subtraction
        }
        // '-' as a literal: first or last in the group (XmlCharIncDash); tolerated elsewhere too.
        this.pos++;
        pos += classChar(0x2d);
        continue;
      }
      if (c === 0x5b) this.fail("unescaped '[' in character class");
      let lo: number;
      if (c === 0x5c) {
        const esc = this.escape();
        if (typeof esc !== 'number') {
          if (this.peek() === 0x2d && this.peek(1) !== 0x5d && this.peek(1) !== 0x5b && this.peek(1) !== undefined) {
            this.fail('a class escape cannot start a range');
          }
          pos += esc.pos;
          neg.push(...esc.neg);
          continue;
        }
        lo = esc;
      } else {
        this.pos++;
        lo = c;
      }
      // Range?
      if (this.peek() === 0x2d && this.peek(1) !== 0x5d && this.peek(1) !== 0x5b && this.peek(1) !== undefined) {
        this.pos++; // '-'
        const h = this.peek()!;
        let hi: number;
        if (h === 0x5c) {
          const esc = this.escape();
          if (typeof esc !== 'number') this.fail('a class escape cannot end a range');
          hi = esc;
        } else {
          this.pos++;
          hi = h;
        }
        if (hi < lo) this.fail('character range is out of order');
        pos += lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`;
      } else {
        pos += classChar(lo);
      }
    }
    if (this.pos === start) this.fail('empty character class');
    return { pos, neg };
  }
}
