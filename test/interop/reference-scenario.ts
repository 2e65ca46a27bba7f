import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileExternalTaskServer, type ExternalTask, type ExternalTaskServer } from '../../samples/ms-wms-service/external-task-server';
import { startReferenceService, type RunningReferenceService } from '../../samples/ms-wms-service/reference-service';
import type { Propagation } from '../../samples/ms-wms-service/store';
import { parseUsers } from '../../samples/ms-wms-service/users';
import type { Call, Reply } from './line-client';

/**
 * The interop scenario against the MS-WMS reference service (samples/ms-wms-service), shared by every client kind
 * (zeep over SOAP 1.1 and 1.2, gSOAP, Mono WCF, node-soap): all nine operations, every returned value asserted
 * against what the service's store and external task server hold, and isolation between users.
 */

export const PASSWORDS: Readonly<Record<string, string>> = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw', dave: 'dave-pw' };

/** alice and bob have a full profile; carol has no e-mail address, dave no personal site. */
const USERS = parseUsers(
  JSON.stringify({
    alice: { password: PASSWORDS.alice, email: 'alice@example.com', personalSite: 'http://sp.example/personal/alice' },
    bob: { password: PASSWORDS.bob, email: 'bob@example.com', personalSite: 'http://sp.example/personal/bob' },
    carol: { password: PASSWORDS.carol, personalSite: 'http://sp.example/personal/carol' },
    dave: { password: PASSWORDS.dave, email: 'dave@example.com' },
  }),
  'interop users',
);

/**
 * The file-backed external task server, except that a sync job's read of the user's tasks waits until the test
 * opens the gate: with syncMs 0 an Exchange sync job stays running exactly as long as the test wants (no timing).
 */
class GatedExternal implements ExternalTaskServer {
  private open = false;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly files: FileExternalTaskServer) {}
  apply(change: Propagation): Promise<void> {
    return this.files.apply(change);
  }
  check(): Promise<void> {
    return this.files.check();
  }
  async tasks(user: string): Promise<readonly ExternalTask[]> {
    while (!this.open) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.files.tasks(user);
  }
  release(): void {
    this.open = true;
    for (const w of this.waiting.splice(0)) w();
  }
}

export interface Harness {
  readonly svc: RunningReferenceService;
  readonly url: string;
  /** The user's tasks on the external task server (its files, read directly: not through the sync gate). */
  readonly externalTasks: (user: string) => Promise<readonly ExternalTask[]>;
  /** Lets the running (and every later) Exchange sync job complete. */
  readonly releaseSync: () => void;
  readonly close: () => Promise<void>;
}

