import Database from 'better-sqlite3';

/**
 * The reference service's durable state, in SQLite (better-sqlite3: synchronous, so each SOAP call's check-and-write
 * is one transaction that no other request can interleave with). WAL with synchronous=NORMAL survives the process
 * being killed at any point: a call is acknowledged only after its transaction committed.
 */

import type { ExchangeSyncResult } from './generated/types';

export type SyncResult = ExchangeSyncResult;
export type PropagationKind = 'create' | 'update' | 'delete' | 'relocate';

export interface Job {
  readonly id: number;
  readonly user: string;
  readonly kind: 'refresh' | 'sync';
  readonly state: 'running' | 'done' | 'failed';
  readonly dueAt: number;
  readonly finishedAt: number | null;
  readonly detail: string | null;
}

export interface TaskRecord {
  readonly source: string;
  readonly key: string;
  readonly title: string;
  readonly dueDate: string | null;
  readonly completed: boolean;
}

export interface SyncState {
  readonly optedIn: boolean;
  readonly lastEndTime: string | null;
  readonly lastResult: SyncResult;
}

export interface Propagation {
  readonly id: number;
  readonly user: string;
  readonly kind: PropagationKind;
  readonly taskId: number;
  readonly lastModified: string | null;
  /** undefined: absent from the request; null: sent as nil. */
  readonly mappedKey: string | null | undefined;
  readonly attempts: number;
  readonly notBefore: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('refresh', 'sync')),
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  created_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  finished_at INTEGER,
  detail TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_running_job ON jobs (user, kind) WHERE state = 'running';
