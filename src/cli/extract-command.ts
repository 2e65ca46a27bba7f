import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import { extractSpec, ExtractResult } from '../extract/extract-spec';
import type { CliIo } from './main';

/** `wsdl2ts extract <spec> --out <dir>`: the WSDL, schemas and examples of a protocol document, with a repair report. */
export function registerExtract(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('extract')
    .description('extract the WSDL, schemas and protocol examples of a protocol document (.txt or .md), repairing and reporting its defects')
    .argument('<spec>', 'the protocol document')
    .requiredOption('--out <dir>', 'output folder (files are never written outside it)')
    .option('--verbose', 'print informational repairs too (they are always in extract-report.txt)')
    .action(async (spec: string, flags: { out: string; verbose?: boolean }) => {
      setExit(await runExtract(spec, flags, io));
    });
}

async function runExtract(spec: string, flags: { out: string; verbose?: boolean }, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(spec, 'utf8');
  } catch (e) {
    io.err(`W2T105 error: cannot read ${spec}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  const result = extractSpec(path.basename(spec), text);
  printDiagnostics(result, io, flags.verbose === true);
  const outDir = path.resolve(flags.out);
  const files = [...result.documents.map((d) => ({ path: d.path, text: d.text })), ...result.examples.map((e) => ({ path: e.path, text: e.text })), { path: 'extract-report.txt', text: reportText(path.basename(spec), result) }];
  for (const f of files) {
    const abs = path.resolve(outDir, f.path);
    const rel = path.relative(outDir, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to write ${f.path} outside ${flags.out}`);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, f.text);
  }
  io.out(`wsdl2ts: extracted ${result.documents.length} documents (${result.documents.map((d) => d.path).join(', ') || 'none'}) and ${result.examples.length} examples into ${path.relative(process.cwd(), outDir) || '.'}${result.main ? `; generate from ${path.join(path.relative(process.cwd(), outDir), result.main)}` : ''}\n`);
  return result.documents.length ? 0 : 1;
}

export function printDiagnostics(result: Pick<ExtractResult, 'diagnostics'>, io: CliIo, verbose: boolean): void {
  let hidden = 0;
  for (const d of result.diagnostics) {
    if (d.severity === 'info' && !verbose) hidden++;
    else io.err(formatDiagnostic(d) + '\n');
  }
  if (hidden) io.err(`wsdl2ts: ${hidden} informational repairs not shown (--verbose, or see extract-report.txt)\n`);
}

/** Every repair and difference, one per line, in spec order: the record of how the documents differ from the text. */
function reportText(spec: string, r: ExtractResult): string {
  const lines = [`# wsdl2ts extract: ${spec}`, '', '## Documents', ...r.documents.map((d) => `${d.path}\t${d.kind}\t${d.targetNamespace}\tfrom ${d.source}${d.path === r.main ? '\t(main)' : ''}`), '', '## Examples', ...r.examples.map((e) => `${e.path}\tsection ${e.section}, line ${e.line}${e.body ? `\tbody {${e.body.ns}}${e.body.local}` : '\tno usable body'}`), '', '## Repairs and differences (spec line, code, what was wrong and what was done)'];
  const sorted = [...r.diagnostics].sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
  for (const d of sorted) lines.push(`${d.file}:${d.line} ${d.code} ${d.severity}: ${d.message}`);
  return lines.join('\n') + '\n';
}
