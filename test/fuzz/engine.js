'use strict';
/**
 * A small coverage-guided fuzzing engine (Jazzer.js cannot run here: see README, "Fuzzing").
 *
 * Coverage: V8 block coverage through node:inspector (Profiler.takePreciseCoverage, binary mode, reset at each take),
 * restricted to the scripts under test. An input that reaches a block, a function or an outcome (the target's name
 * for what happened, e.g. the error class and message template) never reached before joins the corpus, and later
 * inputs are mutated from it. Mutations work on strings (binary targets use latin1 strings): byte-level edits,
 * dictionary tokens, splices of two corpus entries, repeated substrings.
 *
 * A watchdog thread sees every input before it runs: if one runs longer than `hangMs` (an infinite loop blocks the
 * main thread, which then cannot report), the watchdog saves it and kills the process.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

/** Deterministic PRNG (xorshift128+ on two 32-bit halves would do; mulberry32 is enough here). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** Block coverage of the scripts whose URL matches `include`. */
class Coverage {
  constructor(include) {
    this.include = include;
    this.session = new inspector.Session();
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: false, detailed: true });
    /** Zero-count block ranges ever reported, per function: a block later absent from the report was run. */
    this.known = new Map();
  }

  post(method, params) {
    let out;
    let error;
    this.session.post(method, params, (e, r) => {
      error = e;
      out = r;
    });
    if (error) throw error;
    return out;
  }

  /** Discards what ran so far (the harness's own setup). */
  reset() {
    this.post('Profiler.takePreciseCoverage');
  }

  /** The features (function and block keys) run since the last take. */
  take() {
    const features = [];
    for (const script of this.post('Profiler.takePreciseCoverage').result) {
      if (!this.include.test(script.url)) continue;
      const file = path.basename(script.url);
      for (const fn of script.functions) {
        const ranges = fn.ranges;
        if (!ranges.length || ranges[0].count === 0) continue;
        const key = `${file}:${ranges[0].startOffset}`;
        features.push(key);
        const zero = [];
        for (let i = 1; i < ranges.length; i++) {
          const r = ranges[i];
          if (r.count === 0) zero.push(r);
          else features.push(`${key}+${r.startOffset}-${r.endOffset}`);
        }
        let known = this.known.get(key);
        if (!known) this.known.set(key, (known = new Map()));
        for (const r of zero) if (!known.has(`${r.startOffset}-${r.endOffset}`)) known.set(`${r.startOffset}-${r.endOffset}`, r);
        for (const [k, b] of known) {
          if (!zero.some((z) => z.startOffset <= b.startOffset && b.endOffset <= z.endOffset)) features.push(`${key}+${k}`);
        }
      }
    }
    return features;
  }

  stop() {
    this.post('Profiler.stopPreciseCoverage');
    this.session.disconnect();
  }
}

const CHARS = ['<', '>', '&', ';', '"', "'", '/', '?', '!', '-', '[', ']', '=', ':', ' ', '\r', '\n', '\t', '\0', '#', 'x', '\uFFFF', '\uD800', '\uDC00', '\u00e9', '\uFEFF', '%', '\\', '{', '0', '9', 'a'];
const NUMBERS = ['0', '-1', '1', '2147483647', '2147483648', '-2147483649', '9007199254740993', '1e309', 'NaN', 'INF', '-0', '0.1', '99999999999999999999', '00', '+1', '1.', '.5', '1E-400'];

