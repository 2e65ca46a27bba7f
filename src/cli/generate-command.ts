import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { BUNDLED_DIR } from '../catalog/catalog';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import type { Artifact, GenerateOptions, GenerateResult } from '../generate/generate';
import { nodeHost } from '../read/node-host';
import type { ReadHost } from '../read/read-host';
import { ARTIFACT_NAMES, GenerateConfig, readConfig } from './config-file';
import { checkInputExists } from './input-check';
import { FAIL_ON_LEVELS, FailOnLevel, failOnViolations, isFailOnLevel } from '../diagnostics/outcomes';
import type { CliIo } from './main';
import { plural, ProgressLine } from './progress-line';
import { waitForChange } from './watch';
import { detectImportExtension, parseImportExtension } from './import-extension';

export type { GenerateConfig } from './config-file';

/** Flags as commander hands them over (lists still comma-separated strings). */
type GenerateFlags = Omit<GenerateConfig, 'artifacts' | 'operations'> & { artifacts?: string; operations?: string; config?: string; watch?: boolean };

export function registerGenerate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('generate')
    .description('generate TypeScript types, XML serializers, clients and servers from a WSDL (or XSD)')
    .argument('[wsdl]', 'the WSDL (or XSD) file; or "input" in the config file')
    .option('-o, --out <dir>', 'output folder (files are never written outside it)')
    .option('--schema <file>', 'an extra schema for namespace-only imports (repeatable)', collect)
    .option('--allow-path <dir>', 'let imports read from this folder too (repeatable)', collect)
    .option('--allow-remote', 'let imports fetch http(s) locations no catalog entry covers')
    .option('--catalog <file>', 'a catalog JSON mapping namespaces/URLs to local files (repeatable)', collect)
    .option('--artifacts <list>', `comma-separated: ${ARTIFACT_NAMES.join(', ')} (default: all)`)
    .option('--server', 'generate the server skeleton (server.ts) with what it needs, whatever --artifacts says')
    .option('--no-server', 'leave the server skeleton out')
    .option('--operations <list>', 'comma-separated operation names: generate only these and the types they reach')
    .option('--long <repr>', 'xs:long, xs:integer and friends as "string" (default) or "bigint"')
    .option('--date <repr>', 'xs:dateTime and xs:date as "string" (default, lossless) or "Date"')
    .option('--import-extension <ext>', 'relative imports end with ".js" (ESM, nodenext), ".ts" or "none"; default: ".js" if the nearest package.json of --out has "type": "module"')
    .option('--check', 'generate in memory and fail if the files on disk differ; writes nothing')
    .option('--strict', 'fail on any degraded construct or error')
    .option('--watch', 'regenerate whenever the WSDL or any document it reads changes (Ctrl-C to stop)')
    .option('--quiet', 'no progress line and no summary (diagnostics are still printed)')
    .option('--allow-empty-client', 'accept a SOAP binding none of whose operations gets a method (else error W2T752)')
    .option('--fail-on <level>', 'exit 1 (files are still written) on "unsupported", "degraded" (or unsupported) or any "warning"')
    .option('--config <file>', 'config file (default: wsdl2ts.config.json in the current folder, if present)')
    .action(async (wsdl: string | undefined, flags: GenerateFlags) => {
      setExit(await runGenerate(wsdl, flags, io));
    });
}

interface Plan {
  readonly options: GenerateOptions;
  /** The input as the user gave it (flag or config value), for messages. */
  readonly inputShown: string;
  readonly out: string;
  readonly check: boolean;
  readonly quiet: boolean;
  readonly failOn?: FailOnLevel;
  /** The config file read, if any (watched too). */
  readonly configFile?: string;
}

