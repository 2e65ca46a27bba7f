import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { didYouMeanSuffix } from '../util/did-you-mean';

/** Options of `generate` as keys of wsdl2ts.config.json: the flags' names, camel-cased. */
export interface GenerateConfig {
  input?: string;
  out?: string;
  schema?: string[];
  allowPath?: string[];
  allowRemote?: boolean;
  catalog?: string[];
  artifacts?: string[];
  server?: boolean;
  operations?: string[];
  long?: string;
  date?: string;
  check?: boolean;
  strict?: boolean;
  quiet?: boolean;
  allowEmptyClient?: boolean;
  failOn?: string;
  /** `.js`, `.ts` or `none`; default: `.js` when the nearest package.json of --out says "type": "module". */
  importExtension?: string;
}

type KeyRule = { readonly kind: 'path' | 'paths' | 'boolean' | 'strings' } | { readonly kind: 'enum' | 'enums'; readonly values: readonly string[] };

/** Kept here, not imported from src/generate, so `inspect` never loads the emitters (or prettier). */
export const ARTIFACT_NAMES: readonly string[] = ['types', 'serializers', 'client', 'server'];

const RULES: Readonly<Record<string, KeyRule>> = {
  input: { kind: 'path' },
  out: { kind: 'path' },
  /** The API's older spelling of `out`, accepted so `generate({ outDir })` options can be pasted. */
  outDir: { kind: 'path' },
  schemas: { kind: 'paths' },
  allowPaths: { kind: 'paths' },
  allowRemote: { kind: 'boolean' },
  catalogs: { kind: 'paths' },
  /** The flags' singular spellings of schemas, allowPaths and catalogs. */
  schema: { kind: 'paths' },
  allowPath: { kind: 'paths' },
  catalog: { kind: 'paths' },
  artifacts: { kind: 'enums', values: ARTIFACT_NAMES },
  server: { kind: 'boolean' },
  operations: { kind: 'strings' },
  long: { kind: 'enum', values: ['string', 'bigint'] },
  date: { kind: 'enum', values: ['string', 'Date'] },
  check: { kind: 'boolean' },
  strict: { kind: 'boolean' },
  quiet: { kind: 'boolean' },
  allowEmptyClient: { kind: 'boolean' },
  failOn: { kind: 'enum', values: ['unsupported', 'degraded', 'warning'] },
  importExtension: { kind: 'enum', values: ['.js', '.ts', 'none'] },
};

export const CONFIG_KEYS: readonly string[] = Object.keys(RULES);

export type ConfigResult = { readonly config: GenerateConfig; readonly dir: string; readonly file?: string } | { readonly error: string };

/**
 * Reads and validates a config file: every key known and of its type, enums among their values. Errors name the
 * file (as given, or relative to the current folder) and the key. Paths in the result are resolved against the
 * config file's folder. Without `file`, wsdl2ts.config.json in the current folder is read if it exists.
 */
export async function readConfig(file: string | undefined): Promise<ConfigResult> {
  const abs = path.resolve(file ?? 'wsdl2ts.config.json');
  const shown = file ?? 'wsdl2ts.config.json';
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch (e) {
    if (file === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT') return { config: {}, dir: process.cwd() };
    return { error: `config file ${shown} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { error: `config file ${shown} is not valid JSON: ${(e as Error).message}` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { error: `config file ${shown} must hold a JSON object` };
  const dir = path.dirname(abs);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const rule = Object.prototype.hasOwnProperty.call(RULES, key) ? RULES[key] : undefined;
    if (!rule) return { error: `config file ${shown}: unknown key "${key}"${didYouMeanSuffix(key, CONFIG_KEYS)} (known keys: ${CONFIG_KEYS.join(', ')})` };
    const bad = check(rule, value);
    if (bad) return { error: `config file ${shown}: "${key}" ${bad}` };
    config[key] = rule.kind === 'path' ? path.resolve(dir, value as string) : rule.kind === 'paths' ? (value as string[]).map((p) => path.resolve(dir, p)) : value;
  }
  // One spelling per option inside: the API's names are canonical, the flags' singular names their aliases.
  for (const [name, alias] of [['out', 'outDir'], ['schema', 'schemas'], ['allowPath', 'allowPaths'], ['catalog', 'catalogs']] as const) {
    if (config[alias] === undefined) continue;
    if (config[name] !== undefined) return { error: `config file ${shown}: give "${name}" or "${alias}" (the same option), not both` };
    config[name] = config[alias];
    delete config[alias];
  }
  return { config: config as GenerateConfig, dir, file: abs };
}

function check(rule: KeyRule, value: unknown): string | undefined {
  const shown = JSON.stringify(value);
  switch (rule.kind) {
    case 'path':
      return typeof value === 'string' && value !== '' ? undefined : `must be a non-empty string (a path relative to the config file), not ${shown}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, not ${shown}`;
    case 'paths':
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '') ? undefined : `must be an array of non-empty strings, not ${shown}`;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? undefined : `must be one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}, not ${shown}`;
    case 'enums': {
      if (!Array.isArray(value)) return `must be an array of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}, not ${shown}${typeof value === 'string' ? ` (write [${shown}])` : ''}`;
      const wrong = value.find((v) => typeof v !== 'string' || !rule.values.includes(v));
      return wrong === undefined ? undefined : `has ${JSON.stringify(wrong)}; choose from ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
    }
  }
}
