/** `verify`: extract a spec in memory, generate its serializers in memory, and run its examples through them. */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { specInput } from '../extract/spec-input';
import { generateWithDiagnostics } from '../generate/generate';
import type { ReadHost } from '../read/read-host';
import { loadGenerated } from './load-generated';
import { ExampleResult, verifyExamples } from './verify-examples';

export interface VerifyResult {
  readonly results: readonly ExampleResult[];
  /** Extraction, generation and verification diagnostics, in that order. */
  readonly diagnostics: readonly Diagnostic[];
  /** False when no code could be generated (then no example was checked). */
  readonly generated: boolean;
}

export async function verifySpec(specPath: string, text: string, fallback: ReadHost): Promise<VerifyResult> {
  const spec = specInput(specPath, text, fallback);
  const diagnostics: Diagnostic[] = [...spec.extracted.diagnostics];
  if (!spec.input) return { results: [], diagnostics, generated: false };
  const gen = await generateWithDiagnostics({ input: spec.input, host: spec.host, artifacts: ['serializers'] });
  diagnostics.push(...gen.diagnostics);
  if (!gen.files.length) return { results: [], diagnostics, generated: false };
  const codecs = loadGenerated(gen.files);
  const checked = verifyExamples(spec.extracted.diagnostics[0]?.file ?? specPath, spec.extracted.examples, codecs);
  diagnostics.push(...checked.diagnostics);
  return { results: checked.results, diagnostics, generated: true };
}