/** Flags and config merged and validated; a string is a usage error. */
async function plan(wsdl: string | undefined, flags: GenerateFlags): Promise<Plan | string> {
  const loaded = await readConfig(flags.config);
  if ('error' in loaded) return loaded.error;
  const config = loaded.config;
  const input = wsdl ?? config.input;
  const out = flags.out ?? config.out;
  if (!input) return 'give the WSDL to read, or "input" in wsdl2ts.config.json';
  if (!out) return 'give --out <dir> (-o), or "out" in wsdl2ts.config.json';
  let artifacts = flags.artifacts !== undefined ? splitList(flags.artifacts) : config.artifacts;
  const badArtifact = artifacts?.find((a) => !ARTIFACT_NAMES.includes(a));
  if (badArtifact !== undefined) return `unknown artifact "${badArtifact}"; choose from ${ARTIFACT_NAMES.join(', ')}`;
  if (artifacts?.length === 0) return `--artifacts is empty; choose from ${ARTIFACT_NAMES.join(', ')}`;
  // --server brings what the skeleton imports (types, serializers and the client's operation specs).
  const server = flags.server ?? config.server;
  if (server === true) artifacts = [...new Set([...(artifacts ?? ARTIFACT_NAMES), 'types', 'serializers', 'client', 'server'])];
  else if (server === false) artifacts = (artifacts ?? ARTIFACT_NAMES).filter((a) => a !== 'server');
  const operations = flags.operations !== undefined ? splitList(flags.operations) : config.operations;
  if (operations?.length === 0) return '--operations is empty; name at least one operation';
  const long = flags.long ?? config.long;
  const date = flags.date ?? config.date;
  if (long !== undefined && long !== 'string' && long !== 'bigint') return `--long must be "string" or "bigint", not "${long}"`;
  if (date !== undefined && date !== 'string' && date !== 'Date') return `--date must be "string" or "Date", not "${date}"`;
  const check = flags.check ?? config.check ?? false;
  if (check && flags.watch) return '--check and --watch do not go together';
  const failOn = flags.failOn ?? config.failOn;
  if (failOn !== undefined && !isFailOnLevel(failOn)) return `--fail-on must be one of ${FAIL_ON_LEVELS.join(', ')}, not "${failOn}"`;
  const extRaw = flags.importExtension ?? config.importExtension;
  const importExtension = extRaw === undefined ? (await detectImportExtension(out)).extension : parseImportExtension(extRaw);
  if (importExtension === undefined) return `--import-extension must be ".js", ".ts" or "none", not "${extRaw}"`;
  // Flags are relative to the current folder; the config's paths were resolved against its folder when read.
  const options: GenerateOptions = {
    input,
    out,
    schemas: flags.schema ?? config.schema,
    allowPaths: flags.allowPath ?? config.allowPath,
    allowRemote: flags.allowRemote ?? config.allowRemote,
    catalogs: flags.catalog ?? config.catalog,
    artifacts: artifacts as Artifact[] | undefined,
    operations,
    long: long as GenerateOptions['long'],
    date: date as GenerateOptions['date'],
    strict: flags.strict ?? config.strict,
    allowEmptyClient: flags.allowEmptyClient ?? config.allowEmptyClient,
    importExtension,
  };
  const inputShown = wsdl ?? path.relative(process.cwd(), input);
  return { options, inputShown, out, check, quiet: flags.quiet ?? config.quiet ?? false, ...(failOn ? { failOn } : {}), configFile: loaded.file };
}

