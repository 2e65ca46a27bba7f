'use strict';
/**
 * The runtime's XmlReader over arbitrary text and bytes. Oracle: the only exceptions are XmlSyntaxError (not
 * well-formed, DTD, limits, encoding) and DecodeError (text in element-only content, a child in simple content,
 * a bad xsi:type); the byte scanner (ASCII input) and the charCodeAt scanner agree exactly; no hang (the watchdog);
 * and time per byte bounded: every few hundred runs the current input is
 * grown (a piece of it repeated in place, 16 times more at the second size) and the time per byte at the larger
 * size must stay within a factor of the smaller one's.
 */
const path = require('node:path');
const { Defect } = require('../engine');
const { REPO, goldenWsdls, corpusFiles, wireSamples, bodyElements, dictionaryOf } = require('../seeds');

const rt = require(path.join(REPO, 'packages/runtime/dist/index.js'));
// Internal: turns the reader's byte scanner (ASCII input) off, to compare it with the charCodeAt scanner.
const { setByteScan } = require(path.join(REPO, 'packages/runtime/dist/xml-reader.js'));

/** Walks the whole document the way decoders do, choosing readText/skip/readRaw/children from the names. */
function walk(r) {
  r.readRoot();
  let steps = 0;
  const visit = () => {
    // Attribute accessors and xsi helpers, as decoders use them.
    const n = r.attrCount;
    for (let i = 0; i < n; i++) void (r.attrNs(i) + r.attrLocal(i) + r.attrValue(i));
    r.isNil();
    try {
      r.xsiType();
    } catch (e) {
      if (!(e instanceof rt.DecodeError)) throw e;
    }
    const h = (r.local.charCodeAt(0) + r.local.length + r.depth) % 7;
    if (h === 0) return void r.readText();
    if (h === 1) return void r.skip();
    if (h === 2) {
      const raw = r.readRaw();
      // What readRaw returns must itself be a well-formed document.
      const again = new rt.XmlReader(raw);
      again.readRoot();
      again.skip();
      again.end();
      return;
    }
    if (h === 3) r.scopeSnapshot()('');
    while (r.nextChild()) {
      if (++steps > 200_000) throw new Defect('the reader did not make progress');
      visit();
    }
  };
  visit();
  r.end();
}

const outcomes = new Map();

/** Everything observable about reading `input` as a string: the error with its position, or 'ok'. */
function exactOutcome(input) {
  try {
    walk(new rt.XmlReader(input));
    return 'ok';
  } catch (e) {
    if (e instanceof rt.XmlSyntaxError) return `XmlSyntaxError ${e.kind} ${e.line}:${e.column} ${e.message}`;
    if (e instanceof rt.DecodeError) return `DecodeError ${e.path} ${e.message}`;
    return `${e && e.name}: ${e && e.message}`;
  }
}

function run(input) {
  // Oracle: the byte scanner and the charCodeAt scanner agree exactly (same error, same line and column).
  const viaBytes = exactOutcome(input);
  setByteScan(false);
  let viaChars;
  try {
    viaChars = exactOutcome(input);
  } finally {
    setByteScan(true);
  }
  if (viaBytes !== viaChars) throw new Defect(`the byte and charCodeAt scanners disagree: ${viaBytes.slice(0, 200)} / ${viaChars.slice(0, 200)}`);
  let outcome = 'ok';
  for (const asBytes of [false, true]) {
    try {
      const r = asBytes ? rt.XmlReader.fromBytes(Buffer.from(input, 'utf8')) : new rt.XmlReader(input);
      walk(r);
    } catch (e) {
      if (e instanceof rt.XmlSyntaxError) outcome = `syntax:${e.kind}:${e.message.replace(/\d+|'[^']*'|"[^"]*"|<[^>]*>|\{[^}]*\}/g, '').slice(0, 60)}`;
      else if (e instanceof rt.DecodeError) outcome = `decode:${e.message.replace(/\d+|'[^']*'|<[^>]*>|\/\S*/g, '').slice(0, 60)}`;
      else if (e instanceof Defect) throw e;
      else throw new Defect(`${asBytes ? 'fromBytes' : 'string'}: unexpected ${e && e.name}: ${e && e.message}`);
    }
  }
  outcomes.set(outcome.split(':')[0], (outcomes.get(outcome.split(':')[0]) ?? 0) + 1);
  return outcome;
}

