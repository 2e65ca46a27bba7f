import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../../samples/ms-wms-service/generated/client';
import { ExternalServerUnavailable, FileExternalTaskServer } from '../../samples/ms-wms-service/external-task-server';
import { startReferenceService, type ReferenceServiceOptions, type RunningReferenceService } from '../../samples/ms-wms-service/reference-service';
import { NO_VALUE } from '../../samples/ms-wms-service/service';
import type { Propagation } from '../../samples/ms-wms-service/store';
import { parseUsers } from '../../samples/ms-wms-service/users';

const USERS = parseUsers(
  JSON.stringify({
    alice: { password: 'alice-pw', email: 'alice@example.com', personalSite: 'http://sp/personal/alice' },
    bob: { password: 'bob-pw', email: 'bob@example.com', personalSite: 'http://sp/personal/bob' },
    carol: { password: 'carol-pw', personalSite: 'http://sp/personal/carol' },
    dave: { password: 'dave-pw', email: 'dave@example.com' },
  }),
  'users.json',
);

const dirs: string[] = [];
const running: RunningReferenceService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'wms-test-'));
  dirs.push(d);
  return d;
}

async function start(o: Partial<ReferenceServiceOptions> & { dataDir?: string } = {}) {
  const s = await startReferenceService({ users: USERS, jobMs: 60_000, ...o, dataDir: o.dataDir ?? dataDir() });
  running.push(s);
  return s;
}

const client = (s: { url: string }, user: string, password = `${user}-pw`) => new WmsClient({ endpoint: s.url, auth: { basic: { user, password } } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(f: () => T | Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await f();
    if (ok(v)) return v;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('BeginCacheRefresh (MS-WMS 3.1.4.1)', () => {
  test('50 concurrent calls for one user create exactly one job; the others report its id', async () => {
    const s = await start({ jobMs: 400 });
    const alice = client(s, 'alice');
    const results = await Promise.all(Array.from({ length: 50 }, () => alice.beginCacheRefresh()));
    const created = results.filter((r) => r.BeginCacheRefreshResult?.CreatedJob === true);
    expect(created).toHaveLength(1);
    const id = created[0]!.BeginCacheRefreshResult!.CurrentJobId!;
    expect(typeof id).toBe('number');
    for (const r of results) {
      expect(r.BeginCacheRefreshResult).toMatchObject({ CurrentJobId: id, CurrentJobIdClient: id, EncounteredError: false });
    }
    expect(s.store.jobs('alice').filter((j) => j.kind === 'refresh')).toHaveLength(1);
    // Another user's job is independent of alice's.
    const bob = await client(s, 'bob').beginCacheRefresh();
    expect(bob.BeginCacheRefreshResult).toMatchObject({ CreatedJob: true, EncounteredError: false });
    expect(bob.BeginCacheRefreshResult!.CurrentJobId).not.toBe(id);
    // Once alice's job completed, the next call creates a new one.
    await until(() => s.store.job(id)!.state, (st) => st !== 'running', 'the job to complete');
    expect(s.store.job(id)!.state).toBe('done');
    const again = await alice.beginCacheRefresh();
    expect(again.BeginCacheRefreshResult!.CreatedJob).toBe(true);
    expect(again.BeginCacheRefreshResult!.CurrentJobId).toBeGreaterThan(id);
  });

  test('a job aggregates the user’s task files into the user’s task store, and reports bad entries', async () => {
    const d = dataDir();
    const tasks = path.join(d, 'task-sources');
    mkdirSync(path.join(tasks, 'alice'), { recursive: true });
    mkdirSync(path.join(tasks, 'bob'), { recursive: true });
    writeFileSync(path.join(tasks, 'alice', 'a.json'), JSON.stringify([{ id: 1, title: 'Write report', dueDate: '2026-12-01' }, { id: 'x2', title: 'Call Bob', completed: true }, { title: 'no id' }]));
    writeFileSync(path.join(tasks, 'alice', 'b.json'), '{not json');
    writeFileSync(path.join(tasks, 'bob', 'a.json'), JSON.stringify([{ id: 7, title: 'Bob only' }]));
    const s = await start({ dataDir: d, jobMs: 50 });
    const r = await client(s, 'alice').beginCacheRefresh();
    const id = r.BeginCacheRefreshResult!.CurrentJobId!;
    await until(() => s.store.job(id)!.state, (st) => st === 'done', 'the job');
    expect(s.store.tasks('alice')).toStrictEqual([
      { source: 'files', key: '1', title: 'Write report', dueDate: '2026-12-01', completed: false },
      { source: 'files', key: 'x2', title: 'Call Bob', dueDate: null, completed: true },
    ]);
    expect(s.store.job(id)!.detail).toMatch(/a\.json\[2\]: a task needs an id and a title/);
    expect(s.store.job(id)!.detail).toMatch(/b\.json: /);
    expect(s.store.tasks('bob')).toStrictEqual([]);
  });

  test('when the job cannot be created: EncounteredError, CurrentJobId nil and CurrentJobIdClient = NoValue (-1)', async () => {
    const s = await start();
    const alice = client(s, 'alice');
    s.store.close(); // every later store call throws, as a failed database would
    const r = await alice.beginCacheRefresh();
    expect(NO_VALUE).toBe(-1);
    expect(r).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: false, CurrentJobId: null, CurrentJobIdClient: -1, EncounteredError: true } });
  });
});