/** One mutation of `s`; `other` is another corpus entry for splices. */
function mutateOnce(s, other, dict, r) {
  const n = s.length;
  const at = () => r.int(n + 1);
  switch (r.int(12)) {
    case 0: {
      const a = at();
      return s.slice(0, a) + s.slice(Math.min(n, a + 1 + r.int(r.chance(0.5) ? 4 : 64)));
    }
    case 1: {
      const a = at();
      let ins = '';
      for (let k = 1 + r.int(4); k > 0; k--) ins += r.pick(CHARS);
      return s.slice(0, a) + ins + s.slice(a);
    }
    case 2: {
      const a = r.int(n);
      return s.slice(0, a) + String.fromCharCode(r.chance(0.7) ? r.int(128) : r.int(0x10000)) + s.slice(a + 1);
    }
    case 3:
    case 4: {
      if (!dict.length) return s;
      const a = at();
      const tok = r.pick(dict);
      // Insert, or replace a run of name characters.
      if (r.chance(0.5)) return s.slice(0, a) + tok + s.slice(a);
      const m = /^[\w.:-]*/.exec(s.slice(a))[0].length;
      return s.slice(0, a) + tok + s.slice(a + m);
    }
    case 5: {
      // Duplicate a range elsewhere.
      const a = r.int(n);
      const len = 1 + r.int(Math.min(256, n - a));
      const b = at();
      return s.slice(0, b) + s.slice(a, a + len) + s.slice(b);
    }
    case 6: {
      // Splice: a prefix of s and a suffix of other (crossover).
      if (!other) return s;
      return s.slice(0, at()) + other.slice(r.int(other.length + 1));
    }
    case 7: {
      // Insert a slice of another entry.
      if (!other) return s;
      const a = r.int(other.length);
      const b = at();
      return s.slice(0, b) + other.slice(a, a + 1 + r.int(128)) + s.slice(b);
    }
    case 8: {
      // Repeat a small substring many times (growth, nesting, long runs).
      const a = r.int(n);
      const piece = s.slice(a, a + 1 + r.int(16));
      const b = at();
      return s.slice(0, b) + piece.repeat(2 + r.int(r.chance(0.2) ? 500 : 20)) + s.slice(b);
    }
    case 9: {
      // Replace a number by an interesting one.
      const re = /-?\d+(?:\.\d+)?/g;
      const found = [...s.matchAll(re)];
      if (!found.length) return s;
      const m = r.pick(found);
      return s.slice(0, m.index) + r.pick(NUMBERS) + s.slice(m.index + m[0].length);
    }
    case 10: {
      // Move or drop a tag: take one `<...>` and put it elsewhere (or nowhere).
      const tags = [...s.matchAll(/<[^<>]{0,200}>/g)];
      if (!tags.length) return s;
      const m = r.pick(tags);
      const without = s.slice(0, m.index) + s.slice(m.index + m[0].length);
      if (r.chance(0.3)) return without;
      const b = r.int(without.length + 1);
      return without.slice(0, b) + m[0] + without.slice(b);
    }
    default: {
      // Swap two characters' case or change a quote.
      const a = r.int(n);
      const c = s[a] ?? '';
      const swapped = c === '"' ? "'" : c === "'" ? '"' : c.toUpperCase() === c ? c.toLowerCase() : c.toUpperCase();
      return s.slice(0, a) + swapped + s.slice(a + 1);
    }
  }
}

function mutate(s, other, dict, r, maxLen) {
  let out = s;
  for (let k = 1 + r.int(r.chance(0.3) ? 8 : 3); k > 0; k--) {
    out = mutateOnce(out, other, dict, r);
    if (out.length > maxLen) out = out.slice(0, maxLen);
  }
  return out;
}

const hash = (s) => crypto.createHash('sha1').update(s, 'utf8').digest('hex').slice(0, 12);

/** The watchdog thread: kills the process when one input runs longer than hangMs, after saving it. */
function startWatchdog(outDir, name, hangMs, maxLen, encoding) {
  const shared = new SharedArrayBuffer(8 + maxLen * 2 + 16);
  const state = new Int32Array(shared, 0, 2); // [0]: input length (-1 = idle), [1]: sequence number
  const text = new Uint16Array(shared, 8, maxLen + 4);
  const code = `
    const { workerData } = require('node:worker_threads');
    const fs = require('node:fs');
    const path = require('node:path');
    const state = new Int32Array(workerData.shared, 0, 2);
    const text = new Uint16Array(workerData.shared, 8, workerData.maxLen + 4);
    let seen = -1, since = Date.now();
    setInterval(() => {
      const seq = Atomics.load(state, 1);
      const len = Atomics.load(state, 0);
      if (seq !== seen || len < 0) { seen = seq; since = Date.now(); return; }
      if (Date.now() - since < workerData.hangMs) return;
      let s = '';
      for (let i = 0; i < len; i += 8192) s += String.fromCharCode.apply(null, text.subarray(i, Math.min(len, i + 8192)));
      fs.mkdirSync(workerData.outDir, { recursive: true });
      const file = path.join(workerData.outDir, 'hang-' + workerData.name + '-' + Date.now() + '.txt');
      fs.writeFileSync(file, s, workerData.encoding);
      process.stderr.write('\\n[fuzz ' + workerData.name + '] HANG: one input ran over ' + workerData.hangMs + ' ms; saved to ' + file + '\\n');
      process.kill(process.pid, 'SIGKILL');
    }, Math.min(250, workerData.hangMs / 4));
  `;
  const worker = new Worker(code, { eval: true, workerData: { shared, outDir, name, hangMs, maxLen, encoding } });
  worker.unref();
  return {
    enter(s) {
      const len = Math.min(s.length, maxLen);
      for (let i = 0; i < len; i++) text[i] = s.charCodeAt(i);
      Atomics.store(state, 0, len);
      Atomics.add(state, 1, 1);
    },
    leave() {
      Atomics.store(state, 0, -1);
      Atomics.add(state, 1, 1);
    },
    stop: () => worker.terminate(),
  };
}

