import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import type { Artifact, GenerateOptions } from '../generate/generate';
import type { CliIo } from './main';
import { detectImportExtension, parseImportExtension } from './import-extension';

/** Options of `generate`, as flags and as keys of wsdl2ts.config.json (same names). */
export interface GenerateConfig {
  input?: string;
  out?: string;
  schema?: string[];
  allowPath?: string[];
  allowRemote?: boolean;
  catalog?: string[];
  artifacts?: string[];
  /** --server / --no-server (flags only). */
  server?: boolean;
  long?: string;
  date?: string;
  check?: boolean;
  strict?: boolean;
  /** `.js`, `.ts` or `none`; default: `.js` when the nearest package.json of --out says "type": "module". */
  importExtension?: string;
}

/** Kept here, not imported, so `inspect` never loads the emitters (ts-morph, prettier). */
const ARTIFACTS: readonly Artifact[] = ['types', 'serializers', 'client', 'server'];

const CONFIG_KEYS: ReadonlySet<string> = new Set(['input', 'out', 'schema', 'allowPath', 'allowRemote', 'catalog', 'artifacts', 'long', 'date', 'check', 'strict', 'importExtension']);

export function registerGenerate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('generate')
    .description('generate TypeScript types and XML serializers from a WSDL (or XSD)')
    .argument('[wsdl]', 'the WSDL (or XSD) file; or "input" in the config file')
    .option('--out <dir>', 'output folder (files are never written outside it)')
    .option('--schema <file>', 'an extra schema for namespace-only imports (repeatable)', collect)
    .option('--allow-path <dir>', 'let imports read from this folder too (repeatable)', collect)
    .option('--allow-remote', 'let imports fetch http(s) locations no catalog entry covers')
    .option('--catalog <file>', 'a catalog JSON mapping namespaces/URLs to local files (repeatable)', collect)
    .option('--artifacts <list>', `comma-separated: ${ARTIFACTS.join(', ')} (default: all)`)
    .option('--server', 'generate the server skeleton (server.ts) with what it needs, whatever --artifacts says')
    .option('--no-server', 'leave the server skeleton out')
    .option('--long <repr>', 'xs:long, xs:integer and friends as "string" (default) or "bigint"')
    .option('--date <repr>', 'xs:dateTime and xs:date as "string" (default, lossless) or "Date"')
    .option('--import-extension <ext>', 'relative imports end with ".js" (ESM, nodenext), ".ts" or "none"; default: ".js" if the nearest package.json of --out has "type": "module"')
    .option('--check', 'generate in memory and fail if the files on disk differ; writes nothing')
    .option('--strict', 'fail on any degraded construct or error')
    .option('--config <file>', 'config file (default: wsdl2ts.config.json in the current folder, if present)')
    .action(async (wsdl: string | undefined, flags: GenerateConfig & { config?: string }) => {
      setExit(await runGenerate(wsdl, flags, io));
    });
}

async function readConfig(file: string | undefined, io: CliIo): Promise<{ config: GenerateConfig; dir: string } | undefined> {
  const explicit = file !== undefined;
  const abs = path.resolve(file ?? 'wsdl2ts.config.json');
  let text: string;
  try {
    text = await fs.readFile(abs, 'utf8');
  } catch {
    if (explicit) {
      io.err(`W2T900 error: config file ${file} cannot be read\n`);
      return undefined;
    }
    return { config: {}, dir: process.cwd() };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.err(`W2T900 error: config file ${path.relative(process.cwd(), abs)} is not valid JSON: ${(e as Error).message}\n`);
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    io.err(`W2T900 error: config file ${path.relative(process.cwd(), abs)} must hold a JSON object\n`);
    return undefined;
  }
  const unknown = Object.keys(json).filter((k) => !CONFIG_KEYS.has(k));
  if (unknown.length) {
    io.err(`W2T900 error: config file ${path.relative(process.cwd(), abs)} has unknown keys: ${unknown.join(', ')}\n`);
    return undefined;
  }
  return { config: json as GenerateConfig, dir: path.dirname(abs) };
}

