import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from '@wsdl2ts/runtime';

/** A user of the reference service, as the users file describes it (the User Profile Service of the spec, 3.1.3). */
export interface UserProfile {
  readonly name: string;
  readonly email?: string;
  readonly personalSite?: string;
}

interface UserEntry extends UserProfile {
  readonly passwordDigest: Buffer;
}

export type UserDirectory = ReadonlyMap<string, UserEntry>;

/** User names end up in database keys and file names, so they are restricted to a safe alphabet. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const FIELDS = new Set(['password', 'email', 'personalSite']);

export class UsersFileError extends Error {
  override readonly name = 'UsersFileError';
}

const digest = (password: string): Buffer => createHash('sha256').update(password, 'utf8').digest();

/**
 * Parses `{ "alice": { "password": "…", "email": "…", "personalSite": "…" } }`. Anything else is an error that names
 * the file and the position or the user, never a silently skipped entry.
 */
export function parseUsers(text: string, file: string): UserDirectory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? lineCol(text, Number(m[1])) : '1:1';
    throw new UsersFileError(`${file}:${at}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsersFileError(`${file}:1:1: expected an object of users`);
  const users = new Map<string, UserEntry>();
  for (const [name, value] of Object.entries(data)) {
    const where = `${file}: user ${JSON.stringify(name)}`;
    if (!NAME.test(name)) throw new UsersFileError(`${where}: a user name is 1-64 of A-Z a-z 0-9 . _ @ - and starts with a letter or digit`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsersFileError(`${where}: expected an object`);
    for (const key of Object.keys(value)) if (!FIELDS.has(key)) throw new UsersFileError(`${where}: unknown field ${JSON.stringify(key)} (expected password, email, personalSite)`);
    const v = value as Record<string, unknown>;
    if (typeof v.password !== 'string' || v.password === '') throw new UsersFileError(`${where}: password must be a non-empty string`);
    for (const key of ['email', 'personalSite'] as const) {
      if (v[key] !== undefined && (typeof v[key] !== 'string' || v[key] === '')) throw new UsersFileError(`${where}: ${key} must be a non-empty string when present`);
    }
    users.set(name, { name, passwordDigest: digest(v.password), email: v.email as string | undefined, personalSite: v.personalSite as string | undefined });
  }
  if (users.size === 0) throw new UsersFileError(`${file}:1:1: no users`);
  return users;
}

export function loadUsers(file: string): UserDirectory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsersFileError(`${file}: cannot read the users file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseUsers(text, file);
}

/** With no users file: one user "demo" with a random password, which the caller prints. */
export function demoUsers(): { users: UserDirectory; credentials: { user: string; password: string } } {
  const password = randomBytes(12).toString('base64url');
  const users = parseUsers(
    JSON.stringify({ demo: { password, email: 'demo@example.com', personalSite: 'http://localhost/personal/demo' } }),
    '(demo user)',
  );
  return { users, credentials: { user: 'demo', password } };
}

/** HTTP Basic against the directory; the comparison takes the same time whether the user exists or not. */
export function basicAuthenticator(users: UserDirectory): (req: IncomingMessage) => UserProfile | null {
  const nobody = digest(randomBytes(16).toString('hex'));
  return (req) => {
    const h = req.headers['authorization'];
    const value = Array.isArray(h) ? h[0] : h;
    if (!value || !/^basic /i.test(value)) return null;
    const decoded = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const entry = users.get(decoded.slice(0, colon));
    const ok = timingSafeEqual(digest(decoded.slice(colon + 1)), entry ? entry.passwordDigest : nobody);
    return ok && entry ? { name: entry.name, email: entry.email, personalSite: entry.personalSite } : null;
  };
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
