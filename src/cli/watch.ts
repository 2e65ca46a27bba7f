import { watch, FSWatcher, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Changes closer together than this (an editor's write + rename, a `git checkout`) make one regeneration. */
export const WATCH_DEBOUNCE_MS = 150;

/**
 * Resolves true once any of `files` changes (after the debounce), false when `signal` aborts. A change made while
 * the previous run was reading is not lost: a file modified after `since` counts as changed at once. Files that do
 * not exist (or cannot be watched) are watched through their folder, so creating them counts too.
 */
export async function waitForChange(files: readonly string[], since: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  return new Promise<boolean>((resolve) => {
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (changed: boolean) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      signal?.removeEventListener('abort', onAbort);
      resolve(changed);
    };
    const onAbort = () => finish(false);
    const changed = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(true), WATCH_DEBOUNCE_MS);
    };
    signal?.addEventListener('abort', onAbort);
    const byDir = new Map<string, Set<string>>();
    for (const file of new Set(files)) {
      try {
        watchers.push(watch(file, { persistent: true }, changed).on('error', changed));
      } catch {
        const dir = path.dirname(file);
        byDir.set(dir, (byDir.get(dir) ?? new Set()).add(path.basename(file)));
      }
    }
    for (const [dir, names] of byDir) {
      try {
        watchers.push(watch(dir, { persistent: true }, (_event, name) => (name === null || names.has(name.toString()) ? changed() : undefined)).on('error', changed));
      } catch {
        // The folder is gone too: nothing to watch there until a later run reads it again.
      }
    }
    void Promise.all(files.map((f) => fs.stat(f).then((s) => s.mtimeMs, () => -1))).then((mtimes) => {
      // A modification time in the future (clock skew, a copied file) would otherwise regenerate forever.
      const now = Date.now();
      if (mtimes.some((m) => m > since && m <= now)) changed();
    });
  });
}
