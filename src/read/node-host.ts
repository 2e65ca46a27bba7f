import { promises as fs } from 'node:fs';
import type { ReadHost } from './read-host';

const REMOTE_TIMEOUT_MS = 30_000;
const REMOTE_MAX_BYTES = 64 * 1024 * 1024;

/** The real file system (and, when allowed, the network) behind the loader's ReadHost interface. */
export const nodeHost: ReadHost = {
  readFile: (p) => fs.readFile(p, 'utf8'),
  realPath: (p) => fs.realpath(p),
  listDir: async (p) => {
    try {
      return await fs.readdir(p);
    } catch {
      return [];
    }
  },
  fetchRemote: async (url) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > REMOTE_MAX_BYTES) throw new Error(`larger than ${REMOTE_MAX_BYTES} bytes`);
    const body = await res.text();
    if (Buffer.byteLength(body) > REMOTE_MAX_BYTES) throw new Error(`larger than ${REMOTE_MAX_BYTES} bytes`);
    return body;
  },
};