describe('Exchange sync (3.1.4.2, 3.1.4.6-3.1.4.8)', () => {
  test('opt-in → sync → info reflects the sync; the spec’s result values', async () => {
    const s = await start({ jobMs: 60_000, syncMs: 150 });
    const alice = client(s, 'alice');
    expect(await alice.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'NoValue' } });
    expect(await alice.beginExchangeSync()).toStrictEqual({ BeginExchangeSyncResult: false });
    expect(await alice.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'CouldNotKickoffJob' } });
    expect(await alice.optOutOfExchangeSync()).toStrictEqual({ OptOutOfExchangeSyncResult: false });
    expect(await alice.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'Success' });
    expect(await alice.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'UserAlreadyOptedIn' });
    await alice.beginCreateTaskPropagation({ taskId: 5 });
    await s.service.drain();
    const before = Date.now();
    expect(await alice.beginExchangeSync()).toStrictEqual({ BeginExchangeSyncResult: true });
    expect(await alice.beginExchangeSync()).toStrictEqual({ BeginExchangeSyncResult: false }); // one sync at a time
    // Opting out and in again while the sync runs: the operation is pending.
    expect(await alice.optOutOfExchangeSync()).toStrictEqual({ OptOutOfExchangeSyncResult: true });
    expect(await alice.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'UserExchangeOperationPending' });
    const info = await until(() => alice.getExchangeSyncInfo(), (i) => i.GetExchangeSyncInfoResult?.LastSyncResult === 'Success', 'the sync');
    const end = Date.parse(info.GetExchangeSyncInfoResult!.LastEndTime!);
    expect(end).toBeGreaterThanOrEqual(before - 5);
    expect(info.GetExchangeSyncInfoResult!.IsOptedIn).toBe(false);
    expect(s.store.tasks('alice')).toStrictEqual([{ source: 'exchange', key: '5', title: 'Task 5', dueDate: null, completed: false }]);
    expect(await alice.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'Success' });
    // Nothing of this is bob's.
    expect(await client(s, 'bob').getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'NoValue' } });
  });

  test('profiles: no e-mail → MissingEmailAddress, no personal site → CouldNotFindOrCreateMySite, unreachable server → CouldNotConnectToExchange', async () => {
    const s = await start();
    expect(await client(s, 'carol').optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'MissingEmailAddress' });
    expect(await client(s, 'dave').optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'CouldNotFindOrCreateMySite' });
    const down = new FileExternalTaskServer(dataDir());
    down.check = async () => {
      throw new ExternalServerUnavailable('down');
    };
    const s2 = await start({ external: down });
    expect(await client(s2, 'alice').optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'CouldNotConnectToExchange' });
    expect(await client(s2, 'alice').getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: false, LastEndTime: null, LastSyncResult: 'NoValue' } });
  });
});

