import { promises as fs } from 'node:fs';
import { CATALOGUE } from '../diagnostics/catalogue';
import type { Diagnostic } from '../diagnostics/diagnostic';

/**
 * A missing or unreadable input, reported with the path as the user wrote it (the loader only knows the resolved
 * path and names files relative to the input's folder, which for the input itself is just its base name).
 */
export async function checkInputExists(input: string, shown: string): Promise<Diagnostic | undefined> {
  const problem = (message: string): Diagnostic => ({ code: 'W2T200', severity: CATALOGUE.W2T200.severity, message, file: '', line: 0, column: 0, path: '' });
  try {
    if ((await fs.stat(input)).isDirectory()) return problem(`${shown} is a folder, not a WSDL or XSD file`);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return problem(code === 'ENOENT' ? `${shown} does not exist` : `${shown} cannot be read (${code ?? (e as Error).message})`);
  }
}
