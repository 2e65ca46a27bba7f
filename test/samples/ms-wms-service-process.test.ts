import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../../samples/ms-wms-service/generated/client';

/** The reference service as a process: `npm run serve:ms-wms`, killed and restarted; and `npm run demo`. */
const REPO = path.resolve(__dirname, '../..');
const SERVE = path.join(REPO, 'dist-samples/ms-wms-service/serve.js');

let work: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  if (!existsSync(SERVE)) throw new Error(`${SERVE} is missing: run npm run build (npm ci runs it)`);
  work = mkdtempSync(path.join(tmpdir(), 'wms-proc-'));
  writeFileSync(path.join(work, 'users.json'), JSON.stringify({ alice: { password: 'pw-a', email: 'a@example.com', personalSite: 'http://sp/personal/alice' } }));
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function serve(...args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [SERVE, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, out: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

test('a propagation acknowledged just before the process is killed is applied after the restart', async () => {
  const data = path.join(work, 'data');
  const first = await serve('--port', '0', '--users', 'users.json', '--data', data, '--propagation-ms', '600000');
  const alice = new WmsClient({ endpoint: first.url, auth: { basic: { user: 'alice', password: 'pw-a' } } });
  await alice.optIntoExchangeSync();
  await alice.beginRelocateTaskPropagation({ taskId: 12, mappedKey: 'Done' });
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  const file = path.join(data, 'external-task-server', 'alice.json');
  expect(existsSync(file)).toBe(false);
  const second = await serve('--port', '0', '--users', 'users.json', '--data', data);
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  expect(JSON.parse(readFileSync(file, 'utf8')).tasks).toMatchObject([{ taskId: 12, location: 'Done' }]);
  const again = new WmsClient({ endpoint: second.url, auth: { basic: { user: 'alice', password: 'pw-a' } } });
  expect(await again.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastEndTime: null, LastSyncResult: 'NoValue' } });
  second.child.kill('SIGTERM');
});

test('without --users it creates a demo user and prints its credentials', async () => {
  const s = await serve('--port', '0', '--data', path.join(work, 'demo-data'));
  await new Promise((r) => setTimeout(r, 50));
  const m = /demo user "demo", password "([^"]+)"/.exec(s.out());
  expect(m).not.toBeNull();
  const c = new WmsClient({ endpoint: s.url, auth: { basic: { user: 'demo', password: m![1]! } } });
  expect((await c.beginCacheRefresh()).BeginCacheRefreshResult).toMatchObject({ CreatedJob: true, EncounteredError: false });
  s.child.kill('SIGTERM');
});

test.each([
  ['{"alice": {"password": 1}}', /bad\.json: user "alice": password must be a non-empty string/],
  ['{"alice": {"password": "x", "mail": "a@b"}}', /unknown field "mail"/],
  ['{"../x": {"password": "x"}}', /user "\.\.\/x": a user name is/],
  ['{\n  "alice": {\n    "password": "x",,\n', /bad\.json:3:\d+: not valid JSON/],
])('a bad users file stops the service with a message naming the file: %s', (text, message) => {
  writeFileSync(path.join(work, 'bad.json'), text);
  const r = spawnSync(process.execPath, [SERVE, '--users', 'bad.json', '--data', path.join(work, 'bad-data')], { cwd: work, encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(message);
});

test('bad flags exit 2 with the usage line', () => {
  const r = spawnSync(process.execPath, [SERVE, '--port', 'eighty'], { cwd: work, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--port must be an integer/);
  expect(r.stderr).toMatch(/usage: npm run serve:ms-wms/);
});

test('npm run demo with no --endpoint starts the reference service and makes the nine calls', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'samples/demo.js')], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(0);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { operation: string; ok: boolean; result?: unknown });
  expect(lines.map((l) => l.operation).sort()).toStrictEqual(
    ['BeginCacheRefresh', 'BeginCreateTaskPropagation', 'BeginDeleteTaskPropagation', 'BeginExchangeSync', 'BeginRelocateTaskPropagation', 'BeginUpdateTaskPropagation', 'GetExchangeSyncInfo', 'OptIntoExchangeSync', 'OptOutOfExchangeSync'],
  );
  expect(lines.every((l) => l.ok)).toBe(true);
  expect(lines[0]!.result).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 1, CurrentJobIdClient: 1, EncounteredError: false } });
  expect(lines.find((l) => l.operation === 'BeginExchangeSync')!.result).toStrictEqual({ BeginExchangeSyncResult: true });
  expect(r.stderr).toMatch(/external task server now holds \[\{"taskId":42,"location":null,"lastModified":"2024-01-02T03:04:05Z"\},\{"taskId":44,"location":"Tasks\/Archive","lastModified":null\}\]/);
});
