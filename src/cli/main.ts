import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import { loadModel } from '../load-model';
import { formatInspect } from './format-inspect';
import { registerGenerate } from './generate-command';
import { checkInputExists } from './input-check';
import { registerExtract } from './extract-command';
import { registerVerify } from './verify-command';
import { registerReport } from './report-command';

export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** stderr is a terminal: long runs draw a progress line there. */
  readonly errIsTTY?: boolean;
  /** Ends `generate --watch` (the bin never aborts it: Ctrl-C ends the process). */
  readonly signal?: AbortSignal;
}

const stdio: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), errIsTTY: process.stderr.isTTY === true };

/** The package's version, from the package.json beside src/ and dist/. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Runs the CLI; resolves to the exit code (0 ok or warnings, 1 errors in the input, 2 usage errors). */
export async function main(argv: readonly string[], io: CliIo = stdio): Promise<number> {
  let exitCode = 0;
  const program = new Command('wsdl2ts')
    .description('Generate TypeScript types, XML serializers, clients and servers from WSDL 1.1')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (str, write) => write(`W2T900 ${str}`) });

  program
    .command('inspect')
    .description('read a WSDL (and every schema it uses) and print the intermediate model')
    .argument('<wsdl>', 'the WSDL (or XSD) file')
    .option('--schema <file>', 'an extra schema for namespace-only imports (repeatable)', collect, [])
    .option('--allow-path <dir>', 'let imports read from this folder too (repeatable)', collect, [])
    .option('--allow-remote', 'let imports fetch http(s) locations that no catalog entry covers', false)
    .option('--catalog <file>', 'a catalog JSON mapping namespaces/URLs to local files (repeatable)', collect, [])
    .option('--json', 'print the model as JSON', false)
    .action(async (wsdl: string, opts: { schema: string[]; allowPath: string[]; allowRemote: boolean; catalog: string[]; json: boolean }) => {
      const missing = await checkInputExists(wsdl, wsdl);
      if (missing) {
        io.err(formatDiagnostic(missing) + '\n');
        exitCode = 1;
        return;
      }
      let result;
      try {
        result = await loadModel({ input: wsdl, schemas: opts.schema, allowPaths: opts.allowPath, allowRemote: opts.allowRemote, catalogs: opts.catalog });
      } catch (e) {
        io.err(`W2T208 error: catalog: ${(e as Error).message}\n`);
        exitCode = 1;
        return;
      }
      for (const d of result.diagnostics) io.err(formatDiagnostic(d) + '\n');
      if (result.model) io.out(opts.json ? JSON.stringify(result.model, null, 2) + '\n' : formatInspect(result.model));
      exitCode = !result.model || result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
    });

  // One line per command module: registerX(program, io, setExit).
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerGenerate(program, io, setExit);
  registerExtract(program, io, setExit);
  registerVerify(program, io, setExit);
  registerReport(program, io, setExit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `wsdl2ts` alone: commander has printed the help (every command) to stderr; it is a usage error.
      if (e.code === 'commander.help' && e.exitCode === 0) return 0;
      if (e.code === 'commander.help') io.err('W2T900 error: no command given\n');
      return 2;
    }
    throw e;
  }
  return exitCode;
}
