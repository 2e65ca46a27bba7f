import * as rt from '@wsdl2ts/runtime';
import { DefaultBinding_IWorkManagementServiceApplicationClient as WmsClient } from '../golden/ms-wms/expected/client';
import type { Peer } from './peers';

/**
 * The nine MS-WMS operations against a peer that follows the documented call-counter script (see the README of
 * test/interop/spyne and test/interop/gsoap), every returned value asserted.
 */
export async function callAllNine(
  peer: Peer,
  options: Partial<rt.ClientOptions> = {},
  // The second GetExchangeSyncInfo answer differs by peer (gSOAP's nil mode writes every absent member as nil, so
  // its script sends IsOptedIn=false/NoValue there); each peer's README documents its table.
  syncInfo2: Record<string, unknown> = { IsOptedIn: true, LastEndTime: null, LastSyncResult: 'Success' },
): Promise<void> {
  const c = new WmsClient({ endpoint: peer.url, ...options });
  expect(await c.beginCacheRefresh()).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: true, CurrentJobId: 2, CurrentJobIdClient: 2 } });
  expect(await c.beginCacheRefresh()).toStrictEqual({ BeginCacheRefreshResult: { CreatedJob: false, CurrentJobId: null, CurrentJobIdClient: -1, EncounteredError: true } });
  expect(await c.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: { IsOptedIn: true, LastSyncResult: 'Success' } });
  expect(await c.getExchangeSyncInfo()).toStrictEqual({ GetExchangeSyncInfoResult: syncInfo2 });
  const third = await c.getExchangeSyncInfo();
  expect(third?.GetExchangeSyncInfoResult?.LastSyncResult).toBe('CouldNotGetUserCredentials');
  expect(Date.parse(third!.GetExchangeSyncInfoResult!.LastEndTime!)).toBe(Date.parse('2024-01-02T03:04:05Z'));
  expect(await c.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'Success' });
  expect(await c.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'UserAlreadyOptedIn' });
  expect(await c.optIntoExchangeSync()).toStrictEqual({ OptIntoExchangeSyncResult: 'MissingEmailAddress' });
  expect(await c.optOutOfExchangeSync()).toStrictEqual({ OptOutOfExchangeSyncResult: true });
  expect(await c.beginExchangeSync()).toStrictEqual({ BeginExchangeSyncResult: true });
  await expect(c.beginCreateTaskPropagation({ taskId: 42 })).resolves.toBeUndefined();
  await expect(c.beginUpdateTaskPropagation({ taskId: 42, lastModified: '2024-01-02T03:04:05Z' })).resolves.toBeUndefined();
  await expect(c.beginDeleteTaskPropagation({ taskId: 43, mappedKey: null })).resolves.toBeUndefined();
  await expect(c.beginRelocateTaskPropagation({ taskId: 44, mappedKey: 'Tasks/Archive' })).resolves.toBeUndefined();
  const fault = await c.beginCreateTaskPropagation({ taskId: 500 }).then(() => undefined, (e: unknown) => e);
  expect(fault).toBeInstanceOf(rt.SoapFaultError);
  expect((fault as rt.SoapFaultError).reason).toBe('task 500 refused');
  expect(['Server', 'Receiver']).toContain((fault as rt.SoapFaultError).code.local);
  // What the peer received, as it logged it.
  await new Promise((r) => setTimeout(r, 100));
  const log = peer.log();
  expect(log).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ op: 'BeginCreateTaskPropagation', taskId: 42 }),
      expect.objectContaining({ op: 'BeginDeleteTaskPropagation', taskId: 43, mappedKey: null }),
      expect.objectContaining({ op: 'BeginRelocateTaskPropagation', taskId: 44, mappedKey: 'Tasks/Archive' }),
    ]),
  );
  const update = log.find((l) => l.op === 'BeginUpdateTaskPropagation');
  expect(Date.parse(String(update?.lastModified))).toBe(Date.parse('2024-01-02T03:04:05Z'));
}