CREATE TABLE IF NOT EXISTS tasks (
  user TEXT NOT NULL,
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  title TEXT NOT NULL,
  due_date TEXT,
  completed INTEGER NOT NULL,
  job_id INTEGER NOT NULL,
  PRIMARY KEY (user, source, key)
);
CREATE TABLE IF NOT EXISTS exchange_sync (
  user TEXT PRIMARY KEY,
  opted_in INTEGER NOT NULL,
  last_end_time TEXT,
  last_result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS propagations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete', 'relocate')),
  task_id INTEGER NOT NULL,
  last_modified TEXT,
  mapped_key TEXT,
  mapped_key_state TEXT NOT NULL CHECK (mapped_key_state IN ('absent', 'nil', 'value')),
  queued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
`;

interface JobRow {
  id: number;
  user: string;
  kind: 'refresh' | 'sync';
  state: 'running' | 'done' | 'failed';
  due_at: number;
  finished_at: number | null;
  detail: string | null;
}

interface PropagationRow {
  id: number;
  user: string;
  kind: PropagationKind;
  task_id: number;
  last_modified: string | null;
  mapped_key: string | null;
  mapped_key_state: 'absent' | 'nil' | 'value';
  attempts: number;
  not_before: number;
}

const toJob = (r: JobRow): Job => ({ id: r.id, user: r.user, kind: r.kind, state: r.state, dueAt: r.due_at, finishedAt: r.finished_at, detail: r.detail });

export class WmsStore {
  private readonly db: Database.Database;
  private readonly q;

  /** `file` is a path, or ':memory:' for tests. */
  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.q = {
      running: db.prepare<[string, string], JobRow>(`SELECT * FROM jobs WHERE user = ? AND kind = ? AND state = 'running'`),
      insertJob: db.prepare<[string, string, number, number]>(`INSERT INTO jobs (user, kind, state, created_at, due_at) VALUES (?, ?, 'running', ?, ?)`),
      job: db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE id = ?`),
      allRunning: db.prepare<[], JobRow>(`SELECT * FROM jobs WHERE state = 'running' ORDER BY id`),
      finishJob: db.prepare<[string, number, string | null, number]>(`UPDATE jobs SET state = ?, finished_at = ?, detail = ? WHERE id = ? AND state = 'running'`),
      jobs: db.prepare<[string], JobRow>(`SELECT * FROM jobs WHERE user = ? ORDER BY id`),
      deleteTasks: db.prepare<[string, string]>(`DELETE FROM tasks WHERE user = ? AND source = ?`),
      insertTask: db.prepare<[string, string, string, string, string | null, number, number]>(
        `INSERT OR REPLACE INTO tasks (user, source, key, title, due_date, completed, job_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      tasks: db.prepare<[string], { source: string; key: string; title: string; due_date: string | null; completed: number }>(
        `SELECT source, key, title, due_date, completed FROM tasks WHERE user = ? ORDER BY source, key`,
      ),
      sync: db.prepare<[string], { opted_in: number; last_end_time: string | null; last_result: SyncResult }>(`SELECT * FROM exchange_sync WHERE user = ?`),
      upsertSync: db.prepare<[string, number, string | null, string]>(
        `INSERT INTO exchange_sync (user, opted_in, last_end_time, last_result) VALUES (?, ?, ?, ?)
         ON CONFLICT (user) DO UPDATE SET opted_in = excluded.opted_in, last_end_time = excluded.last_end_time, last_result = excluded.last_result`,
      ),
      enqueue: db.prepare<[string, string, number, string | null, string | null, string, number]>(
        `INSERT INTO propagations (user, kind, task_id, last_modified, mapped_key, mapped_key_state, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Only the head of each user's queue: a propagation waiting for a retry holds back the later ones of its user.
      due: db.prepare<[number, number, number], PropagationRow>(
        `SELECT * FROM propagations p WHERE not_before <= ? AND queued_at + ? <= ?
         AND NOT EXISTS (SELECT 1 FROM propagations q WHERE q.user = p.user AND q.id < p.id) ORDER BY id LIMIT 100`,
      ),
      nextDue: db.prepare<[number], { t: number | null }>(`SELECT MIN(MAX(not_before, queued_at + ?)) AS t FROM propagations`),
      pendingFor: db.prepare<[string], PropagationRow>(`SELECT * FROM propagations WHERE user = ? ORDER BY id`),
      removePropagation: db.prepare<[number]>(`DELETE FROM propagations WHERE id = ?`),
      retryPropagation: db.prepare<[number, string, number]>(`UPDATE propagations SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?`),
    };
  }

  /**
   * Starts a job of `kind` for `user` unless one is running: one transaction, so concurrent calls create exactly one.
   */
  beginJob(user: string, kind: 'refresh' | 'sync', now: number, dueAt: number): { created: boolean; job: Job } {
    return this.db.transaction(() => {
      const running = this.q.running.get(user, kind);
      if (running) return { created: false, job: toJob(running) };
      const id = Number(this.q.insertJob.run(user, kind, now, dueAt).lastInsertRowid);
      return { created: true, job: toJob(this.q.job.get(id)!) };
    }).immediate();
  }

  runningJob(user: string, kind: 'refresh' | 'sync'): Job | undefined {
    const r = this.q.running.get(user, kind);
    return r && toJob(r);
  }

  runningJobs(): Job[] {
    return this.q.allRunning.all().map(toJob);
  }

  job(id: number): Job | undefined {
    const r = this.q.job.get(id);
    return r && toJob(r);
  }

  jobs(user: string): Job[] {
    return this.q.jobs.all(user).map(toJob);
  }

  /** Replaces the user's tasks from each of `sources` with `tasks` and completes the job, atomically. */
  completeRefresh(job: Job, sources: readonly string[], tasks: readonly TaskRecord[], now: number, detail: string | null): void {
    this.db.transaction(() => {
      for (const s of sources) this.q.deleteTasks.run(job.user, s);
      for (const t of tasks) this.q.insertTask.run(job.user, t.source, t.key, t.title, t.dueDate, t.completed ? 1 : 0, job.id);
      this.q.finishJob.run('done', now, detail, job.id);
    }).immediate();
  }

  failJob(job: Job, now: number, detail: string): void {
    this.q.finishJob.run('failed', now, detail, job.id);
  }

  tasks(user: string): TaskRecord[] {
    return this.q.tasks.all(user).map((r) => ({ source: r.source, key: r.key, title: r.title, dueDate: r.due_date, completed: r.completed === 1 }));
  }

  syncState(user: string): SyncState {
    const r = this.q.sync.get(user);
    return r ? { optedIn: r.opted_in === 1, lastEndTime: r.last_end_time, lastResult: r.last_result } : { optedIn: false, lastEndTime: null, lastResult: 'NoValue' };
  }

  setSyncState(user: string, s: SyncState): void {
    this.q.upsertSync.run(user, s.optedIn ? 1 : 0, s.lastEndTime, s.lastResult);
  }

  /** Read-modify-write of a user's sync state in one transaction. */
  updateSyncState<T>(user: string, f: (s: SyncState) => { next?: SyncState; result: T }): T {
    return this.db.transaction(() => {
      const { next, result } = f(this.syncState(user));
      if (next) this.setSyncState(user, next);
      return result;
    }).immediate();
  }

  /** Finishes a sync job and records its outcome in the user's sync state, atomically. */
  completeSync(job: Job, result: SyncResult, endTime: string, tasks: readonly TaskRecord[] | undefined, now: number): void {
    this.db.transaction(() => {
      if (tasks) {
        this.q.deleteTasks.run(job.user, 'exchange');
        for (const t of tasks) this.q.insertTask.run(job.user, t.source, t.key, t.title, t.dueDate, t.completed ? 1 : 0, job.id);
      }
      const s = this.syncState(job.user);
      this.setSyncState(job.user, { ...s, lastEndTime: endTime, lastResult: result });
      this.q.finishJob.run(result === 'Success' || result === 'SyncWithErrors' ? 'done' : 'failed', now, result, job.id);
    }).immediate();
  }

  enqueuePropagation(p: Omit<Propagation, 'id' | 'attempts' | 'notBefore'>, now: number): number {
    const state = p.mappedKey === undefined ? 'absent' : p.mappedKey === null ? 'nil' : 'value';
    return Number(this.q.enqueue.run(p.user, p.kind, p.taskId, p.lastModified, p.mappedKey ?? null, state, now).lastInsertRowid);
  }

  /** Up to 100 propagations that are due: queued at least `delayMs` ago and not waiting for a retry. */
  duePropagations(now: number, delayMs: number): Propagation[] {
    return this.q.due.all(now, delayMs, now).map(toPropagation);
  }

  /** When the next queued propagation becomes due, or undefined when the queue is empty. */
  nextPropagationDue(delayMs: number): number | undefined {
    return this.q.nextDue.get(delayMs)?.t ?? undefined;
  }

  pendingPropagations(user: string): Propagation[] {
    return this.q.pendingFor.all(user).map(toPropagation);
  }

  removePropagation(id: number): void {
    this.q.removePropagation.run(id);
  }

  retryPropagation(id: number, notBefore: number, error: string): void {
    this.q.retryPropagation.run(notBefore, error.slice(0, 500), id);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toPropagation(r: PropagationRow): Propagation {
  return {
    id: r.id,
    user: r.user,
    kind: r.kind,
    taskId: r.task_id,
    lastModified: r.last_modified,
    mappedKey: r.mapped_key_state === 'absent' ? undefined : r.mapped_key_state === 'nil' ? null : r.mapped_key,
    attempts: r.attempts,
    notBefore: r.not_before,
  };
}