/**
 * Runs one target for `seconds` (or `maxRuns` executions). A target is
 * `{ name, include: RegExp, seeds: string[], dict: string[], maxLen, setup?(), run(input) -> outcome string | Promise,
 *    every?: { n, run(ctx) } , teardown?() }`;
 * `run` throws a `Defect` (or anything else) for a finding. Returns the statistics. Pass `options.coverage` (a Coverage
 * started before the code under test was loaded) to get block-level coverage: V8 only counts blocks in functions
 * compiled after coverage started.
 */
async function fuzz(target, options) {
  const { seconds, maxRuns = Infinity, outDir, seed = 1, log = () => undefined } = options;
  const hangMs = target.hangMs ?? options.hangMs ?? 10_000;
  const slowMs = target.slowMs ?? hangMs / 4;
  const r = rng(seed);
  const maxLen = target.maxLen;
  if (target.setup) await target.setup();
  const cov = options.coverage ?? new Coverage(target.include);
  cov.include = target.include;
  const seen = new Set();
  const corpus = [];
  const findings = new Map();
  const encoding = target.encoding ?? 'utf8';
  const dog = startWatchdog(outDir, target.name, hangMs, maxLen, encoding);
  let runs = 0;
  let slowest = 0;
  const record = (input, error) => {
    const kind = `${error && error.name ? error.name : 'Error'}: ${String(error && error.message ? error.message : error).replace(/\d+/g, 'N').slice(0, 160)}`;
    if (findings.has(kind)) return;
    const file = path.join(outDir, `crash-${target.name}-${hash(input)}.txt`);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, input, encoding);
    findings.set(kind, { file, stack: String(error && error.stack ? error.stack : error).split('\n').slice(0, 6).join('\n') });
    log(`FINDING ${kind}\n  input: ${file}\n  ${findings.get(kind).stack.replace(/\n/g, '\n  ')}`);
  };
  const exec = async (input) => {
    dog.enter(input);
    const t0 = process.hrtime.bigint();
    let outcome;
    try {
      outcome = await target.run(input);
    } catch (e) {
      record(input, e);
      outcome = 'defect';
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    dog.leave();
    runs++;
    if (ms > slowest) slowest = ms;
    if (ms > slowMs) record(input, Object.assign(new Error(`slow input: ${ms.toFixed(0)} ms`), { name: 'Slow' }));
    const features = cov.take();
    features.push(`outcome:${outcome}`);
    let fresh = false;
    for (const f of features) {
      if (!seen.has(f)) {
        seen.add(f);
        fresh = true;
      }
    }
    return fresh;
  };
  cov.reset();
  const start = Date.now();
  for (const s of target.seeds) {
    const input = s.length > maxLen ? s.slice(0, maxLen) : s;
    if ((await exec(input)) || corpus.length < 4) corpus.push(input);
  }
  const seeded = corpus.length;
  let lastLog = Date.now();
  while (runs < maxRuns && Date.now() - start < seconds * 1000 && !(options.stopOnFinding && findings.size)) {
    const parent = corpus[r.chance(0.2) ? corpus.length - 1 - r.int(Math.min(16, corpus.length)) : r.int(corpus.length)];
    const other = r.chance(0.5) ? corpus[r.int(corpus.length)] : undefined;
    const input = mutate(parent, other, target.dict, r, maxLen);
    if (await exec(input)) corpus.push(input);
    if (target.every && runs % target.every.n === 0) {
      try {
        await target.every.run({ r, input, corpus, record });
      } catch (e) {
        record(input, e);
      }
      cov.take();
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`${runs} runs, corpus ${corpus.length}, features ${seen.size}`);
    }
  }
  const elapsed = (Date.now() - start) / 1000;
  if (!options.coverage) cov.stop();
  dog.stop();
  if (target.teardown) await target.teardown();
  if (outDir && corpus.length) {
    const dir = path.join(outDir, 'corpus', target.name);
    fs.mkdirSync(dir, { recursive: true });
    for (const c of corpus.slice(seeded)) fs.writeFileSync(path.join(dir, hash(c)), c, encoding);
  }
  return { name: target.name, runs, seconds: elapsed, corpus: corpus.length, seeds: target.seeds.length, features: seen.size, slowestMs: slowest, findings: [...findings].map(([kind, f]) => ({ kind, ...f })), extra: target.stats ? target.stats() : undefined };
}

/** An error a target throws for something the fuzzer should report (an oracle violated). */
class Defect extends Error {
  constructor(message) {
    super(message);
    this.name = 'Defect';
  }
}

module.exports = { fuzz, Coverage, Defect, rng, mutate, hash };
