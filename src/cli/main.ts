import { Command, CommanderError } from 'commander';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import { loadModel } from '../load-model';
import { formatInspect } from './format-inspect';
import { registerGenerate } from './generate-command';
import { registerReport } from './report-command';

export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

const stdio: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Runs the CLI; resolves to the exit code (0 ok or warnings, 1 errors in the input, 2 usage errors). */
export async function main(argv: readonly string[], io: CliIo = stdio): Promise<number> {
  let exitCode = 0;
  const program = new Command('wsdl2ts')
    .description('Generate TypeScript types, XML serializers, clients and servers from WSDL 1.1')
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

  if (!argv.length) {
    io.err(`W2T900 error: no command given\n${program.helpInformation()}`);
    return 2;
  }
  registerGenerate(program, io, (code) => {
    exitCode = code;
  });
  registerReport(program, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    throw e;
  }
  return exitCode;
}
