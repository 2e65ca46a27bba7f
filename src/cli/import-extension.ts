import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImportExtension } from '../emit/generated-file';

/** `--import-extension` / `importExtension` values: `.js`, `.ts`, or `none`. */
export function parseImportExtension(value: string): ImportExtension | undefined {
  if (value === '.js' || value === '.ts') return value;
  if (value === 'none') return '';
  return undefined;
}

/**
 * The import extension the consumer's package needs when none is given: `.js` when the package.json nearest to
 * the output folder (which may not exist yet) says `"type": "module"` (ESM, where Node and nodenext resolution
 * want full relative specifiers), none otherwise. A package.json that cannot be parsed counts as CommonJS, as Node
 * would refuse it anyway.
 */
export async function detectImportExtension(outDir: string): Promise<{ extension: ImportExtension; packageJson?: string }> {
  for (let dir = path.resolve(outDir); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      let type: unknown;
      try {
        type = (JSON.parse(text) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      return { extension: type === 'module' ? '.js' : '', packageJson: file };
    }
    if (path.dirname(dir) === dir) return { extension: '' };
  }
}