function splitList(list: string): string[] {
  return list
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

export async function runGenerate(wsdl: string | undefined, flags: GenerateFlags, io: CliIo): Promise<number> {
  if (!flags.watch) {
    const p = await plan(wsdl, flags);
    return typeof p === 'string' ? usage(io, p) : (await generateOnce(p, io)).code;
  }
  // Watch mode: every run re-reads the config and re-collects the documents read; a failed run keeps watching
  // (only a usage error before the first run ends it: there is nothing to watch yet).
  let watched: string[] = [];
  for (let first = true; ; first = false) {
    const startedAt = Date.now();
    const p = await plan(wsdl, flags);
    if (typeof p === 'string' && first) return usage(io, p);
    if (typeof p === 'string') {
      usage(io, p);
      watched = [...new Set([...watched, path.resolve(flags.config ?? 'wsdl2ts.config.json')])];
    } else {
      const run = await generateOnce(p, io);
      watched = [...new Set([path.resolve(p.options.input), ...run.read, ...(p.configFile ? [p.configFile] : [])])];
    }
    if (typeof p === 'string' || !p.quiet) io.err(`wsdl2ts: watching ${plural(watched.length, 'file')} for changes (Ctrl-C to stop)\n`);
    if (!(await waitForChange(watched, startedAt, io.signal))) return 0;
  }
}

/** One generation: read, generate, report, write. `read` lists every local file the loader read. */
async function generateOnce(p: Plan, io: CliIo): Promise<{ code: number; read: string[] }> {
  const started = performance.now();
  const read: string[] = [];
  const progress = new ProgressLine(io, !p.quiet && io.errIsTTY === true);
  const summary = (result: Pick<GenerateResult, 'diagnostics' | 'stats'>) => {
    progress.clear();
    if (p.quiet) return;
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.err(`wsdl2ts: ${plural(result.stats?.operations ?? 0, 'operation')}, ${plural(result.stats?.types ?? 0, 'type')}, ${plural(warnings, 'warning')}, ${plural(errors, 'error')} in ${seconds} s\n`);
  };
  const missing = await checkInputExists(p.options.input, p.inputShown);
  if (missing) {
    io.err(formatDiagnostic(missing) + '\n');
    summary({ diagnostics: [missing] });
    return { code: 1, read: [] };
  }
  const host = recordingHost(nodeHost, read);
  let result: GenerateResult;
  try {
    const { generateWithDiagnostics } = await import('../generate/generate');
    // A protocol document (.txt/.md): extracted in memory, its documents served to the loader (src/extract).
    const spec = await specOptions(p.options.input, p.options, io, host);
    if (spec === null) {
      progress.clear();
      return { code: 1, read };
    }
    result = await generateWithDiagnostics({ ...(spec ?? { ...p.options, host }), onProgress: progress.onProgress });
  } catch (e) {
    progress.clear();
    io.err(`W2T208 error: ${(e as Error).message}\n`);
    return { code: 1, read };
  }
  progress.clear();
  for (const d of result.diagnostics) io.err(formatDiagnostic(d) + '\n');
  if (result.diagnostics.some((d) => d.code === 'W2T901')) {
    summary(result);
    return { code: 2, read };
  }
  if (!result.files.length) {
    io.err(p.options.strict ? 'wsdl2ts: nothing written: --strict and the input has errors or degraded constructs\n' : 'wsdl2ts: nothing generated\n');
    summary(result);
    return { code: 1, read };
  }
  const failed = p.failOn ? failOnViolations(result.diagnostics, p.failOn).length : 0;
  if (failed) io.err(`wsdl2ts: --fail-on ${p.failOn}: ${failed} diagnostic(s) at or above that level; exit code 1\n`);
  const hasErrors = failed > 0 || result.diagnostics.some((d) => d.severity === 'error');
  const outDir = path.resolve(p.out);
  const targets = result.files.map((f) => ({ file: f, abs: path.resolve(outDir, f.path) }));
  for (const t of targets) {
    const rel = path.relative(outDir, t.abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to write ${t.file.path} outside ${p.out}`);
  }
  if (p.check) {
    const stale: string[] = [];
    for (const t of targets) {
      const current = await fs.readFile(t.abs, 'utf8').catch(() => undefined);
      if (current !== t.file.text) stale.push(path.relative(process.cwd(), t.abs) + (current === undefined ? ' (missing)' : ''));
    }
    summary(result);
    if (stale.length) {
      io.err(`wsdl2ts: generated files are out of date; run wsdl2ts generate again:\n${stale.map((s) => `  ${s}\n`).join('')}`);
      return { code: 1, read };
    }
    if (!p.quiet) io.out(`wsdl2ts: ${targets.length} generated files are up to date\n`);
    return { code: hasErrors ? 1 : 0, read };
  }
  progress.onProgress({ phase: 'write', files: targets.length });
  await fs.mkdir(outDir, { recursive: true });
  for (const t of targets) {
    await fs.mkdir(path.dirname(t.abs), { recursive: true });
    await fs.writeFile(t.abs, t.file.text);
  }
  summary(result);
  if (!p.quiet) io.out(`wsdl2ts: wrote ${targets.map((t) => path.relative(process.cwd(), t.abs)).join(', ')}\n`);
  return { code: hasErrors ? 1 : 0, read };
}

/** The real file system, noting every local file read (the bundled catalog excepted) for --watch. */
function recordingHost(host: ReadHost, read: string[]): ReadHost {
  return {
    ...host,
    readFile: async (p) => {
      if (!p.startsWith(BUNDLED_DIR + path.sep)) read.push(p);
      return host.readFile(p);
    },
  };
}

async function specOptions(input: string, options: GenerateOptions, io: CliIo, host: ReadHost): Promise<GenerateOptions | undefined | null> {
  const { isSpecInput, specInput } = await import('../extract/spec-input');
  if (!isSpecInput(input)) return undefined;
  const { printDiagnostics } = await import('./extract-command');
  const spec = specInput(input, await fs.readFile(input, 'utf8'), host);
  printDiagnostics(spec.extracted, io, false);
  if (!spec.input) return null;
  return { ...options, input: spec.input, host: spec.host };
}

function usage(io: CliIo, message: string): number {
  io.err(`W2T900 error: ${message}\n`);
  return 2;
}
