import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startReferenceService } from './reference-service';

const USAGE = 'usage: npm run serve:ms-wms -- [--port <p>] [--users <users.json>] [--data <dir>] [--job-ms <n>] [--propagation-ms <n>] [--tasks <dir>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) fail(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      options: { port: { type: 'string' }, users: { type: 'string' }, data: { type: 'string' }, 'job-ms': { type: 'string' }, 'propagation-ms': { type: 'string' }, tasks: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = path.resolve(values.data ?? '.ms-wms-data');
  const running = await startReferenceService({
    port: integer('port', values.port, 0, 0, 65535),
    usersFile: values.users,
    dataDir,
    jobMs: integer('job-ms', values['job-ms'], 3000, 0, 24 * 3600 * 1000),
    propagationDelayMs: integer('propagation-ms', values['propagation-ms'], 0, 0, 24 * 3600 * 1000),
    tasksDir: values.tasks,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`MS-WMS reference service listening on ${running.url} (data in ${dataDir})\n`);
  if (running.demoCredentials) {
    process.stdout.write(`no --users file: demo user "${running.demoCredentials.user}", password "${running.demoCredentials.password}" (HTTP Basic)\n`);
  }
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error && e.name === 'UsersFileError' ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
