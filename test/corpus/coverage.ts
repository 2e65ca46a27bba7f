/**
 * Coverage stage of the corpus run: `wsdl2ts report --json` on every WSDL the inspect stage ran (and `--out *.html`
 * for a few), written under test/corpus/report/coverage/<corpus path>.json|.html, then checked against the
 * diagnostics the other stages printed:
 *  - WSDLs of the generation stage: the report's count per code equals `generate`'s, exactly;
 *  - the others: every code `inspect` printed has the same count in the report; codes only in the report are
 *    emit-time ones (inspect never runs the emitters), listed in the summary;
 *  - within each report: the summary counts equal its diagnostics, and every diagnostic is listed exactly once
 *    (under a construct or under its document).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CoverageReport } from '../../src/report/build-report';
import { addCounts, crashReasonOf, pool, runNode, secs, topCounts } from './common';

export const REPORT_TIMEOUT_MS = 120_000;

export interface CoverageJob {
  readonly group: string;
  /** Corpus-relative, `/`-separated. */
  readonly file: string;
  /** Diagnostic counts per code from another stage, and whether they must match exactly (generate) or only for the codes given (inspect). */
  readonly expected?: { readonly codes: Record<string, number>; readonly from: 'generate' | 'inspect' };
  readonly html: boolean;
}

export interface CoverageResult {
  readonly group: string;
  readonly file: string;
  readonly class: 'reported' | 'no-report' | 'crash' | 'hang';
  readonly ms: number;
  readonly exitCode: number | null;
  readonly crashReason?: string;
  readonly json?: string;
  readonly html?: string;
  readonly codes: Record<string, number>;
  /** Codes in the report that the inspect run did not print (emit-time), with counts. */
  readonly emitOnly: Record<string, number>;
  readonly constructs?: CoverageReport['summary']['constructs'];
  readonly diagnostics?: CoverageReport['summary']['diagnostics'];
  readonly mismatches: string[];
}

export interface CoverageStage {
  readonly results: CoverageResult[];
  readonly ms: number;
}

export async function runCoverageStage(o: {
  repo: string;
  corpus: string;
  outDir: string;
  jobs: readonly CoverageJob[];
  concurrency: number;
  log: (s: string) => void;
}): Promise<CoverageStage> {
  const t0 = Date.now();
  const bin = path.join(o.repo, 'bin/wsdl2ts.js');
  fs.rmSync(o.outDir, { recursive: true, force: true });
  let done = 0;
  const results = await pool(o.jobs, o.concurrency, async (job): Promise<CoverageResult> => {
    const abs = path.join(o.corpus, job.file);
    const json = path.join(o.outDir, `${job.file}.json`);
    const r = await runNode([bin, 'report', abs, '--json', '--out', json], o.repo, REPORT_TIMEOUT_MS);
    let html: string | undefined;
    if (job.html && !r.timedOut) {
      html = path.join(o.outDir, `${job.file}.html`);
      await runNode([bin, 'report', abs, '--out', html], o.repo, REPORT_TIMEOUT_MS);
      if (!fs.existsSync(html)) html = undefined;
    }
    const res = check(job, r, json, html);
    done++;
    if (res.class !== 'reported' || res.mismatches.length || done % 50 === 0) {
      o.log(`[corpus] coverage ${done}/${o.jobs.length} ${res.class}${res.mismatches.length ? ' MISMATCH' : ''} ${job.file} (${res.ms} ms)\n`);
    }
    return res;
  });
  return { results, ms: Date.now() - t0 };
}

