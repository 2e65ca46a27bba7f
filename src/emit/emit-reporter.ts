import type { DiagnosticCode } from '../diagnostics/catalogue';
import type { SourceRef } from '../model/types';

/** How an emitter reports a construct it can only render in a degraded form (never silently). */
export type EmitReporter = (code: DiagnosticCode, message: string, at: SourceRef) => void;
