import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { TaskRecord } from './store';

/** A system that BeginCacheRefresh aggregates tasks from (MS-WMS 3.1.1: "systems defined in its configuration"). */
export interface TaskSource {
  readonly name: string;
  /** The user's tasks; `problems` lists entries that were skipped, each naming its file. */
  read(user: string): Promise<{ tasks: TaskRecord[]; problems: string[] }>;
}

const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FILES = 1000;

/**
 * The default task source: `<dir>/<user>/*.json`, each file an array of `{ "id": "…", "title": "…", "dueDate"?: "…",
 * "completed"?: false }`. A user without a folder simply has no tasks from this source.
 */
export class FolderTaskSource implements TaskSource {
  constructor(
    readonly dir: string,
    readonly name = 'files',
  ) {}

  async read(user: string): Promise<{ tasks: TaskRecord[]; problems: string[] }> {
    const folder = path.join(this.dir, encodeURIComponent(user));
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { tasks: [], problems: [] };
      throw e;
    }
    const problems: string[] = [];
    if (names.length > MAX_FILES) {
      problems.push(`${folder}: only the first ${MAX_FILES} of ${names.length} files were read`);
      names = names.slice(0, MAX_FILES);
    }
    const byKey = new Map<string, TaskRecord>();
    for (const name of names) {
      const file = path.join(folder, name);
      if (statSync(file).size > MAX_FILE_BYTES) {
        problems.push(`${file}: larger than ${MAX_FILE_BYTES} bytes, skipped`);
        continue;
      }
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push(`${file}: ${(e as Error).message}`);
        continue;
      }
      if (!Array.isArray(data)) {
        problems.push(`${file}: expected an array of tasks`);
        continue;
      }
      data.forEach((t: unknown, i) => {
        const problem = this.problemOf(t);
        if (problem) {
          problems.push(`${file}[${i}]: ${problem}`);
          return;
        }
        const v = t as { id: string | number; title: string; dueDate?: string; completed?: boolean };
        const key = String(v.id);
        byKey.set(key, { source: this.name, key, title: v.title, dueDate: v.dueDate ?? null, completed: v.completed === true });
      });
    }
    return { tasks: [...byKey.values()], problems };
  }

  private problemOf(t: unknown): string | undefined {
    const v = t as Record<string, unknown> | null;
    const idOk = (typeof v?.id === 'string' && v.id !== '') || (typeof v?.id === 'number' && Number.isSafeInteger(v.id));
    if (!idOk || typeof v?.title !== 'string') return 'a task needs an id and a title';
    if (v.dueDate !== undefined && typeof v.dueDate !== 'string') return 'dueDate must be a string';
    if (v.completed !== undefined && typeof v.completed !== 'boolean') return 'completed must be a boolean';
    return undefined;
  }
}
