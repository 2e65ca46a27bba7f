import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Propagation } from './store';

/** A task as the external task server (Exchange, in SharePoint's case) holds it. */
export interface ExternalTask {
  readonly taskId: number;
  /** The folder the task lives in on the external server (mappedKey of a relocate); null for the default folder. */
  readonly location: string | null;
  readonly lastModified: string | null;
  readonly createdBy: number;
  readonly updatedBy: number;
}

/** Raised when the external server cannot be reached (sync reports CouldNotConnectToExchange, propagations retry). */
export class ExternalServerUnavailable extends Error {
  override readonly name = 'ExternalServerUnavailable';
}

/**
 * The "external task server" of MS-WMS 3.1.4.3-3.1.4.9. Implementations apply queued propagations (idempotently:
 * the same propagation id may be delivered again after a crash) and list a user's tasks for a sync.
 */
export interface ExternalTaskServer {
  apply(change: Propagation): Promise<void>;
  tasks(user: string): Promise<readonly ExternalTask[]>;
  /** Throws ExternalServerUnavailable when the server is unreachable. */
  check(user: string): Promise<void>;
}

interface UserFile {
  /** Highest propagation id applied: a redelivered propagation is skipped, so a crash between apply and dequeue is harmless. */
  lastApplied: number;
  tasks: ExternalTask[];
}

/**
 * The default external task server: one JSON file per user in a folder, replaced atomically (write + rename), so a
 * crash leaves either the old or the new file.
 */
export class FileExternalTaskServer implements ExternalTaskServer {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  fileOf(user: string): string {
    return path.join(this.dir, `${encodeURIComponent(user)}.json`);
  }

  async check(): Promise<void> {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      throw new ExternalServerUnavailable(`the external task server folder is not usable: ${(e as NodeJS.ErrnoException).code}`);
    }
  }

  async tasks(user: string): Promise<readonly ExternalTask[]> {
    return this.read(user).tasks;
  }

  async apply(change: Propagation): Promise<void> {
    const file = this.read(change.user);
    if (change.id <= file.lastApplied) return;
    const rest = file.tasks.filter((t) => t.taskId !== change.taskId);
    const current = file.tasks.find((t) => t.taskId === change.taskId);
    switch (change.kind) {
      case 'create':
        file.tasks = [...rest, { taskId: change.taskId, location: null, lastModified: null, createdBy: change.id, updatedBy: change.id }];
        break;
      case 'update':
        file.tasks = [...rest, { taskId: change.taskId, location: current?.location ?? null, lastModified: change.lastModified, createdBy: current?.createdBy ?? change.id, updatedBy: change.id }];
        break;
      case 'delete':
        file.tasks = rest;
        break;
      case 'relocate':
        file.tasks = [...rest, { taskId: change.taskId, location: change.mappedKey ?? null, lastModified: current?.lastModified ?? null, createdBy: current?.createdBy ?? change.id, updatedBy: change.id }];
        break;
    }
    file.tasks.sort((a, b) => a.taskId - b.taskId);
    file.lastApplied = change.id;
    this.write(change.user, file);
  }

  private read(user: string): UserFile {
    let text: string;
    try {
      text = readFileSync(this.fileOf(user), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lastApplied: 0, tasks: [] };
      throw new ExternalServerUnavailable(`cannot read ${path.basename(this.fileOf(user))}: ${(e as NodeJS.ErrnoException).code}`);
    }
    const data = JSON.parse(text) as UserFile;
    if (typeof data?.lastApplied !== 'number' || !Array.isArray(data.tasks)) throw new ExternalServerUnavailable(`${path.basename(this.fileOf(user))} is not an external task file`);
    return data;
  }

  private write(user: string, data: UserFile): void {
    const target = this.fileOf(user);
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
      renameSync(tmp, target);
    } catch (e) {
      throw new ExternalServerUnavailable(`cannot write ${path.basename(target)}: ${(e as NodeJS.ErrnoException).code}`);
    }
  }
}
