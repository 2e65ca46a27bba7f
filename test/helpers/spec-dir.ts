import { existsSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

/**
 * The shared protocol documents: `$WSDL2TS_SPECS`, else `../shared/spec` beside the repository (or beside the
 * folder of worktrees it is in). Throws, naming where it looked, when they are missing: a test never passes without them.
 */
export function specDir(): string {
  const candidates = process.env.WSDL2TS_SPECS ? [path.resolve(process.env.WSDL2TS_SPECS)] : [path.resolve(REPO, '../shared/spec'), path.resolve(REPO, '../../shared/spec')];
  const found = candidates.find((c) => existsSync(path.join(c, 'MS-WMS.txt')));
  if (!found) throw new Error(`the protocol documents are missing: looked for MS-WMS.txt in ${candidates.join(', ')} (set WSDL2TS_SPECS)`);
  return found;
}
