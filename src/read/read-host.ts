/**
 * The loader reads through this interface, so the pipeline itself never touches the disk or the network.
 * src/read/node-host.ts implements it for Node; tests implement it in memory.
 */
export interface ReadHost {
  /** Reads a local file as UTF-8. Rejects with `{ code: 'ENOENT' }` when it does not exist. */
  readFile(absPath: string): Promise<string>;
  /** The canonical path (symlinks resolved); used to keep reads inside the allowed folders. */
  realPath(absPath: string): Promise<string>;
  /** File names (not paths) in a folder; [] when it cannot be listed. */
  listDir(absPath: string): Promise<string[]>;
  /** Fetches a remote document; only called when remote reads are allowed. */
  fetchRemote?(url: string): Promise<string>;
}

export class NotFoundError extends Error {
  readonly code = 'ENOENT';
}
