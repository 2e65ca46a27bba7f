/**
 * The report's input step: the same call `generate` makes (generateWithDiagnostics: read → model → every emitter, in
 * memory), through a host that keeps the text of every document read, so the report shows what `generate` would
 * report, emit-time diagnostics included, with excerpts. Nothing is written: the CLI writes the rendered report.
 */
import * as path from 'node:path';
import { BUNDLED_DIR } from '../catalog/catalog';
import { nodeHost } from '../read/node-host';
import { generateWithDiagnostics, GenerateOptions } from '../generate/generate';
import type { ReadHost } from '../read/read-host';
import { buildReport, CoverageReport, ReportInput } from './build-report';

/** Wraps a host so every text it returns is kept, under the display name diagnostics use for that document. */
export function recordingHost(inner: ReadHost, input: string): { host: ReadHost; sources: Map<string, string> } {
  const root = path.dirname(path.resolve(input));
  const sources = new Map<string, string>();
  const label = (abs: string): string => {
    const bundled = path.relative(BUNDLED_DIR, abs);
    if (!bundled.startsWith('..') && !path.isAbsolute(bundled)) return `bundled:${bundled.split(path.sep).join('/')}`;
    return path.relative(root, abs).split(path.sep).join('/') || path.basename(abs);
  };
  const host: ReadHost = {
    readFile: async (p) => {
      const text = await inner.readFile(p);
      sources.set(label(p), text);
      return text;
    },
    realPath: (p) => inner.realPath(p),
    listDir: (p) => inner.listDir(p),
    ...(inner.fetchRemote
      ? {
          fetchRemote: async (url: string) => {
            const text = await inner.fetchRemote!(url);
            sources.set(url, text);
            return text;
          },
        }
      : {}),
  };
  return { host, sources };
}

/** Everything the report is built from, gathered by running the generator in memory (prettier skipped). */
export async function collectReportInput(options: GenerateOptions): Promise<ReportInput> {
  const { host, sources } = recordingHost(options.host ?? nodeHost, options.input);
  const result = await generateWithDiagnostics({ ...options, host, strict: false, format: false });
  return { input: path.basename(options.input), model: result.model, diagnostics: result.diagnostics, sources };
}

export async function coverageReport(options: GenerateOptions): Promise<CoverageReport> {
  return buildReport(await collectReportInput(options));
}
