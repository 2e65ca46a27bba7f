/**
 * Helpers shared by the corpus run's stages (inspect, generate, compile): running a child process with a timeout,
 * parsing diagnostics printed by the CLI, telling a crash from an ordinary failure, a small promise pool.
 */
import { spawn } from 'child_process';

export interface ParsedDiagnostic {
  readonly raw: string;
  /** As printed: relative to the input's folder; '' for `<input>` or no location. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

const DIAG_RE = /^(?:(.*):(\d+):(\d+) |<input> )?(W2T\d+) (error|warning|info): (.*)$/;

export function parseDiagnostic(line: string): ParsedDiagnostic | undefined {
  const m = DIAG_RE.exec(line);
  if (!m) return undefined;
  return {
    raw: line,
    file: m[1] ?? '',
    line: m[2] ? Number(m[2]) : 0,
    column: m[3] ? Number(m[3]) : 0,
    code: m[4] as string,
    severity: m[5] as ParsedDiagnostic['severity'],
    message: m[6] ?? '',
  };
}

/** Diagnostics and the other (stray) lines of a CLI run's stderr, with a count per code. */
export function splitStderr(stderr: string): { diagnostics: ParsedDiagnostic[]; stray: string[]; codes: Record<string, number> } {
  const diagnostics: ParsedDiagnostic[] = [];
  const stray: string[] = [];
  for (const l of stderr.split(/\r?\n/)) {
    if (l.trim() === '') continue;
    const d = parseDiagnostic(l);
    if (d) diagnostics.push(d);
    else stray.push(l);
  }
  const codes: Record<string, number> = {};
  for (const d of diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  return { diagnostics, stray, codes };
}

/** Text that only shows up when the process (or the code behind a diagnostic) died on an uncaught exception. */
export const CRASH_PATTERNS: readonly [RegExp, string][] = [
  [/^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m, 'stack trace on stderr'],
  [/\b(TypeError|ReferenceError|RangeError|InternalError|AssertionError)\b/, 'JS exception name on stderr'],
  [/Maximum call stack size exceeded/, 'stack overflow'],
  [/Cannot read propert(y|ies) of (undefined|null)|is not a function|is not iterable/, 'JS runtime error text'],
  [/FATAL ERROR|JavaScript heap out of memory/, 'V8 fatal error'],
  [/Unhandled(PromiseRejection| promise rejection)|uncaughtException|triggerUncaughtException/i, 'uncaught exception'],
  [/^node:internal/m, 'node internal error'],
];

export interface Spawned {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  spawnError?: string;
}

/** Why a CLI run counts as a crash (exit code other than 0/1, signal, exception text), or undefined. */
export function crashReasonOf(r: Spawned): string | undefined {
  if (r.spawnError) return `spawn error: ${r.spawnError}`;
  if (r.timedOut) return undefined;
  if (r.signal) return `killed by ${r.signal}`;
  if (r.code !== 0 && r.code !== 1) return `exit code ${r.code}`;
  for (const [re, why] of CRASH_PATTERNS) if (re.test(r.stderr)) return why;
  return undefined;
}

/** Runs `node <args>` in `cwd`, killing it (SIGKILL) after `timeoutMs`. Never rejects. */
export function runNode(args: readonly string[], cwd: string, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<Spawned> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: string | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - t0,
        timedOut,
        ...(spawnError !== undefined ? { spawnError } : {}),
      });
    });
  });
}

export async function pool<T, R>(items: readonly T[], n: number, fn: (t: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/** `12.3 s` */
export const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The `n` most frequent keys of a count map, as `KEY×n, ...`. */
export function topCounts(counts: Record<string, number>, n: number): string {
  return (
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([c, k]) => `${c}×${k}`)
      .join(', ') || '-'
  );
}

export function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}
