import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { formatDiagnostic } from '../diagnostics/diagnostic';
import type { CliIo } from './main';
import { nodeHost } from '../read/node-host';

/** `wsdl2ts verify <spec>`: the spec's protocol examples decoded and re-encoded with code generated from the spec. */
export function registerVerify(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description("decode each protocol example of a spec with code generated from the spec's own WSDL and schemas, and re-encode it")
    .argument('<spec>', 'the protocol document (.txt or .md)')
    .option('--verbose', 'print every extraction and generation diagnostic')
    .action(async (spec: string, flags: { verbose?: boolean }) => {
      let text: string;
      try {
        text = await fs.readFile(spec, 'utf8');
      } catch (e) {
        io.err(`W2T105 error: cannot read ${spec}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        setExit(1);
        return;
      }
      const { verifySpec } = await import('../verify/verify-spec');
      const r = await verifySpec(spec, text, nodeHost);
      for (const d of r.diagnostics) if (flags.verbose || (d.severity !== 'info' && /^W2T7[2-4]\d$/.test(d.code)) || d.code === 'W2T714') io.err(formatDiagnostic(d) + '\n');
      if (!r.generated) {
        io.err('wsdl2ts: no code could be generated from this document (run with --verbose for the reasons)\n');
        setExit(1);
        return;
      }
      for (const x of r.results) io.out(`${x.status.padEnd(14)} ${x.path}${x.element ? ` ${x.element}` : ''}${x.reason ? `: ${x.reason}` : ''}\n`);
      const ok = r.results.filter((x) => x.status === 'ok').length;
      io.out(`wsdl2ts: ${ok} of ${r.results.length} examples decode and re-encode equivalently\n`);
      setExit(ok === r.results.length ? 0 : 1);
    });
}