function check(job: CoverageJob, r: Awaited<ReturnType<typeof runNode>>, json: string, html: string | undefined): CoverageResult {
  const base = { group: job.group, file: job.file, ms: r.ms, exitCode: r.code, codes: {}, emitOnly: {}, mismatches: [] as string[] };
  if (r.timedOut) return { ...base, class: 'hang' };
  const crashReason = crashReasonOf(r);
  if (crashReason) return { ...base, class: 'crash', crashReason };
  let report: CoverageReport;
  try {
    report = JSON.parse(fs.readFileSync(json, 'utf8')) as CoverageReport;
  } catch (e) {
    return { ...base, class: 'no-report', crashReason: `no readable JSON report: ${(e as Error).message}; stderr: ${r.stderr.slice(0, 300)}` };
  }
  const mismatches: string[] = [];
  const codes: Record<string, number> = {};
  for (const d of report.diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
  // The report against itself.
  const summaryCodes = Object.fromEntries(report.summary.codes.map((c) => [c.code, c.count]));
  if (JSON.stringify(sorted(summaryCodes)) !== JSON.stringify(sorted(codes))) mismatches.push(`summary codes ${topCounts(summaryCodes, 20)} != diagnostics ${topCounts(codes, 20)}`);
  if (report.summary.diagnostics.total !== report.diagnostics.length) mismatches.push(`summary total ${report.summary.diagnostics.total} != ${report.diagnostics.length} diagnostics`);
  const listed = [...report.items.flatMap((i) => i.diagnostics), ...report.unattributed.flatMap((u) => u.diagnostics)].sort((a, b) => a - b);
  if (listed.length !== report.diagnostics.length || listed.some((v, i) => v !== i)) mismatches.push(`${listed.length} diagnostics listed for ${report.diagnostics.length} (each must appear exactly once)`);
  // The report against the other stage's run.
  const emitOnly: Record<string, number> = {};
  if (job.expected) {
    const want = job.expected.codes;
    for (const code of new Set([...Object.keys(want), ...Object.keys(codes)])) {
      const a = want[code] ?? 0;
      const b = codes[code] ?? 0;
      if (a === b) continue;
      if (job.expected.from === 'inspect' && a === 0) emitOnly[code] = b;
      else mismatches.push(`${code}: ${job.expected.from} printed ${a}, the report has ${b}`);
    }
  }
  return {
    ...base,
    class: 'reported',
    json,
    ...(html ? { html } : {}),
    codes,
    emitOnly,
    constructs: report.summary.constructs,
    diagnostics: report.summary.diagnostics,
    mismatches,
  };
}

const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

const STATUSES = ['full', 'degraded', 'unsupported', 'error'] as const;

export function coverageMarkdown(stage: CoverageStage, reportDir: string): string {
  const out: string[] = [];
  const ok = stage.results.filter((r) => r.class === 'reported');
  out.push('## Coverage reports (`wsdl2ts report`)', '');
  out.push(`${ok.length}/${stage.results.length} WSDLs reported in ${secs(stage.ms)}; JSON (and HTML for a few) under \`${path.relative(process.cwd(), path.join(reportDir, 'coverage'))}/\`.  `);
  const totals: Record<string, Record<string, number>> = {};
  const diag = { total: 0, unattributed: 0, degraded: 0, unsupported: 0 };
  const emitOnly: Record<string, number> = {};
  for (const r of ok) {
    for (const [kind, c] of Object.entries(r.constructs ?? {})) addCounts((totals[kind] ??= {}), c as Record<string, number>);
    diag.total += r.diagnostics?.total ?? 0;
    diag.unattributed += r.diagnostics?.unattributed ?? 0;
    diag.degraded += r.diagnostics?.degraded ?? 0;
    diag.unsupported += r.diagnostics?.unsupported ?? 0;
    addCounts(emitOnly, r.emitOnly);
  }
  out.push(
    `Diagnostics: ${diag.total} (${diag.degraded} degraded, ${diag.unsupported} unsupported); ${diag.unattributed} (${diag.total ? ((100 * diag.unattributed) / diag.total).toFixed(1) : '0'}%) not attributed to a construct (listed under their document).  `,
  );
  out.push(`Emit-time codes (in reports, not printed by inspect): ${topCounts(emitOnly, 8)}`, '');
  out.push(`| construct | ${STATUSES.join(' | ')} |`, `|---|${STATUSES.map(() => '---:').join('|')}|`);
  for (const kind of ['binding', 'operation', 'type', 'element', 'message']) {
    const c = totals[kind];
    if (c) out.push(`| ${kind} | ${STATUSES.map((s) => c[s] ?? 0).join(' | ')} |`);
  }
  out.push('');
  const worst = [...ok]
    .map((r) => ({ r, bad: (r.constructs?.operation?.degraded ?? 0) + (r.constructs?.operation?.unsupported ?? 0) }))
    .filter((x) => x.bad)
    .sort((a, b) => b.bad - a.bad || (a.r.file < b.r.file ? -1 : 1))
    .slice(0, 10);
  if (worst.length) {
    out.push('Most operations not mapped fully: ' + worst.map(({ r }) => `${r.file} (${r.constructs?.operation?.degraded ?? 0} degraded, ${r.constructs?.operation?.unsupported ?? 0} unsupported)`).join(', '), '');
  }
  const bad = stage.results.filter((r) => r.class !== 'reported' || r.mismatches.length);
  if (bad.length) {
    out.push(`### Reports missing or not matching the diagnostics (${bad.length})`, '');
    for (const r of bad) out.push(`- ${r.class}: \`${r.file}\`${r.crashReason ? ` — ${r.crashReason}` : ''}${r.mismatches.length ? ` — ${r.mismatches.slice(0, 4).join('; ')}` : ''}`);
    out.push('');
  }
  return out.join('\n');
}

export function coverageJson(stage: CoverageStage): unknown {
  return {
    ms: stage.ms,
    files: stage.results.map((r) => ({
      file: r.file,
      class: r.class,
      ms: r.ms,
      ...(r.json ? { json: path.basename(r.json) } : {}),
      ...(r.html ? { html: path.basename(r.html) } : {}),
      codes: r.codes,
      ...(Object.keys(r.emitOnly).length ? { emitOnly: r.emitOnly } : {}),
      ...(r.constructs ? { constructs: r.constructs } : {}),
      ...(r.crashReason ? { crashReason: r.crashReason } : {}),
      ...(r.mismatches.length ? { mismatches: r.mismatches } : {}),
    })),
  };
}
