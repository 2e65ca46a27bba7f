import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const UPDATE = process.env.WSDL2TS_GOLDEN_UPDATE === '1';

/**
 * Compares `actual` with the golden file byte for byte; with WSDL2TS_GOLDEN_UPDATE=1 (npm run golden:update)
 * it rewrites the file instead. A missing golden file is a failure, never a silent pass.
 */
export async function expectGolden(file: string, actual: string): Promise<void> {
  if (UPDATE) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`golden file ${path.relative(process.cwd(), file)} is missing: run npm run golden:update and review it`);
  }
  expect(actual).toBe(expected);
}
