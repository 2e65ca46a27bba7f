#!/usr/bin/env node
'use strict';
/**
 * npm run demo -- --endpoint <url> [--soap 1.1|1.2] [--addressing] [--user U --password P] [--timeout ms]
 *
 * Calls all nine MS-WMS operations with the client generated from samples/ms-wms.wsdl and prints one JSON line per
 * call: {"operation":"BeginCacheRefresh","ok":true,"result":{...}} or {"operation":...,"ok":false,"error":{"class":...,"message":...}}.
 * Exit code 0 only if every call succeeded.
 */
const path = require('node:path');
const { parseArgs } = require('node:util');
const { loadGenerated, REPO } = require('./lib/load-generated');

const CALLS = [
  ['BeginCacheRefresh', (c) => c.beginCacheRefresh()],
  ['BeginExchangeSync', (c) => c.beginExchangeSync()],
  ['OptIntoExchangeSync', (c) => c.optIntoExchangeSync()],
  ['OptOutOfExchangeSync', (c) => c.optOutOfExchangeSync()],
  ['GetExchangeSyncInfo', (c) => c.getExchangeSyncInfo()],
  ['BeginCreateTaskPropagation', (c) => c.beginCreateTaskPropagation({ taskId: 42 })],
  ['BeginUpdateTaskPropagation', (c) => c.beginUpdateTaskPropagation({ taskId: 42, lastModified: '2024-01-02T03:04:05Z' })],
  ['BeginDeleteTaskPropagation', (c) => c.beginDeleteTaskPropagation({ taskId: 43, mappedKey: null })],
  ['BeginRelocateTaskPropagation', (c) => c.beginRelocateTaskPropagation({ taskId: 44, mappedKey: 'Tasks/Archive' })],
];

function usage(message) {
  process.stderr.write(`${message}\nusage: npm run demo -- --endpoint <url> [--soap 1.1|1.2] [--addressing] [--user U --password P] [--timeout ms]\n`);
  process.exit(2);
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
  if (!args.endpoint) usage('--endpoint is required (the reference service that starts on its own comes with the server issue)');
  if (args.soap && args.soap !== '1.1' && args.soap !== '1.2') usage(`--soap must be 1.1 or 1.2, not ${args.soap}`);
  if ((args.user === undefined) !== (args.password === undefined)) usage('--user and --password go together');
  const gen = await loadGenerated(path.join(REPO, 'samples/ms-wms.wsdl'));
  const client = new gen.DefaultBinding_IWorkManagementServiceApplicationClient({
    endpoint: args.endpoint,
    soapVersion: args.soap,
    addressing: args.addressing || undefined,
    auth: args.user !== undefined ? { basic: { user: args.user, password: args.password } } : undefined,
    timeoutMs: args.timeout ? Number(args.timeout) : undefined,
  });
  let failures = 0;
  for (const [operation, call] of CALLS) {
    try {
      const result = await call(client);
      process.stdout.write(JSON.stringify(result === undefined ? { operation, ok: true } : { operation, ok: true, result }) + '\n');
    } catch (e) {
      failures++;
      process.stdout.write(JSON.stringify({ operation, ok: false, error: { class: e.name ?? 'Error', message: e.message } }) + '\n');
    }
  }
  process.exitCode = failures ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
