/**
 * What a diagnostic means for the generated code: the one table `generate --strict`, `generate --fail-on` and the
 * coverage report (`wsdl2ts report`) read, instead of each guessing from the code's number.
 *
 * - `degraded`: the construct is generated, but in a weaker form than the schema asks (a fallback type, a facet or
 *   pattern not enforced, raw XML instead of typed content). Code that uses it compiles and works, with less checking.
 * - `unsupported`: something the WSDL describes is missing from the generated code (an operation without a client
 *   method, a binding without a client) or will not interoperate (SOAP encoding modelled as literal).
 *
 * Codes absent from the table do not change how a construct is mapped: reading and usage errors stop or refuse
 * generation on their own, duplicates keep the first definition, and info codes (W2T506: identity constraints and
 * notations, which have no effect on the wire) are notes. An *error* absent from the table still marks the construct
 * it is attributed to as `error` in the report (see src/report/).
 *
 * Adding a code: put it in src/diagnostics/catalogue.ts, then here if it degrades or drops a construct, with the
 * fallback the generated code uses. test/unit/outcomes.test.ts fails when a warning or error of the 5xx range (and of
 * any range listed in `CLASSIFIED_RANGES`) is left out.
 */
import type { Diagnostic } from './diagnostic';
import { CATALOGUE, DiagnosticCode } from './catalogue';

export type Outcome = 'degraded' | 'unsupported';

export interface OutcomeEntry {
  readonly outcome: Outcome;
  /** What the generated code does instead, for the report. */
  readonly fallback: string;
}

export const OUTCOMES: Partial<Record<DiagnosticCode, OutcomeEntry>> = {
  W2T500: { outcome: 'unsupported', fallback: "document/encoded, or an encodingStyle that is not the binding's SOAP encoding: the message is not read or written (its operation gets no method, W2T754); its types are still generated" },
  W2T501: { outcome: 'degraded', fallback: 'the construct is skipped or read in its nearest supported form (anySimpleType, a sequence, simple content); the message says which' },
  W2T502: { outcome: 'unsupported', fallback: 'the self-reference is dropped, so the definition lacks the content that refers back to itself' },
  W2T503: { outcome: 'degraded', fallback: 'the invalid value (occurrence, facet, boolean) is ignored and its default used' },
  W2T504: { outcome: 'unsupported', fallback: 'the binding (HTTP GET/POST or another non-SOAP binding) gets no client and no server' },
  W2T505: { outcome: 'degraded', fallback: 'the message part is typed as raw XML (anyType)' },
  W2T510: { outcome: 'degraded', fallback: 'mixed content is kept as raw XML' },
  W2T511: { outcome: 'degraded', fallback: 'the pattern is not checked when encoding or decoding' },
  W2T512: { outcome: 'unsupported', fallback: 'the operation gets no client method and no server handler; types and serializers are still generated' },
  W2T513: { outcome: 'degraded', fallback: 'values are typed as QName; the enumeration is not checked' },
  W2T750: { outcome: 'degraded', fallback: 'the part is written as WS-I does not allow (type= in document style: an unqualified child named after the part; element= in rpc style: the element itself, as zeep does)' },
  W2T752: { outcome: 'unsupported', fallback: 'the binding gets an empty client class and handler interface' },
  W2T753: { outcome: 'unsupported', fallback: 'the notification or solicit-response operation gets no method (the service would initiate it)' },
  W2T754: { outcome: 'unsupported', fallback: 'the document/encoded operation (or one with a foreign encodingStyle) gets no client method and no server handler; its types are still generated' },
  W2T760: { outcome: 'degraded', fallback: 'the soapenc:Array items are read and written as anyType values (each typed by its own xsi:type)' },
  W2T761: { outcome: 'unsupported', fallback: 'the encoded soap:header part gets no typed header: the client does not write it and the server does not read it (its operation keeps its method)' },
  W2T762: { outcome: 'degraded', fallback: "the encoded header block of a type= part is put in the WSDL targetNamespace (no soap:header namespace)" },
};

/** Code ranges in which every warning or error must be classified here (checked by test/unit/outcomes.test.ts). */
export const CLASSIFIED_RANGES: readonly RegExp[] = [/^W2T5\d\d$/, /^W2T75[02-4]$/];

export function outcomeOf(code: string): OutcomeEntry | undefined {
  return Object.prototype.hasOwnProperty.call(OUTCOMES, code) ? OUTCOMES[code as DiagnosticCode] : undefined;
}

/**
 * `generate --fail-on <level>`: which diagnostics make the run exit 1 (files are written all the same).
 * - `unsupported`: a construct the generated code leaves out (or cannot interoperate with);
 * - `degraded`: that, or a construct generated in a weaker form;
 * - `warning`: any warning at all (and all of the above).
 * Errors always make `generate` exit 1, whatever the level.
 */
export const FAIL_ON_LEVELS = ['unsupported', 'degraded', 'warning'] as const;
export type FailOnLevel = (typeof FAIL_ON_LEVELS)[number];

export function isFailOnLevel(s: string): s is FailOnLevel {
  return (FAIL_ON_LEVELS as readonly string[]).includes(s);
}

/** The diagnostics that break `level` (an empty list means the run passes). */
export function failOnViolations<D extends { readonly code: string; readonly severity: Diagnostic['severity'] }>(diagnostics: readonly D[], level: FailOnLevel): D[] {
  return diagnostics.filter((d) => {
    const o = outcomeOf(d.code)?.outcome;
    if (level === 'unsupported') return o === 'unsupported';
    if (level === 'degraded') return o !== undefined;
    return o !== undefined || d.severity === 'warning' || d.severity === 'error';
  });
}

/** What `--strict` refuses: any error, and any degraded or unsupported construct. */
export function refusedByStrict(d: { readonly code: string; readonly severity: Diagnostic['severity'] }): boolean {
  return d.severity === 'error' || outcomeOf(d.code) !== undefined;
}

/** Keeps the table honest at load time: an entry for a code the catalogue does not have is a typo. */
for (const code of Object.keys(OUTCOMES)) if (!(code in CATALOGUE)) throw new Error(`outcomes.ts: ${code} is not in the catalogue`);
