#!/usr/bin/env node
'use strict';
/**
 * npm run demo [-- --endpoint <url> [--soap 1.1|1.2] [--addressing] [--user U --password P] [--timeout ms]]
 *
 * Calls all nine MS-WMS operations with the client generated from samples/ms-wms.wsdl and prints one JSON line per
 * call: {"operation":"BeginCacheRefresh","ok":true,"result":{...}} or {"operation":...,"ok":false,"error":{"class":...,"message":...}}.
 * Without --endpoint it regenerates the MS-WMS code if it is missing or stale, starts the reference service
 * (samples/ms-wms-service) on a free 127.0.0.1 port with a throw-away data folder and its demo user, calls it, and stops it.
 * Exit code 0 only if every call succeeded.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const REPO = path.resolve(__dirname, '..');
const SAMPLES_DIST = path.join(REPO, 'dist-samples/ms-wms-service');

const CALLS = [
  ['BeginCacheRefresh', (c) => c.beginCacheRefresh()],
  ['OptIntoExchangeSync', (c) => c.optIntoExchangeSync()],
  ['BeginExchangeSync', (c) => c.beginExchangeSync()],
  ['GetExchangeSyncInfo', (c) => c.getExchangeSyncInfo()],
  ['OptOutOfExchangeSync', (c) => c.optOutOfExchangeSync()],
  ['BeginCreateTaskPropagation', (c) => c.beginCreateTaskPropagation({ taskId: 42 })],
  ['BeginUpdateTaskPropagation', (c) => c.beginUpdateTaskPropagation({ taskId: 42, lastModified: '2024-01-02T03:04:05Z' })],
  ['BeginDeleteTaskPropagation', (c) => c.beginDeleteTaskPropagation({ taskId: 43, mappedKey: null })],
  ['BeginRelocateTaskPropagation', (c) => c.beginRelocateTaskPropagation({ taskId: 44, mappedKey: 'Tasks/Archive' })],
];

function usage(message) {
  process.stderr.write(`${message}\nusage: npm run demo [-- --endpoint <url> [--soap 1.1|1.2] [--addressing] [--user U --password P] [--timeout ms]]\n`);
  process.exit(2);
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status;
}

/** Generates samples/ms-wms-service/generated and compiles the service when they are missing or out of date. */
function ensureBuilt() {
  if (!fs.existsSync(path.join(REPO, 'dist/cli/main.js'))) {
    process.stderr.write('demo: building wsdl2ts (npm run build)\n');
    if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('npm run build failed');
    return;
  }
  const stale =
    !fs.existsSync(path.join(SAMPLES_DIST, 'reference-service.js')) ||
    run(['bin/wsdl2ts.js', 'generate', 'samples/ms-wms.wsdl', '--out', 'samples/ms-wms-service/generated', '--check']) !== 0;
  if (stale) {
    process.stderr.write('demo: generating the MS-WMS code and compiling the reference service (npm run build:samples)\n');
    if (spawnSync('npm', ['run', 'build:samples', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('npm run build:samples failed');
  }
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        endpoint: { type: 'string' },
        soap: { type: 'string' },
        addressing: { type: 'boolean', default: false },
        user: { type: 'string' },
        password: { type: 'string' },
        timeout: { type: 'string' },
      },
    }).values;
  } catch (e) {
    usage(e.message);
  }
  if (args.soap && args.soap !== '1.1' && args.soap !== '1.2') usage(`--soap must be 1.1 or 1.2, not ${args.soap}`);
  if ((args.user === undefined) !== (args.password === undefined)) usage('--user and --password go together');
  ensureBuilt();
  const gen = require(path.join(SAMPLES_DIST, 'generated/index.js'));
  let service;
  let dataDir;
  let endpoint = args.endpoint;
  let auth = args.user !== undefined ? { basic: { user: args.user, password: args.password } } : undefined;
  if (!endpoint) {
    const { startReferenceService } = require(path.join(SAMPLES_DIST, 'reference-service.js'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-wms-demo-'));
    service = await startReferenceService({ dataDir, jobMs: 200 });
    endpoint = service.url;
    auth ??= { basic: { user: service.demoCredentials.user, password: service.demoCredentials.password } };
    process.stderr.write(`demo: reference service on ${endpoint}, user ${auth.basic.user}\n`);
  }
  const client = new gen.DefaultBinding_IWorkManagementServiceApplicationClient({
    endpoint,
    soapVersion: args.soap,
    addressing: args.addressing || undefined,
    auth,
    timeoutMs: args.timeout ? Number(args.timeout) : undefined,
  });
  let failures = 0;
  try {
    for (const [operation, call] of CALLS) {
      try {
        const result = await call(client);
        process.stdout.write(JSON.stringify(result === undefined ? { operation, ok: true } : { operation, ok: true, result }) + '\n');
      } catch (e) {
        failures++;
        process.stdout.write(JSON.stringify({ operation, ok: false, error: { class: e.name ?? 'Error', message: e.message } }) + '\n');
      }
    }
    if (service) {
      await service.service.drain();
      const tasks = await service.external.tasks(auth.basic.user);
      process.stderr.write(`demo: the external task server now holds ${JSON.stringify(tasks.map((t) => ({ taskId: t.taskId, location: t.location, lastModified: t.lastModified })))}\n`);
    }
  } finally {
    if (service) {
      await service.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  process.exitCode = failures ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
