import * as path from 'node:path';
import { loadModel } from '../../src/index';
import type { ComplexTypeDef, ElementParticle, SimpleTypeDef } from '../../src/model/types';
import { expectGolden } from './golden-files';

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = path.join(REPO, 'samples/ms-wms.wsdl');
const DC = 'http://schemas.datacontract.org/2004/07/Microsoft.Office.Server.WorkManagement';

describe('MS-WMS model', () => {
  test('matches the golden model JSON byte for byte', async () => {
    const { model, diagnostics } = await loadModel({ input: SAMPLE });
    expect(diagnostics).toEqual([]);
    await expectGolden(path.join(__dirname, 'ms-wms/model.json'), JSON.stringify(model, null, 2) + '\n');
  });

  test('has the nine operations with the 18 action URIs of Appendix A', async () => {
    const { model } = await loadModel({ input: SAMPLE });
    const ops = ['BeginCacheRefresh', 'BeginExchangeSync', 'OptIntoExchangeSync', 'OptOutOfExchangeSync', 'GetExchangeSyncInfo', 'BeginCreateTaskPropagation', 'BeginUpdateTaskPropagation', 'BeginDeleteTaskPropagation', 'BeginRelocateTaskPropagation'];
    const binding = model!.wsdl.bindings[0]!;
    expect(model!.wsdl.bindings).toHaveLength(1);
    expect(model!.wsdl.services).toEqual([]);
    expect(binding).toMatchObject({ name: { ns: 'http://tempuri.org/', local: 'DefaultBinding_IWorkManagementServiceApplication' }, soapVersion: '1.1', style: 'document' });
    expect(binding.operations.map((o) => o.name)).toEqual(ops);
    const actions = binding.operations.flatMap((o) => [o.input!.action, o.output!.action]);
    expect(actions).toEqual(ops.flatMap((op) => [`http://tempuri.org/IWorkManagementServiceApplication/${op}`, `http://tempuri.org/IWorkManagementServiceApplication/${op}Response`]));
    expect(new Set(actions).size).toBe(18);
    for (const o of binding.operations) {
      expect(o.soapAction).toBe(o.input!.action);
      expect(o.input!.actionIsExplicit && o.output!.actionIsExplicit).toBe(true);
      expect(o.input!.wrapped && o.output!.wrapped).toBe(true);
    }
  });

  test('has the DataContract types and enumerations of Appendix B', async () => {
    const { model } = await loadModel({ input: SAMPLE });
    const byName = (local: string) => model!.types.find((t) => t.name?.ns === DC && t.name.local === local)!;
    const state = byName('ExchangeUserSyncState') as ComplexTypeDef;
    const lastEnd = (state.content as unknown as { particle: { particles: ElementParticle[] } }).particle.particles.find((p) => p.name.local === 'LastEndTime')!;
    expect(lastEnd).toMatchObject({ nillable: true, minOccurs: 0, type: '{http://www.w3.org/2001/XMLSchema}dateTime', name: { ns: DC } });
    expect(byName('CreateRefreshJobResult').kind).toBe('complex');
    expect((byName('ExchangeOptInResult') as SimpleTypeDef).enumeration).toHaveLength(13);
    const sync = byName('ExchangeSyncResult') as SimpleTypeDef;
    expect(sync.enumeration?.map((e) => e.value)).toEqual(['NoValue', 'Success', 'UnknownError', 'CouldNotConnectToExchange', 'CouldNotGetUserCredentials', 'CouldNotKickoffJob', 'SyncWithErrors']);
    expect(new Set(model!.schemas.map((s) => s.targetNamespace))).toEqual(new Set(['http://tempuri.org/Imports', DC, 'http://schemas.microsoft.com/2003/10/Serialization/', 'http://tempuri.org/']));
  });

  test('is deterministic and holds no absolute path', async () => {
    const a = JSON.stringify((await loadModel({ input: SAMPLE })).model);
    const b = JSON.stringify((await loadModel({ input: path.relative(process.cwd(), SAMPLE) })).model);
    expect(a).toBe(b);
    expect(a).not.toContain(REPO);
  });
});
