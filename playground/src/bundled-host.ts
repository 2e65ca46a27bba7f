/**
 * Stands in for src/read/node-host.ts in the browser build (see build.js): there is no disk, only the bundled schema
 * catalog, embedded at build time and served at BUNDLED_DIR as the CLI reads it from dist/catalog/bundled.
 */
import { BUNDLED_FILES } from 'virtual:bundled-catalog';
import { BUNDLED_DIR } from '../../src/catalog/catalog';
import type { ReadHost } from '../../src/read/read-host';

const enoent = (p: string) => Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
const prefix = `${BUNDLED_DIR}/`;

function bundledText(p: string): string | undefined {
  return p.startsWith(prefix) && Object.prototype.hasOwnProperty.call(BUNDLED_FILES, p.slice(prefix.length)) ? BUNDLED_FILES[p.slice(prefix.length)] : undefined;
}

export const nodeHost: ReadHost = {
  readFile: async (p) => {
    const t = bundledText(p);
    if (t === undefined) throw enoent(p);
    return t;
  },
  realPath: async (p) => p,
  listDir: async (p) => (p === BUNDLED_DIR ? Object.keys(BUNDLED_FILES).sort() : []),
};

/** The user's files, in a virtual folder, with the bundled catalog behind them. */
export function memoryHost(dir: string, files: ReadonlyMap<string, string>): ReadHost {
  const at = (p: string) => (p.startsWith(`${dir}/`) ? p.slice(dir.length + 1) : undefined);
  return {
    readFile: async (p) => {
      const name = at(p);
      const t = name !== undefined ? files.get(name) : undefined;
      if (t !== undefined) return t;
      return nodeHost.readFile(p);
    },
    realPath: async (p) => p,
    listDir: async (d) => {
      if (d === dir) return [...files.keys()].filter((n) => !n.includes('/')).sort();
      const name = at(d);
      if (name !== undefined) return [...files.keys()].filter((n) => n.startsWith(`${name}/`) && !n.slice(name.length + 1).includes('/')).map((n) => n.slice(name.length + 1)).sort();
      return nodeHost.listDir(d);
    },
  };
}