/** Nanoseconds per input character to read `s` (best of a few repetitions, at least ~20 ms of work). */
function nsPerChar(s) {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let reps = 0;
    const t0 = process.hrtime.bigint();
    let t = 0;
    do {
      try {
        walk(new rt.XmlReader(s, { maxBytes: 64 * 1024 * 1024, maxElements: 10_000_000, maxStringLength: 64 * 1024 * 1024, maxAttributes: 1_000_000, maxDepth: 100_000 }));
      } catch {
        // Refusals count too: the time to refuse must not grow faster than the input either.
      }
      reps++;
      t = Number(process.hrtime.bigint() - t0);
    } while (t < 20e6 && reps < 1000);
    best = Math.min(best, t / reps / s.length);
  }
  return best;
}

let growthChecks = 0;
let worstRatio = 0;
let worstCase = '';

/** Grows a piece of the input 16 times and compares time per character at ~64 K and ~1 M characters. */
function growth({ r, input, corpus }) {
  const base = r.chance(0.5) ? input : corpus[r.int(corpus.length)];
  if (base.length < 2) return;
  const a = r.int(base.length);
  const piece = base.slice(a, a + 1 + r.int(24));
  const at = r.int(base.length + 1);
  const grown = (chars) => base.slice(0, at) + piece.repeat(Math.max(1, Math.floor(chars / piece.length))) + base.slice(at);
  const small = grown(64 * 1024);
  const large = grown(1024 * 1024);
  growthChecks++;
  let ratio = nsPerChar(large) / nsPerChar(small);
  if (ratio > 4) ratio = Math.min(ratio, nsPerChar(large) / nsPerChar(small)); // noise on a shared machine: measure again
  if (ratio > worstRatio) {
    worstRatio = ratio;
    worstCase = JSON.stringify(piece).slice(0, 60);
  }
  if (ratio > 8) throw new Defect(`time per character grows ${ratio.toFixed(1)}x from 64 K to 1 M characters (piece ${JSON.stringify(piece)} repeated at ${at})`);
}

function target() {
  const golden = goldenWsdls().map(([, t]) => t);
  const corpus = corpusFiles({ max: 60, maxBytes: 32 * 1024 }).map(([, t]) => t);
  const wire = wireSamples().map((w) => w.body);
  const seeds = [
    ...wire,
    ...wire.flatMap(bodyElements),
    ...golden,
    ...corpus,
    '<?xml version="1.0" encoding="UTF-16"?><a/>',
    '\uFEFF<a xmlns:p="u" p:x="1"><![CDATA[x]]>&#x10FFFF;&lt;<!--c--><?pi d?></a>',
  ];
  return {
    name: 'xml-reader',
    include: /packages\/runtime\/dist\/xml-(reader|names)\.js$/,
    seeds,
    dict: dictionaryOf([...wire, ...golden.slice(0, 3)], ['<!DOCTYPE', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '&#x', '&#', '&amp;', '&lt;', 'xmlns:', 'xmlns=', 'xml:', 'xsi:type="', 'xsi:nil="true"', '<?xml version="1.0"?>', 'encoding="utf-16"', '\uFEFF', '</', '/>']),
    maxLen: 64 * 1024,
    run,
    every: { n: 400, run: growth },
    stats: () => ({ outcomes: Object.fromEntries(outcomes), growthChecks, worstGrowthRatio: Number(worstRatio.toFixed(2)), worstGrowthPiece: worstCase }),
  };
}

module.exports = { target, walk };
