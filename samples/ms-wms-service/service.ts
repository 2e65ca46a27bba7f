import type { DefaultBinding_IWorkManagementServiceApplicationHandler as Handler } from './generated/server';
import type { CreateRefreshJobResult } from './generated/types';
import { SoapFault } from '@wsdl2ts/runtime';
import { ExternalServerUnavailable, type ExternalTaskServer } from './external-task-server';
import type { Job, Propagation, PropagationKind, SyncResult, TaskRecord, WmsStore } from './store';
import type { TaskSource } from './task-sources';
import type { UserProfile } from './users';

/**
 * WmaClientConstants.NoValue: what CurrentJobIdClient carries when no job could be created (MS-WMS 3.1.4.1.3.1).
 * The spec names the constant without giving its value; job ids are positive, so -1 can never be a real job.
 */
export const NO_VALUE = -1;

export interface ServiceOptions {
  readonly store: WmsStore;
  readonly sources: readonly TaskSource[];
  readonly external: ExternalTaskServer;
  /** How long an aggregation (BeginCacheRefresh) job runs, in ms. */
  readonly jobMs: number;
  /** How long an Exchange sync job runs, in ms (default: jobMs). */
  readonly syncMs?: number;
  /** How long a queued propagation waits before it is sent to the external task server, in ms (default 0). */
  readonly propagationDelayMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/** The MS-WMS semantics (section 3.1.4), per authenticated user, on top of the generated handler interface. */
export class WorkManagementService {
  readonly handler: Handler<UserProfile>;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<void>>();
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  private pumping: Promise<void> | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(private readonly o: ServiceOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.handler = {
      beginCacheRefresh: (_input, ctx) => ({ BeginCacheRefreshResult: this.beginCacheRefresh(ctx.user) }),
      beginExchangeSync: (_input, ctx) => ({ BeginExchangeSyncResult: this.beginExchangeSync(ctx.user) }),
      optIntoExchangeSync: async (_input, ctx) => ({ OptIntoExchangeSyncResult: await this.optIn(ctx.user) }),
      optOutOfExchangeSync: (_input, ctx) => ({ OptOutOfExchangeSyncResult: this.optOut(ctx.user) }),
      getExchangeSyncInfo: (_input, ctx) => {
        const s = this.o.store.syncState(ctx.user.name);
        return { GetExchangeSyncInfoResult: { IsOptedIn: s.optedIn, LastEndTime: s.lastEndTime, LastSyncResult: s.lastResult } };
      },
      beginCreateTaskPropagation: (input, ctx) => this.propagate(ctx.user, 'create', input.taskId, null, undefined),
      beginUpdateTaskPropagation: (input, ctx) => {
        if (input.lastModified === undefined) throw new SoapFault('client', 'BeginUpdateTaskPropagation needs lastModified');
        this.propagate(ctx.user, 'update', input.taskId, input.lastModified, undefined);
      },
      beginDeleteTaskPropagation: (input, ctx) => this.propagate(ctx.user, 'delete', input.taskId, null, input.mappedKey),
      beginRelocateTaskPropagation: (input, ctx) => this.propagate(ctx.user, 'relocate', input.taskId, null, input.mappedKey),
    };
  }

  /** Resumes the jobs and the propagation queue a previous process left (their deadlines are kept). */
  start(): void {
    for (const job of this.o.store.runningJobs()) this.schedule(job);
    this.kick();
  }

  /** Stops the timers and waits for work in progress; state stays in the store for the next start(). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.queueTimer) clearTimeout(this.queueTimer);
    await Promise.all([...this.inFlight, this.pumping]);
  }

  /** Processes every propagation that is due now (tests use it instead of waiting for the queue timer). */
  async drain(): Promise<void> {
    while (this.pumping) await this.pumping;
    await this.pump();
  }

  private beginCacheRefresh(user: UserProfile): CreateRefreshJobResult {
    try {
      const now = this.now();
      const { created, job } = this.o.store.beginJob(user.name, 'refresh', now, now + this.o.jobMs);
      if (created) {
        this.log(`job ${job.id}: aggregating tasks for ${user.name}`);
        this.schedule(job);
      }
      return { CreatedJob: created, CurrentJobId: job.id, CurrentJobIdClient: job.id, EncounteredError: false };
    } catch (e) {
      this.log(`BeginCacheRefresh for ${user.name} failed: ${(e as Error).message}`);
      return { CreatedJob: false, CurrentJobId: null, CurrentJobIdClient: NO_VALUE, EncounteredError: true };
    }
  }

  private beginExchangeSync(user: UserProfile): boolean {
    const now = this.now();
    const state = this.o.store.syncState(user.name);
    if (!state.optedIn) {
      this.o.store.setSyncState(user.name, { ...state, lastResult: 'CouldNotKickoffJob' });
      return false;
    }
    const { created, job } = this.o.store.beginJob(user.name, 'sync', now, now + (this.o.syncMs ?? this.o.jobMs));
    if (created) this.schedule(job);
    return created;
  }

