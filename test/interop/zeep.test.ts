import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DefaultBinding_IWorkManagementServiceApplicationListener as wmsListener } from '../golden/ms-wms/expected/server';

const REPO = path.resolve(__dirname, '../..');
const AUTH = `Basic ${Buffer.from('alice:secret').toString('base64')}`;

/** zeep (strict mode, Debian's python3-zeep) calls the generated server skeleton for all nine operations. */
test('zeep calls all nine operations on the generated server (SOAP 1.1)', async () => {
  if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 is missing: apt-get install -y python3-zeep');
  const received: Record<string, unknown>[] = [];
  const srv = http.createServer(
    wmsListener<string>(
      {
        beginCacheRefresh: () => ({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } }),
        beginExchangeSync: () => ({ BeginExchangeSyncResult: true }),
        optIntoExchangeSync: () => ({ OptIntoExchangeSyncResult: 'UserAlreadyOptedIn' }),
        optOutOfExchangeSync: () => ({ OptOutOfExchangeSyncResult: true }),
        getExchangeSyncInfo: () => ({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastEndTime: '2024-01-02T03:04:05Z', LastSyncResult: 'CouldNotGetUserCredentials' } }),
        beginCreateTaskPropagation: (i) => void received.push({ op: 'create', ...i }),
        beginUpdateTaskPropagation: (i) => void received.push({ op: 'update', ...i }),
        beginDeleteTaskPropagation: (i) => void received.push({ op: 'delete', ...i }),
        beginRelocateTaskPropagation: (i) => void received.push({ op: 'relocate', ...i }),
      },
      { authenticate: (req) => (req.headers.authorization === AUTH ? 'alice' : null) },
    ),
  );
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/WorkManagementService.svc`;
  try {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('/usr/bin/python3', [path.join(REPO, 'test/interop/zeep/client.py'), path.join(REPO, 'samples/ms-wms.wsdl'), url, 'alice', 'secret']);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    if (/No module named 'zeep'/.test(out.stderr)) throw new Error('zeep is missing: apt-get install -y python3-zeep');
    const lines = out.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { operation: string; ok: boolean; result?: unknown; message?: string });
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    const by = Object.fromEntries(lines.map((l) => [l.operation, l.result]));
    expect(by.BeginCacheRefresh).toEqual({ CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2, EncounteredError: null });
    expect(by.OptIntoExchangeSync).toBe('UserAlreadyOptedIn');
    expect(by.GetExchangeSyncInfo).toEqual({ IsOptedIn: true, LastEndTime: '2024-01-02T03:04:05+00:00', LastSyncResult: 'CouldNotGetUserCredentials' });
    expect(received).toEqual([
      { op: 'create', taskId: 42 },
      { op: 'update', taskId: 42, lastModified: expect.stringMatching(/^2024-01-02T03:04:05/) },
      { op: 'delete', taskId: 43, mappedKey: null },
      { op: 'relocate', taskId: 44, mappedKey: 'Tasks/Archive' },
    ]);
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}, 60_000);
