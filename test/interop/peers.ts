import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Peer {
  readonly url: string;
  /** JSON lines the peer logged on stderr, one per request it received. */
  readonly log: () => Record<string, unknown>[];
  readonly stop: () => Promise<void>;
}

/** Starts a peer server that prints `LISTENING <port>` when ready; fails with `installHint` when it cannot run. */
export async function startPeer(command: string, args: string[], installHint: string, path = '/WorkManagementService.svc'): Promise<Peer> {
  if (command.startsWith('/') && !existsSync(command)) throw new Error(`${command} is missing: ${installHint}`);
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 20 s: ${stderr.slice(0, 2000)}\n${installHint}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}: ${stderr.slice(0, 2000)}\n${installHint}`));
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command} cannot run (${e.message}): ${installHint}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}${path}`,
    log: () =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
