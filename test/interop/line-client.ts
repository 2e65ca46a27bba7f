import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * One answer of a line-driven client (test/interop/zeep/driver.py, gsoap/client.cpp, mono/client.cs), which read
 * `<user> <password> <Operation> [args]` lines on stdin and print one JSON object per call on stdout.
 */
export interface Reply {
  readonly op: string;
  readonly ok: boolean;
  /** The call's result as plain JSON: nil and absent are null, dates ISO 8601 strings, empty responses null. */
  readonly result?: unknown;
  /** The HTTP status when the call failed with one (401 for bad credentials), else null. */
  readonly status?: number | null;
  readonly error?: string;
  /** Content-Type of the request and the response, for the clients that report them (zeep). */
  readonly http?: { readonly request?: string | null; readonly response?: string | null };
}

/** Calls one operation as one user: `args` are taskId, then lastModified or mappedKey ("@nil" for nil). */
export type Call = (user: string, password: string, op: string, ...args: string[]) => Promise<Reply>;

export interface LineClient {
  readonly call: Call;
  readonly stderr: () => string;
  readonly close: () => Promise<void>;
}

/** Starts a line-driven client; any failure to run it (missing program, early exit) names `installHint`. */
export function startLineClient(command: string, args: string[], installHint: string, callTimeoutMs = 30_000): LineClient {
  if (command.startsWith('/') && !existsSync(command)) throw new Error(`${command} is missing: ${installHint}`);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  let dead: Error | undefined;
  const die = (e: Error) => {
    dead ??= e;
    for (const w of waiting.splice(0)) w.reject(dead);
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w.resolve(line);
    else lines.push(line);
  });
  child.on('error', (e) => die(new Error(`${command} cannot run (${e.message}): ${installHint}`)));
  child.on('exit', (code, signal) => die(new Error(`${command} exited (${signal ?? code}) before answering: ${stderr.slice(0, 3000)}\n${installHint}`)));
  child.stdin.on('error', () => undefined); // EPIPE after an early exit is reported through 'exit'

  let queue: Promise<unknown> = Promise.resolve();
  const call: Call = (user, password, op, ...callArgs) => {
    const run = async (): Promise<Reply> => {
      if (dead) throw dead;
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${command}: no answer to ${op} within ${callTimeoutMs} ms; stderr: ${stderr.slice(0, 3000)}`)), callTimeoutMs);
        const done = { resolve: (l: string) => (clearTimeout(timer), resolve(l)), reject: (e: Error) => (clearTimeout(timer), reject(e)) };
        if (lines.length > 0) done.resolve(lines.shift()!);
        else waiting.push(done);
        child.stdin.write(`${[user, password, op, ...callArgs].join(' ')}\n`);
      });
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        throw new Error(`${command} answered ${op} with a line that is not JSON: ${line.slice(0, 500)}`);
      }
      if (reply.op !== op) throw new Error(`${command} answered ${reply.op} to a ${op} call`);
      return reply;
    };
    const p = queue.then(run, run);
    queue = p.catch(() => undefined);
    return p;
  };

  return {
    call,
    stderr: () => stderr,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.stdin.end();
      }),
  };
}
