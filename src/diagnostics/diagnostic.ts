import { CATALOGUE, DiagnosticCode, Severity } from './catalogue';

/** One problem found in the input. `file` is relative to the input's folder, so output stays deterministic. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** An XPath-like path to the offending node, e.g. `/wsdl:definitions/wsdl:binding[@name='B']`. */
  readonly path: string;
}

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

export const NO_LOCATION: Location = { file: '', line: 0, column: 0, path: '' };

/** Collects diagnostics in the order found; the severity comes from the catalogue, never from the call site. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(code: DiagnosticCode, message: string, at: Location): void {
    const d: Diagnostic = { code, severity: CATALOGUE[code].severity, message, ...at };
    const key = `${d.code}\u0000${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(d);
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}:${d.line}:${d.column}` : '<input>';
  return `${where} ${d.code} ${d.severity}: ${d.message}`;
}
