import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';

const REPO = path.resolve(__dirname, '../..');

/**
 * node-soap's server, built from the same WSDL (plus an in-memory wsdl:service, which node-soap needs). It writes
 * the DataContract members in the wrapper's namespace instead of the DataContract namespace: a negative test, not a
 * reference. The generated client must refuse those responses and name the element, never default the values.
 */
async function nodeSoapServer() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const soap = require('soap') as typeof import('soap');
  let wsdl = readFileSync(path.join(REPO, 'samples/ms-wms.wsdl'), 'utf8');
  const k = wsdl.lastIndexOf('</wsdl:definitions>');
  wsdl = `${wsdl.slice(0, k)}<wsdl:service name="WorkManagementService"><wsdl:port name="P" binding="tns2:DefaultBinding_IWorkManagementServiceApplication"><soap:address location="http://127.0.0.1/WorkManagementService.svc"/></wsdl:port></wsdl:service>${wsdl.slice(k)}`;
  const ops = {
    BeginCacheRefresh: () => ({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } }),
    BeginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
    OptIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'Success' }),
    OptOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: true }),
    GetExchangeSyncInfo: () => ({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastSyncResult: 'Success' } }),
    BeginCreateTaskPropagation: () => ({}),
    BeginUpdateTaskPropagation: () => ({}),
    BeginDeleteTaskPropagation: () => ({}),
    BeginRelocateTaskPropagation: () => ({}),
  };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  soap.listen(server, '/WorkManagementService.svc', { WorkManagementService: { P: ops } }, wsdl);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/WorkManagementService.svc`;
  return { url, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('against a node-soap server (negative: wrong member namespace)', () => {
  test('results with DataContract members are refused with a validation error naming the element', async () => {
    const s = await nodeSoapServer();
    try {
      const c = new WmsClient({ endpoint: s.url });
      const refresh = await c.beginCacheRefresh().then(() => undefined, (e: unknown) => e);
      expect(refresh).toBeInstanceOf(rt.ResponseValidationError);
      expect((refresh as Error).message).toMatch(/unexpected element \{http:\/\/tempuri.org\/\}CreatedJob/);
      const info = await c.getExchangeSyncInfo().then(() => undefined, (e: unknown) => e);
      expect(info).toBeInstanceOf(rt.ResponseValidationError);
      expect((info as Error).message).toMatch(/IsOptedIn/);
      // Operations whose results are in the tempuri namespace anyway do interoperate.
      await expect(c.beginExchangeSync()).resolves.toStrictEqual({ BeginExchangeSyncResult: true });
      await expect(c.optIntoExchangeSync()).resolves.toStrictEqual({ OptIntoExchangeSyncResult: 'Success' });
      await expect(c.beginDeleteTaskPropagation({ taskId: 43, mappedKey: null })).resolves.toBeUndefined();
    } finally {
      await s.close();
    }
  });

  test('npm run demo reports each call as a JSON line and fails when a call fails', async () => {
    const s = await nodeSoapServer();
    try {
      const run = await new Promise<ReturnType<typeof spawnSync>>((resolve) => {
        // spawnSync would block the event loop that serves the requests; run the demo asynchronously.
        const { spawn } = require('node:child_process') as typeof import('node:child_process');
        const child = spawn(process.execPath, [path.join(REPO, 'samples/demo.js'), '--endpoint', s.url], { env: { ...process.env, NODE_OPTIONS: '' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr } as unknown as ReturnType<typeof spawnSync>));
      });
      const lines = String(run.stdout).trim().split('\n').map((l) => JSON.parse(l) as { operation: string; ok: boolean; error?: { class: string } });
      expect(lines.map((l) => l.operation)).toHaveLength(9);
      expect(lines.find((l) => l.operation === 'BeginCacheRefresh')).toMatchObject({ ok: false, error: { class: 'ResponseValidationError' } });
      expect(lines.find((l) => l.operation === 'BeginExchangeSync')).toMatchObject({ ok: true, result: { BeginExchangeSyncResult: true } });
      expect(run.status).toBe(1);
    } finally {
      await s.close();
    }
  }, 60_000);
});
