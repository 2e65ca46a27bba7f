/**
 * Issue 9 point 7, on the real Exchange EWS WSDL of the corpus: 63 operations whose response type extends a base type
 * without adding content had server handlers typed `void` while the client typed them right.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generateWithDiagnostics } from '../../src/generate/generate';

describe('server handlers are typed exactly like the client methods', () => {
  const CORPUS = path.resolve(process.env.WSDL2TS_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus'));
  const EWS = path.join(CORPUS, 'famous/ews-office365-wsdltophp/services.wsdl');

  test('Exchange EWS (services.wsdl from the corpus): every handler returns what the client resolves to', async () => {
    await fs.access(EWS).catch(() => {
      throw new Error(`the shared corpus is missing: ${EWS} (set WSDL2TS_CORPUS, or put the corpus at ../shared/corpus beside the repository)`);
    });
    const r = await generateWithDiagnostics({ input: EWS, artifacts: ['types', 'serializers', 'client', 'server'] });
    const client = r.files.find((f) => f.path === 'client.ts')!.text;
    const server = r.files.find((f) => f.path === 'server.ts')!.text;
    const squash = (s: string) => s.replace(/\s+/g, ' ').replace(/: \| /g, ': ').replace(/, >/g, '>').replace(/< /g, '<').replace(/ >/g, '>');
    const clientResults = new Map([...squash(client).matchAll(/async (\w+)\((?:[^()]|\([^()]*\))*\): Promise<(.+?)> \{/g)].map((m) => [m[1]!, m[2]!]));
    const handlerResults = new Map([...squash(server).matchAll(/ (\w+)\( ?input: (?:[^()]|\([^()]*\))*?\): (.+?) \| Promise<\2>;/g)].map((m) => [m[1]!, m[2]!]));
    expect(clientResults.size).toBeGreaterThan(100);
    expect(handlerResults.size).toBe(clientResults.size);
    expect(Object.fromEntries(handlerResults)).toEqual(Object.fromEntries(clientResults));
    expect(handlerResults.get('resolveNames')).toBe('T.ResolveNamesResponseType');
  }, 120_000);
});