/** A fresh reference service on 127.0.0.1 (own data folder): refresh jobs outlive the test, sync jobs wait for releaseSync. */
export async function startHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wsdl2ts-interop-ref-'));
  const external = new GatedExternal(new FileExternalTaskServer(path.join(dataDir, 'external-task-server')));
  const log: string[] = [];
  const svc = await startReferenceService({ dataDir, users: USERS, external, jobMs: 600_000, syncMs: 0, propagationDelayMs: 0, log: (l) => log.push(l) });
  return {
    svc,
    url: svc.url,
    externalTasks: (user) => external.files.tasks(user),
    releaseSync: () => external.release(),
    close: async () => {
      external.release(); // a sync job waiting at the gate would keep stop() waiting
      await svc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (ok()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Asserts one call's result, naming the step in the diff when it differs. */
function expectResult(step: string, reply: Reply, expected: unknown): void {
  expect({ step, reply: reply.ok ? { ok: true, result: reply.result } : reply }).toStrictEqual({ step, reply: { ok: true, result: expected } });
}

function result(step: string, reply: Reply): unknown {
  if (!reply.ok) expect({ step, reply }).toStrictEqual({ step, reply: { ok: true } });
  return reply.result;
}

/**
 * A GetExchangeSyncInfo result with a LastEndTime: the dates the clients print (Z or +00:00, with or without
 * fractions) are compared with the store's to the second (gSOAP's xs:dateTime is a time_t).
 */
function expectSyncInfo(step: string, reply: Reply, expected: { IsOptedIn: boolean; LastEndTime: string | null; LastSyncResult: string }): void {
  const got = result(step, reply) as Record<string, unknown>;
  const second = (t: unknown) => (typeof t === 'string' ? Math.floor(Date.parse(t) / 1000) : t);
  expect(expected.LastEndTime).not.toBeNull();
  expect({ step, result: { ...got, LastEndTime: second(got.LastEndTime) } }).toStrictEqual({ step, result: { ...expected, LastEndTime: second(expected.LastEndTime) } });
}

export interface ScenarioOptions {
  /** Checked on every successful reply (e.g. the SOAP version the exchange used). */
  readonly check?: (reply: Reply) => void;
}

/**
 * Drives `call` through the scenario. Users: alice and bob (full profiles), carol (no e-mail), dave (no personal
 * site). Each value a client returns is compared with the service's own state (store, external task server).
 */
export async function runScenario(h: Harness, call: Call, o: ScenarioOptions = {}): Promise<void> {
  const { store, service } = h.svc;
  const as =
    (user: string, password = PASSWORDS[user]!) =>
    async (op: string, ...args: string[]): Promise<Reply> => {
      const r = await call(user, password, op, ...args);
      if (r.ok) o.check?.(r);
      return r;
    };
  const alice = as('alice');
  const bob = as('bob');
  const fresh = { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'NoValue' };
  const external = async (user: string) => {
    await service.drain();
    expect(store.pendingPropagations(user)).toEqual([]);
    return (await h.externalTasks(user)).map((t) => ({ taskId: t.taskId, location: t.location, lastModified: t.lastModified === null ? null : new Date(t.lastModified).toISOString() }));
  };

  // 1. alice, with no state yet: not opted in, so no Exchange sync can start (MS-WMS 3.1.4.2, 3.1.4.6, 3.1.4.8).
  expectResult('alice GetExchangeSyncInfo (fresh)', await alice('GetExchangeSyncInfo'), fresh);
  expectResult('alice OptOutOfExchangeSync (not opted in)', await alice('OptOutOfExchangeSync'), false);
  expectResult('alice BeginExchangeSync (not opted in)', await alice('BeginExchangeSync'), false);
  expectResult('alice GetExchangeSyncInfo (kickoff failed)', await alice('GetExchangeSyncInfo'), { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'CouldNotKickoffJob' });

  // 2. alice's refresh job: created once, then reported as running (3.1.4.1).
  const created = result('alice BeginCacheRefresh', await alice('BeginCacheRefresh'));
  const aliceJob = store.runningJob('alice', 'refresh');
  expect(aliceJob).toBeDefined();
  expectResult('alice BeginCacheRefresh', { op: 'BeginCacheRefresh', ok: true, result: created }, { CreatedJob: true, CurrentJobId: aliceJob!.id, CurrentJobIdClient: aliceJob!.id, EncounteredError: false });
  expectResult('alice BeginCacheRefresh (job running)', await alice('BeginCacheRefresh'), { CreatedJob: false, CurrentJobId: aliceJob!.id, CurrentJobIdClient: aliceJob!.id, EncounteredError: false });

  // 3. alice opts in (3.1.4.7).
  expectResult('alice OptIntoExchangeSync', await alice('OptIntoExchangeSync'), 'Success');
  expectResult('alice OptIntoExchangeSync (again)', await alice('OptIntoExchangeSync'), 'UserAlreadyOptedIn');
  expectResult('alice GetExchangeSyncInfo (opted in)', await alice('GetExchangeSyncInfo'), { IsOptedIn: true, LastEndTime: null, LastSyncResult: 'CouldNotKickoffJob' });

  // 4. bob sees none of it, and gets his own refresh job while alice's runs.
  expectResult('bob GetExchangeSyncInfo (alice opted in)', await bob('GetExchangeSyncInfo'), fresh);
  const bobCreated = result('bob BeginCacheRefresh', await bob('BeginCacheRefresh'));
  const bobJob = store.runningJob('bob', 'refresh');
  expect(bobJob).toBeDefined();
  expect(bobJob!.id).not.toBe(aliceJob!.id);
  expectResult('bob BeginCacheRefresh (alice’s job running)', { op: 'BeginCacheRefresh', ok: true, result: bobCreated }, { CreatedJob: true, CurrentJobId: bobJob!.id, CurrentJobIdClient: bobJob!.id, EncounteredError: false });
  expectResult('bob BeginExchangeSync (only alice opted in)', await bob('BeginExchangeSync'), false);
  expectResult('bob OptOutOfExchangeSync (only alice opted in)', await bob('OptOutOfExchangeSync'), false);
  expect(store.runningJob('alice', 'refresh')!.id).toBe(aliceJob!.id);
  expect(store.syncState('alice')).toEqual({ optedIn: true, lastEndTime: null, lastResult: 'CouldNotKickoffJob' });

  // 5. alice's Exchange sync job (held running at the gate): one at a time; while it runs she cannot opt in again.
  expectResult('alice BeginExchangeSync', await alice('BeginExchangeSync'), true);
  expect(store.runningJob('alice', 'sync')).toBeDefined();
  expectResult('alice BeginExchangeSync (sync running)', await alice('BeginExchangeSync'), false);
  expectResult('alice OptOutOfExchangeSync', await alice('OptOutOfExchangeSync'), true);
  expectResult('alice OptIntoExchangeSync (sync running)', await alice('OptIntoExchangeSync'), 'UserExchangeOperationPending');
  expectResult('alice GetExchangeSyncInfo (opted out, sync running)', await alice('GetExchangeSyncInfo'), { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'CouldNotKickoffJob' });
  // alice's pending sync does not block bob.
  expectResult('bob OptIntoExchangeSync (alice’s sync running)', await bob('OptIntoExchangeSync'), 'Success');
  // (bob's own BeginExchangeSync in step 4 failed: that is his LastSyncResult, whatever alice's job does.)
  expectResult('bob GetExchangeSyncInfo (opted in)', await bob('GetExchangeSyncInfo'), { IsOptedIn: true, LastEndTime: null, LastSyncResult: 'CouldNotKickoffJob' });
  expect(store.syncState('alice').optedIn).toBe(false);

  // 6. Propagations (3.1.4.3-3.1.4.5, 3.1.4.9): acknowledged empty, applied to the caller's tasks on the external
  //    task server once the queue is drained.
  expectResult('alice BeginCreateTaskPropagation 42', await alice('BeginCreateTaskPropagation', '42'), null);
  expect(await external('alice')).toEqual([{ taskId: 42, location: null, lastModified: null }]);
  expectResult('alice BeginUpdateTaskPropagation 42', await alice('BeginUpdateTaskPropagation', '42', '2024-01-02T03:04:05Z'), null);
  expect(await external('alice')).toEqual([{ taskId: 42, location: null, lastModified: '2024-01-02T03:04:05.000Z' }]);
  expectResult('alice BeginRelocateTaskPropagation 42', await alice('BeginRelocateTaskPropagation', '42', 'Tasks/Archive'), null);
  expect(await external('alice')).toEqual([{ taskId: 42, location: 'Tasks/Archive', lastModified: '2024-01-02T03:04:05.000Z' }]);
  expectResult('alice BeginCreateTaskPropagation 43', await alice('BeginCreateTaskPropagation', '43'), null);
  expectResult('alice BeginCreateTaskPropagation 44', await alice('BeginCreateTaskPropagation', '44'), null);
  expect((await external('alice')).map((t) => t.taskId)).toEqual([42, 43, 44]);
  expectResult('alice BeginDeleteTaskPropagation 43 (mappedKey nil)', await alice('BeginDeleteTaskPropagation', '43', '@nil'), null);
  expectResult('alice BeginRelocateTaskPropagation 44', await alice('BeginRelocateTaskPropagation', '44', 'Tasks/Later'), null);
  expect((await external('alice')).map((t) => [t.taskId, t.location])).toEqual([[42, 'Tasks/Archive'], [44, 'Tasks/Later']]);
  // A nil mappedKey moves the task back to the default folder.
  expectResult('alice BeginRelocateTaskPropagation 44 (mappedKey nil)', await alice('BeginRelocateTaskPropagation', '44', '@nil'), null);
  const aliceTasks = [
    { taskId: 42, location: 'Tasks/Archive', lastModified: '2024-01-02T03:04:05.000Z' },
    { taskId: 44, location: null, lastModified: null },
  ];
  expect(await external('alice')).toEqual(aliceTasks);
  // bob's task 42 is his own: alice's is untouched, and bob's propagations never land in alice's file.
  expect(await external('bob')).toEqual([]);
  expectResult('bob BeginCreateTaskPropagation 42', await bob('BeginCreateTaskPropagation', '42'), null);
  expectResult('bob BeginRelocateTaskPropagation 42', await bob('BeginRelocateTaskPropagation', '42', 'Bob/Inbox'), null);
  expectResult('bob BeginDeleteTaskPropagation 44 (alice’s task id)', await bob('BeginDeleteTaskPropagation', '44', '@nil'), null);
  expect(await external('bob')).toEqual([{ taskId: 42, location: 'Bob/Inbox', lastModified: null }]);
  expect(await external('alice')).toEqual(aliceTasks);

  // 7. alice's sync job completes: LastEndTime and LastSyncResult are hers only.
  h.releaseSync();
  await until(() => store.runningJob('alice', 'sync') === undefined, 'alice’s sync job to complete');
  const aliceSync = store.syncState('alice');
  expect(aliceSync.lastResult).toBe('Success');
  expectSyncInfo('alice GetExchangeSyncInfo (sync done)', await alice('GetExchangeSyncInfo'), { IsOptedIn: false, LastEndTime: aliceSync.lastEndTime, LastSyncResult: 'Success' });
  expectResult('bob GetExchangeSyncInfo (alice’s sync done)', await bob('GetExchangeSyncInfo'), { IsOptedIn: true, LastEndTime: null, LastSyncResult: 'CouldNotKickoffJob' });
  // The sync copied alice's external tasks into alice's task store only; bob never had a sync job.
  expect(store.tasks('alice').map((t) => [t.source, t.key])).toEqual([['exchange', '42'], ['exchange', '44']]);
  expect(store.tasks('bob')).toEqual([]);
  expect(store.jobs('bob').map((j) => [j.id, j.kind])).toEqual([[bobJob!.id, 'refresh']]);
  expectResult('alice OptIntoExchangeSync (sync done)', await alice('OptIntoExchangeSync'), 'Success');
  expectResult('alice BeginExchangeSync (opted in again)', await alice('BeginExchangeSync'), true);
  await until(() => store.runningJob('alice', 'sync') === undefined, 'alice’s second sync job to complete');
  const aliceSync2 = { IsOptedIn: true, LastEndTime: store.syncState('alice').lastEndTime, LastSyncResult: 'Success' };
  expectSyncInfo('alice GetExchangeSyncInfo (second sync done)', await alice('GetExchangeSyncInfo'), aliceSync2);

  // 8. The users the opt-in refuses (3.1.4.7.2.1): carol has no e-mail address, dave no personal site.
  expectResult('carol OptIntoExchangeSync', await as('carol')('OptIntoExchangeSync'), 'MissingEmailAddress');
  expectResult('carol GetExchangeSyncInfo', await as('carol')('GetExchangeSyncInfo'), fresh);
  expectResult('dave OptIntoExchangeSync', await as('dave')('OptIntoExchangeSync'), 'CouldNotFindOrCreateMySite');

  // 9. Credentials: a wrong password, an unknown user and bob with alice's password get HTTP 401 and change nothing.
  const before = { alice: store.syncState('alice'), bob: store.syncState('bob') };
  for (const [label, reply] of [
    ['alice with a wrong password', await as('alice', 'not-her-password')('OptOutOfExchangeSync')],
    ['an unknown user', await as('mallory', PASSWORDS.alice)('OptIntoExchangeSync')],
    ['bob with alice’s password', await as('bob', PASSWORDS.alice)('OptOutOfExchangeSync')],
  ] as const) {
    expect({ label, ok: reply.ok, status: reply.status }).toStrictEqual({ label, ok: false, status: 401 });
  }
  expect(await as('alice', 'wrong')('BeginCreateTaskPropagation', '77')).toMatchObject({ ok: false, status: 401 });
  expect({ alice: store.syncState('alice'), bob: store.syncState('bob') }).toEqual(before);
  expect(await external('alice')).toEqual(aliceTasks);
  expectSyncInfo('alice GetExchangeSyncInfo (after the refused calls)', await alice('GetExchangeSyncInfo'), aliceSync2);
}
