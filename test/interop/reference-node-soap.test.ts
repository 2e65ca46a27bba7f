import type { Call, Reply } from './line-client';
import { runScenario, startHarness } from './reference-scenario';

/** node-soap (the `soap` devDependency) as a client of the reference service, with the WSDL served at ?wsdl. */
function nodeSoapCaller(url: string): Call {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const soap = require('soap') as typeof import('soap');
  const clients = new Map<string, Promise<import('soap').Client>>();
  const clientFor = (user: string, password: string) => {
    const key = `${user}\n${password}`;
    if (!clients.has(key)) {
      clients.set(
        key,
        // handleNilAsNull: an xsi:nil element becomes null (by default node-soap drops it from the result).
        soap.createClientAsync(`${url}?wsdl`, { handleNilAsNull: true }).then((c) => {
          c.setSecurity(new soap.BasicAuthSecurity(user, password));
          return c;
        }),
      );
    }
    return clients.get(key)!;
  };
  const plain = (v: unknown): unknown =>
    v instanceof Date ? v.toISOString() : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v === undefined ? null : v;
  return async (user, password, op, ...args): Promise<Reply> => {
    const input: Record<string, unknown> = {};
    if (args[0] !== undefined) input.taskId = Number(args[0]);
    // node-soap writes a JS Date as an empty element (see shared/reference/client-wire-samples.md), so the date is
    // given in its lexical form.
    if (op === 'BeginUpdateTaskPropagation') input.lastModified = args[1];
    else if (args[1] !== undefined) input.mappedKey = args[1] === '@nil' ? null : args[1];
    try {
      const c = await clientFor(user, password);
      const [res] = (await (c as unknown as Record<string, (a: unknown) => Promise<[Record<string, unknown> | null]>>)[`${op}Async`]!(input)) as [Record<string, unknown> | null];
      return { op, ok: true, result: res === null ? null : plain(res[`${op}Result`]) };
    } catch (e) {
      const err = e as { message?: string; response?: { status?: number }; body?: string };
      return { op, ok: false, status: err.response?.status ?? null, error: `${err.message ?? ''} ${String(err.body ?? '').slice(0, 500)}` };
    }
  };
}

test('node-soap calls all nine operations on the reference service; users are kept apart; 401 for bad credentials', async () => {
  const h = await startHarness();
  try {
    await runScenario(h, nodeSoapCaller(h.url));
  } finally {
    await h.close();
  }
});