export async function runGenerate(wsdl: string | undefined, flags: GenerateConfig & { config?: string }, io: CliIo): Promise<number> {
  const loaded = await readConfig(flags.config, io);
  if (!loaded) return 2;
  const { config, dir } = loaded;
  // Paths in the config file are relative to the config file; flags are relative to the current folder.
  const fromConfig = (p: string | undefined) => (p === undefined ? undefined : path.resolve(dir, p));
  const input = wsdl ?? fromConfig(config.input);
  const out = flags.out ?? fromConfig(config.out);
  if (!input) return usage(io, 'give the WSDL to read, or "input" in wsdl2ts.config.json');
  if (!out) return usage(io, 'give --out <dir>, or "out" in wsdl2ts.config.json');
  const artifactsRaw: string | undefined = (flags.artifacts as unknown as string | undefined) ?? config.artifacts?.join(',');
  let artifacts = artifactsRaw?.split(',').map((a) => a.trim()).filter(Boolean);
  const badArtifact = artifacts?.find((a) => !(ARTIFACTS as readonly string[]).includes(a));
  if (badArtifact) return usage(io, `unknown artifact "${badArtifact}"; choose from ${ARTIFACTS.join(', ')}`);
  // --server brings what the skeleton imports (types, serializers and the client's operation specs).
  if (flags.server === true) artifacts = [...new Set([...(artifacts ?? ARTIFACTS), 'types', 'serializers', 'client', 'server'])];
  else if (flags.server === false) artifacts = (artifacts ?? [...ARTIFACTS]).filter((a) => a !== 'server');
  const long = flags.long ?? config.long;
  const date = flags.date ?? config.date;
  if (long !== undefined && long !== 'string' && long !== 'bigint') return usage(io, `--long must be "string" or "bigint", not "${long}"`);
  if (date !== undefined && date !== 'string' && date !== 'Date') return usage(io, `--date must be "string" or "Date", not "${date}"`);
  const extRaw = flags.importExtension ?? config.importExtension;
  const importExtension = extRaw === undefined ? (await detectImportExtension(out)).extension : parseImportExtension(extRaw);
  if (importExtension === undefined) return usage(io, `--import-extension must be ".js", ".ts" or "none", not "${extRaw}"`);
  const options: GenerateOptions = {
    input,
    outDir: out,
    schemas: flags.schema ?? config.schema?.map((s) => fromConfig(s)!),
    allowPaths: flags.allowPath ?? config.allowPath?.map((s) => fromConfig(s)!),
    allowRemote: flags.allowRemote ?? config.allowRemote,
    catalogs: flags.catalog ?? config.catalog?.map((s) => fromConfig(s)!),
    artifacts: artifacts as Artifact[] | undefined,
    long: long as GenerateOptions['long'],
    date: date as GenerateOptions['date'],
    strict: flags.strict ?? config.strict,
    importExtension,
  };
  let result;
  try {
    const { generateWithDiagnostics } = await import('../generate/generate');
    result = await generateWithDiagnostics(options);
  } catch (e) {
    io.err(`W2T208 error: ${(e as Error).message}\n`);
    return 1;
  }
  for (const d of result.diagnostics) io.err(formatDiagnostic(d) + '\n');
  if (!result.files.length) {
    io.err(options.strict ? 'wsdl2ts: nothing written: --strict and the input has errors or degraded constructs\n' : 'wsdl2ts: nothing generated\n');
    return 1;
  }
  const hasErrors = result.diagnostics.some((d) => d.severity === 'error');
  const outDir = path.resolve(out);
  const targets = result.files.map((f) => ({ file: f, abs: path.resolve(outDir, f.path) }));
  for (const t of targets) {
    const rel = path.relative(outDir, t.abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to write ${t.file.path} outside ${out}`);
  }
  if (flags.check ?? config.check) {
    const stale: string[] = [];
    for (const t of targets) {
      const current = await fs.readFile(t.abs, 'utf8').catch(() => undefined);
      if (current !== t.file.text) stale.push(path.relative(process.cwd(), t.abs) + (current === undefined ? ' (missing)' : ''));
    }
    if (stale.length) {
      io.err(`wsdl2ts: generated files are out of date; run wsdl2ts generate again:\n${stale.map((s) => `  ${s}\n`).join('')}`);
      return 1;
    }
    io.out(`wsdl2ts: ${targets.length} generated files are up to date\n`);
    return hasErrors ? 1 : 0;
  }
  await fs.mkdir(outDir, { recursive: true });
  for (const t of targets) {
    await fs.mkdir(path.dirname(t.abs), { recursive: true });
    await fs.writeFile(t.abs, t.file.text);
  }
  io.out(`wsdl2ts: wrote ${targets.map((t) => path.relative(process.cwd(), t.abs)).join(', ')}\n`);
  return hasErrors ? 1 : 0;
}

function usage(io: CliIo, message: string): number {
  io.err(`W2T900 error: ${message}\n`);
  return 2;
}