  private async optIn(user: UserProfile) {
    if (!user.email) return 'MissingEmailAddress' as const;
    if (!user.personalSite) return 'CouldNotFindOrCreateMySite' as const;
    try {
      await this.o.external.check(user.name);
    } catch (e) {
      if (e instanceof ExternalServerUnavailable) return 'CouldNotConnectToExchange' as const;
      throw e;
    }
    return this.o.store.updateSyncState(user.name, (s) => {
      if (s.optedIn) return { result: 'UserAlreadyOptedIn' as const };
      if (this.o.store.runningJob(user.name, 'sync')) return { result: 'UserExchangeOperationPending' as const };
      return { next: { ...s, optedIn: true }, result: 'Success' as const };
    });
  }

  private optOut(user: UserProfile): boolean {
    return this.o.store.updateSyncState(user.name, (s) => (s.optedIn ? { next: { ...s, optedIn: false }, result: true } : { result: false }));
  }

  /** Queues the change durably, then acknowledges: the queue is worked off asynchronously. */
  private propagate(user: UserProfile, kind: PropagationKind, taskId: number | undefined, lastModified: string | null, mappedKey: string | null | undefined): void {
    if (taskId === undefined) throw new SoapFault('client', 'taskId is required');
    this.o.store.enqueuePropagation({ user: user.name, kind, taskId, lastModified, mappedKey }, this.now());
    this.kick();
  }

  private schedule(job: Job): void {
    if (this.stopped || this.timers.has(job.id)) return;
    const t = setTimeout(() => {
      this.timers.delete(job.id);
      this.track(job.kind === 'refresh' ? this.finishRefresh(job) : this.finishSync(job));
    }, Math.max(0, job.dueAt - this.now()));
    t.unref?.();
    this.timers.set(job.id, t);
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((e) => this.log(`background work failed: ${(e as Error).message}`)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async finishRefresh(job: Job): Promise<void> {
    const tasks: TaskRecord[] = [];
    const done: string[] = [];
    const problems: string[] = [];
    for (const source of this.o.sources) {
      try {
        const r = await source.read(job.user);
        tasks.push(...r.tasks);
        problems.push(...r.problems);
        done.push(source.name);
      } catch (e) {
        problems.push(`${source.name}: ${(e as Error).message}`);
      }
    }
    if (done.length === 0 && this.o.sources.length > 0) {
      this.o.store.failJob(job, this.now(), problems.join('\n'));
      this.log(`job ${job.id}: failed: ${problems.join('; ')}`);
      return;
    }
    this.o.store.completeRefresh(job, done, tasks, this.now(), problems.length ? problems.join('\n') : null);
    this.log(`job ${job.id}: ${tasks.length} tasks for ${job.user}${problems.length ? ` (${problems.length} problems)` : ''}`);
  }

  private async finishSync(job: Job): Promise<void> {
    let result: SyncResult;
    let tasks: TaskRecord[] | undefined;
    try {
      const external = await this.o.external.tasks(job.user);
      tasks = external.map((t) => ({ source: 'exchange', key: String(t.taskId), title: `Task ${t.taskId}`, dueDate: null, completed: false }));
      result = 'Success';
    } catch (e) {
      result = e instanceof ExternalServerUnavailable ? 'CouldNotConnectToExchange' : 'UnknownError';
      this.log(`sync ${job.id} for ${job.user}: ${(e as Error).message}`);
    }
    this.o.store.completeSync(job, result, new Date(this.now()).toISOString(), tasks, this.now());
  }

  private kick(): void {
    if (this.stopped || this.pumping) return;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = setTimeout(() => {
      this.queueTimer = undefined;
      void this.pump();
    }, 0);
    this.queueTimer.unref?.();
  }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumping;
    const delay = this.o.propagationDelayMs ?? 0;
    const run = async (): Promise<void> => {
      await undefined; // so that `pumping` is set before the loop can finish
      try {
        for (;;) {
          if (this.stopped) return;
          const due = this.o.store.duePropagations(this.now(), delay);
          if (due.length === 0) break;
          for (const p of due) await this.deliver(p);
        }
        const next = this.o.store.nextPropagationDue(delay);
        if (next !== undefined && !this.stopped) {
          this.queueTimer = setTimeout(() => {
            this.queueTimer = undefined;
            void this.pump();
          }, Math.max(0, next - this.now()));
          this.queueTimer.unref?.();
        }
      } catch (e) {
        this.log(`the propagation queue stopped: ${(e as Error).message}`);
      } finally {
        this.pumping = undefined;
      }
    };
    this.pumping = run();
    return this.pumping;
  }

  private async deliver(p: Propagation): Promise<void> {
    try {
      await this.o.external.apply(p);
    } catch (e) {
      const delay = Math.min(60_000, 100 * 2 ** Math.min(p.attempts, 10));
      this.o.store.retryPropagation(p.id, this.now() + delay, (e as Error).message);
      this.log(`propagation ${p.id} (${p.kind} task ${p.taskId} for ${p.user}) failed, retrying in ${delay} ms: ${(e as Error).message}`);
      return;
    }
    this.o.store.removePropagation(p.id);
  }
}
