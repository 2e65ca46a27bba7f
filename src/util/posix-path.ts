/**
 * The few `path` functions the read → model → emit pipeline needs, written without Node built-ins so the same
 * pipeline runs in a browser (the playground). POSIX semantics, as node:path has on Linux and macOS: the pipeline's
 * paths are virtual in a browser and `/`-separated on the platforms wsdl2ts runs on.
 */
export const sep = '/';

/** The working folder when there is one (Node), else the root (a browser has none). */
function cwd(): string {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  return typeof proc?.cwd === 'function' ? proc.cwd() : '/';
}

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** Removes `.`, empty segments and resolvable `..`; an absolute path never climbs above the root. */
function normalizeSegments(segments: readonly string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(s);
  }
  return out;
}

export function normalize(p: string): string {
  if (p === '') return '.';
  const absolute = isAbsolute(p);
  const trailing = p.endsWith('/');
  const body = normalizeSegments(p.split('/'), absolute).join('/');
  if (absolute) return `/${body}${body && trailing ? '/' : ''}`;
  return (body || '.') + (trailing ? '/' : '');
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

/** Right to left until an absolute path is formed, then the working folder; normalised, no trailing `/`. */
export function resolve(...parts: string[]): string {
  let resolved = '';
  for (let i = parts.length - 1; i >= -1 && !isAbsolute(resolved); i--) {
    const p = i >= 0 ? parts[i]! : cwd();
    if (p === '') continue;
    resolved = resolved ? `${p}/${resolved}` : p;
  }
  return `/${normalizeSegments(resolved.split('/'), true).join('/')}`;
}

export function dirname(p: string): string {
  if (p === '') return '.';
  const hasRoot = p.startsWith('/');
  // The last `/` before the final segment (trailing slashes skipped), as node:path does.
  let end = -1;
  let inTrailingSlashes = true;
  for (let i = p.length - 1; i >= 1; i--) {
    if (p[i] === '/') {
      if (!inTrailingSlashes) {
        end = i;
        break;
      }
    } else inTrailingSlashes = false;
  }
  if (end === -1) return hasRoot ? '/' : '.';
  if (hasRoot && end === 1) return '//';
  return p.slice(0, end);
}

export function basename(p: string, ext?: string): string {
  const trimmed = p.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return ext && base !== ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

/** A `file:` URL's path (as node:url's fileURLToPath on POSIX); throws on other URLs, hosts or encoded `/`. */
export function fileUrlToPath(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'file:') throw new TypeError(`not a file: URL: ${url}`);
  if (u.hostname !== '' && u.hostname !== 'localhost') throw new TypeError(`file: URL with a host: ${url}`);
  if (/%2f/i.test(u.pathname)) throw new TypeError(`file: URL with an encoded /: ${url}`);
  return decodeURIComponent(u.pathname);
}