describe('task propagation (3.1.4.3-3.1.4.5, 3.1.4.9)', () => {
  test('each change is acknowledged, queued and applied to the external task server in order, per user', async () => {
    const d = dataDir();
    const s = await start({ dataDir: d, propagationDelayMs: 60_000 });
    const alice = client(s, 'alice');
    const bob = client(s, 'bob');
    await expect(alice.beginCreateTaskPropagation({ taskId: 1 })).resolves.toBeUndefined();
    await alice.beginCreateTaskPropagation({ taskId: 2 });
    await alice.beginUpdateTaskPropagation({ taskId: 1, lastModified: '2026-01-02T03:04:05Z' });
    await alice.beginRelocateTaskPropagation({ taskId: 1, mappedKey: 'Archive' });
    await alice.beginDeleteTaskPropagation({ taskId: 2, mappedKey: null });
    await bob.beginCreateTaskPropagation({ taskId: 9 });
    // Acknowledged and durable, not yet applied.
    expect(s.store.pendingPropagations('alice').map((p) => [p.kind, p.taskId, p.mappedKey])).toStrictEqual([
      ['create', 1, undefined],
      ['create', 2, undefined],
      ['update', 1, undefined],
      ['relocate', 1, 'Archive'],
      ['delete', 2, null],
    ]);
    expect(await s.external.tasks('alice')).toStrictEqual([]);
    await s.close();
    const s2 = await start({ dataDir: d });
    await s2.service.drain();
    expect((await s2.external.tasks('alice')).map(({ taskId, location, lastModified }) => ({ taskId, location, lastModified }))).toStrictEqual([
      { taskId: 1, location: 'Archive', lastModified: '2026-01-02T03:04:05Z' },
    ]);
    expect((await s2.external.tasks('bob')).map((t) => t.taskId)).toStrictEqual([9]);
    expect(s2.store.pendingPropagations('alice')).toStrictEqual([]);
  });

  test('a failing external server is retried later without reordering that user’s changes; others go on', async () => {
    const d = dataDir();
    const external = new FileExternalTaskServer(path.join(d, 'ext'));
    const apply = external.apply.bind(external);
    let failures = 1;
    external.apply = async (p: Propagation) => {
      if (p.user === 'alice' && failures-- > 0) throw new ExternalServerUnavailable('try later');
      return apply(p);
    };
    const s = await start({ dataDir: d, external });
    await client(s, 'alice').beginCreateTaskPropagation({ taskId: 1 });
    await client(s, 'alice').beginDeleteTaskPropagation({ taskId: 1 });
    await client(s, 'bob').beginCreateTaskPropagation({ taskId: 3 });
    await until(() => s.store.pendingPropagations('alice').length, (n) => n === 0, 'the retry');
    expect(await external.tasks('alice')).toStrictEqual([]); // created, then deleted: the order held
    expect((await external.tasks('bob')).map((t) => t.taskId)).toStrictEqual([3]);
  });

  test('a propagation without taskId is a client fault, and nothing is queued', async () => {
    const s = await start();
    const e = await client(s, 'alice').beginCreateTaskPropagation({}).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(rt.SoapFaultError);
    expect((e as rt.SoapFaultError).reason).toBe('taskId is required');
    expect(s.store.pendingPropagations('alice')).toStrictEqual([]);
  });
});

describe('identity and restarts', () => {
  test('wrong or missing credentials get 401 with a Basic challenge; other paths 404', async () => {
    const s = await start();
    const e = await client(s, 'alice', 'wrong').beginCacheRefresh().then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(rt.HttpError);
    expect((e as rt.HttpError).status).toBe(401);
    const res = await fetch(s.url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: '<x/>' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="WorkManagementService"/);
    expect(s.store.jobs('alice')).toStrictEqual([]);
    expect((await fetch(s.url.replace('WorkManagementService.svc', 'other'))).status).toBe(404);
  });

  test('opt-in state, running jobs and queued propagations survive a restart', async () => {
    const d = dataDir();
    const s = await start({ dataDir: d, propagationDelayMs: 60_000 });
    const alice = client(s, 'alice');
    await alice.optIntoExchangeSync();
    const job = (await alice.beginCacheRefresh()).BeginCacheRefreshResult!.CurrentJobId!;
    await alice.beginCreateTaskPropagation({ taskId: 77 });
    await s.close();
    const s2 = await start({ dataDir: d });
    const again = client(s2, 'alice');
    expect(await again.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastEndTime: null, LastSyncResult: 'NoValue' } });
    expect(await again.beginCacheRefresh()).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: false, CurrentJobId: job, CurrentJobIdClient: job, EncounteredError: false } });
    await s2.service.drain();
    expect((await s2.external.tasks('alice')).map((t) => t.taskId)).toStrictEqual([77]);
  });
});
