import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { FAIL_ON_LEVELS, failOnViolations, isFailOnLevel } from '../diagnostics/outcomes';
import type { CliIo } from './main';

interface ReportFlags {
  out?: string;
  json?: boolean;
  schema?: string[];
  allowPath?: string[];
  allowRemote?: boolean;
  catalog?: string[];
  failOn?: string;
}

/** `wsdl2ts report`: the coverage report (HTML, or JSON with --json) of what `generate` makes of a WSDL. */
export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('report')
    .description('coverage report: per operation and type, mapped fully, degraded or unsupported, with the diagnostics')
    .argument('<wsdl>', 'the WSDL (or XSD) file')
    .option('--out <file>', 'write the report to this file (default: stdout)')
    .option('--json', 'JSON instead of HTML')
    .option('--schema <file>', 'an extra schema for namespace-only imports (repeatable)', collect)
    .option('--allow-path <dir>', 'let imports read from this folder too (repeatable)', collect)
    .option('--allow-remote', 'let imports fetch http(s) locations no catalog entry covers')
    .option('--catalog <file>', 'a catalog JSON mapping namespaces/URLs to local files (repeatable)', collect)
    .option('--fail-on <level>', `exit 1 (the report is still written) on ${FAIL_ON_LEVELS.map((l) => `"${l}"`).join(', ')}, as generate --fail-on`)
    .action(async (wsdl: string, flags: ReportFlags) => {
      setExit(await runReport(wsdl, flags, io));
    });
}

export async function runReport(wsdl: string, flags: ReportFlags, io: CliIo): Promise<number> {
  if (flags.failOn !== undefined && !isFailOnLevel(flags.failOn)) {
    io.err(`W2T900 error: --fail-on must be one of ${FAIL_ON_LEVELS.join(', ')}, not "${flags.failOn}"\n`);
    return 2;
  }
  // Loaded lazily, as generate does, so `inspect` never loads the emitters.
  const { coverageReport } = await import('../report/run-report');
  let report;
  try {
    report = await coverageReport({ input: wsdl, schemas: flags.schema, allowPaths: flags.allowPath, allowRemote: flags.allowRemote, catalogs: flags.catalog });
  } catch (e) {
    io.err(`W2T208 error: ${(e as Error).message}\n`);
    return 1;
  }
  const text = flags.json ? (await import('../report/render-json')).renderJson(report) : (await import('../report/render-html')).renderHtml(report);
  if (flags.out) {
    const abs = path.resolve(flags.out);
    try {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, text);
    } catch (e) {
      io.err(`W2T950 error: cannot write the report to ${flags.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 1;
    }
  } else io.out(text);
  const c = report.summary.constructs;
  const ops = c.operation ?? { full: 0, degraded: 0, unsupported: 0, error: 0 };
  const types = c.type ?? { full: 0, degraded: 0, unsupported: 0, error: 0 };
  const d = report.summary.diagnostics;
  io.err(
    `wsdl2ts: ${report.input}: operations ${ops.full} full, ${ops.degraded} degraded, ${ops.unsupported} unsupported, ${ops.error} error; ` +
      `types ${types.full} full, ${types.degraded} degraded, ${types.unsupported} unsupported, ${types.error} error; ` +
      `${d.total} diagnostics (${d.error} errors, ${d.warning} warnings, ${d.info} info)${flags.out ? `; wrote ${flags.out}` : ''}\n`,
  );
  const failed = flags.failOn && isFailOnLevel(flags.failOn) ? failOnViolations(report.diagnostics, flags.failOn).length : 0;
  if (failed) io.err(`wsdl2ts: --fail-on ${flags.failOn}: ${failed} diagnostic(s) at or above that level; exit code 1\n`);
  return failed || d.error || !report.modelBuilt ? 1 : 0;
}
